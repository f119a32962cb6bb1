"""Standard texts for a new agency: the 政府信息公开指南 and the 栏目 tree.

The guide text follows 条例 Art. 12 (what a guide contains), Arts 19–21 (what is
disclosed proactively), Arts 27–33 (how to apply) and 国办函〔2020〕109号 (fees); the
office contacts come from the agency record. Staff edit the text before publishing.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.publishing.models import Freshness

#: One column of the standard tree: (name, freshness class, children).
ColumnSpec = tuple[str, Freshness, tuple["ColumnSpec", ...]]

KEY_AREAS: tuple[str, ...] = (
    "行政许可",
    "行政处罚",
    "行政事业性收费",
    "政府采购",
    "重大建设项目",
    "公共资源配置",
    "社会救助",
    "安全生产",
    "生态环境",
)

#: 条例 Art. 21: what township governments add (rural affairs).
RURAL_AREAS: tuple[str, ...] = (
    "行政许可",
    "行政处罚",
    "政府采购",
    "乡村振兴政策落实",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地审批",
    "征地补偿",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
)


def column_tree(agency: Agency) -> tuple[ColumnSpec, ...]:
    """The standard 政府信息公开目录 of ``agency`` (townships get Art. 21's rural items)."""
    areas = RURAL_AREAS if agency.kind == AgencyKind.TOWNSHIP else KEY_AREAS
    other, policy = Freshness.OTHER, Freshness.NOTICE_POLICY
    return (
        ("机构概况", other, ()),
        ("政策文件", policy, (("规范性文件", policy, ()), ("其他文件", policy, ()))),
        ("通知公告", policy, ()),
        ("工作动态", Freshness.NEWS, ()),
        ("人事信息", Freshness.PERSONNEL_PLAN, ()),
        ("规划计划", Freshness.PERSONNEL_PLAN, ()),
        ("财政预决算", policy, ()),
        ("重点领域信息公开", other, tuple((name, other, ()) for name in areas)),
        ("政府信息公开年报", other, ()),
    )


def _office_lines(agency: Agency) -> str:
    office = agency.office_name or f"{agency.name}政府信息公开工作机构"
    lines = [f"受理机构：{office}"]
    if agency.office_address:
        postcode = f"（邮政编码：{agency.office_postcode}）" if agency.office_postcode else ""
        lines.append(f"办公地址：{agency.office_address}{postcode}")
    if agency.office_hours:
        lines.append(f"办公时间：{agency.office_hours}")
    if agency.office_phone:
        lines.append(f"联系电话：{agency.office_phone}")
    if agency.office_fax:
        lines.append(f"传真：{agency.office_fax}")
    if agency.office_email:
        lines.append(f"电子邮箱：{agency.office_email}")
    return "\n".join(lines)


def _scope(agency: Agency) -> str:
    township = agency.kind == AgencyKind.TOWNSHIP
    articles = "第十九条、第二十条、第二十一条" if township else "第十九条、第二十条"
    categories = [
        "（一）机构信息：机构职能、机构设置、办公地址、办公时间、联系方式、负责人姓名；",
        "（二）政策文件：本机关制定的规范性文件和其他政策文件及其解读；",
        "（三）规划计划：本机关职责范围内的发展规划、专项规划、工作计划及相关政策；",
        "（四）统计信息：本机关职责范围内的统计信息；",
        "（五）行政执法：行政许可及其他对外管理服务事项的依据、条件、程序和办理结果，"
        "行政处罚、行政强制的依据、条件、程序以及本机关认为具有一定社会影响的行政处罚决定；",
        "（六）财政信息：财政预算、决算信息，行政事业性收费的项目、依据和标准，"
        "政府集中采购项目的目录、标准及实施情况；",
        "（七）民生信息：扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况；",
        "（八）突发公共事件的应急预案、预警信息及应对情况；",
        "（九）人事信息：公务员招考的职位、名额、报考条件等事项以及录用结果；",
    ]
    if township:
        categories.append(
            "（十）农村工作信息：贯彻落实农业农村政策、农田水利工程建设运营、"
            "农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、"
            "筹资筹劳、社会救助等方面的信息；"
        )
    categories.append(
        f"（{'十一' if township else '十'}）法律、法规、规章和国家有关规定"
        "规定应当主动公开的其他政府信息。"
    )
    return "\n".join(
        [
            "一、公开范围",
            f"{agency.name}（以下简称本机关）依照《中华人民共和国政府信息公开条例》"
            f"（以下简称《条例》）{articles}的规定主动公开政府信息。"
            "对于主动公开以外的政府信息，公民、法人或者其他组织可以依照《条例》"
            "第二十七条的规定向本机关申请获取。",
            "依照《条例》第十四条、第十五条、第十六条，依法确定为国家秘密的政府信息，"
            "法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、"
            "经济安全、社会稳定的政府信息，不予公开；涉及商业秘密、个人隐私等公开会对"
            "第三方合法权益造成损害的政府信息，不予公开，但第三方同意公开或者不公开会对"
            "公共利益造成重大影响的除外；本机关的人事管理、后勤管理、内部工作流程等内部"
            "事务信息，以及在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
            "请示报告等过程性信息和行政执法案卷信息，可以不予公开。",
            "",
            "二、信息分类",
            "本机关主动公开的政府信息分为以下类别：",
            *categories,
        ]
    )


def _arrangement(agency: Agency) -> str:
    prefix = agency.code or "本机关统一社会信用代码"
    return "\n".join(
        [
            "本机关政府信息公开目录按栏目和主题分类编排，每条政府信息列明索引号、名称、"
            "内容概述、生成日期、发布机构、发文字号、主题分类、体裁分类和有效性等信息。",
            f"索引号由前段码和后段码组成，形如“{prefix}/2024-00001”：前段码为本机关"
            "统一社会信用代码（或组织机构代码），后段码为年份和5位顺序号。"
            "索引号一经生成不再改变。",
        ]
    )


def _how_to_obtain(agency: Agency) -> str:
    website = agency.website or "本级人民政府门户网站"
    return "\n".join(
        [
            "一、主动公开",
            "本机关主动公开的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。"
            "法律、法规对公开期限另有规定的，从其规定。公众可以通过以下方式获取：",
            f"（一）{website}政府信息公开专栏（可按栏目、主题分类浏览，并可全文检索、下载）；",
            "（二）政府公报；",
            "（三）本机关设立的政府信息查阅点，以及国家档案馆、公共图书馆、"
            "政务服务场所设置的政府信息查阅场所（地址和开放时间见本指南所附查阅点信息）；",
            "（四）政务微博、政务微信、新闻发布会以及报刊、广播、电视等途径。",
            "",
            "二、依申请公开",
            "除本机关主动公开的政府信息外，公民、法人或者其他组织可以向本机关申请获取"
            "相关政府信息，办理方式见“依申请公开的办理”。",
        ]
    )


def _how_to_apply(agency: Agency) -> str:
    return "\n".join(
        [
            "一、受理机构",
            _office_lines(agency),
            "",
            "二、申请方式",
            "申请人应当采用包括信件、数据电文在内的书面形式提出申请；采用书面形式确有困难的，"
            "可以口头提出，由受理机构代为填写政府信息公开申请。",
            "（一）当面申请：在办公时间内到受理机构填写《政府信息公开申请表》；",
            "（二）信函申请：将申请表邮寄至受理机构，并在信封左下角注明“政府信息公开申请”字样；",
            "（三）网上申请：通过政府信息公开平台“依申请公开”栏目在线提交；",
            "（四）传真申请：将申请表传真至受理机构，并电话确认。",
            "",
            "三、申请内容",
            "政府信息公开申请应当包括：（一）申请人的姓名或者名称、身份证明、联系方式；"
            "（二）申请公开的政府信息的名称、文号或者便于本机关查询的其他特征性描述；"
            "（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
            "",
            "四、补正",
            "申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知申请人作出补正，"
            "说明需要补正的事项和合理的补正期限，答复期限自收到补正的申请之日起计算。"
            "申请人无正当理由逾期不补正的，视为放弃申请。",
            "",
            "五、收到申请的时间",
            "当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以本机关签收之日为"
            "收到申请之日；以平常信函等无需签收的邮寄方式提交的，受理机构于收到申请的当日"
            "与申请人确认，确认之日为收到申请之日；通过互联网渠道或者受理机构的传真提交的，"
            "以双方确认之日为收到申请之日。",
            "",
            "六、答复期限",
            "能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内"
            "予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
            "延长的期限最长不超过20个工作日。公开可能损害第三方合法权益的，本机关书面征求"
            "第三方意见；征求第三方和其他机关意见所需时间不计算在答复期限内。",
        ]
    )


def _fees() -> str:
    return "\n".join(
        [
            "本机关依申请提供政府信息，一般不收取费用。申请人申请公开政府信息的数量、频次"
            "明显超过合理范围的，本机关依照《政府信息公开信息处理费管理办法》"
            "（国办函〔2020〕109号）收取信息处理费，具体如下：",
            "（一）按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；"
            "11—30件（含30件）的部分，每件100元；31件以上的部分，以10件为一档，"
            "每增加一档，收费标准提高100元/件。",
            "（二）按量计收：同一政府信息公开申请中，30页以下（含30页）的，不收费；"
            "31—100页（含100页）的部分，每页10元；101—200页（含200页）的部分，每页20元；"
            "201页以上的部分，每页40元。",
            "对同一申请不同时适用按件计收和按量计收。本机关决定收费的，在答复期限内向申请人"
            "出具收费通知，说明收费的依据、标准、数额和缴纳方式；申请人自收到收费通知次日起"
            "20个工作日内缴纳费用，逾期未缴纳的，视为放弃申请。信息处理费作为行政事业性收费"
            "全额上缴国库。",
        ]
    )


def _remedies(agency: Agency) -> str:
    reviewer = (
        agency.parent.name if agency.parent is not None else "上一级人民政府"
    )  # 行政复议法 (2023) Art. 24: 县级以上地方各级人民政府管辖对本级部门和下一级政府的申请
    return "\n".join(
        [
            "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法"
            "采取以下方式维护自身权益：",
            "（一）投诉、举报：向上一级行政机关或者政府信息公开工作主管部门投诉、举报；",
            f"（二）行政复议：自知道或者应当知道该行政行为之日起60日内，向{reviewer}申请行政复议；",
            "（三）行政诉讼：自知道或者应当知道作出行政行为之日起6个月内，依法向人民法院"
            "提起行政诉讼。",
        ]
    )


def default_guide_text(agency: Agency) -> dict[str, str]:
    """A realistic standard 指南 for ``agency``, keyed by :attr:`Guide.TEXT_FIELDS`."""
    return {
        "scope": _scope(agency),
        "arrangement": _arrangement(agency),
        "how_to_obtain": _how_to_obtain(agency),
        "how_to_apply": _how_to_apply(agency),
        "fees": _fees(),
        "remedies": _remedies(agency),
    }
