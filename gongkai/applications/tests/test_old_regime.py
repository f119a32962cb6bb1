"""Applications received before 2019-05-15 were handled under the 2007 条例: 15 + 15
working days, and their letters cite that regulation's articles."""

from __future__ import annotations

import datetime

import pytest

from gongkai.applications import actions, outcomes
from gongkai.applications.models import LetterKind, Outcome
from gongkai.applications.tests.conftest import register

D = datetime.date
R2007 = "《中华人民共和国政府信息公开条例》（国务院令第492号）"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2019, 12, 31))


def test_reply_letter_of_2018_cites_the_2007_regulation(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2018, 4, 10))
    # 15 working days from Tuesday 2018-04-10: 04-11 … 04-27 are 13 (Qingming 04-05…07
    # is before), 04-28 (Saturday) is a make-up working day (day 14), 05-02 is day 15
    # (Labour Day 04-29…05-01 off)
    assert a.reply_due_on == D(2018, 5, 2)
    a = actions.reply(
        actor=hank,
        application=a,
        outcome=Outcome.ALREADY_PUBLIC,
        values={"where_published": "沙坡头区人民政府网站"},
        replied_on=D(2018, 4, 18),
    )
    letter = a.letters.get(kind=LetterKind.REPLY)
    assert f"根据{R2007}第二十一条第（一）项的规定" in letter.body
    assert "第三十六条" not in letter.body


def test_2019_application_cites_the_current_articles(binhe, hank) -> None:
    a = register(binhe, hank, submitted_on=D(2019, 5, 15))
    a = actions.reply(
        actor=hank,
        application=a,
        outcome=Outcome.NOT_HELD,
        values={"reasoning": "经检索没有该信息"},
        replied_on=D(2019, 5, 20),
    )
    letter = a.letters.get(kind=LetterKind.REPLY)
    assert "《中华人民共和国政府信息公开条例》第三十六条第（四）项" in letter.body


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.PARTIAL, f"{R2007}第二十二条"),
        (Outcome.REFUSED_PROCESS_INFO, f"{R2007}第二十一条第（二）项"),
        (Outcome.NOT_RESPONSIBLE, f"{R2007}第二十一条第（三）项"),
        (Outcome.REPEAT, R2007),
        (Outcome.WITHDRAWN, ""),
    ],
)
def test_old_articles(outcome: str, expected: str) -> None:
    assert outcomes.article(outcome, "2007") == expected
