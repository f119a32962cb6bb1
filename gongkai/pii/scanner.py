"""Finding personal information in text before it is published (rules.md §6.7).

Six kinds are found; all but landlines block publication until masked or justified
(惩戒公示 / 强制披露 with a legal basis):

- ``id18``: 18-character resident ID (GB 11643-1999): a valid province, a real birth
  date from 1900 to today, and the check character (``X`` for 10). An 18-digit number
  with a wrong check character is not an ID (it may still be a bank card).
- ``id15``: the old 15-digit ID: province, ``YYMMDD`` birth date (19YY), sequence.
- ``mobile``: ``1[3-9]`` and nine digits, also written ``138 1234 5678``,
  ``138-1234-5678``, ``+86 13812345678``, ``(+86)138…``.
- ``landline``: ``0955-7012345``, ``(0955)7012345``, ``0955 7012345``, ``09557012345``
  (area code ``010``/``02x`` or four digits ``0[3-9]xx``, then 7–8 digits). Agencies
  publish their office numbers on purpose, so landlines are reported, never blocking.
- ``bank_card``: 16–19 digits, or groups of four, passing the Luhn check; not an ID
  and not an all-digit unified social credit code (统一社会信用代码).
- ``address``: a detailed address down to a house or room number: a road, village,
  community or residential compound name followed by numbers with units (``25号``,
  ``三组25号``, ``8号楼2单元301室``, ``8栋2单元301``, ``3-2-301``). Without a house-level number
  (``号``, ``室``) it is not a hit: ``文昌镇``, ``新北村三组``, ``南苑社区8号楼`` and
  document numbers (``卫政发〔2018〕12号``, ``第3号``) are not addresses.

Numbers never match inside a longer run of digits or letters, or across a decimal
point. Full-width digits and letters, the ideographic space and dash variants are
normalised before matching; positions always refer to the original text.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils import timezone

from gongkai.lib.codes import credit_check_char

if TYPE_CHECKING:
    from gongkai.pii.mask import MaskPolicy


class PiiKind(StrEnum):
    ID18 = "id18"
    ID15 = "id15"
    MOBILE = "mobile"
    LANDLINE = "landline"
    BANK_CARD = "bank_card"
    ADDRESS = "address"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def blocks_publication(self) -> bool:
        """Whether a hit of this kind stops publication until masked or justified."""
        return self is not PiiKind.LANDLINE


_LABELS = {
    PiiKind.ID18: "身份证号",
    PiiKind.ID15: "身份证号（15位）",
    PiiKind.MOBILE: "手机号码",
    PiiKind.LANDLINE: "固定电话",
    PiiKind.BANK_CARD: "银行卡号",
    PiiKind.ADDRESS: "详细住址",
}


@dataclass(frozen=True)
class Hit:
    kind: PiiKind
    start: int  # offsets into the scanned text, ``text[start:end] == value``
    end: int
    value: str
    masked: str  # ``value`` masked by the platform policy

    @property
    def blocks_publication(self) -> bool:
        return self.kind.blocks_publication


# --- normalisation -----------------------------------------------------------------

_TRANSLATION = (
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # full-width ASCII
    | {0x3000: 0x20, 0x00A0: 0x20}  # ideographic and no-break space
    | dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63), 0x2D)
)


def normalize(text: str) -> str:
    """Half-width digits, letters and separators; one character for one, so offsets
    into the result are offsets into ``text``."""
    return text.translate(_TRANSLATION)


# --- numbers -----------------------------------------------------------------------

_B = r"(?<![0-9A-Za-z])(?<![0-9]\.)"  # not inside a longer number or word
_E = r"(?![0-9A-Za-z])(?!\.[0-9])"
_ID18_RE = re.compile(
    rf"{_B}(?:[0-9]{{17}}|[0-9]{{6}}(?P<s>[ -])[0-9]{{8}}(?P=s)[0-9]{{3}})[0-9Xx]{_E}"
)
_ID15_RE = re.compile(rf"{_B}[0-9]{{15}}{_E}")
_CARD_RE = re.compile(
    rf"{_B}(?:[0-9]{{16,19}}"
    rf"|(?<![0-9][ -])[0-9]{{4}}(?P<s>[ -])[0-9]{{4}}(?:(?P=s)[0-9]{{4}}){{2}}"
    rf"(?:(?P=s)[0-9]{{1,3}})?(?![ -]?[0-9])){_E}"
)
_MOBILE_RE = re.compile(
    rf"{_B}(?:(?:\+|00)?86[ -]?|\(\+?86\)[ -]?)?"
    rf"1[3-9][0-9](?P<s>[ -]?)[0-9]{{4}}(?P=s)[0-9]{{4}}{_E}"
)
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE_RE = re.compile(rf"{_B}(?:\({_AREA}\)|{_AREA})[ -]?[2-9][0-9]{{6,7}}{_E}")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
PROVINCES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82", "83",
    }
)  # fmt: skip


def id_check_char(first17: str) -> str:
    total = sum(int(ch) * weight for ch, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def _birth_date(year: int, month: int, day: int, today: datetime.date) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= today


def is_id18(number: str, today: datetime.date | None = None) -> bool:
    """An 18-character resident ID (separators ignored): province, birth date, check
    character. Foreigners' permanent-residence IDs (first digit 9) count too."""
    digits = re.sub(r"[ -]", "", normalize(number)).upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", digits):
        return False
    if digits[:2] not in PROVINCES and digits[0] != "9":
        return False
    today = today or timezone.localdate()
    if not _birth_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]), today):
        return False
    return id_check_char(digits[:17]) == digits[17]


