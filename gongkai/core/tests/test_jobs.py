"""huey wiring: SQLite storage by default, Redis when REDIS_URL is set."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from huey import RedisHuey, SqliteHuey

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

PROBE = (
    "import django; django.setup();"
    "from huey.contrib.djhuey import HUEY;"
    "print(type(HUEY).__name__, HUEY.immediate)"
)


def _probe(env: dict[str, str]) -> str:
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_default_queue_is_sqlite(tmp_path):
    assert _probe({"GONGKAI_VAR_DIR": str(tmp_path)}) == "SqliteHuey False"


def test_redis_url_selects_redis_queue(tmp_path):
    env = {"GONGKAI_VAR_DIR": str(tmp_path), "REDIS_URL": REDIS_URL}
    assert _probe(env) == "RedisHuey False"


def test_demo_mode_runs_jobs_immediately(tmp_path):
    env = {"GONGKAI_VAR_DIR": str(tmp_path), "GONGKAI_HUEY_IMMEDIATE": "1"}
    assert _probe(env) == "SqliteHuey True"


def _roundtrip(huey):  # type: ignore[no-untyped-def]
    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(2, 3)
    assert len(huey) == 1  # queued, not run
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5


def test_task_round_trip_through_sqlite_storage(tmp_path):
    _roundtrip(SqliteHuey(filename=str(tmp_path / "q.sqlite3")))


def test_task_round_trip_through_redis(tmp_path):
    huey = RedisHuey(name=f"gongkai-test-{uuid.uuid4().hex}", url=REDIS_URL)
    try:
        _roundtrip(huey)
    finally:
        huey.flush()
