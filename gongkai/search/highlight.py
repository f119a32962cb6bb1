"""Escaped, highlighted titles and snippets built from the stored original text.

The query's strings are normalised (half-width, case-folded, whitespace compacted);
the original text is not. Rather than normalising every hit's body, each string becomes
a regular expression that accepts the original forms: full- and half-width characters,
either case, and whitespace wherever compaction would have removed it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence

SNIPPET_CHARS = 120
_LEAD = 30  # characters of context shown before the first match
_ASCII_WORD = re.compile(r"[0-9a-z]")


def _char_pattern(char: str) -> str:
    code = ord(char)
    if 0x21 <= code <= 0x7E:  # its full-width form too: "a" → [aａ]
        return f"[{re.escape(char)}{chr(code + 0xFEE0)}]"
    return re.escape(char)


def _pattern(mark: str) -> str:
    parts: list[str] = []
    previous = ""
    for char in mark:
        if char == " ":
            parts.append(r"\s+")
        else:
            if previous and previous != " ":
                both_words = _ASCII_WORD.match(previous) and _ASCII_WORD.match(char)
                if not both_words:  # compaction dropped any whitespace here
                    parts.append(r"\s*")
            parts.append(_char_pattern(char))
        previous = char
    return "".join(parts)


@functools.lru_cache(maxsize=256)
def compile_marks(marks: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all strings, longest first, so that a whole term wins over its
    parts."""
    if not marks:
        return None
    ordered = sorted(marks, key=len, reverse=True)
    return re.compile("|".join(_pattern(m) for m in ordered), re.IGNORECASE)


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return html.escape(text, quote=False)
    return text


def mark(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` escaped, with ``<mark>`` around every match."""
    if not text.isprintable():  # newlines, tabs: one space, as HTML would show them
        text = " ".join(text.split())
    if pattern is None:
        return _escape(text)
    out: list[str] = []
    at = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        out.append(_escape(text[at:start]))
        out.append("<mark>")
        out.append(_escape(text[start:end]))
        out.append("</mark>")
        at = end
    out.append(_escape(text[at:]))
    return "".join(out)


def snippet(sources: Sequence[str], pattern: re.Pattern[str] | None) -> str:
    """About ``SNIPPET_CHARS`` characters around the first match in the first source
    that has one (body, then attachment text), or the start of the first non-empty
    source."""
    chosen, start = "", 0
    for source in sources:
        found = pattern.search(source) if pattern is not None else None
        if found is not None:
            chosen, start = source, max(0, found.start() - _LEAD)
            break
    else:
        chosen = next((s for s in sources if s.strip()), "")
    size = len(chosen)
    end = min(size, start + SNIPPET_CHARS)
    start = max(0, min(start, end - SNIPPET_CHARS))
    body = mark(chosen[start:end], pattern).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < size else "")
