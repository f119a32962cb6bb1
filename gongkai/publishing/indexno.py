"""索引号 (rules.md §5.4): ``<前段码>/<year>-<5-digit serial>``.

前段码 is the publishing agency's 9-character organisation code (hyphen dropped) or its
18-character unified credit code. Serials are kept per 前段码 and year in
:class:`~gongkai.publishing.models.IndexSerial`, taken with one atomic ``UPDATE`` so two
publications at the same moment never get the same number; a number is never reused
or renumbered (the document keeps it when withdrawn, and imports of historical numbers
in the national form move the counter past them).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F

from gongkai.agencies.models import Agency
from gongkai.publishing.models import IndexSerial

NATIONAL = re.compile(r"^(?P<prefix>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})$")
#: What an imported historical 索引号 may look like (rules.md §5.4 item 4 variants:
#: credit or organisation codes, YYYYMM, hyphenated org codes, dash-separated and
#: composite local numbers). Anything else is a typing error.
HISTORICAL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z/\-_.]{4,39}$")
MAX_SERIAL = 99999


class IndexNumberError(ValueError):
    pass


def prefix_for(agency: Agency) -> str:
    code = agency.code.replace("-", "").strip().upper()
    if len(code) not in (9, 18):
        raise IndexNumberError(
            f"机构“{agency.name}”未设置统一社会信用代码或组织机构代码，无法生成索引号"
        )
    return code


def allocate(agency: Agency, year: int) -> str:
    """The next 索引号 of ``agency`` for ``year``. Must run inside the transaction that
    stores it: the counter row stays locked until that transaction ends."""
    prefix = prefix_for(agency)
    with transaction.atomic():
        IndexSerial.objects.get_or_create(prefix=prefix, year=year)
        IndexSerial.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
        serial = IndexSerial.objects.get(prefix=prefix, year=year).last
    if serial > MAX_SERIAL:
        raise IndexNumberError(f"{prefix} {year}年的索引号顺序号已用完（最多 {MAX_SERIAL} 个）")
    return f"{prefix}/{year}-{serial:05d}"


def check_historical(value: str) -> str:
    value = value.strip()
    if not HISTORICAL.match(value) or not any(c.isdigit() for c in value):
        raise IndexNumberError(f"索引号“{value}”格式不正确")
    return value


def reserve_imported(numbers: list[str]) -> None:
    """Move the counters past imported numbers in the national form so a generated
    number never repeats one of them."""
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        m = NATIONAL.match(number)
        if m:
            key = (m["prefix"], int(m["year"]))
            highest[key] = max(highest.get(key, 0), int(m["serial"]))
    for (prefix, year), serial in highest.items():
        IndexSerial.objects.get_or_create(prefix=prefix, year=year)
        IndexSerial.objects.filter(prefix=prefix, year=year, last__lt=serial).update(last=serial)
