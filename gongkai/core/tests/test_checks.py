import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

ROOT = Path(__file__).resolve().parents[3]


def ids(errors):
    return {e.id for e in errors}


def test_default_settings_pass_the_checks():
    assert not [e for e in run_checks() if e.id and e.id.startswith("gongkai.")]


def test_production_without_secret_key_fails(settings):
    settings.IS_PRODUCTION = True
    settings.SECRET_KEY = "too-short"
    settings.ALLOWED_HOSTS = ["gk.example.gov.cn"]
    errors = [e for e in run_checks() if e.id == "gongkai.E002"]
    assert errors
    assert "SECRET_KEY" in errors[0].hint


def test_production_without_allowed_hosts_fails(settings):
    settings.IS_PRODUCTION = True
    settings.SECRET_KEY = "x" * 50
    settings.ALLOWED_HOSTS = []
    assert "gongkai.E003" in ids(run_checks())


def test_bad_time_zone_and_redis_url_are_reported(settings):
    settings.TIME_ZONE = "Mars/Olympus"
    settings.REDIS_URL = "http://127.0.0.1:6379"
    assert {"gongkai.E004", "gongkai.E005"} <= ids(run_checks())


def test_unknown_environment_name_is_reported(settings):
    settings.GONGKAI_ENV = "staging"
    assert "gongkai.E001" in ids(run_checks())


def _check_with_env(env):
    base = {"PATH": "/usr/bin:/bin", "GONGKAI_VAR_DIR": str(ROOT / "var" / "check-test")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_command_fails_fast_in_production_without_secret_key():
    result = _check_with_env({"GONGKAI_ENV": "production", "ALLOWED_HOSTS": "gk.example.gov.cn"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_bad_database_url_says_what_to_set():
    result = _check_with_env({"DATABASE_URL": "nonsense://"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "postgres://" in result.stderr


def test_bad_boolean_says_which_variable():
    result = _check_with_env({"GONGKAI_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "GONGKAI_DEBUG='maybe' is not a boolean" in result.stderr
