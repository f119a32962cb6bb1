"""Text normalisation and segmentation, shared by indexing and querying.

Pure functions with no Django imports, so that indexing worker processes import this
module cheaply. Documents and queries go through the same steps, which is what makes
them agree:

1. ``normalize``: NFKC (full-width → half-width, compatibility forms) and case folding;
   ``compact``: whitespace runs become one space, kept only between ASCII letters or
   digits (so ``低保\\n资金`` reads as ``低保资金``).
2. ``rjieba`` segmentation (search mode for documents, accurate mode for queries), then
   every token is cut into runs of letters and digits (``3.5`` → ``3``, ``5``) so that
   each index term is exactly one token of the SQLite FTS5 ``unicode61`` tokenizer and
   a plain lexeme for PostgreSQL.

Documents are also indexed with every CJK character bigram that search-mode
segmentation did not already produce, so that any two-character substring (``保资`` in
``低保资金``) can be found, dictionary word or not.
"""

from __future__ import annotations

import re
import unicodedata

import rjieba

# CJK unified ideographs: extension A, basic, compatibility, extensions B–F
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK_RUN = re.compile(f"[{_CJK}]+")
_BIGRAM = re.compile(f"(?=([{_CJK}]{{2}}))")
WORD = re.compile(r"[^\W_]+")  # letters and digits: what is kept of every token
_NOT_WORD = re.compile(r"[\W_]")
_SPACES = re.compile(r"\s+")
_ASCII_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
# the most frequent characters NFKC changes in Chinese text, replaced before the check
# that spares most documents the (slow) full normalisation
_COMMON_FORMS = (
    *(
        (chr(wide), chr(wide - 0xFEE0))
        for wide in range(0xFF01, 0xFF5F)
        if chr(wide) in "，：；（）！？％．／－＋＜＞＝～０１２３４５６７８９"
    ),
    ("\u3000", " "),
    ("\u2026", "..."),
)

FIELD_SEPARATOR = "\n"  # never left in compacted text, so phrases cannot span fields
MAX_FIELD_CHARS = 1_000_000  # longer attachment text is indexed up to this length


def is_cjk(char: str) -> bool:
    return CJK_RUN.fullmatch(char) is not None


def normalize(text: str) -> str:
    """NFKC and case folding: ``ＡＢＣ１２３，`` → ``abc123,``."""
    for wide, narrow in _COMMON_FORMS:
        if wide in text:
            text = text.replace(wide, narrow)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def _space(match: re.Match[str]) -> str:
    string, (start, end) = match.string, match.span()
    inside = start > 0 and end < len(string)
    if inside and string[start - 1] in _ASCII_WORD and string[end] in _ASCII_WORD:
        return " "
    return ""


def compact(normalized: str) -> str:
    """Whitespace normalisation of already normalised text: a run of whitespace becomes
    one space between ASCII letters or digits (``new  york`` → ``new york``) and
    disappears elsewhere (``低保\n资金`` → ``低保资金``)."""
    return _SPACES.sub(_space, normalized)


def clean(text: str) -> str:
    """``compact(normalize(text))``: the form in which phrases are compared."""
    if "\x00" in text:  # PostgreSQL cannot store it; it is nothing to search for
        text = text.replace("\x00", "")
    return compact(normalize(text))


def spaced(cleaned: str) -> str:
    """Punctuation and symbols as spaces, one for one (offsets are kept): what the
    segmenter reads, so that only letter/digit runs come out of it."""
    return _NOT_WORD.sub(" ", cleaned)


def field_terms(cleaned: str) -> tuple[list[str], list[str]]:
    """Index terms of one cleaned field: search-mode words in reading order, and the CJK
    bigrams that are not among them."""
    if not cleaned:
        return [], []
    terms = list(filter(str.strip, rjieba.cut_for_search(spaced(cleaned))))
    grams = set(_BIGRAM.findall(cleaned))
    grams.difference_update(terms)
    return terms, sorted(grams)


# --- filter values as index terms ---------------------------------------------------
# Filters are matched in the full-text index itself (FTS5 column "meta", PostgreSQL
# weight D), so that a filtered query is one index intersection. Codes may contain any
# character, so they are hex-encoded into letter/digit terms.


def _code(prefix: str, value: str) -> str:
    return prefix + value.encode().hex()


def agency_path_term(path: str) -> str:
    """The subtree filter: ``/00000001/00000004/`` (a trailing slash is implied)."""
    return _code("p", path if path.endswith("/") else path + "/")


def agency_path_terms(path: str) -> list[str]:
    """One term per ancestor prefix of ``path``, itself included."""
    parts = [p for p in path.split("/") if p]
    return [agency_path_term("/" + "/".join(parts[: i + 1]) + "/") for i in range(len(parts))]


def theme_term(theme: str) -> str:
    return _code("t", theme)


def theme_terms(theme: str) -> list[str]:
    """``05.02`` → terms for ``05`` and ``05.02``: a level-1 filter matches both."""
    parts = theme.split(".")
    return [theme_term(".".join(parts[: i + 1])) for i in range(len(parts)) if parts[i]]


def agency_term(agency_id: int) -> str:
    return f"a{agency_id}"


def column_term(column_id: int) -> str:
    return f"c{column_id}"


def year_term(year: int) -> str:
    return f"y{year}"


def genre_term(genre: str) -> str:
    return _code("g", genre)


def validity_term(validity: str) -> str:
    return _code("v", validity)
