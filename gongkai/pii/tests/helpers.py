"""Builders for test data: valid ID and card numbers, and small DOCX/XLSX/PDF files."""

from __future__ import annotations

import io

from gongkai.pii.scanner import id_check_char


def make_id(area: str = "640502", birth: str = "19850312", sequence: str = "123") -> str:
    """An 18-digit resident ID with a correct check character."""
    first17 = area + birth + sequence
    return first17 + id_check_char(first17)


def wrong_check(number: str) -> str:
    """The same ID with a different (wrong) check character."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def luhn_complete(body: str) -> str:
    """``body`` plus the Luhn check digit."""
    total = 0
    for position, ch in enumerate(reversed(body)):
        value = int(ch) * (1 if position % 2 else 2)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


def luhn_broken(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def id_with_x() -> str:
    for sequence in range(100, 1000):
        number = make_id(sequence=str(sequence))
        if number.endswith("X"):
            return number
    raise AssertionError("no X check character found")


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` (ASCII) in Helvetica, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def docx_bytes(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def xlsx_bytes(book: object) -> bytes:
    out = io.BytesIO()
    book.save(out)  # type: ignore[attr-defined]
    return out.getvalue()
