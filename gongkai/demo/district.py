"""The demo district: 中卫市沙坡头区 with its 16 departments and 11 townships, as in the
2018 annual report the project started from, each with a disclosure office, reading
points and a staff account for every role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from gongkai.accounts.models import Role, RoleGrant, User
from gongkai.agencies import actions
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.lib.codes import make_credit_code

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 - printed for the demo, never used in production
ROOT_SLUG = "spt"
REGION = "640502"  # 中卫市沙坡头区 administrative division code
HOURS = "周一至周五 上午 8:30—12:00，下午 14:30—18:00（法定节假日除外）"

DEPARTMENTS = [
    ("zfb", "中卫市沙坡头区人民政府办公室", "区政府办"),
    ("fgj", "中卫市沙坡头区发展和改革局", "区发改局"),
    ("czj", "中卫市沙坡头区财政局", "区财政局"),
    ("mzj", "中卫市沙坡头区民政局", "区民政局"),
    ("sjj", "中卫市沙坡头区审计局", "区审计局"),
    ("tjj", "中卫市沙坡头区统计局", "区统计局"),
    ("jyj", "中卫市沙坡头区教育局", "区教育局"),
    ("wjj", "中卫市沙坡头区卫生健康局", "区卫健局"),
    ("rsj", "中卫市沙坡头区人力资源和社会保障局", "区人社局"),
    ("zjj", "中卫市沙坡头区住房和城乡建设局", "区住建局"),
    ("nyj", "中卫市沙坡头区农业农村和水务局", "区农业农村水务局"),
    ("sfj", "中卫市沙坡头区司法局", "区司法局"),
    ("jtj", "中卫市沙坡头区交通运输局", "区交通局"),
    ("wlj", "中卫市沙坡头区文化旅游广电局", "区文旅局"),
    ("scj", "中卫市沙坡头区市场监督管理局", "区市场监管局"),
    ("yjj", "中卫市沙坡头区应急管理局", "区应急局"),
]
TOWNSHIPS = [
    ("binhe", "滨河镇"),
    ("wenchang", "文昌镇"),
    ("dongyuan", "东园镇"),
    ("rouyuan", "柔远镇"),
    ("zhenluo", "镇罗镇"),
    ("xuanhe", "宣和镇"),
    ("yongkang", "永康镇"),
    ("changle", "常乐镇"),
    ("yingshuiqiao", "迎水桥镇"),
    ("xingren", "兴仁镇"),
    ("xiangshan", "香山乡"),
]
ROLE_USERNAMES = {
    Role.OFFICE_ADMIN: "admin",
    Role.PUBLISHER: "publisher",
    Role.REVIEWER: "reviewer",
    Role.HANDLER: "handler",
    Role.APPROVER: "approver",
    Role.READONLY: "readonly",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = [
    "晓东",
    "丽华",
    "建国",
    "海燕",
    "志强",
    "秀兰",
    "文博",
    "静怡",
    "国庆",
    "红梅",
    "立新",
    "雅琴",
    "振宇",
    "小梅",
    "宏伟",
    "玉兰",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    agency: str
    role: str


def demo_exists() -> bool:
    return Agency.objects.filter(slug=ROOT_SLUG).exists()


def username_for(agency_slug: str, role: Role) -> str:
    return f"{agency_slug}-{ROLE_USERNAMES[role]}"


@transaction.atomic
def load_demo_district() -> Agency:
    """Create the demo district. Raises if it already exists."""
    if demo_exists():
        raise RuntimeError("演示数据已存在")
    serial = iter(range(1, 1000))

    def code() -> str:
        return make_credit_code(f"11{REGION}", f"{45300000 + next(serial) * 37:08d}")

    root = actions.create_agency(
        actor=None,
        parent=None,
        name="中卫市沙坡头区人民政府",
        short_name="沙坡头区政府",
        slug=ROOT_SLUG,
        kind=AgencyKind.GOVERNMENT,
        code=code(),
        office_name="中卫市沙坡头区人民政府办公室（区政务公开办公室）",
        office_address="宁夏回族自治区中卫市沙坡头区人民政府办公室605室",
        office_postcode="755000",
        office_hours=HOURS,
        office_phone="0955-8806097",
        office_fax="0955-8806097",
        office_email="sptqzgwkb@163.com",
        website="http://www.spt.gov.cn/",
    )
    actions.add_reading_point(
        actor=None,
        agency=root,
        name="沙坡头区政务服务中心政府信息查阅点",
        address="中卫市沙坡头区政务服务中心一楼大厅",
        hours=HOURS,
        phone="0955-8806097",
        sort_order=1,
    )
    actions.add_reading_point(
        actor=None,
        agency=root,
        name="沙坡头区档案馆政府信息查阅点",
        address="中卫市沙坡头区档案馆阅览室",
        hours=HOURS,
        sort_order=2,
    )
    agencies = [root]
    for order, (short_slug, name, short_name) in enumerate(DEPARTMENTS, start=1):
        building = f"中卫市沙坡头区行政中心{order + 2}号楼"
        unit = _Unit(short_slug, name, short_name, AgencyKind.DEPARTMENT, order,
                     f"{short_name}办公室", building, f"0955-70{order:02d}{order * 3 % 100:02d}",
                     f"{short_name}政府信息查阅点", f"{building}一楼")  # fmt: skip
        agencies.append(_add_unit(root, unit, code()))
    for order, (short_slug, town) in enumerate(TOWNSHIPS, start=1):
        unit = _Unit(short_slug, f"中卫市沙坡头区{town}人民政府", town, AgencyKind.TOWNSHIP,
                     100 + order, f"{town}党政办公室", f"中卫市沙坡头区{town}人民政府院内",
                     f"0955-71{order:02d}{order * 7 % 100:02d}",
                     f"{town}便民服务中心政府信息查阅点", f"{town}便民服务中心大厅")  # fmt: skip
        agencies.append(_add_unit(root, unit, code()))
    _create_staff(agencies)
    return root


@dataclass(frozen=True)
class _Unit:
    short_slug: str
    name: str
    short_name: str
    kind: AgencyKind
    sort_order: int
    office_name: str
    office_address: str
    office_phone: str
    reading_point: str
    reading_point_address: str


def _add_unit(root: Agency, unit: _Unit, code: str) -> Agency:
    """A department or township under the district, with its office and reading point."""
    agency = actions.create_agency(
        actor=None,
        parent=root,
        name=unit.name,
        short_name=unit.short_name,
        slug=f"spt-{unit.short_slug}",
        kind=unit.kind,
        code=code,
        sort_order=unit.sort_order,
        office_name=unit.office_name,
        office_address=unit.office_address,
        office_postcode="755000",
        office_hours=HOURS,
        office_phone=unit.office_phone,
        office_email=f"spt{unit.short_slug}@example.gov.cn",
    )
    actions.add_reading_point(
        actor=None,
        agency=agency,
        name=unit.reading_point,
        address=unit.reading_point_address,
        hours=HOURS,
    )
    return agency


def _create_staff(agencies: list[Agency]) -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: 170 PBKDF2 rounds would be slow
    users: list[User] = []
    for a_index, agency in enumerate(agencies):
        for r_index, role in enumerate(ROLE_USERNAMES):
            n = a_index * len(ROLE_USERNAMES) + r_index
            users.append(
                User(
                    username=username_for(agency.slug, role),
                    full_name=SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)],
                    email=f"{username_for(agency.slug, role)}@example.gov.cn",
                    agency=agency,
                    password=password,
                )
            )
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.filter(agency__in=agencies)}
    RoleGrant.objects.bulk_create(
        RoleGrant(user=by_name[username_for(agency.slug, role)], role=role)
        for agency in agencies
        for role in ROLE_USERNAMES
    )
    User.objects.create_superuser(
        "admin", "admin@example.gov.cn", DEMO_PASSWORD, full_name="平台管理员"
    )


def demo_logins() -> list[DemoLogin]:
    """The accounts worth printing: every role of the district, one township, one bureau."""
    shown = [ROOT_SLUG, "spt-binhe", "spt-czj"]
    names = {a.slug: a.name for a in Agency.objects.filter(slug__in=shown)}
    return [
        DemoLogin(username_for(slug, role), names.get(slug, slug), role.label)
        for slug in shown
        for role in ROLE_USERNAMES
    ]
