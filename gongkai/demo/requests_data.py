"""What the demo caseload of :mod:`gongkai.demo.requests` is made of: the made-up
applicants (:class:`People`: names, ID numbers and credit codes that pass the checks,
phone numbers 13x9555xxxx, e-mail addresses at example.com), the wording of requests
and replies per outcome, the fixed texts of the steps, the weights of agencies,
outcomes and channels, and :class:`Spec`, one case to play.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from gongkai.applications.models import ApplicantKind, Channel, IdType, Outcome
from gongkai.lib.codes import make_credit_code
from gongkai.pii.scanner import id_check_char

D = datetime.date

# --- applicants ----------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田白"
GIVEN = (
    "建军", "秀英", "玉梅", "志刚", "海军", "红霞", "永平", "淑珍", "学文", "桂兰", "少华",
    "春燕", "德明", "金花", "立平", "丽娟", "国强", "晓燕", "文涛", "佳怡", "子轩", "雨涵",
)  # fmt: skip
ID_REGIONS = ("640502", "640502", "640502", "640502", "640521", "640522", "640104", "640302")
FIRMS = ("沙湖", "金沙", "鸣沙", "黄河", "丰源", "宏达", "瑞丰", "腾格里", "西夏", "长城")
TRADES = ("商贸", "建筑工程", "房地产开发", "农业科技", "物流", "餐饮管理", "建材", "新能源")
STREETS = ("鼓楼东街", "中山南街", "应理南街", "文萃北路", "长城东街", "蔡桥路", "平安东路")


@dataclass(frozen=True)
class Applicant:
    name: str
    values: dict[str, Any]


class People:
    """Made-up applicants: natural persons with valid resident ID numbers, and
    organisations with valid credit codes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0

    def _contact(self, place: str) -> dict[str, Any]:
        rng = self.rng
        self.n += 1
        form = rng.choice(("electronic", "electronic", "electronic", "paper"))
        if form == "electronic":
            delivery = rng.choice(("email", "email", "online"))
        else:
            delivery = rng.choice(("post", "pickup"))
        return {
            "phone": f"13{rng.choice('5789')}9555{self.n:04d}",
            "email": f"demo{self.n:03d}@example.com",
            "address": f"宁夏中卫市沙坡头区{place}{rng.randint(1, 199)}号",
            "postcode": "755000",
            "requested_form": form,
            "delivery_method": delivery,
        }

    def person(self, id_type: str = IdType.RESIDENT_ID) -> Applicant:
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if id_type == IdType.RESIDENT_ID:
            birth = D(1952, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 48))
            first17 = f"{rng.choice(ID_REGIONS)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
            number = first17 + id_check_char(first17)
        elif id_type == IdType.HK_MACAO:
            number = f"H{rng.randint(10**7, 10**8 - 1)}"
        elif id_type == IdType.TAIWAN:
            number = f"{rng.randint(10**7, 10**8 - 1)}"
        else:
            number = f"E{rng.randint(10**7, 10**8 - 1)}"
        values = {
            "applicant_kind": ApplicantKind.NATURAL_PERSON,
            "applicant_name": name,
            "id_type": id_type,
            "id_number": number,
        }
        return Applicant(name, values | self._contact(rng.choice(STREETS)))

    def organisation(self, kind: str) -> Applicant:
        rng = self.rng
        firm = rng.choice(FIRMS)
        name, prefix = {
            ApplicantKind.COMMERCIAL: (f"中卫市{firm}{rng.choice(TRADES)}有限公司", "91640502"),
            ApplicantKind.RESEARCH: (f"宁夏{firm}生态农业研究所", "12640000"),
            ApplicantKind.NONPROFIT: (f"中卫市{firm}公益服务中心", "52640502"),
            ApplicantKind.LEGAL_SERVICE: (f"宁夏{firm}律师事务所", "31640000"),
            ApplicantKind.OTHER_ORG: (f"沙坡头区{firm}枸杞种植专业合作社", "93640502"),
        }[ApplicantKind(kind)]
        code = make_credit_code(prefix, f"{rng.randint(10**7, 10**8 - 1)}")
        contact = rng.choice(SURNAMES) + rng.choice(GIVEN)
        values = {
            "applicant_kind": kind,
            "applicant_name": name,
            "credit_code": code,
            "contact_person": contact,
        }
        return Applicant(name, values | self._contact(rng.choice(STREETS)))

    def any(self) -> Applicant:
        kind = self.rng.choices(
            ApplicantKind.values, weights=(70, 14, 3, 4, 5, 4)
        )[0]  # fmt: skip
        return self.person() if kind == ApplicantKind.NATURAL_PERSON else self.organisation(kind)


# --- what is asked and answered ------------------------------------------------------

