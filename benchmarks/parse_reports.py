"""Reports parsed and checked per second (issue: ≥ 100 reports/s for text input).

The test material (shared/reports/*.txt and the seed) repeated to 1,000 files, each
read with `parse_text` and checked with `check_report`, in one process.
Run with `make bench` or `.venv/bin/python benchmarks/parse_reports.py`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["GONGKAI_VAR_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from gongkai.reports.checker import check_report  # noqa: E402
from gongkai.reports.parse import parse_report  # noqa: E402

N = 1000


def material() -> list[tuple[str, bytes]]:
    shared = ROOT.parent / "shared"
    files = sorted((shared / "reports").glob("*.txt")) + sorted((shared / "seeds").glob("*.txt"))
    if not files:
        sys.exit(f"no test material under {shared}")
    return [(f.name, f.read_bytes()) for f in files]


def main() -> None:
    files = material()
    batch = [files[i % len(files)] for i in range(N)]
    findings = 0
    start = time.perf_counter()
    for name, data in batch:
        report = parse_report(data, name)
        findings += len(check_report(report))
    elapsed = time.perf_counter() - start
    print(
        f"{N} reports ({len(files)} distinct texts) parsed and checked in {elapsed:.2f} s: "
        f"{N / elapsed:,.0f} reports/s ({findings} findings)"
    )


if __name__ == "__main__":
    main()
