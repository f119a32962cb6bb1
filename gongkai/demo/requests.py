"""The demo district's disclosure on request (依申请公开): the seed report's three 2018
applications and a realistic 2025–2026 caseload, every case played through
:mod:`gongkai.applications.actions` so that it has its audit trail, deadlines and
letters.

2018 (seed section 八 and table rows 三–七): three online applications to the district
government, two answered as already proactively disclosed and on time, one not the
district's (the responsible agency named) after a 15-day extension; no
reconsideration, litigation, complaint or fee. ``stats.legacy(root, 2018)`` then gives
exactly the seed's 3.1–3.3.8 and 4–7.

2025–2026: about seventy cases a year, most at the district government and the big
departments (住建局, 农业农村水务局, 人社局 …; the demo district has no 自然资源局), few at the
townships; every applicant kind, channel and :class:`Outcome`; corrections, third-party
and co-maker consultations, extensions, a per-item fee (unpaid, abandoned) and a
per-page fee (paid), withdrawals, deliveries and archived files; cases carried from
2025 into 2026; reconsiderations, lawsuits (one after reconsideration) and complaints.
A dozen cases are open *now* (``timezone.localdate()``): overdue, due within three
working days, waiting for confirmation, in correction, in consultation, awaiting payment.

Letters: every closed case has its letters issued on the day of each step (without
e-mailing anyone: ``notify=False``), is delivered and, some days later, archived; the
open cases' drafts stay as the handlers' to-dos. Rendering the PDFs (~0.15 s a letter)
is most of the loading time.

Deterministic (``random.Random(2025)``); the made-up applicants, the wording and the
weights are in :mod:`gongkai.demo.requests_data`. The audit events are stamped with the
time of loading (events are append-only); the registration time of each application is
set to its submission day.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, deadlines, dispute_actions
from gongkai.applications.letter_actions import issue_letter
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    Channel,
    Complaint,
    ConsultationAnswer,
    ConsultationKind,
    DeliveryMethod,
    Dispute,
    DisputeKind,
    DisputeResult,
    FeeMethod,
    IdType,
    Letter,
    LetterStatus,
    Outcome,
    Status,
    ThirdPartyInterest,
)
from gongkai.demo.disclosure import PROFILES, PROJECTS, TOWNSHIP_TOPICS, VILLAGES, Workdays, suffix
from gongkai.demo.requests_data import (
    AGENCY_WEIGHTS,
    CHANNELS,
    CO_MAKERS,
    COMMON,
    CONFIRM_NOTES,
    CORRECTION_ITEMS,
    EXTENSION_REASON,
    FIRMS,
    RESPONSIBLE,
    RESPONSIBLE_CONTACT,
    TRADES,
    WITHHELD,
    WORDING,
    People,
    Spec,
)
from gongkai.workdays.calendar import WorkdayCalendar

SEED = 2025
YEARS = (2025, 2026)
D = datetime.date


def load_demo_applications(root: Agency) -> dict[str, Any]:
    """Load the demo caseload under ``root`` (the demo district of
    :func:`gongkai.demo.district.load_demo_district`). Refused when ``root`` already has
    applications. Returns counts for the ``demo`` command to print."""
    if Application.objects.in_subtree(root).exists():
        raise RuntimeError("演示申请已存在")
    with transaction.atomic():
        loader = _Loader(root)
        loader.seed_2018()
        for year in YEARS:
            for spec in loader.caseload(year):
                loader.play(spec)
        for spec in loader.open_now():
            loader.play(spec)
        loader.disputes_and_complaints()
        _backdate(root)
    mine = Application.objects.in_subtree(root)
    by_year = {
        int(y): mine.filter(year=y).count()
        for y in sorted(set(mine.values_list("year", flat=True)))
    }
    return {
        "applications": by_year,
        "open_now": mine.open().count(),
        "disputes": Dispute.objects.filter(agency__path__startswith=root.path).count(),
        "complaints": Complaint.objects.filter(agency__path__startswith=root.path).count(),
        "letters_issued": Letter.objects.filter(
            application__in=mine, status=LetterStatus.ISSUED
        ).count(),
    }


def _due(a: Application) -> datetime.date:
    if a.reply_due_on is None:
        raise RuntimeError(f"{a.number}：答复期限未确定")
    return a.reply_due_on


def _backdate(root: Agency) -> None:
    """Registration time = the submission day (the audit events keep their real time)."""
    for application in Application.objects.in_subtree(root).only("pk", "submitted_on"):
        at = timezone.make_aware(
            datetime.datetime.combine(application.submitted_on, datetime.time(9))
        )
        Application.objects.filter(pk=application.pk).update(created_at=at)


class _Loader:
    def __init__(self, root: Agency) -> None:
        self.root = root
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.today = timezone.localdate()
        self.agencies = {suffix(a): a for a in root.subtree()}
        self.users = {
            u.username: u for u in User.objects.filter(agency__path__startswith=root.path)
        }
        self.wd = Workdays(
            WorkdayCalendar(), D(2018, 1, 1), self.today + datetime.timedelta(days=90)
        )
        self.people = People(self.rng)
        self.cases: dict[str, int] = {}
        self.issuing = False  # whether the case being played gets its letters issued

    # --- helpers ------------------------------------------------------------------

    def agency(self, key: str) -> Agency:
        return self.agencies[key]

    def user(self, agency: Agency, role: str = "handler") -> User:
        return self.users[f"{agency.slug}-{role}"]

    def workday(self, start: datetime.date, end: datetime.date) -> datetime.date:
        day = start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))
        return self.wd.after(day, 1)

    def describe(self, outcome: str, agency: Agency, year: int = 0) -> str:
        year = year or self.today.year
        key = suffix(agency)
        topics = PROFILES[key][1] if key in PROFILES else TOWNSHIP_TOPICS
        village = VILLAGES.get(key) or self.rng.choice(list(VILLAGES.values()))
        template = self.rng.choice(WORDING[outcome][0])
        return template.format(
            unit=agency.short_name or agency.name,
            year=year - 1,
            topic=self.rng.choice(topics),
            place=self.rng.choice(village),
            project=self.rng.choice(PROJECTS),
            firm=f"中卫市{self.rng.choice(FIRMS)}{self.rng.choice(TRADES)}有限公司",
        )

    def issue_drafts(self, application: Application, on: datetime.date) -> None:
        """Issue the letters the last step drafted, dated that step's day."""
        if not self.issuing:
            return
        actor = self.user(application.agency)
        for letter in Letter.objects.filter(application=application, status=LetterStatus.DRAFT):
            issue_letter(actor=actor, letter=letter, issued_on=on, notify=False)

    # --- one case -----------------------------------------------------------------

    def register(self, spec: Spec, agency: Agency, channel: str) -> Application:
        rng = self.rng
        applicant = spec.applicant or self.people.any()
        received = spec.received
        values: dict[str, Any] = applicant.values | {
            "description": spec.description
            or self.describe(spec.outcome or Outcome.GRANTED, agency, received.year),
            "channel": channel,
            "submitted_on": received,
        }
        if channel == Channel.REGISTERED_MAIL:
            values["submitted_on"] = received - datetime.timedelta(days=rng.randint(1, 3))
            values["signed_on"] = received
        elif channel in (Channel.ONLINE, Channel.EMAIL, Channel.FAX) and not spec.via_portal:
            values["submitted_on"] = received - datetime.timedelta(days=rng.choice((0, 0, 1)))
        if values["delivery_method"] == DeliveryMethod.ONLINE and channel != Channel.ONLINE:
            values["delivery_method"] = (
                DeliveryMethod.EMAIL if values.get("email") else DeliveryMethod.POST
            )
        handler = None if spec.via_portal else self.user(agency)
        application = actions.register_application(
            actor=handler, agency=agency, values=values, via_portal=spec.via_portal
        )
        self.issue_drafts(application, received)
        if spec.stop == "pending":
            return application
        if application.status == Status.PENDING:
            application = actions.confirm_receipt(
                actor=self.user(agency),
                application=application,
                confirmed_on=received,
                note=CONFIRM_NOTES[Channel(channel)],
            )
            self.issue_drafts(application, received)
        return application

    def play(self, spec: Spec) -> Application:
        rng, wd = self.rng, self.wd
        agency = self.agency(spec.agency)
        handler = self.user(agency)
        channel = spec.channel or rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0]
        self.issuing = spec.issue
        a = self.register(spec, agency, channel)
        if spec.tag:
            self.cases[spec.tag] = a.pk
        if spec.stop == "pending":
            return a
        day = spec.received
        if spec.correction:
            notified = wd.after(day, rng.randint(2, 5))
            deadline = wd.after(notified, 15)
            a = actions.request_correction(
                actor=handler, application=a, items=CORRECTION_ITEMS, deadline=deadline,
                notified_on=notified,
            )  # fmt: skip
            self.issue_drafts(a, notified)
            if spec.correction == "open":
                return a
            if spec.correction == "abandoned":
                on = wd.after(deadline, 1)
                a = actions.abandon_no_correction(actor=handler, application=a, on=on)
                self.issue_drafts(a, on)
                return self.file(a, on)
            day = wd.after(notified, rng.randint(3, 8))
            a = actions.receive_correction(actor=handler, application=a, received_on=day)
        if spec.consult:
            sent = wd.after(day, rng.randint(2, 5))
            party = (
                f"中卫市{rng.choice(FIRMS)}{rng.choice(TRADES)}有限公司"
                if spec.consult == ConsultationKind.THIRD_PARTY
                else rng.choice([n for n in CO_MAKERS if n != agency.name])
            )
            consultation = actions.start_consultation(
                actor=handler, application=a, kind=spec.consult, party=party,
                party_contact="0955-7019555", sent_on=sent, delivered_on=wd.after(sent, 1),
            )  # fmt: skip
            self.issue_drafts(a, sent)
            if not spec.answer:
                return a
            if spec.answer == ConsultationAnswer.NO_ANSWER:
                day = wd.after(consultation.due_on, 1)
            else:
                day = wd.after(consultation.delivered_on, rng.randint(4, 12))
            opinion = {
                ConsultationAnswer.CONSENT: "同意公开。",
                ConsultationAnswer.OBJECT: "该信息涉及本公司商业秘密，不同意公开。",
            }.get(ConsultationAnswer(spec.answer), "")
            actions.finish_consultation(
                actor=handler, consultation=consultation, answered_on=day, answer=spec.answer,
                opinion=opinion,
            )  # fmt: skip
        if spec.fee:
            notice = wd.after(day, rng.randint(1, 3))
            fee = actions.issue_fee_notice(
                actor=handler, application=a, method=spec.fee, pages=spec.pages or None,
                notice_on=notice, notice_received_on=notice + datetime.timedelta(days=2),
            )  # fmt: skip
            self.issue_drafts(a, notice)
            if spec.paid is None:
                return a
            if not spec.paid:
                on = wd.after(fee.payment_due_on, 1)
                a = actions.abandon_unpaid_fee(actor=handler, application=a, on=on)
                self.issue_drafts(a, on)
                return self.file(a, on)
            day = wd.after(fee.notice_received_on, rng.randint(3, 9))
            actions.record_payment(
                actor=handler, application=a, paid_on=day, amount=fee.amount,
                receipt_number=f"NT{day:%Y%m%d}{rng.randint(1000, 9999)}",
            )  # fmt: skip
        a.refresh_from_db()
        if spec.extend:
            decided = max(wd.after(day, 1), wd.before(_due(a), rng.randint(1, 3)))
            periods = deadlines.periods_for(spec.received)
            days = periods.max_extension if periods.regime == "2007" else rng.choice((10, 15, 20))
            a = actions.extend(
                actor=handler, application=a, days=days,
                approver=self.user(agency, "approver").full_name, reason=EXTENSION_REASON,
                decided_on=decided,
            )  # fmt: skip
            self.issue_drafts(a, decided)
            day = decided
        if spec.stop:
            return a
        return self.decide(a, spec, day)

    def decide(self, a: Application, spec: Spec, day: datetime.date) -> Application:
        rng, wd = self.rng, self.wd
        handler = self.user(a.agency)
        due = _due(a)
        earliest = wd.after(day, 1)
        if spec.late:
            on = wd.after(due, rng.randint(1, 4))
        elif spec.after:
            on = max(earliest, wd.after(a.clock_start_on or day, spec.after))
        elif spec.extend:
            on = max(earliest, wd.before(due, rng.randint(0, 6)))
        else:
            on = min(due, max(earliest, wd.after(day, rng.randint(2, 16))))
        outcome = spec.outcome
        reason = WORDING[outcome][1].format(unit=a.agency.short_name or a.agency.name)
        if outcome == Outcome.WITHDRAWN:
            a = actions.withdraw(actor=handler, application=a, reason=reason, on=on)
            return self.file(a, on)
        if outcome == Outcome.NOT_RESPONSIBLE:
            name = next(
                (v for k, v in RESPONSIBLE.items() if k in a.description), "中卫市自然资源局"
            )
            contact = RESPONSIBLE_CONTACT
            a = actions.transfer(
                actor=handler, application=a, responsible_agency=name,
                responsible_contact=contact, reasoning=f"{reason}请向{name}提出申请。", on=on,
            )  # fmt: skip
        else:
            a = actions.reply(
                actor=handler, application=a, outcome=outcome,
                values=self.reply_values(a, outcome, reason), replied_on=on,
            )  # fmt: skip
        self.issue_drafts(a, on)
        delivered = on + datetime.timedelta(days=rng.choice((0, 0, 1, 3)))
        if delivered >= self.today:
            return a
        method = a.delivery_method
        proof = {
            DeliveryMethod.POST: f"EMS {rng.randint(10**12, 10**13 - 1)}",
            DeliveryMethod.PICKUP: "申请人当场签收",
            DeliveryMethod.EMAIL: f"已发送至 {a.email}",
            DeliveryMethod.ONLINE: "网上申请平台已推送",
        }[DeliveryMethod(method)]
        a = actions.deliver(
            actor=handler, application=a, delivered_on=delivered, method=method, proof=proof
        )
        return self.file(a, delivered)

    def reply_values(self, a: Application, outcome: str, reason: str) -> dict[str, str]:
        values = {"reasoning": reason, "reply_summary": ""}
        if outcome in (Outcome.GRANTED, Outcome.ALREADY_PUBLIC):
            values = {"reasoning": "", "reply_summary": reason}
        if outcome == Outcome.ALREADY_PUBLIC:
            unit = a.agency.short_name or a.agency.name
            values["where_published"] = (
                f"沙坡头区人民政府网站（{self.root.website}）“政府信息公开—{unit}”栏目"
            )
        if outcome == Outcome.PARTIAL:
            values |= {
                "withheld_description": WITHHELD,
                "withheld_ground": Outcome.REFUSED_THIRD_PARTY,
                "third_party_interest": ThirdPartyInterest.PRIVACY,
            }
        if outcome == Outcome.REFUSED_THIRD_PARTY:
            values["third_party_interest"] = ThirdPartyInterest.TRADE_SECRET
        return values

    def file(self, a: Application, last: datetime.date) -> Application:
        """Archive the closed case some days after its last step, if that is past."""
        on = last + datetime.timedelta(days=self.rng.randint(3, 25))
        if not self.issuing or on >= self.today:
            return a
        return actions.archive(actor=self.user(a.agency), application=a, on=on)

    # --- the caseloads --------------------------------------------------------------

    def seed_2018(self) -> None:
        """The seed report's three online applications to the district government."""
        person = self.people.person
        for spec in (
            Spec("", D(2018, 4, 10), Outcome.ALREADY_PUBLIC, person(), Channel.ONLINE,
                 "请公开沙坡头区2018年政府工作报告全文", after=6),
            Spec("", D(2018, 8, 14), Outcome.ALREADY_PUBLIC, person(), Channel.ONLINE,
                 "请公开《沙坡头区农村危房改造补助资金管理办法》", after=9),
            Spec("", D(2018, 10, 30), Outcome.NOT_RESPONSIBLE, person(), Channel.ONLINE,
                 "请公开中卫市中心城区2018年城市公交线路调整方案", extend=True),
        ):  # fmt: skip
            spec.issue = True
            self.play(spec)

    def caseload(self, year: int) -> list[Spec]:
        """The year's cases: scripted ones that show each feature, then ordinary ones."""
        rng = self.rng
        specs = self.scripted(year)
        last = D(year, 12, 18) if year < self.today.year else D(year, 9, 15)
        keys = list(AGENCY_WEIGHTS)
        for _ in range(40 if year == 2025 else 42):
            agency = rng.choices(keys, weights=list(AGENCY_WEIGHTS.values()))[0]
            outcome = rng.choices(list(COMMON), weights=list(COMMON.values()))[0]
            specs.append(
                Spec(
                    agency,
                    self.workday(D(year, 1, 3), last),
                    outcome,
                    extend=rng.random() < 0.1,
                    correction="corrected" if rng.random() < 0.08 else "",
                    consult=ConsultationKind.CO_MAKER
                    if outcome == Outcome.GRANTED and rng.random() < 0.08
                    else "",
                    answer=ConsultationAnswer.CONSENT,
                    late=rng.random() < 0.04,
                    issue=True,
                )
            )
        specs.sort(key=lambda s: s.received)
        return specs

    def scripted(self, year: int) -> list[Spec]:
        """Cases that show each outcome and feature at least once."""
        person, org = self.people.person, self.people.organisation
        ch, ak, o, ck, ca = Channel, ApplicantKind, Outcome, ConsultationKind, ConsultationAnswer
        if year == 2025:
            # one applicant, twelve applications to 住建局 in June: the 11th is charged
            # by the item (not paid), the 12th refused as excessive
            batch = person()
            june = [self.wd.after(D(2025, 6, 2), i) for i in range(1, 13)]  # 端午 ends 6-2
            outcomes = (o.GRANTED, o.NOT_HELD, o.ALREADY_PUBLIC, o.GRANTED, o.REPEAT,
                        o.NOT_HELD, o.GRANTED, o.NEEDS_CREATION, o.ALREADY_PUBLIC, o.NOT_HELD,
                        o.UNPAID_FEE, o.EXCESSIVE)  # fmt: skip
            specs = [
                Spec("zjj", day, outcome, batch, ch.ONLINE, issue=True)
                for day, outcome in zip(june, outcomes, strict=True)
            ]
            specs[10].fee, specs[10].paid = FeeMethod.PER_ITEM, False
            return specs + self._issued([
                Spec("zjj", D(2025, 3, 11), o.GRANTED, org(ak.COMMERCIAL), ch.IN_PERSON,
                     "请提供沙坡头区第三中学教学综合楼建设项目施工图设计文件及审查意见（纸质）",
                     fee=FeeMethod.PER_PAGE, pages=86, paid=True),
                Spec("fgj", D(2025, 4, 8), o.REFUSED_THIRD_PARTY, org(ak.COMMERCIAL),
                     ch.REGISTERED_MAIL, consult=ck.THIRD_PARTY, answer=ca.OBJECT),
                Spec("", D(2025, 5, 13), o.GRANTED, org(ak.RESEARCH), ch.EMAIL,
                     "请提供沙坡头区“十四五”生态保护修复项目资金安排表",
                     consult=ck.CO_MAKER, answer=ca.NO_ANSWER),
                Spec("binhe", D(2025, 7, 8), o.NO_CORRECTION, person(), ch.ORDINARY_MAIL,
                     correction="abandoned"),
                Spec("mzj", D(2025, 8, 19), o.STILL_UNCLEAR, person(), ch.IN_PERSON,
                     correction="corrected"),
                Spec("", D(2025, 2, 18), o.REFUSED_STATE_SECRET, person(), ch.ONLINE),
                Spec("tjj", D(2025, 9, 9), o.REFUSED_LAW_FORBIDS, org(ak.COMMERCIAL), ch.EMAIL),
                Spec("scj", D(2025, 3, 25), o.REFUSED_ENFORCEMENT_FILE, org(ak.COMMERCIAL),
                     ch.IN_PERSON, tag="disputed-2025"),
                Spec("scj", D(2025, 10, 14), o.REFUSED_QUERY_PROCEDURE, org(ak.LEGAL_SERVICE),
                     ch.FAX),
                Spec("mzj", D(2025, 4, 22), o.CONFIRM_REISSUE, person(), ch.IN_PERSON),
                Spec("zfb", D(2025, 11, 4), o.PUBLICATION, org(ak.NONPROFIT), ch.ONLINE),
                Spec("rsj", D(2025, 6, 24), o.OTHER, person(), ch.IN_PERSON),
                Spec("jyj", D(2025, 3, 4), o.GRANTED, person(), ch.ONLINE, late=True,
                     tag="late-2025"),
                Spec("jyj", D(2025, 5, 6), o.WITHDRAWN, person(IdType.HK_MACAO), ch.EMAIL),
                # received in December, decided in January: carried over into 2026
                Spec("", D(2025, 12, 16), o.PARTIAL, org(ak.OTHER_ORG), ch.REGISTERED_MAIL,
                     consult=ck.THIRD_PARTY, answer=ca.OBJECT, after=19),
                Spec("nyj", D(2025, 12, 22), o.NOT_HELD, person(), ch.ONLINE, extend=True),
                Spec("zjj", D(2025, 12, 26), o.GRANTED, person(), ch.IN_PERSON, after=14),
            ])  # fmt: skip
        return self._issued([
            Spec("yjj", D(2026, 3, 17), o.REFUSED_SECURITY_STABILITY, person(), ch.ONLINE),
            Spec("zjj", D(2026, 4, 14), o.GRANTED, org(ak.COMMERCIAL), ch.REGISTERED_MAIL,
                 consult=ck.THIRD_PARTY, answer=ca.CONSENT),
            Spec("", D(2026, 5, 12), o.REFUSED_PROCESS_INFO, person(), ch.IN_PERSON,
                 tag="sued-2026"),
            Spec("rsj", D(2026, 2, 24), o.NOT_HELD, person(), ch.ONLINE, tag="reviewed-2026"),
            Spec("nyj", D(2026, 6, 9), o.NOT_HELD, org(ak.OTHER_ORG), ch.ONLINE,
                 tag="reviewing-2026"),
            Spec("wenchang", D(2026, 4, 21), o.GRANTED, person(), ch.IN_PERSON,
                 correction="corrected"),
            Spec("zjj", D(2026, 7, 7), o.GRANTED, person(), ch.ONLINE, late=True,
                 tag="late-2026"),
            Spec("wjj", D(2026, 5, 26), o.ALREADY_PUBLIC, person(IdType.TAIWAN), ch.EMAIL),
            Spec("wlj", D(2026, 6, 16), o.GRANTED, person(IdType.PASSPORT), ch.EMAIL),
            Spec("sfj", D(2026, 8, 11), o.WITHDRAWN, org(ak.LEGAL_SERVICE), ch.FAX),
            Spec("czj", D(2026, 3, 3), o.PARTIAL, org(ak.NONPROFIT), ch.ORDINARY_MAIL),
            Spec("scj", D(2026, 9, 1), o.REFUSED_ENFORCEMENT_FILE, org(ak.COMMERCIAL),
                 ch.IN_PERSON),
            Spec("", D(2026, 7, 21), o.PETITION, person(), ch.ONLINE),
            Spec("jtj", D(2026, 9, 8), o.NOT_RESPONSIBLE, person(), ch.ONLINE,
                 "请公开宁夏回族自治区2025年高速公路建设项目征地补偿标准"),
        ])  # fmt: skip

    def open_now(self) -> list[Spec]:
        """Thirteen cases open today, their deadlines close to today: two overdue, two
        due within three working days, three waiting for confirmation, one each in
        correction, consultation and awaiting payment, and five running normally. Their
        letters stay drafts, as the handlers' to-dos."""
        wd, ch, org = self.wd, Channel, self.people.organisation
        last = wd.before(self.today, 0)  # the last working day up to today
        return [
            Spec("zjj", wd.before(last, 23), stop="processing", channel=ch.IN_PERSON,
                 tag="overdue"),
            Spec("", wd.before(last, 44), stop="extended", extend=True, channel=ch.ONLINE),
            Spec("", wd.before(last, 19), stop="processing", channel=ch.ONLINE),
            Spec("nyj", wd.before(last, 17), stop="processing", channel=ch.REGISTERED_MAIL),
            Spec("", self.today, stop="pending", via_portal=True, channel=ch.ONLINE,
                 applicant=self.people.person()),
            Spec("rsj", wd.before(last, 1), stop="pending", channel=ch.EMAIL),
            Spec("binhe", wd.before(last, 1), stop="pending", channel=ch.FAX),
            Spec("mzj", wd.before(last, 6), correction="open", channel=ch.IN_PERSON,
                 description="请公开我们村低保评议的那份文件"),
            Spec("fgj", wd.before(last, 10), consult=ConsultationKind.THIRD_PARTY,
                 applicant=org(ApplicantKind.COMMERCIAL),
                 description=self.describe(Outcome.REFUSED_THIRD_PARTY, self.agency("fgj"))),
            Spec("zjj", wd.before(last, 9), fee=FeeMethod.PER_PAGE, pages=58,
                 applicant=org(ApplicantKind.COMMERCIAL), channel=ch.IN_PERSON,
                 description="请提供双桥三期棚户区改造项目施工许可审批材料（纸质复印件）"),
            Spec("", wd.before(last, 21), stop="extended", extend=True, channel=ch.ONLINE),
            Spec("jyj", wd.before(last, 5), stop="processing", channel=ch.ONLINE),
            Spec("wenchang", wd.before(last, 2), stop="processing", channel=ch.IN_PERSON),
        ]  # fmt: skip

    @staticmethod
    def _issued(specs: list[Spec]) -> list[Spec]:
        """Mark the scripted cases to have their letters issued (and so be filed)."""
        for spec in specs:
            spec.issue = True
        return specs

    # --- reconsideration, litigation, complaints ------------------------------------

    def case(self, tag: str) -> tuple[Application, datetime.date]:
        a = Application.objects.select_related("agency").get(pk=self.cases[tag])
        return a, a.closed_on or a.received_on or a.submitted_on

    def dispute(
        self, a: Application, kind: str, number: str, body: str, filed: datetime.date,
        summary: str, result: str = "", closed: datetime.date | None = None, note: str = "",
    ) -> None:  # fmt: skip
        """Record a reconsideration or lawsuit; its result later, as the office would."""
        actor = self.user(a.agency)
        values: dict[str, Any] = {
            "kind": kind,
            "case_number": number,
            "body": body,
            "claimant": a.applicant_name,
            "filed_on": filed,
            "summary": summary,
        }
        dispute = dispute_actions.record_dispute(
            actor=actor, agency=a.agency, application=a, values=values
        )
        if result:
            values |= {"result": result, "closed_on": closed, "result_note": note}
            dispute_actions.update_dispute(actor=actor, dispute=dispute, values=values)

    def disputes_and_complaints(self) -> None:
        wd, k, r = self.wd, DisputeKind, DisputeResult
        government, court = "中卫市沙坡头区人民政府", "中卫市沙坡头区人民法院"
        a, closed = self.case("disputed-2025")
        filed = wd.after(closed, 25)
        decided = wd.after(filed, 40)
        self.dispute(a, k.RECONSIDERATION, "沙政复〔2025〕7号", government, filed,
                     "申请人不服不予公开行政处罚案卷的答复，请求撤销并责令重新答复。",
                     r.UPHELD, decided, "复议机关决定维持原答复。")  # fmt: skip
        self.dispute(a, k.LITIGATION_AFTER_REVIEW, "（2025）宁0502行初41号", court,
                     wd.after(decided, 10), "原告不服复议决定，请求撤销被诉答复。",
                     r.UPHELD, D(2026, 3, 19), "一审判决驳回原告诉讼请求。")  # fmt: skip
        a, closed = self.case("reviewed-2026")
        filed = wd.after(closed, 20)
        self.dispute(a, k.RECONSIDERATION, "沙政复〔2026〕3号", government, filed,
                     "申请人认为被申请人未尽检索义务，请求责令重新答复。",
                     r.CORRECTED, wd.after(filed, 35),
                     "复议机关决定撤销原答复，责令被申请人重新答复。")  # fmt: skip
        a, closed = self.case("reviewing-2026")
        self.dispute(a, k.RECONSIDERATION, "沙政复〔2026〕11号", government,
                     wd.after(closed, 30), "申请人不服答复，请求责令重新答复。")  # fmt: skip
        a, closed = self.case("sued-2026")
        self.dispute(a, k.LITIGATION_DIRECT, "（2026）宁05行初17号", "中卫市中级人民法院",
                     wd.after(closed, 45), "原告请求撤销不予公开的答复。")  # fmt: skip
        self.complaints()

    def complaints(self) -> None:
        wd = self.wd
        late, closed = self.case("late-2025")
        late_2026, closed_2026 = self.case("late-2026")
        overdue, _ = self.case("overdue")
        rows: list[tuple[Agency, Application | None, dict[str, Any]]] = [
            (late.agency, late, {
                "complainant": late.applicant_name, "received_on": wd.after(closed, 2),
                "subject": "区教育局未在法定期限内答复本人的政府信息公开申请。",
                "handled_on": wd.after(closed, 12),
                "result": "经核查情况属实，已责令区教育局整改并在全区通报。"}),
            (self.agency("binhe"), None, {
                "complainant": "滨河镇沙渠村村民（匿名）", "received_on": D(2025, 10, 20),
                "subject": "沙渠村村务公开栏长期未更新，村级财务收支未按季度公开。",
                "handled_on": D(2025, 11, 7),
                "result": "已督促滨河镇指导沙渠村按季度更新公开栏。"}),
            (late_2026.agency, late_2026, {
                "complainant": late_2026.applicant_name,
                "received_on": wd.after(closed_2026, 3),
                "subject": "区住建局超过法定期限答复政府信息公开申请。",
                "handled_on": wd.after(closed_2026, 15),
                "result": "经核查情况属实，已约谈区住建局公开工作负责人。"}),
            (overdue.agency, overdue, {
                "complainant": overdue.applicant_name,
                "received_on": wd.before(self.today, 1),
                "subject": "提交政府信息公开申请已超过二十个工作日，至今未收到答复。"}),
        ]  # fmt: skip
        for agency, application, values in rows:
            dispute_actions.record_complaint(
                actor=self.user(self.root, "admin"),
                agency=agency,
                application=application,
                values=values,
            )
