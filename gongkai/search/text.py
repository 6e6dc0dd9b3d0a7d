"""Text folding and recognisers shared by indexing, querying and highlighting.

`fold` maps text one character to one character, so an offset found in folded text is the same
offset in the original: the highlighter searches folded text and marks the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Full-width ASCII forms to ASCII, the ideographic space to a space, ASCII capitals to lower case,
# and every bracket style used around the year of a document number (〔〕 [] () （） ［］ 【】) to 〔〕,
# so 坊政发[2015]22号 and 坊政发（2015）22号 index and search as 坊政发〔2015〕22号.
_FOLD: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD.update({cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
_FOLD.update({cp + 0xFEE0: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
for _open in "[(（［【〔":
    _FOLD[ord(_open)] = ord("〔")
for _close in "])）］】〕":
    _FOLD[ord(_close)] = ord("〕")

# 坊政发〔2015〕22号 after folding; spaces inside are tolerated (copied from PDFs).
DOC_NUMBER_RE = re.compile(r"[\u3400-\u9fff]{1,12}\s*〔\s*(?:19|20)\d{2}\s*〕\s*\d{1,5}\s*号?")
# 11370704MB0000001X/2026-00001 (credit code or organisation code / year - serial), after folding.
INDEX_NUMBER_RE = re.compile(r"[0-9a-z]{6,20}/\d{4}-\d{3,6}")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The form in which text is segmented and compared; same length as `text`."""
    return text.translate(_FOLD)


# What fold maps characters to. A folded term without any of these (Chinese words) is found in
# fold(text) exactly where it is found in text, so searching for it needs no folding of the text.
_FOLD_IMAGES = frozenset(map(chr, _FOLD.values()))


def needs_folding(terms: Iterable[str]) -> bool:
    """Whether finding these folded terms in a text needs the text folded (a term has a character
    that folding produces)."""
    return any(ch in _FOLD_IMAGES for term in terms for ch in term)


def folded_for(terms: Iterable[str]) -> Callable[[str], str]:
    """What prepares a text for finding these folded terms in it: fold, or nothing when not needed."""
    return fold if needs_folding(terms) else _same


def _same(text: str) -> str:
    return text


def squeeze_doc_number(text: str) -> str:
    """A folded document number without the spaces PDF extraction leaves inside it."""
    return _SPACES.sub("", text)


def is_word(token: str) -> bool:
    """Whether a segmenter token is worth indexing (not whitespace or punctuation alone)."""
    return token.isalnum() or any(ch.isalnum() for ch in token)
