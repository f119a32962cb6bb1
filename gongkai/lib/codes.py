"""Chinese organisation identifiers.

- 统一社会信用代码 (unified social credit code), 18 characters, GB 32100-2015: the last
  character is a check character over the first 17, modulo 31.
- 组织机构代码 (organisation code), 9 characters, GB 11714-1997: 8 body characters and a
  check character modulo 11 (``X`` stands for 10). Often written ``12345678-9``.
"""

from __future__ import annotations

import re

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_ORG_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")


class CodeError(ValueError):
    """A code that fails validation; the message is shown to users (Chinese)."""


def normalize_code(raw: str) -> str:
    """Upper-case, strip spaces and the hyphen of ``12345678-9``; full-width to half-width."""
    text = raw.strip().translate(
        {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
    )
    return re.sub(r"[\s\-]", "", text).upper()


def credit_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CHARSET.index(ch) * weight
        for ch, weight in zip(first17, CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str:
    total = sum(
        (int(ch) if ch.isdigit() else ord(ch) - 55) * weight
        for ch, weight in zip(first8, ORG_WEIGHTS, strict=True)
    )
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_credit_code(raw: str) -> str:
    """Return the normalised 18-character code or raise :class:`CodeError`."""
    code = normalize_code(raw)
    if len(code) != 18:
        raise CodeError(f"统一社会信用代码应为18位，现为{len(code)}位")
    if not _CREDIT_RE.match(code):
        raise CodeError("统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）")
    if credit_check_char(code[:17]) != code[17]:
        raise CodeError("统一社会信用代码校验位不正确，请核对")
    return code


def validate_org_code(raw: str) -> str:
    """Return the normalised 9-character organisation code or raise :class:`CodeError`."""
    code = normalize_code(raw)
    if len(code) != 9:
        raise CodeError(f"组织机构代码应为9位，现为{len(code)}位")
    if not _ORG_RE.match(code):
        raise CodeError("组织机构代码只能由数字和大写字母组成")
    if org_check_char(code[:8]) != code[8]:
        raise CodeError("组织机构代码校验位不正确，请核对")
    return code


def validate_agency_code(raw: str) -> str:
    """Accept either an 18-character credit code or a 9-character organisation code."""
    code = normalize_code(raw)
    if len(code) == 18:
        return validate_credit_code(code)
    if len(code) == 9:
        return validate_org_code(code)
    raise CodeError(f"机构代码应为18位统一社会信用代码或9位组织机构代码，现为{len(code)}位")


def make_credit_code(prefix8: str, org_body8: str) -> str:
    """Build a valid credit code (used by the demo data): ``prefix8`` is the
    registration-authority, type and region code, ``org_body8`` the organisation body."""
    org = org_body8 + org_check_char(org_body8)
    first17 = prefix8 + org
    return first17 + credit_check_char(first17)
