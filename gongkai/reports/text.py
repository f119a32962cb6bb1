"""Text normalisation shared by the report readers."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
# Brackets, digits, letters and punctuation in full width → half width, except the
# Chinese brackets and comma-like marks that labels keep.
_FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def halfwidth(text: str) -> str:
    """Full-width ASCII (０-９, （）, ：…) to half-width; other characters unchanged."""
    return text.translate(_FULL_TO_HALF).replace("\u3000", " ")


def fold(text: str) -> str:
    """A matching key for labels: NFKC (full → half width), no white space at all,
    Chinese and ASCII quotes unified. ``（三）1. 属于 国家 秘密`` → ``(三)1.属于国家秘密``."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    text = text.replace("，", ",").replace("、", ",")
    return _SPACE.sub("", text)


def squeeze(text: str) -> str:
    """``text`` without any white space (cheap; for keyword searches)."""
    return _SPACE.sub("", text)
