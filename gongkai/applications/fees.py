"""Information-processing fees (信息处理费), 国办函〔2020〕109号 (rules.md §4).

Both methods are excess-progressive (超额累进) and one application pays by one method:

- 按件计收: by the application's place among the same applicant's applications to the
  agency in the calendar month — 1–10 free, 11–30 100 元, then bands of ten each 100 元
  more (31–40 200 元, 41–50 300 元 …).
- 按量计收: by the pages of one application — up to 30 free, 31–100 10 元/页,
  101–200 20 元/页, 201 and more 40 元/页.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

#: Fees are charged from 2021-01-01 (rules.md §4 item 7; the 办法 was signed 2020-11-17).
CHARGING_FROM = datetime.date(2021, 1, 1)


@dataclass(frozen=True)
class FeeLine:
    description: str
    quantity: int
    rate: Decimal
    amount: Decimal

    def as_dict(self) -> dict[str, str | int]:
        return {
            "description": self.description,
            "quantity": self.quantity,
            "rate": str(self.rate),
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class FeeQuote:
    method: str
    amount: Decimal
    lines: tuple[FeeLine, ...]

    def explanation(self) -> list[str]:
        return [
            f"{line.description}：{line.quantity} × {line.rate} 元 = {line.amount} 元"
            for line in self.lines
        ]


def per_item_rate(n: int) -> Decimal:
    """The fee of the ``n``-th application of the month (n ≥ 1)."""
    if n < 1:
        raise ValueError("申请序数应为正整数")
    if n <= 10:
        return Decimal(0)
    if n <= 30:
        return Decimal(100)
    return Decimal(100 * ((n - 31) // 10 + 2))


def _item_band(n: int) -> tuple[int, int]:
    if n <= 10:
        return 1, 10
    if n <= 30:
        return 11, 30
    low = 31 + (n - 31) // 10 * 10
    return low, low + 9


def per_item(nth: int) -> FeeQuote:
    """The fee of one application that is the ``nth`` of its applicant this month."""
    rate = per_item_rate(nth)
    low, high = _item_band(nth)
    line = FeeLine(
        f"本月第{nth}件申请（第{low}–{high}件档）",
        1,
        rate,
        rate,
    )
    return FeeQuote("per_item", rate, (line,))


def per_item_total(count: int) -> Decimal:
    """What ``count`` applications in one month cost together (worked examples)."""
    return sum((per_item_rate(n) for n in range(1, count + 1)), Decimal(0))


PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


def per_page(pages: int) -> FeeQuote:
    if pages < 1:
        raise ValueError("页数应为正整数")
    lines: list[FeeLine] = []
    for low, high, rate in PAGE_BANDS:
        if pages < low:
            break
        top = pages if high is None else min(pages, high)
        quantity = top - low + 1
        band = f"第{low}页以上" if high is None else f"第{low}–{high}页"
        lines.append(FeeLine(f"{band}（{quantity}页）", quantity, rate, rate * quantity))
    return FeeQuote("per_page", sum((line.amount for line in lines), Decimal(0)), tuple(lines))
