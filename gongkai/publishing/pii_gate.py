"""The personal-data gate (rules.md §6): what the scanner finds in a document, and
which findings still block its publication."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from gongkai.pii.scanner import Hit, PiiKind, scan
from gongkai.publishing.models import Attachment, Document


@dataclass(frozen=True)
class Finding:
    location: str  # "title", "body" or "attachment:<id>"
    place: str  # 标题 / 正文 / 附件“…”
    hit: Hit
    fingerprint: str
    justified: bool
    maskable: bool

    @property
    def blocks(self) -> bool:
        return self.hit.blocks_publication and not self.justified

    @property
    def kind_label(self) -> str:
        return self.hit.kind.label if hasattr(self.hit.kind, "label") else str(self.hit.kind)


def fingerprint(location: str, hit: Hit) -> str:
    raw = f"{location}\x00{hit.kind}\x00{hit.value}".encode()
    return hashlib.sha256(raw).hexdigest()


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _published_addresses(document: Document) -> str:
    """The agency's office and reading-point addresses, which are public by law
    (条例 Art. 12): an address hit inside them is not personal data."""
    agency = document.agency
    parts = [agency.office_address, *agency.reading_points.values_list("address", flat=True)]
    return "\n".join(_squeeze(p) for p in parts if p)


def attachment_text(attachment: Attachment) -> str:
    return attachment.text


def attachment_maskable(attachment: Attachment) -> bool:
    return attachment.kind in ("docx", "xlsx", "txt")


def findings(document: Document) -> list[Finding]:
    """Every hit in the title, the body and the attachments' published copies."""
    justified = set(document.justifications.values_list("fingerprint", flat=True))
    sources: list[tuple[str, str, str, bool]] = [
        ("title", "标题", document.title, True),
        ("body", "正文", document.body_text, True),
    ]
    for attachment in document.attachments.all():
        sources.append(
            (
                f"attachment:{attachment.pk}",
                f"附件“{attachment.name}”",
                attachment_text(attachment),
                attachment_maskable(attachment),
            )
        )
    published = _published_addresses(document)
    out: list[Finding] = []
    for location, place, text, maskable in sources:
        for hit in scan(text):
            if hit.kind == PiiKind.ADDRESS and _squeeze(hit.value) in published:
                continue  # the agency's own office or reading-point address
            fp = fingerprint(location, hit)
            out.append(Finding(location, place, hit, fp, fp in justified, maskable))
    return out


def blocking(document: Document) -> list[Finding]:
    return [f for f in findings(document) if f.blocks]


def describe(blocked: list[Finding]) -> str:
    parts = [f"{f.place}中的{f.kind_label}“{f.hit.masked}”" for f in blocked[:5]]
    more = f"等 {len(blocked)} 处" if len(blocked) > 5 else ""
    return "、".join(parts) + more
