"""A realistic, deterministic caseload of applications for tests and benchmarks.

:func:`generate` simulates ``n`` cases across ``agencies`` (the first ones busier) and
stores them with ``bulk_create`` — 10,000 cases in seconds, where the actions would take
minutes. Every stored field is set exactly as the actions would set it: the receipt
date per channel (:func:`deadlines.receipt_date`), the deadlines of
:func:`deadlines.reply_deadline` with the consultation and fee pauses, the report rows
of :data:`outcomes.ROW_2021` and :func:`outcomes.legacy_row`, ``on_time``, the next
alert. :func:`replay` takes the same plan through the real actions, so a test can show
that both agree. No letters or audit events are generated.

What the simulation covers: every applicant kind and channel; applications still
waiting for confirmation or withdrawn before it (never received); corrections (made,
or abandoned); third-party and co-maker consultations, some overlapping, some
unanswered; extensions; per-page fees and, for one frequent applicant a year, per-item
fees (paid or abandoned); withdrawals; every outcome; cases received in December and
closed in January (carried over), a few received late in the year before ``years``,
and cases still open at ``as_of`` (31 December of the last year by default, so they are
carried forward); reconsiderations and lawsuits (some decided after the year they
were filed), and complaints.
"""

from gongkai.applications.caseload.cases import (
    Case,
    Caseload,
    ComplaintPlan,
    ConsultationPlan,
    DisputePlan,
    FeePlan,
)
from gongkai.applications.caseload.replay import STORED_FIELDS, replay
from gongkai.applications.caseload.store import generate, plan

__all__ = [
    "STORED_FIELDS",
    "Case",
    "Caseload",
    "ComplaintPlan",
    "ConsultationPlan",
    "DisputePlan",
    "FeePlan",
    "generate",
    "plan",
    "replay",
]
