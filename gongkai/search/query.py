"""Reading what the user typed: terms, phrases and the index terms each one needs.

Words separated by spaces are ANDed; text in double quotes (``"…"`` or ``“…”``) is a
phrase that must appear contiguously. Every term becomes a list of index terms that a
matching document is certain (or, for long words, very likely) to contain:

- accurate-mode rjieba words of the term, each cut to its letter/digit runs;
- a single CJK character left over by the segmenter is replaced by the bigram it forms
  with its neighbour in the term (``低保资`` → ``低保``, ``保资``), because every bigram
  of a document is indexed;
- CJK words longer than two characters that are not in the dictionary (the segmenter
  made them up, and may cut them differently elsewhere), and all such words of a
  phrase, are replaced by their bigrams, which every containing document has however
  it was segmented; a phrase is then checked against the stored text.

User text never reaches FTS5 or tsquery syntax except as quoted letter/digit terms.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import rjieba

from gongkai.search import text

# "…", “…” (an unclosed quote runs to the end); anything else up to whitespace
_PIECES = re.compile(r'"([^"]*)"?|“([^”]*)”?|([^\s"“]+)')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_TERMS = 12  # more is not a search but a paste; the rest is ignored
MAX_TERM_CHARS = 64


@dataclass(frozen=True)
class Term:
    text: str  # cleaned (normalised and compacted) as typed
    index_terms: tuple[str, ...]  # all must be present in the document
    phrase: bool  # must also appear contiguously in the stored text
    marks: tuple[str, ...]  # strings to highlight for this term


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def index_terms(self) -> list[str]:
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.update(dict.fromkeys(term.index_terms))
        return list(seen)

    @property
    def phrases(self) -> list[str]:
        return list(dict.fromkeys(t.text for t in self.terms if t.phrase))

    @property
    def marks(self) -> list[str]:
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.update(dict.fromkeys(term.marks))
        return sorted(seen, key=len, reverse=True)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _index_terms(cleaned: str, phrase: bool) -> list[str]:
    found: list[str] = []
    for word, start, _end in rjieba.tokenize(text.spaced(cleaned)):
        for match in text.WORD.finditer(word):
            part = match.group()
            at = start + match.start()
            if text.CJK_RUN.fullmatch(part) is None:
                found.append(part)  # letters, digits or a mixed word such as "b超"
            elif len(part) == 2:
                found.append(part)
            elif len(part) > 2:
                # a segmenter-made word may be cut differently in another context
                whole = not phrase and rjieba.has_word(part)
                found.extend([part] if whole else _bigrams(part))
            elif at > 0 and text.is_cjk(cleaned[at - 1]):
                found.append(cleaned[at - 1 : at + 1])
            elif at + 1 < len(cleaned) and text.is_cjk(cleaned[at + 1]):
                found.append(cleaned[at : at + 2])
            else:
                found.append(part)  # a lone character: only where it stands alone
    return list(dict.fromkeys(found))


def _term(raw: str, phrase: bool) -> Term | None:
    cleaned = text.clean(raw)[:MAX_TERM_CHARS].strip()
    index_terms = _index_terms(cleaned, phrase) if cleaned else []
    if not index_terms:
        return None
    if phrase:
        marks: tuple[str, ...] = (cleaned,)
    else:
        # the whole term where it appears as typed, else its longer parts
        singles = len(index_terms) == 1
        marks = (cleaned, *(t for t in index_terms if singles or len(t) > 1))
        marks = tuple(dict.fromkeys(marks))
    return Term(text=cleaned, index_terms=tuple(index_terms), phrase=phrase, marks=marks)


@functools.lru_cache(maxsize=1024)  # popular queries repeat; the result is immutable
def parse(query: str) -> ParsedQuery:
    # full-width quotes and spaces become ASCII before the split; Chinese quotes stay
    normalized = text.normalize(_CONTROL.sub(" ", query))
    terms: list[Term] = []
    for match in _PIECES.finditer(normalized):
        quoted_ascii, quoted_cjk, bare = match.groups()
        phrase = bare is None
        raw = bare if bare is not None else (quoted_ascii or quoted_cjk or "")
        term = _term(raw, phrase=phrase)
        if term is not None and term not in terms:
            terms.append(term)
        if len(terms) >= MAX_TERMS:
            break
    return ParsedQuery(terms=tuple(terms))


def display(query: str, limit: int = 30) -> str:
    """The query as shown back to the user in messages."""
    shown = " ".join(query.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
