"""Annual-report statistics of disclosure on request at district scale.

    .venv/bin/python benchmarks/applications_stats.py                 # 100,000 cases, SQLite
    .venv/bin/python benchmarks/applications_stats.py --n 20000
    .venv/bin/python benchmarks/applications_stats.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench

Builds a district (the government and 27 departments and townships), generates N cases
over 2025–2026 with ``gongkai.applications.caseload.generate`` (the same generator the
tests use), then times ``table3`` + ``table4`` + ``legacy`` for the whole district and
one township, and ``summary``, for each year, several times; prints the median and the
slowest run in milliseconds.

The database is always a throw-away one: a temporary SQLite file, or for PostgreSQL the
database named in the URL (its name must contain "bench"), created and dropped by the
script.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20251231
YEARS = (2025, 2026)
UNITS = [
    "发展和改革局",
    "教育局",
    "公安分局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务和投资促进局",
    "文化旅游广电局",
    "卫生健康局",
    "市场监督管理局",
]
TOWNS = ["滨河", "文昌", "东园", "柔远", "镇罗", "宣和", "永康", "常乐", "迎水", "兴仁", "香山"]


def configure(database_url: str | None) -> tuple[str, Callable[[], None]]:
    """Point Django at a throw-away database; returns its description and a cleanup."""
    var_dir = tempfile.mkdtemp(prefix="gongkai-bench-stats-")
    os.environ["GONGKAI_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    cleanup: Callable[[], None]
    if database_url:
        import dj_database_url
        import psycopg

        name = dj_database_url.parse(database_url)["NAME"]
        if name in ("gongkai", "postgres", "template0", "template1") or "bench" not in name:
            sys.exit(f"refusing to use database {name!r}: the name must contain 'bench'")
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = database_url

        def cleanup() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            shutil.rmtree(var_dir, ignore_errors=True)

        described = f"PostgreSQL database {name} (created and dropped by this script)"
    else:
        os.environ.pop("DATABASE_URL", None)

        def cleanup() -> None:
            shutil.rmtree(var_dir, ignore_errors=True)

        described = f"SQLite {var_dir}/gongkai.sqlite3 (deleted afterwards)"
    import django

    django.setup()
    return described, cleanup


def make_district() -> list[Any]:
    from gongkai.agencies.actions import create_agency
    from gongkai.agencies.models import AgencyKind
    from gongkai.lib.codes import make_credit_code

    def make(name: str, kind: str, parent: Any, n: int) -> Any:
        return create_agency(
            actor=None,
            parent=parent,
            name=name,
            slug=f"bench-{n}",
            kind=kind,
            code=make_credit_code("11640502", f"{10000000 + n:08d}"),
            office_phone=f"0955-88{n:05d}",
        )

    district = make("中卫市沙坡头区人民政府", AgencyKind.GOVERNMENT, None, 1)
    agencies = [district]
    for i, unit in enumerate(UNITS, start=2):
        agencies.append(make(f"中卫市沙坡头区{unit}", AgencyKind.DEPARTMENT, district, i))
    for i, town in enumerate(TOWNS, start=len(UNITS) + 2):
        agencies.append(make(f"中卫市沙坡头区{town}镇人民政府", AgencyKind.TOWNSHIP, district, i))
    return agencies


def timed(label: str, func: Callable[[], object], repeat: int) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52}{statistics.median(runs):>9.1f}{max(runs):>9.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="cases (100,000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres://…/gongkai_bench (default: DATABASE_URL, else a temporary SQLite)",
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    described, cleanup = configure(args.database_url or None)
    try:
        from django.core.management import call_command
        from django.db import connection

        from gongkai.applications import caseload, stats
        from gongkai.applications.models import Application

        call_command("migrate", verbosity=0)
        print(f"database: {described}")
        agencies = make_district()
        start = time.perf_counter()
        load = caseload.generate(agencies, years=YEARS, n=args.n, seed=SEED)
        elapsed = time.perf_counter() - start
        print(
            f"generated and stored {len(load.cases):,} cases, {len(load.disputes):,} disputes, "
            f"{len(load.complaints):,} complaints in {elapsed:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        district = agencies[0]
        town = agencies[-1]
        print(f"{Application.objects.filter(agency=town).count():,} cases at {town.name}")
        print(f"\n{'ms (median, slowest of ' + str(args.repeat) + ')':<52}{'median':>9}{'max':>9}")

        def all_three(agency: Any, year: int) -> None:
            stats.table3(agency, year)
            stats.table4(agency, year)
            stats.legacy(agency, year)

        for year in YEARS:
            for who, agency in (("district", district), ("township", town)):
                timed(
                    f"{year} {who}: table3 + table4 + legacy",
                    partial(all_three, agency, year),
                    args.repeat,
                )
            for name in ("table3", "table4", "legacy", "summary"):
                timed(
                    f"{year} district: {name}",
                    partial(getattr(stats, name), district, year),
                    args.repeat,
                )
    finally:
        cleanup()


if __name__ == "__main__":
    main()
