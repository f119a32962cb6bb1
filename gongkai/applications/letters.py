"""Composing letters: the title, recipient and body text of a notice or reply from the
case's facts. (Rendering to DOCX/PDF: :mod:`gongkai.applications.letter_render`.)"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import Application, Consultation, LetterKind, Outcome


@dataclass(frozen=True)
class Composed:
    title: str
    recipient: str
    body: str


def compose(
    application: Application,
    kind: str,
    *,
    outcome: str = "",
    consultation: Consultation | None = None,
) -> Composed:
    title = LetterKind(kind).label
    recipient = consultation.party if consultation is not None else application.applicant_name
    lines = [
        f"{recipient}：",
        f"你（单位）于{application.submitted_on:%Y年%m月%d日}提出的政府信息公开申请（{application.number}）",
    ]
    if outcome:
        lines.append(Outcome(outcome).label)
    return Composed(title, recipient, "\n".join(lines))