#: outcome → (request descriptions, the reply's reasoning or summary)
WORDING: dict[str, tuple[tuple[str, ...], str]] = {
    Outcome.GRANTED: (
        (
            "请公开{project}项目的立项批复、资金来源及招投标结果",
            "请提供{unit}{year}年{topic}资金的分配和使用情况",
            "申请公开{unit}在{place}实施的{year}年{topic}项目清单及资金安排",
            "请公开{unit}{year}年部门决算及“三公”经费支出明细",
        ),
        "同意公开，已按申请人要求的形式提供所申请的政府信息。",
    ),
    Outcome.ALREADY_PUBLIC: (
        (
            "请提供{unit}{year}年{topic}工作实施方案",
            "申请公开{unit}{year}年度政府信息公开工作年度报告",
            "请公开{project}项目的环境影响评价批复",
        ),
        "该信息已主动公开，已告知申请人获取途径。",
    ),
    Outcome.PARTIAL: (
        ("请公开{project}项目征收补偿安置协议及补偿款发放明细",),
        "被征收人的身份证号码、银行账号和家庭住址属于个人隐私，公开后会损害第三方合法权益，"
        "依据《条例》第十五条、第三十七条不予公开，其余部分予以公开。",
    ),
    Outcome.REFUSED_STATE_SECRET: (
        ("请公开沙坡头区人民防空工程的分布位置、数量和防护等级",),
        "所申请信息经保密审查属于国家秘密，依据《条例》第十四条不予公开。",
    ),
    Outcome.REFUSED_LAW_FORBIDS: (
        ("请提供{firm}填报的{year}年规模以上工业企业统计调查原始报表",),
        "《中华人民共和国统计法》第三十九条规定统计调查中获得的能够识别单个统计调查对象的资料"
        "应当保密，依据《条例》第十四条不予公开。",
    ),
    Outcome.REFUSED_SECURITY_STABILITY: (
        ("请公开全区应急物资储备库的具体位置、储备品种和数量",),
        "公开后可能危及公共安全和社会稳定，依据《条例》第十四条不予公开。",
    ),
    Outcome.REFUSED_THIRD_PARTY: (
        ("请公开{firm}申报{topic}项目时提交的财务报表和技术方案",),
        "经书面征求第三方意见，第三方以涉及商业秘密为由不同意公开，依据《条例》第十五条、"
        "第三十二条不予公开。",
    ),
    Outcome.REFUSED_INTERNAL_AFFAIRS: (
        ("请公开{unit}{year}年机关内部考勤管理和公务用车使用登记",),
        "所申请信息属于人事管理、后勤管理等内部事务信息，依据《条例》第十六条第一款不予公开。",
    ),
    Outcome.REFUSED_PROCESS_INFO: (
        ("请公开{unit}研究{project}项目的会议记录、请示报告和内部讨论意见",),
        "所申请信息属于讨论记录、请示报告等过程性信息，依据《条例》第十六条第二款不予公开。",
    ),
    Outcome.REFUSED_ENFORCEMENT_FILE: (
        ("请提供{unit}对{firm}作出行政处罚的全部案卷材料",),
        "所申请信息属于行政执法案卷，依据《条例》第十六条第二款不予公开；当事人可依法申请查阅案卷。",
    ),
    Outcome.REFUSED_QUERY_PROCEDURE: (
        ("请提供{firm}的企业登记档案（含历次股东变更材料）",),
        "企业登记档案的查询另有专门规定，请按照企业登记档案查询程序办理，依据《条例》第三十六条"
        "第（七）项告知。",
    ),
    Outcome.NOT_HELD: (
        (
            "请提供{place}2008年土地承包经营合同原件及附图",
            "请公开{unit}2012年研究{topic}工作的会议纪要",
            "申请公开{project}项目的竣工验收备案表",
        ),
        "经检索本机关档案和业务系统，未找到所申请的政府信息，依据《条例》第三十六条第（四）项告知。",
    ),
    Outcome.NEEDS_CREATION: (
        ("请统计并提供{unit}近十年{topic}各年度分项数据汇总表",),
        "本机关没有现成的该汇总信息，需要对现有信息进行加工、分析，依据《条例》第三十八条不予提供。",
    ),
    Outcome.STILL_UNCLEAR: (
        ("请公开与我家有关的所有文件和材料",),
        "申请人补正后所描述的信息仍不明确，无法确定具体的政府信息，依据《条例》第三十条告知。",
    ),
    Outcome.PETITION: (
        (
            "反映{place}小区物业公司乱收费问题，要求有关部门查处并答复处理结果",
            "投诉{firm}拖欠农民工工资，要求责令其支付",
        ),
        "申请内容属于信访、投诉、举报事项，不作为政府信息公开申请处理，已告知通过信访渠道反映。",
    ),
    Outcome.REPEAT: (
        ("再次申请公开{project}项目的建设工程规划许可文件（本机关今年已答复）",),
        "申请人重复申请公开本机关已经答复的政府信息，依据《条例》第三十六条第（六）项不予重复处理。",
    ),
    Outcome.PUBLICATION: (
        ("请提供{year}年各期《沙坡头区人民政府公报》纸质版",),
        "所申请的是公开出版物，已告知申请人可在区档案馆和政务服务中心查阅点免费查阅。",
    ),
    Outcome.EXCESSIVE: (
        ("请公开{project}项目全部审批文件、图纸和会议记录（本月第十二件申请）",),
        "申请人本月申请数量和频次明显超过合理范围，经要求说明理由，所说理由不合理，依据《条例》"
        "第三十五条不予处理。",
    ),
    Outcome.CONFIRM_REISSUE: (
        ("请确认本人持有的{topic}审批表复印件与原件一致，并重新出具加盖公章的证明",),
        "申请内容是要求行政机关确认或重新出具已获取的信息，不属于政府信息公开申请，不予处理。",
    ),
    Outcome.OTHER: (
        ("咨询办理{topic}需要提交哪些材料、到哪里办理",),
        "申请内容属于政务咨询，已告知申请人通过“12345”政务服务热线和{unit}办事窗口咨询办理。",
    ),
    Outcome.NOT_RESPONSIBLE: (
        (
            "请公开中卫市城市总体规划修改方案及批复",
            "请公开宁夏回族自治区{year}年高速公路建设项目征地补偿标准",
            "请公开中卫市中心城区{year}年城市公交线路调整方案",
        ),
        "所申请信息不属于本机关负责公开的政府信息。",
    ),
    Outcome.WITHDRAWN: (
        ("请提供{unit}{year}年{topic}工作情况",),
        "申请人已通过其他途径获取所需信息，书面申请撤回。",
    ),
    Outcome.NO_CORRECTION: (("请公开那份关于我们村的文件",), ""),
    Outcome.UNPAID_FEE: (("请公开{project}项目的施工图审查意见和监理日志",), ""),
}
#: who is responsible for what the district cannot answer (words in the request → agency)
RESPONSIBLE = {
    "城市总体规划": "中卫市自然资源局",
    "公交线路": "中卫市交通运输局",
    "宁夏回族自治区": "宁夏回族自治区交通运输厅",
}
RESPONSIBLE_CONTACT = "可通过该机关门户网站“政府信息公开”专栏提出申请"
CORRECTION_ITEMS = (
    "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述，并提供身份证明复印件。"
)
EXTENSION_REASON = "所申请信息涉及多个年度的档案，需要调取核对，不能在法定期限内答复。"
WITHHELD = "被征收人的身份证号码、银行账号和家庭住址"
CO_MAKERS = ("中卫市沙坡头区财政局", "中卫市沙坡头区发展和改革局")
CONFIRM_NOTES = {
    Channel.ONLINE: "网上申请平台回复确认",
    Channel.EMAIL: "回复电子邮件确认",
    Channel.FAX: "电话确认收到传真",
    Channel.ORDINARY_MAIL: "收信当日电话确认",
}
#: the big departments get more applications, townships few
AGENCY_WEIGHTS = {
    "": 14, "zjj": 12, "nyj": 9, "rsj": 7, "mzj": 6, "scj": 6, "zfb": 5, "jyj": 4, "wjj": 4,
    "czj": 3, "fgj": 3, "jtj": 3, "yjj": 2, "sfj": 2, "wlj": 1, "sjj": 1, "tjj": 1,
    "binhe": 2, "wenchang": 2, "dongyuan": 1, "rouyuan": 1, "changle": 1, "xiangshan": 1,
}  # fmt: skip
#: outcomes of the ordinary cases (the rarer ones are scripted)
COMMON = {
    Outcome.GRANTED: 30, Outcome.ALREADY_PUBLIC: 14, Outcome.NOT_HELD: 11, Outcome.PARTIAL: 4,
    Outcome.NOT_RESPONSIBLE: 6, Outcome.NEEDS_CREATION: 3, Outcome.REFUSED_PROCESS_INFO: 3,
    Outcome.PETITION: 3, Outcome.REPEAT: 2, Outcome.WITHDRAWN: 2,
    Outcome.REFUSED_INTERNAL_AFFAIRS: 1,
}  # fmt: skip
CHANNELS = {
    Channel.ONLINE: 40, Channel.IN_PERSON: 22, Channel.REGISTERED_MAIL: 14, Channel.EMAIL: 12,
    Channel.ORDINARY_MAIL: 6, Channel.FAX: 3,
}  # fmt: skip


@dataclass
class Spec:
    """One case to play: where, when it was received, and what happens to it."""

    agency: str  # slug suffix ("" for the district government)
    received: datetime.date  # a working day
    outcome: str = ""  # "" while the case is still open
    applicant: Applicant | None = None
    channel: str = ""
    description: str = ""
    correction: str = ""  # "corrected", "abandoned" or "open"
    consult: str = ""  # a ConsultationKind
    answer: str = ""  # a ConsultationAnswer; "" while the consultation is open
    extend: bool = False
    fee: str = ""  # a FeeMethod
    pages: int = 0
    paid: bool | None = None  # None: the payment is still awaited
    late: bool = False
    stop: str = ""  # for open cases: "pending", "processing", "extended"
    via_portal: bool = False
    issue: bool = False  # issue its letters (and so file it once closed)
    after: int = 0  # working days from the clock start to the decision (0: random)
    tag: str = ""  # to find the case again for disputes and complaints
