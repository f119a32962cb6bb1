"""Annual-report figures of disclosure on request, computed in the database for an
agency **and its whole subtree** (codes of shared/spec/report_forms.md, labels of
:mod:`gongkai.reports.formspec`).

Every figure is a count of rows matching one filter; the filters are public
(:func:`application_filter`, :func:`dispute_filter`, :func:`complaint_filter`) so that
the case list behind a figure shows exactly the cases counted in it. Each table is a
fixed number of aggregate queries (``Count(filter=…)``, grouped by applicant kind),
whatever the number of cases.

Counting rules (table 三, rules.md §2.4 and §2.6):

- ``new``: received (第三十一条 receipt date, ``received_on``) in the year;
- ``carried_over``: received before the year and not closed before it — the same
  cases as the previous year's ``carried_forward``;
- result rows: closed (``closed_on``) in the year, by the stored ``report_row`` (the
  2019 form counts the three ``other.*`` rows as its single ``other``);
- ``total``: the sum of the result rows; ``carried_forward``: received by 31 December
  and not closed by then (:meth:`ApplicationQuerySet.open_at_end_of`).

So per column ``new + carried_over = total + carried_forward``. An application never
received (withdrawn while 待确认) counts nowhere. Columns follow ``applicant_kind``.

Table 四 and legacy rows 4–5 count disputes filed in the year with their result as
known on 31 December of that year: one still undecided then is 尚未审结 (legacy:
其他情形) whatever its later result.

Legacy form (rules.md §3; DERIVED where the 2014 form did not define a rule):
``3.1`` received in the year by channel (:data:`LEGACY_CHANNEL_ROWS`); ``3.2`` closed
in the year, ``3.2.2`` those that had been extended and ``3.2.1`` the others (so
3.2 = 3.2.1 + 3.2.2); ``3.3.x`` from the stored ``legacy_row`` (withdrawn and
unpaid-fee cases have none); ``6`` complaints received in the year; ``7`` fees paid in
the year in 万元.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.agencies.models import Agency
from gongkai.applications.models import (
    LEGACY_CHANNEL_ROWS,
    Application,
    Complaint,
    Dispute,
    DisputeKind,
    DisputeResult,
    Fee,
    Outcome,
)
from gongkai.applications.querysets import ApplicationQuerySet
from gongkai.reports.formspec import (
    APPLICANT_CODES,
    LEGACY_ROWS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    FormId,
    application_rows,
)
from gongkai.workdays.calendar import WorkdayCalendar

#: The six applicant columns (the seventh, ``total``, is their sum).
KIND_COLUMNS: tuple[str, ...] = APPLICANT_CODES[:-1]

HEAD_ROWS = ("new", "carried_over")
TAIL_ROWS = ("total", "carried_forward")
#: Result rows of the 2021 form (the codes stored in ``Application.report_row``).
RESULT_ROWS_2021: tuple[str, ...] = tuple(
    code for code, _ in application_rows("2021") if code not in (*HEAD_ROWS, *TAIL_ROWS)
)
OTHER_ROWS_2021: tuple[str, ...] = tuple(r for r in RESULT_ROWS_2021 if r.startswith("other."))

REVIEW_GROUP_CODES: tuple[str, ...] = tuple(code for code, _ in REVIEW_GROUPS)
REVIEW_COLUMN_CODES: tuple[str, ...] = tuple(code for code, _ in REVIEW_COLUMNS)
#: Outcomes that are not a reply to the applicant (abandoned or withdrawn).
NOT_REPLIED = (Outcome.NO_CORRECTION, Outcome.UNPAID_FEE, Outcome.WITHDRAWN)

#: Legacy 3.3 rows that are stored on the case (3.3.4 is the sum of its sub-rows).
LEGACY_ANSWER_ROWS: tuple[str, ...] = (
    "3.3.1",
    "3.3.2",
    "3.3.3",
    "3.3.4a",
    "3.3.4b",
    "3.3.4c",
    "3.3.4d",
    "3.3.4e",
    "3.3.4f",
    "3.3.5",
    "3.3.6",
    "3.3.7",
    "3.3.8",
)
LEGACY_REFUSAL_ROWS = tuple(r for r in LEGACY_ANSWER_ROWS if r.startswith("3.3.4"))
#: The legacy rows this module computes, in printed order (rows 3 to 7 of the form).
LEGACY_CODES: tuple[str, ...] = tuple(
    code
    for code, _, unit in LEGACY_ROWS
    if unit and code.split(".")[0] in ("3", "4", "5", "6", "7")
)
LEGACY_PREFIX = "legacy."

TEN_THOUSAND = Decimal(10000)
FOUR_PLACES = Decimal("0.0001")


class UnknownRow(ValueError):
    """A row code that no table of the forms has."""


def _bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- which cases each figure counts --------------------------------------------------


def _received_in(year: int) -> Q:
    start, end = _bounds(year)
    return Q(received_on__gte=start, received_on__lte=end)


def _closed_in(year: int) -> Q:
    start, end = _bounds(year)
    return Q(closed_on__gte=start, closed_on__lte=end, received_on__isnull=False)


def _open_at_end_of(year: int) -> Q:
    """As :meth:`ApplicationQuerySet.open_at_end_of`, as a ``Q``."""
    end = datetime.date(year, 12, 31)
    return Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


def _legacy_application_filter(code: str, year: int) -> Q:
    if code == "3.1":
        return _received_in(year)
    if code in LEGACY_CHANNEL_ROWS.values():
        channels = sorted(c for c, row in LEGACY_CHANNEL_ROWS.items() if row == code)
        return _received_in(year) & Q(channel__in=channels)
    if code == "3.2":
        return _closed_in(year)
    if code == "3.2.1":
        return _closed_in(year) & Q(extension_days=0)
    if code == "3.2.2":
        return _closed_in(year) & Q(extension_days__gt=0)
    if code == "3.3":
        return _closed_in(year) & Q(legacy_row__in=LEGACY_ANSWER_ROWS)
    if code == "3.3.4":
        return _closed_in(year) & Q(legacy_row__in=LEGACY_REFUSAL_ROWS)
    if code in LEGACY_ANSWER_ROWS:
        return _closed_in(year) & Q(legacy_row=code)
    if code == "7":
        start, end = _bounds(year)
        return Q(fee__paid_on__gte=start, fee__paid_on__lte=end)
    raise UnknownRow(f"没有“{LEGACY_PREFIX}{code}”这一统计行")


def application_filter(row: str, year: int) -> Q:
    """The applications counted in ``row`` of ``year``'s report.

    ``row`` is a table-三 code of the 2021 form (``new``, ``carried_over``, ``granted``
    … ``other.other``, ``total``, ``carried_forward``), the 2019 form's ``other``, or a
    legacy row of applications as ``legacy.<code>`` (``legacy.3.1`` … ``legacy.3.3.8``,
    ``legacy.7``: cases whose fee was paid in the year). Combine with
    ``Application.objects.in_subtree(agency)`` (and the user's visibility)."""
    if row == "new":
        return _received_in(year)
    if row == "carried_over":
        return _open_at_end_of(year - 1)
    if row == "carried_forward":
        return _open_at_end_of(year)
    if row == "total":
        return _closed_in(year) & Q(report_row__in=RESULT_ROWS_2021)
    if row == "other":
        return _closed_in(year) & Q(report_row__in=OTHER_ROWS_2021)
    if row in RESULT_ROWS_2021:
        return _closed_in(year) & Q(report_row=row)
    if row.startswith(LEGACY_PREFIX):
        return _legacy_application_filter(row.removeprefix(LEGACY_PREFIX), year)
    raise UnknownRow(f"没有“{row}”这一统计行")


def _dispute_result(column: str, year: int) -> Q:
    """Disputes whose result, as known on 31 December of ``year``, is ``column``."""
    end = datetime.date(year, 12, 31)
    if column == "pending":
        return Q(result=DisputeResult.PENDING) | Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    if column in (DisputeResult.UPHELD, DisputeResult.CORRECTED, DisputeResult.OTHER):
        return Q(result=column, closed_on__lte=end)
    if column == "total":
        return Q()
    raise UnknownRow(f"没有“{column}”这一栏")


_LEGACY_DISPUTE_KINDS: dict[str, tuple[str, ...]] = {
    "4": (DisputeKind.RECONSIDERATION,),
    "5": (DisputeKind.LITIGATION_DIRECT, DisputeKind.LITIGATION_AFTER_REVIEW),
}
#: Legacy sub-rows x.1–x.3 by their table-四 result; x.3 is 其他情形 including 尚未审结.
_LEGACY_DISPUTE_RESULTS: dict[str, tuple[str, ...]] = {
    "1": ("upheld",),
    "2": ("corrected",),
    "3": ("other", "pending"),
}


def dispute_filter(row: str, year: int) -> Q:
    """The disputes counted in ``row``: ``<group>.<column>`` of table 四
    (``reconsideration.upheld`` … ``litigation_after_review.total``) or a legacy row
    ``legacy.4`` … ``legacy.5.3``. Disputes are counted in the year they were filed."""
    start, end = _bounds(year)
    filed = Q(filed_on__gte=start, filed_on__lte=end)
    if row.startswith(LEGACY_PREFIX):
        code = row.removeprefix(LEGACY_PREFIX)
        head, _, sub = code.partition(".")
        if head not in _LEGACY_DISPUTE_KINDS or (sub and sub not in _LEGACY_DISPUTE_RESULTS):
            raise UnknownRow(f"没有“{row}”这一统计行")
        q = filed & Q(kind__in=_LEGACY_DISPUTE_KINDS[head])
        if sub:
            results = Q()
            for column in _LEGACY_DISPUTE_RESULTS[sub]:
                results |= _dispute_result(column, year)
            q &= results
        return q
    group, _, column = row.partition(".")
    if group not in REVIEW_GROUP_CODES or column not in REVIEW_COLUMN_CODES:
        raise UnknownRow(f"没有“{row}”这一统计行")
    return filed & Q(kind=group) & _dispute_result(column, year)


def complaint_filter(row: str, year: int) -> Q:
    """``legacy.6``: complaints received in the year."""
    if row != f"{LEGACY_PREFIX}6":
        raise UnknownRow(f"没有“{row}”这一统计行")
    start, end = _bounds(year)
    return Q(received_on__gte=start, received_on__lte=end)


def row_target(row: str) -> str:
    """Which list shows the cases of ``row``: ``applications``, ``disputes`` or
    ``complaints``."""
    code = row.removeprefix(LEGACY_PREFIX)
    if row.startswith(LEGACY_PREFIX) and code.split(".")[0] in _LEGACY_DISPUTE_KINDS:
        return "disputes"
    if row == f"{LEGACY_PREFIX}6":
        return "complaints"
    if row.partition(".")[0] in REVIEW_GROUP_CODES:
        return "disputes"
    return "applications"


# --- the tables -----------------------------------------------------------------------


def _subtree_disputes(agency: Agency) -> QuerySet[Dispute]:
    return Dispute.objects.filter(agency__path__startswith=agency.path)


def _counts_by_kind(qs: ApplicationQuerySet, filters: Mapping[str, Q]) -> dict[str, dict[str, int]]:
    """``{row: {applicant_kind: n}}`` in one grouped query."""
    aliases = {f"c{i}": code for i, code in enumerate(filters)}
    annotations = {alias: Count("pk", filter=filters[code]) for alias, code in aliases.items()}
    out = {code: dict.fromkeys(KIND_COLUMNS, 0) for code in filters}
    for record in qs.order_by().values("applicant_kind").annotate(**annotations):
        kind = record["applicant_kind"]
        if kind not in KIND_COLUMNS:
            continue  # not a choice of the model; cannot be stored through the actions
        for alias, code in aliases.items():
            out[code][kind] = record[alias]
    return out


def table3(agency: Agency, year: int, *, form: FormId = "2021") -> dict[str, dict[str, int]]:
    """Table 三 (收到和处理政府信息公开申请情况) of ``form`` ("2021" or "2019"):
    ``{row: {column: n}}`` with every row of the form and the seven columns."""
    if form not in ("2019", "2021"):
        raise ValueError(f"表三只有2019年和2021年格式，没有“{form}”格式")
    rows = [code for code, _ in application_rows(form)]
    start, end = _bounds(year)
    # Every row counts cases received by the end of the year and not closed before it.
    qs = (
        Application.objects.in_subtree(agency)
        .filter(received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    )
    counted = _counts_by_kind(
        qs, {row: application_filter(row, year) for row in rows if row != "total"}
    )
    results = [row for row in rows if row not in (*HEAD_ROWS, *TAIL_ROWS)]
    counted["total"] = {k: sum(counted[row][k] for row in results) for k in KIND_COLUMNS}
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        cells: dict[str, int] = dict(counted[row])
        cells["total"] = sum(cells[k] for k in KIND_COLUMNS)
        table[row] = cells
    return table


def table4(agency: Agency, year: int) -> dict[str, dict[str, int]]:
    """Table 四 (行政复议、行政诉讼): ``{group: {upheld, corrected, other, pending,
    total}}`` of the disputes filed in ``year`` (one query)."""
    start, end = _bounds(year)
    columns = [c for c in REVIEW_COLUMN_CODES if c != "total"]
    annotations = {c: Count("pk", filter=_dispute_result(c, year)) for c in columns}
    out = {g: dict.fromkeys(REVIEW_COLUMN_CODES, 0) for g in REVIEW_GROUP_CODES}
    records = (
        _subtree_disputes(agency)
        .filter(filed_on__gte=start, filed_on__lte=end)
        .order_by()
        .values("kind")
        .annotate(**annotations)
    )
    for record in records:
        group = out.get(record["kind"])
        if group is None:
            continue
        for c in columns:
            group[c] = record[c]
    for group in out.values():
        group["total"] = sum(group[c] for c in columns)
    return out


def _to_wan(yuan: Decimal) -> Decimal:
    """元 → 万元, at most 4 decimals, without trailing zeros (``Decimal("0.47")``)."""
    wan = (yuan / TEN_THOUSAND).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    if wan == wan.to_integral_value():
        return wan.quantize(Decimal(1))
    return wan.normalize()


def fees_collected(agency: Agency, year: int) -> Decimal:
    """Information-processing fees paid in ``year`` (元; one query)."""
    start, end = _bounds(year)
    total = Fee.objects.filter(
        application__agency__path__startswith=agency.path,
        paid_on__gte=start,
        paid_on__lte=end,
    ).aggregate(total=Sum("paid_amount"))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def legacy(agency: Agency, year: int) -> dict[str, int | Decimal]:
    """Rows 3.1–7 of the 2014 统计表, in printed order (four queries)."""
    stored = [
        "3.1",
        *sorted(set(LEGACY_CHANNEL_ROWS.values())),
        "3.2",
        "3.2.1",
        "3.2.2",
        *LEGACY_ANSWER_ROWS,
    ]
    annotations = {
        f"c{i}": Count("pk", filter=_legacy_application_filter(code, year))
        for i, code in enumerate(stored)
    }
    counts = (
        Application.objects.in_subtree(agency)
        .filter(_received_in(year) | _closed_in(year))
        .aggregate(**annotations)
    )
    values: dict[str, int | Decimal] = {code: counts[f"c{i}"] for i, code in enumerate(stored)}
    values["3.3.4"] = sum(int(values[r]) for r in LEGACY_REFUSAL_ROWS)
    values["3.3"] = sum(
        int(values[r]) for r in LEGACY_ANSWER_ROWS if r not in LEGACY_REFUSAL_ROWS
    ) + int(values["3.3.4"])
    disputes = {
        f"{LEGACY_PREFIX}{code}": Count("pk", filter=dispute_filter(f"{LEGACY_PREFIX}{code}", year))
        for code in ("4", "4.1", "4.2", "4.3", "5", "5.1", "5.2", "5.3")
    }
    start, end = _bounds(year)
    dispute_counts = (
        _subtree_disputes(agency)
        .filter(filed_on__gte=start, filed_on__lte=end)
        .aggregate(**{alias.replace(".", "_"): c for alias, c in disputes.items()})
    )
    for alias in disputes:
        values[alias.removeprefix(LEGACY_PREFIX)] = dispute_counts[alias.replace(".", "_")]
    values["6"] = (
        Complaint.objects.filter(agency__path__startswith=agency.path)
        .filter(complaint_filter(f"{LEGACY_PREFIX}6", year))
        .count()
    )
    values["7"] = _to_wan(fees_collected(agency, year))
    return {code: values[code] for code in LEGACY_CODES}


def carried_forward_cases(agency: Agency, year: int) -> ApplicationQuerySet:
    """The cases open at the end of ``year`` (received by 31 December, not closed by
    then): table 三's ``carried_forward`` of ``year`` and ``carried_over`` of the next
    year. Nothing is written at year end; this is the list behind both figures."""
    return Application.objects.in_subtree(agency).open_at_end_of(year)


# --- summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    received: int
    closed: int
    replied: int  # closed with a reply (not abandoned or withdrawn)
    replied_on_time: int
    carried_forward: int
    fees_yuan: Decimal
    average_workdays: Decimal | None  # to reply, paused days not counted
    average_provisional: bool

    @property
    def on_time_rate(self) -> Decimal | None:
        """Replied on time / replied, in per cent with one decimal."""
        if not self.replied:
            return None
        return (Decimal(100) * self.replied_on_time / self.replied).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def summary(agency: Agency, year: int) -> Summary:
    """Key figures of ``year`` (three queries): received, closed, replied and replied
    on time, carried forward, fees, and the average working days from the start of
    the reply period to the reply (consultation and fee pauses not counted)."""
    qs = Application.objects.in_subtree(agency)
    replied = _closed_in(year) & ~Q(outcome__in=NOT_REPLIED)
    counts = qs.aggregate(
        received=Count("pk", filter=_received_in(year)),
        closed=Count("pk", filter=_closed_in(year)),
        replied=Count("pk", filter=replied),
        on_time=Count("pk", filter=replied & Q(on_time=True)),
        carried_forward=Count("pk", filter=_open_at_end_of(year)),
    )
    pairs = list(
        qs.filter(replied, clock_start_on__isnull=False)
        .order_by()
        .values_list("clock_start_on", "closed_on")
        .annotate(n=Count("pk"), paused=Sum("paused_workdays"))
    )
    average, provisional = _average_workdays(pairs)
    return Summary(
        received=counts["received"],
        closed=counts["closed"],
        replied=counts["replied"],
        replied_on_time=counts["on_time"],
        carried_forward=counts["carried_forward"],
        fees_yuan=fees_collected(agency, year),
        average_workdays=average,
        average_provisional=provisional,
    )


def _average_workdays(
    pairs: Iterable[tuple[datetime.date, datetime.date, int, int | None]],
) -> tuple[Decimal | None, bool]:
    """Average working days over grouped (start, reply, count, paused) rows, with one
    cumulative working-day index over the dates spanned (no per-case loop)."""
    pairs = [p for p in pairs if p[1] >= p[0]]
    if not pairs:
        return None, False
    first = min(p[0] for p in pairs)
    last = max(p[1] for p in pairs)
    cal = WorkdayCalendar()
    cumulative: dict[datetime.date, int] = {first: 0}
    running, provisional, day = 0, False, first
    while day < last:
        day += datetime.timedelta(days=1)
        status = cal.status(day)
        running += status.is_workday
        provisional = provisional or status.provisional
        cumulative[day] = running
    days = cases = 0
    for start, end, n, paused in pairs:
        days += (cumulative[end] - cumulative[start]) * n - (paused or 0)
        cases += n
    average = (Decimal(days) / cases).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return average, provisional
