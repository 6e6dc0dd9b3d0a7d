"""The query language of the search box, parsed into clauses every backend can compile.

    农业 综合开发          both words (every clause must match)
    "农业综合开发项目"      the exact run of words, in quotes (ASCII, “中文” or 「」 quotes)
    -通知                  without this word
    坊政发[2015]22号        a document number, in any bracket style, as an exact run
    11370704MB0000001X/2026-00001   an index number, matched exactly

A word that belongs to a synonym group matches any word of the group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .segmenter import Segmenter
from .text import DOC_NUMBER_RE, INDEX_NUMBER_RE, fold, squeeze_doc_number

MAX_QUERY_CHARS = 100

_QUOTED = re.compile(r'(-?)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?)')
_SEPARATORS = re.compile(r"[\s,，、;；。!！?？:：]+")


@dataclass(frozen=True)
class Clause:
    """Something a document must (or, excluded, must not) contain.

    `alternatives` are token lists; a document matches the clause if it matches any alternative:
    for words, all tokens of the alternative anywhere; for a phrase, the tokens in a row.
    """

    kind: str  # "words" or "phrase"
    text: str
    alternatives: tuple[tuple[str, ...], ...]
    # For words: the tokens of the text in a row. It does not change what matches; documents
    # where the words stand together (综合开发, not 综合治理与开发) rank higher.
    adjacent: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    must: tuple[Clause, ...] = ()
    must_not: tuple[Clause, ...] = ()
    index_numbers: tuple[str, ...] = ()
    synonyms_used: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """Nothing to search for (exclusions alone find nothing)."""
        return not self.must and not self.index_numbers

    @property
    def needs_text_match(self) -> bool:
        return bool(self.must)

    def highlight_terms(self) -> list[str]:
        """Folded strings to mark in titles and snippets, longest first."""
        terms: set[str] = set()
        for clause in self.must:
            if clause.kind == "phrase":
                terms.add(clause.text)
                continue
            terms.add(clause.text)
            for alt in clause.alternatives:
                terms.update(alt)
        terms.update(self.index_numbers)
        return sorted((t for t in terms if t), key=len, reverse=True)


def parse(
    raw: str,
    *,
    segmenter: Segmenter,
    synonyms: dict[str, tuple[str, ...]] | None = None,
    names: dict[str, str] | None = None,
) -> ParsedQuery:
    """Parse what a visitor typed; never fails (unbalanced quotes close at the end).

    `synonyms` maps a folded word to its group; `names` maps a folded agency name or short name
    to the one token under which the agency's items are indexed.
    """
    raw = (raw or "").strip()[:MAX_QUERY_CHARS]
    text = fold(raw)
    synonyms = synonyms or {}
    names = names or {}
    must: list[Clause] = []
    must_not: list[Clause] = []
    index_numbers: list[str] = []
    used: list[str] = []

    def add_phrase(phrase: str, negative: bool) -> None:
        tokens = tuple(segmenter.phrase_tokens(phrase))
        if tokens:
            (must_not if negative else must).append(Clause("phrase", phrase, (tokens,)))

    rest: list[str] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        rest.append(text[pos : m.start()])
        pos = m.end()
        phrase = next(g for g in m.groups()[1:] if g is not None).strip()
        if phrase:
            add_phrase(squeeze_doc_number(phrase) if DOC_NUMBER_RE.fullmatch(phrase) else phrase, bool(m.group(1)))
    rest.append(text[pos:])
    remainder = " ".join(rest)

    def take(pattern: re.Pattern[str], remainder: str, handle) -> str:
        out, pos = [], 0
        for m in pattern.finditer(remainder):
            negative = m.start() > 0 and remainder[m.start() - 1] == "-"
            out.append(remainder[pos : m.start() - (1 if negative else 0)])
            out.append(" ")
            handle(m.group(0), negative)
            pos = m.end()
        out.append(remainder[pos:])
        return "".join(out)

    remainder = take(DOC_NUMBER_RE, remainder, lambda s, neg: add_phrase(squeeze_doc_number(s), neg))
    remainder = take(INDEX_NUMBER_RE, remainder, lambda s, neg: None if neg else index_numbers.append(s.upper()))

    for piece in _SEPARATORS.split(remainder):
        negative = piece.startswith("-") and len(piece) > 1
        piece = piece.lstrip("-")
        if not piece:
            continue
        for clause, synonym_words in _word_clauses(piece, segmenter, synonyms, names):
            (must_not if negative else must).append(clause)
            if not negative:
                used.extend(w for w in synonym_words if w not in used)

    return ParsedQuery(raw, tuple(must), tuple(must_not), tuple(index_numbers), tuple(used))


def _word_clauses(piece: str, segmenter: Segmenter, synonyms: dict[str, tuple[str, ...]], names: dict[str, str]):
    """Clauses for one space-free piece: synonyms and agency names found in it, and the tokens of the rest."""
    spans: list[tuple[int, int, str]] = []
    special = {*synonyms, *names}
    if special:
        taken = [False] * len(piece)
        # A synonym counts only where the segmenter puts word boundaries: 农发办 is not a word of
        # 坊子农发办 once staff have made 坊子农发办 one word.
        tokens = segmenter.query_tokens(piece)
        starts = {0, *(t.start for t in tokens)}
        ends = {len(piece), *(t.end for t in tokens)}
        for word in sorted(special, key=len, reverse=True):
            start = piece.find(word)
            while start >= 0:
                if start in starts and start + len(word) in ends and not any(taken[start : start + len(word)]):
                    spans.append((start, start + len(word), word))
                    for i in range(start, start + len(word)):
                        taken[i] = True
                start = piece.find(word, start + 1)
    spans.sort()
    pos = 0
    for start, end, word in [*spans, (len(piece), len(piece), "")]:
        gap = piece[pos:start]
        if gap:
            tokens = tuple(segmenter.covering_tokens(gap))
            if tokens:
                yield Clause("words", gap, (tokens,), _adjacent(gap, segmenter)), ()
        if word:
            group = synonyms.get(word, (word,))
            alternatives = []
            for alt in (word, *[w for w in group if w != word]):
                tokens = tuple(segmenter.covering_tokens(alt))
                if tokens and tokens not in alternatives:
                    alternatives.append(tokens)
                if alt in names and (names[alt],) not in alternatives:
                    alternatives.append((names[alt],))
            if alternatives:
                yield (
                    Clause("words", word, tuple(alternatives), _adjacent(word, segmenter)),
                    tuple(w for w in group if w != word),
                )
        pos = end


def _adjacent(text: str, segmenter: Segmenter) -> tuple[str, ...]:
    tokens = tuple(segmenter.phrase_tokens(text))
    return tokens if len(tokens) > 1 else ()
