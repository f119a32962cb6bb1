"""The workdays tests use the project's named dataset (root conftest.py): alice keeps the
holiday calendar (公开办管理员 of the district, a top-level agency); carol (公开办管理员 of
滨河镇) and bob (信息发布员 of 滨河镇) may see it but not change it."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Agency


@pytest.fixture
def township(binhe: Agency) -> Agency:
    return binhe
