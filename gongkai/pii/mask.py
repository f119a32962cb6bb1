"""The one mask policy of the platform (rules.md §6.7.2–3).

Every masked copy — list text, tables, regenerated attachments — uses the same policy,
so fragments published in different places cannot be put back together:

============  =========================================  ===========================
kind          keeps                                      example
============  =========================================  ===========================
id18          first 6 and last 4                          ``640502********1234``
id15          first 6 and last 3                          ``640502******123``
mobile        first 3 and last 4 (after any +86)          ``138****5678``
bank_card     last 4, grouping spaces kept                ``**** **** **** 1234``
landline      area code and last 2 (reported only)        ``0955-*****45``
address       down to community/village/road name         ``…南苑社区****``
============  =========================================  ===========================

Separators (spaces, hyphens, brackets, ``+86``) stay where they are; a number keeps
its length, an address loses its whole house-number part to four mask characters.

A region may be *stricter* through settings, never looser (each setting is "first,last"
digits kept and may not keep more digits than the default):
``GONGKAI_PII_ID_KEEP`` ("6,4", e.g. "2,3" as in 永安), ``GONGKAI_PII_ID15_KEEP``
("6,3"), ``GONGKAI_PII_MOBILE_KEEP`` ("3,4"), ``GONGKAI_PII_BANK_CARD_KEEP`` ("0,4"),
``GONGKAI_PII_MASK_CHAR`` ("*").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongkai.pii.scanner import Hit, PiiKind, address_tail_start, normalize, scan

ADDRESS_MASK_LENGTH = 4


@dataclass(frozen=True)
class MaskPolicy:
    id18_keep: tuple[int, int] = (6, 4)
    id15_keep: tuple[int, int] = (6, 3)
    mobile_keep: tuple[int, int] = (3, 4)
    bank_card_keep: tuple[int, int] = (0, 4)
    landline_keep_last: int = 2
    mask_char: str = "*"

    def mask(self, kind: PiiKind, value: str) -> str:
        """``value`` (as found by the scanner) masked for publication."""
        if kind is PiiKind.ADDRESS:
            cut = address_tail_start(value)
            return (value[:cut] if cut else "") + self.mask_char * ADDRESS_MASK_LENGTH
        positions = [i for i, ch in enumerate(value) if ch.isalnum()]
        if kind is PiiKind.ID18:
            first, last = self.id18_keep
        elif kind is PiiKind.ID15:
            first, last = self.id15_keep
        elif kind is PiiKind.MOBILE:
            positions = positions[-11:]  # the number after any +86 / 0086
            first, last = self.mobile_keep
        elif kind is PiiKind.BANK_CARD:
            first, last = self.bank_card_keep
        else:  # landline: keep the area code
            digits = "".join(normalize(value[i]) for i in positions)
            first = 3 if digits.startswith(("010", "02")) else 4
            last = self.landline_keep_last
        hidden = set(positions[first : len(positions) - last])
        return "".join(self.mask_char if i in hidden else ch for i, ch in enumerate(value))


def _keep(name: str, default: tuple[int, int]) -> tuple[int, int]:
    raw = getattr(settings, name, None)
    if raw is None:
        return default
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    try:
        first, last = (int(str(part).strip()) for part in parts)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected two whole numbers 'first,last' such as '6,4'"
        ) from None
    if first < 0 or last < 0 or first + last > sum(default):
        raise ImproperlyConfigured(
            f"{name}={raw!r}: may keep at most {sum(default)} characters in all "
            f"(the platform default is {default[0]},{default[1]})"
        )
    return first, last


def get_policy() -> MaskPolicy:
    """The platform's mask policy, from settings (read on every call)."""
    char = str(getattr(settings, "GONGKAI_PII_MASK_CHAR", "*"))
    if len(char) != 1 or char.isalnum() or char.isspace():
        raise ImproperlyConfigured(f"GONGKAI_PII_MASK_CHAR={char!r}: expected one symbol")
    return MaskPolicy(
        id18_keep=_keep("GONGKAI_PII_ID_KEEP", MaskPolicy.id18_keep),
        id15_keep=_keep("GONGKAI_PII_ID15_KEEP", MaskPolicy.id15_keep),
        mobile_keep=_keep("GONGKAI_PII_MOBILE_KEEP", MaskPolicy.mobile_keep),
        bank_card_keep=_keep("GONGKAI_PII_BANK_CARD_KEEP", MaskPolicy.bank_card_keep),
        mask_char=char,
    )


def mask_text(text: str, hits: Iterable[Hit] | None = None, *, landlines: bool = False) -> str:
    """``text`` with every blocking hit (and landlines if asked) replaced by its
    masked form. ``hits`` default to ``scan(text)``; overlapping hits are skipped."""
    if hits is None:
        hits = scan(text)
    selected = [h for h in hits if h.blocks_publication or landlines]
    limit = len(text)
    for hit in sorted(selected, key=lambda h: h.start, reverse=True):
        if hit.end > limit:
            continue
        text = text[: hit.start] + hit.masked + text[hit.end :]
        limit = hit.start
    return text
