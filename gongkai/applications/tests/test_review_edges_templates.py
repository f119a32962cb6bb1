"""Review of the edges: what office admins upload — the wording templates (Django's
engine, restricted) and the Word layouts (docxtpl in Jinja's sandbox, restricted) —
cannot run for hours, fill the memory, reach other templates, private attributes or
settings, or put raw XML into the letters."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, letter_actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.letter_layout import default_layout_bytes
from gongkai.applications.letter_render import check_layout
from gongkai.applications.models import Letter, LetterKind, LetterTemplate
from gongkai.applications.tests.conftest import register

D = datetime.date
LOOP = "{% for a in '" + "x" * 40 + "' %}"
NESTED_LOOPS = LOOP * 3 + "{{ you }}" + "{% endfor %}" * 3  # 64,000 iterations
FILTERS = "可以使用的过滤器：add、capfirst、cut、date、default、default_if_none、divisibleby、first"
NOT_ALLOWED = "；只能使用变量、if 判断和一层 for 循环"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "today", lambda: D(2024, 12, 31))


def save(agency: Agency, actor: User, body: str) -> None:
    letter_actions.save_template(actor=actor, agency=agency, kind="receipt", body=body)


def refusal(agency: Agency, actor: User, body: str) -> str:
    with pytest.raises(ValidationError) as info:
        save(agency, actor, body)
    assert not LetterTemplate.objects.exists()
    return str(info.value.message_dict["body"][0])


# --- wording templates (Django's engine) ---------------------------------------------------------


def test_nested_loops_over_a_long_string_are_refused(binhe: Agency, carol: User) -> None:
    assert refusal(binhe, carol, NESTED_LOOPS) == "模板中的循环次数过多（每份文书最多 1000 次）"


def test_a_string_doubled_by_nested_with_is_refused(binhe: Agency, carol: User) -> None:
    doubling = "".join(
        "{% with " + f"v{i + 1}=v{i}|add:v{i}" + " %}" for i in range(12)
    )  # 30 characters doubled 12 times: 122,880
    body = "{% with v0=description %}" + doubling + "{{ v12|length }}" + "{% endwith %}" * 13
    assert refusal(binhe, carol, body) == "模板生成的正文过长（最多 100000 个字符）"


@pytest.mark.parametrize(
    "body",
    [
        '{{ you|center:"1000" }}',
        '{{ you|ljust:"1000" }}',
        '{{ you|stringformat:"1000s" }}',
        '{{ fee_amount|floatformat:"1000" }}',
        "{{ description|make_list|join:description }}",
        '{% filter rjust:"1000" %}{{ you }}{% endfilter %}',
    ],
)
def test_filters_that_make_text_longer_are_refused(binhe: Agency, carol: User, body: str) -> None:
    message = refusal(binhe, carol, body)
    assert message.startswith("模板中不能使用过滤器 |")
    assert FILTERS in message


def test_a_bar_inside_a_quoted_argument_is_not_a_filter(binhe: Agency, carol: User) -> None:
    save(binhe, carol, '{{ you }}的申请已登记。{{ document_number|default:"无|未填写" }}')
    assert LetterTemplate.objects.get().body.endswith('{{ document_number|default:"无|未填写" }}')


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% debug %}", "模板中不能使用标签 {% debug %}"),
        ("{% lorem 99999 w %}", "模板中不能使用标签 {% lorem %}"),
        ("{% include '../../../settings.py' %}", "模板中不能使用标签 {% include %}"),
        (
            "{{ you.__class__.__mro__ }}",
            "模板语法有误：变量名和属性名不能以下划线开头：you.__class__.__mro__",
        ),
        ("{% if you %}没有结束", "模板语法有误：第1行的 {% if %} 没有结束标签"),
        ("{{ settings.SECRET_KEY }}", "模板中有未定义的变量 {{ settings.SECRET_KEY }}"),
    ],
)
def test_tags_private_attributes_and_settings_are_out_of_reach(
    binhe: Agency, carol: User, body: str, message: str
) -> None:
    assert refusal(binhe, carol, body).startswith(message)


def test_a_stored_runaway_template_falls_back_to_the_default_wording(
    binhe: Agency, hank: User
) -> None:
    # stored before these limits: the case action still runs, with the default wording
    LetterTemplate.objects.create(agency=binhe, kind="receipt", body=NESTED_LOOPS)
    a = register(binhe, hank)
    body = Letter.objects.get(application=a, kind=LetterKind.RECEIPT).body
    assert body.startswith("你于2024年9月27日")
    assert "你你你" not in body


def test_the_template_page_shows_the_refusal_in_chinese(binhe: Agency, carol: User) -> None:
    client = Client()
    assert client.login(username=carol.username, password=PASSWORD)
    url = reverse("application_letters:template_edit", args=[binhe.pk, "receipt"])
    response = client.post(url, {"body": NESTED_LOOPS})
    assert response.status_code == 400
    assert "模板中的循环次数过多（每份文书最多 1000 次）" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_simple_loops_and_filters_still_work(binhe: Agency, hank: User, carol: User) -> None:
    save(
        binhe,
        carol,
        "{{ applicant|default:'申请人' }}：\n"
        "{% for c in '一二三' %}{{ forloop.counter }}{{ c }}{% endfor %}\n"
        "{{ you|add:'的申请'|length }}",
    )
    a = register(binhe, hank)
    assert Letter.objects.get(application=a, kind=LetterKind.RECEIPT).body == (
        "王小明：\n1一2二3三\n4"
    )


# --- Word layouts (docxtpl, Jinja) ----------------------------------------------------------------


def _layout(*texts: str, title: str = "") -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def layout_refusal(*texts: str, title: str = "") -> str:
    with pytest.raises(ValidationError) as info:
        check_layout(_layout(*texts, title=title))
    return str(info.value.message_dict["layout"][0])


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("{{ 9 ** 9 }}", "乘方运算（**）"),
        ("{{ body * 3 }}", "对文字的乘法运算（*）"),
        ('{{ "%9s" % body }}', "取模或格式化运算（%）"),
        ("{{ body.ljust(99) }}", "函数或方法调用"),
        ("{{ lipsum(9) }}", "函数或方法调用"),
        ("{% for i in range(9) %}{{ i }}{% endfor %}", "函数或方法调用"),
        ("{{ body|center(99) }}", "过滤器 |center"),
        ("{{ applicant|safe }}", "过滤器 |safe"),
        ("{% set x = body ~ body %}{{ x }}", "{% set %}"),
        ("{% autoescape false %}{{ applicant }}{% endautoescape %}", "{% autoescape %}"),
        (
            "{% for a in body %}{% for b in body %}x{% endfor %}{% endfor %}",
            "嵌套的 {% for %} 循环",
        ),
        ("{% macro m() %}{{ m() }}{% endmacro %}", "{% macro %}"),
    ],
)
def test_layout_syntax_that_can_run_away_or_inject_xml_is_refused(text: str, what: str) -> None:
    assert layout_refusal("{{ body }}", text) == f"Word 版式模板中不能使用{what}{NOT_ALLOWED}"


def test_layout_template_in_the_document_properties_is_checked_too() -> None:
    # docxtpl renders the core properties (title, subject …) with the same engine
    message = layout_refusal("{{ body }}", title="{{ lipsum(99) }}")
    assert message == f"Word 版式模板中不能使用函数或方法调用{NOT_ALLOWED}"


def test_a_stored_layout_with_refused_syntax_cannot_issue_letters(
    binhe: Agency, hank: User
) -> None:
    row = LetterTemplate(agency=binhe)
    row.layout.save("old.docx", ContentFile(_layout("{{ body }}", "{{ title * 3 }}")))
    a = register(binhe, hank)
    letter = Letter.objects.get(application=a, kind=LetterKind.RECEIPT)
    with pytest.raises(ApplicationError) as info:
        letter_actions.issue_letter(actor=hank, letter=letter)
    assert str(info.value) == (
        "本机关的 Word 版式模板无法生成文书（Word 版式模板中不能使用对文字的乘法运算（*）"
        f"{NOT_ALLOWED}），请修改版式模板或恢复默认版式"
    )
    assert not Letter.objects.get(pk=letter.pk).is_issued


def test_default_layout_and_ordinary_layouts_are_accepted() -> None:
    check_layout(default_layout_bytes())
    check_layout(
        _layout(
            "{% if draft %}草稿{% endif %}{{ title|trim }}",
            "{{ number|default('（无文号）') }}",
            "{%p for p in paragraphs %}",
            "{{ loop.index }}. {{ p }}",
            "{%p endfor %}",
            "{{ signature }} {{ issued_on }}",
        )
    )


def test_control_characters_of_the_applicant_do_not_reshape_the_word_letter(
    binhe: Agency, hank: User, carol: User
) -> None:
    # docxtpl turns \a into a new paragraph and \f into a page break
    letter_actions.upload_layout(
        actor=carol, agency=binhe, name="l.docx", data=_layout("{{ applicant }}", "{{ body }}")
    )
    a = register(binhe, hank, applicant_name="王小\a明\f")
    letter = letter_actions.issue_letter(
        actor=hank, letter=Letter.objects.get(application=a, kind=LetterKind.RECEIPT)
    )
    with letter.docx.open("rb") as handle:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs]
    assert paragraphs[0] == "王小明"
    assert paragraphs[1].startswith("你于2024年9月27日")