def is_id15(number: str) -> bool:
    digits = normalize(number)
    if not re.fullmatch(r"[0-9]{15}", digits) or digits[:2] not in PROVINCES:
        return False
    year, month, day = 1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    return _birth_date(year, month, day, datetime.date(1999, 12, 31))


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or len(set(digits)) == 1:  # 0000…0 passes Luhn
        return False
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _is_id_or_credit_code(digits: str, today: datetime.date) -> bool:
    """An 18-digit number that is an ID or an organisation's unified social credit code
    (published on purpose, one in ten would pass Luhn) is not a bank card."""
    return is_id18(digits, today) or credit_check_char(digits[:17]) == digits[17]


# --- addresses ---------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLACE = (  # the last level kept by the mask: community, village, road, compound
    "社区|小区|居委会|村委会|嘎查|新村|家园|花园|公寓|大厦|广场|大街|大道|胡同"
    "|村|屯|庄|路|街|巷|弄|里|苑|园|院"
)
_NUMERAL = r"[0-9]+|[一二三四五六七八九十百零〇两]{1,5}|[A-Za-z]"
_UNIT = "号楼|号院|号房|号|#楼|#|栋|幢|座|单元|层|楼|室|组|队|社|排"
_ELEMENT = rf"[0-9]+-[0-9]+-[0-9]+(?:室|号)?|[0-9]+-[0-9]+(?:室|号)|第?(?:{_NUMERAL})(?:{_UNIT})"
_ROOM = r"(?:(?<=单元)|(?<=[栋幢楼座]))[0-9]{3,4}(?![0-9])"  # 2单元301, 8栋1502
_ADDRESS_RE = re.compile(rf"(?:{_PLACE})(?P<tail>(?:{_ELEMENT})++(?P<room>{_ROOM})?)")
_HOUSE_LEVEL = re.compile(r"号(?![楼院])|#(?!楼)|室|[0-9]-[0-9]")
_NOT_AN_ADDRESS_AFTER = re.compile(
    "文|令|线|函|期|门|字|卷|案|档|年|公告|通知|决定|意见|批复|简报|提案|议案|建议|判决|裁定"
)
_LEAD_IN = (  # words before an address that are not part of it
    "居住在", "居住于", "住在", "家住", "现住", "现居", "住址", "地址", "位于",
    "坐落于", "户籍地", "户籍", "籍贯", "关于", "在", "住",
)  # fmt: skip
_MAX_PREFIX = 24


def _address_spans(normal: str) -> list[tuple[int, int]]:
    spans = []
    for match in _ADDRESS_RE.finditer(normal):
        if not (match["room"] or _HOUSE_LEVEL.search(match["tail"])):
            continue
        if _NOT_AN_ADDRESS_AFTER.match(normal, match.end()):
            continue
        start = match.start()
        while start > 0 and match.start() - start < _MAX_PREFIX and _CJK.match(normal[start - 1]):
            start -= 1
        prefix = normal[start : match.start()]
        cut = max(
            (prefix.rfind(word) + len(word) for word in _LEAD_IN if word in prefix), default=0
        )
        spans.append((start + cut, match.end()))
    return spans


def address_tail_start(value: str) -> int | None:
    """Where the house-number part of an address found by :func:`scan` begins — what
    the mask hides (``宁夏…南苑社区`` | ``8号楼2单元301室``)."""
    normal = normalize(value)
    starts = [m.start("tail") for m in _ADDRESS_RE.finditer(normal) if m.end() == len(normal)]
    return starts[-1] if starts else None


# --- scanning ----------------------------------------------------------------------


def _candidates(normal: str, today: datetime.date) -> list[tuple[int, int, PiiKind]]:
    found: list[tuple[int, int, PiiKind]] = []
    for match in _ID18_RE.finditer(normal):
        if is_id18(match[0], today):
            found.append((match.start(), match.end(), PiiKind.ID18))
    for match in _ID15_RE.finditer(normal):
        if is_id15(match[0]):
            found.append((match.start(), match.end(), PiiKind.ID15))
    for match in _CARD_RE.finditer(normal):
        digits = re.sub(r"[ -]", "", match[0])
        if luhn_valid(digits) and not (len(digits) == 18 and _is_id_or_credit_code(digits, today)):
            found.append((match.start(), match.end(), PiiKind.BANK_CARD))
    found += [(m.start(), m.end(), PiiKind.MOBILE) for m in _MOBILE_RE.finditer(normal)]
    found += [(m.start(), m.end(), PiiKind.LANDLINE) for m in _LANDLINE_RE.finditer(normal)]
    found += [(start, end, PiiKind.ADDRESS) for start, end in _address_spans(normal)]
    return found


def scan(text: str, *, policy: MaskPolicy | None = None) -> list[Hit]:
    """Personal information in ``text``, in order of position, never overlapping
    (where two candidates overlap the longer wins)."""
    from gongkai.pii.mask import get_policy

    policy = policy or get_policy()
    candidates = _candidates(normalize(text), timezone.localdate())
    chosen: list[tuple[int, int, PiiKind]] = []  # sorted by start, never overlapping
    for start, end, kind in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        i = bisect.bisect_left(chosen, (start,))
        if (i and chosen[i - 1][1] > start) or (i < len(chosen) and chosen[i][0] < end):
            continue
        chosen.insert(i, (start, end, kind))
    return [
        Hit(kind, start, end, text[start:end], policy.mask(kind, text[start:end]))
        for start, end, kind in chosen
    ]
