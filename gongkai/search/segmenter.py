"""Chinese word segmentation with rjieba (jieba's dictionary and algorithm, in Rust).

Documents and queries go through the same search-mode segmentation (`cut_for_search`: each word,
plus the dictionary words inside long words), so 农业综合开发办公室 yields 农业, 综合, 开发, 办公,
公室, 办公室 and a search for 综合开发 or 办公室 finds it. Staff add local names (坊子区) to the
user dictionary (UserWord); every process reloads it within DICTIONARY_CHECK_SECONDS.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import rjieba
from django.conf import settings

from .text import fold, is_word


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


_CJK = re.compile(r"[\u3400-\u9fff]+")


class Segmenter:
    """One jieba instance with a fixed user dictionary; replaced whole, never changed in place."""

    def __init__(self, user_words: frozenset[str] = frozenset()):
        self._jieba = rjieba.Jieba()
        for word in sorted(user_words):
            self._jieba.add_word(fold(word), None, None)
        self.user_words = user_words

    def raw_tokens(self, text: str) -> list[str]:
        """Search-mode tokens of a text, punctuation and spaces included (backends drop them)."""
        return self._jieba.cut_for_search(fold(text)) if text else []

    def index_tokens(self, text: str) -> list[str]:
        """The tokens of a text as they go into the index, in order."""
        return [t for t in self.raw_tokens(text) if is_word(t)]

    def query_tokens(self, text: str) -> list[Token]:
        """The search-mode tokens of a (folded) query term, with their spans."""
        return [Token(w, s, e) for w, s, e in self._jieba.tokenize(fold(text), mode="search") if is_word(w)]

    def covering_tokens(self, text: str, *, drop_implied: bool = True) -> list[str]:
        """The tokens a document must contain to contain `text`.

        A long token is dropped when shorter tokens inside it cover it: a document that has
        人民共和国 inside 中华人民共和国 was indexed with 人民, 共和, 共和国 but not with 人民共和国.

        A short token inside a longer one that stays is dropped too (drop_implied): search mode
        indexes a word of three or more characters with the dictionary words inside it, and a
        token inside another in the query is such a word (发布 in 发布会), so a document with the
        longer token has the shorter one. The matches stay the same, and the index has one word
        fewer to intersect and rank (bench/search).
        """
        tokens = self.query_tokens(text)
        kept: list[Token] = []
        for tok in tokens:
            inner = [
                t
                for t in tokens
                if tok.start <= t.start and t.end <= tok.end and (t.end - t.start) < (tok.end - tok.start)
            ]
            covered = set()
            for t in inner:
                covered.update(range(t.start, t.end))
            if inner and covered >= set(range(tok.start, tok.end)):
                continue
            kept.append(tok)
        if drop_implied:
            implied = {
                t.text
                for t in kept
                if _CJK.fullmatch(t.text)
                and any(o.start <= t.start and t.end <= o.end and o.end - o.start > max(2, t.end - t.start) for o in kept)
            }
            kept = [t for t in kept if t.text not in implied]
        return list(dict.fromkeys(t.text for t in kept))

    def phrase_tokens(self, text: str) -> list[str]:
        """The token sequence a document has where it contains exactly `text`."""
        return self.index_tokens(text)


_lock = threading.Lock()
_current: Segmenter | None = None
_signature: tuple | None = None
_checked_at = 0.0


def _dictionary_signature() -> tuple:
    from django.db.models import Count, Max

    from .models import UserWord

    agg = UserWord.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (agg["n"], agg["last"], agg["top"])


def get_segmenter() -> Segmenter:
    """The process's segmenter, reloaded when staff have changed the user dictionary."""
    global _current, _signature, _checked_at
    now = time.monotonic()
    interval = getattr(settings, "SEARCH_DICTIONARY_CHECK_SECONDS", 30)
    if _current is not None and now - _checked_at < interval:
        return _current
    with _lock:
        if _current is not None and now - _checked_at < interval:
            return _current
        try:
            signature = _dictionary_signature()
        except Exception:  # table missing (before migrate): the plain dictionary still segments
            signature = None
        if _current is None or signature != _signature:
            _current = _load()
            _signature = signature
        _checked_at = now
        return _current


def reload_segmenter() -> Segmenter:
    """Load the user dictionary now (after staff changed it in this process)."""
    global _current, _signature, _checked_at
    with _lock:
        _current = _load()
        try:
            _signature = _dictionary_signature()
        except Exception:
            _signature = None
        _checked_at = time.monotonic()
        return _current


def _load() -> Segmenter:
    from .models import UserWord

    try:
        words = frozenset(UserWord.objects.values_list("word", flat=True))
    except Exception:
        words = frozenset()
    return Segmenter(words)
