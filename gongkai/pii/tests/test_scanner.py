"""Each pattern of the personal-information scanner, with true and false positives."""

from __future__ import annotations

import pytest

from gongkai.lib.codes import make_credit_code
from gongkai.pii.scanner import PiiKind, is_id18, luhn_valid, scan
from gongkai.pii.tests.helpers import (
    id_with_x,
    luhn_broken,
    luhn_complete,
    make_id,
    wrong_check,
)

ID = make_id()  # 640502 19850312 123 + check
CARD16 = luhn_complete("622202123456789")
CARD19 = luhn_complete("622848001234567890")


def kinds(text: str) -> list[tuple[PiiKind, str]]:
    return [(hit.kind, hit.value) for hit in scan(text)]


# --- 18-digit IDs ------------------------------------------------------------------


def test_valid_18_digit_id_is_found_with_its_position_and_mask():
    text = f"身份证号：{ID}，请核对"
    [hit] = scan(text)
    assert hit.kind is PiiKind.ID18
    assert (hit.start, hit.end) == (5, 23)
    assert text[hit.start : hit.end] == hit.value == ID
    assert hit.masked == ID[:6] + "********" + ID[-4:]
    assert hit.blocks_publication


def test_wrong_check_digit_is_not_an_id():
    number = wrong_check(ID)
    if number.isdigit() and luhn_complete(number[:17]) == number:  # pragma: no cover
        number = number[:17] + str((int(number[17]) + 1) % 10)
    assert not is_id18(number)
    assert kinds(f"编号 {number} ") == []


def test_18_digits_with_wrong_id_check_but_valid_luhn_is_a_bank_card():
    body = ID[:17]
    number = luhn_complete(body)
    assert number != ID  # this body's Luhn digit differs from its ID check character
    assert kinds(f"账号{number}") == [(PiiKind.BANK_CARD, number)]


def test_x_check_character_upper_and_lower_case():
    number = id_with_x()
    assert kinds(f"证件号{number}。") == [(PiiKind.ID18, number)]
    lower = number[:17] + "x"
    assert kinds(f"证件号{lower}。") == [(PiiKind.ID18, lower)]
    assert scan(lower)[0].masked == lower[:6] + "********" + lower[-4:]


def test_id_grouped_6_8_4_is_found():
    grouped = f"{ID[:6]} {ID[6:14]} {ID[14:]}"
    [hit] = scan(f"身份证 {grouped}")
    assert hit.kind is PiiKind.ID18
    assert hit.masked == f"{ID[:6]} ******** {ID[14:]}"


@pytest.mark.parametrize(
    "birth",
    ["19851312", "19850230", "18991231", "20990101", "19850000"],
    ids=["month 13", "30 February", "before 1900", "in the future", "day 0"],
)
def test_id_with_an_impossible_birth_date_is_not_an_id(birth):
    number = make_id(birth=birth)
    assert not is_id18(number)
    assert PiiKind.ID18 not in [kind for kind, _ in kinds(number)]


def test_id_with_an_unknown_province_is_not_an_id():
    assert not is_id18(make_id(area="720502"))


def test_id_inside_a_longer_run_of_digits_or_letters_is_not_found():
    assert kinds(f"1{ID}") == []
    assert kinds(f"{ID}5") == []
    assert kinds(f"A{ID}") == []
    assert kinds(f"{ID}b") == []


# --- 15-digit IDs ------------------------------------------------------------------


def test_valid_15_digit_id():
    assert kinds("旧证号640502850312123。") == [(PiiKind.ID15, "640502850312123")]
    assert scan("640502850312123")[0].masked == "640502******123"


@pytest.mark.parametrize(
    "number", ["640502851312123", "640502850230123", "990502850312123"]
)  # month 13, 30 February, unknown province
def test_invalid_15_digit_ids(number):
    assert kinds(number) == []


# --- mobiles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "86-13812345678",
        "8613812345678",
        "(+86)13812345678",
        "0086 13812345678",
        "１３８１２３４５６７８",
        "138—1234—5678",
    ],
)
def test_mobile_spellings(written):
    text = f"联系电话：{written}。"
    [hit] = scan(text)
    assert hit.kind is PiiKind.MOBILE
    assert hit.value == written
    assert text[hit.start : hit.end] == written


@pytest.mark.parametrize(
    "text",
    [
        "138123456789",  # 12 digits
        "1381234567",  # 10 digits
        "12812345678",  # no mobile starts with 12
        "A13812345678",
        "13812345678B",
        "0.13812345678",
        "13812345678.5",
        "138 1234-5678",  # mixed separators
        "12345678901234567890",  # 20 digits
    ],
)
def test_not_mobiles(text):
    assert PiiKind.MOBILE not in [kind for kind, _ in kinds(text)]


def test_full_width_digits_keep_positions_in_the_original():
    text = "甲，电话１３８１２３４５６７８；乙，身份证" + ID.translate(
        {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}
    )
    mobile, identity = scan(text)
    assert (mobile.kind, mobile.start, mobile.end) == (PiiKind.MOBILE, 4, 15)
    assert mobile.value == "１３８１２３４５６７８"
    assert mobile.masked == "１３８****５６７８"
    assert identity.kind is PiiKind.ID18
    assert text[identity.start : identity.end] == identity.value
    assert identity.end == len(text)


# --- landlines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["0955-7012345", "(0955)7012345", "（0955）7012345", "0955 7012345", "010-62345678",
     "09557012345", "021 23456789"],
)  # fmt: skip
def test_landline_spellings_are_found_but_do_not_block(written):
    [hit] = scan(f"办公电话：{written}")
    assert (hit.kind, hit.value) == (PiiKind.LANDLINE, written)
    assert not hit.blocks_publication


@pytest.mark.parametrize("text", ["2018-0012345", "0955-1234567", "00955-7012345", "0955-70123"])
def test_not_landlines(text):
    assert kinds(text) == []


def test_landline_mask_keeps_the_area_code_and_last_two():
    assert scan("0955-7012345")[0].masked == "0955-*****45"
    assert scan("010-62345678")[0].masked == "010-******78"


# --- bank cards --------------------------------------------------------------------


def test_luhn_valid_16_and_19_digit_cards():
    assert kinds(f"卡号{CARD16}") == [(PiiKind.BANK_CARD, CARD16)]
    assert kinds(f"卡号{CARD19}") == [(PiiKind.BANK_CARD, CARD19)]
    assert scan(CARD16)[0].masked == "*" * 12 + CARD16[-4:]


def test_grouped_cards_keep_their_spaces_when_masked():
    grouped = " ".join(CARD16[i : i + 4] for i in range(0, 16, 4))
    [hit] = scan(f"卡号：{grouped}。")
    assert (hit.kind, hit.value) == (PiiKind.BANK_CARD, grouped)
    assert hit.masked == "**** **** **** " + CARD16[-4:]
    grouped19 = " ".join(CARD19[i : i + 4] for i in range(0, 19, 4))
    assert kinds(grouped19) == [(PiiKind.BANK_CARD, grouped19)]


def test_luhn_invalid_numbers_are_not_cards():
    assert kinds(luhn_broken(CARD16)) == []
    assert kinds(luhn_broken(CARD19)) == []
    assert kinds("0000000000000000") == []


def test_credit_code_of_an_agency_is_not_a_bank_card():
    code = next(
        code
        for n in range(10000000, 10001000)
        if (code := make_credit_code("11640502", str(n))).isdigit() and luhn_valid(code)
    )
    assert kinds(f"统一社会信用代码：{code}") == []


def test_mobile_inside_a_grouped_card_is_not_reported_separately():
    card = luhn_complete("138123456789012")
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(grouped) == [(PiiKind.BANK_CARD, grouped)]


# --- addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "masked"),
    [
        (
            "宁夏中卫市沙坡头区文昌镇南苑社区8号楼2单元301室",
            "宁夏中卫市沙坡头区文昌镇南苑社区8号楼2单元301室",
            "宁夏中卫市沙坡头区文昌镇南苑社区****",
        ),
        ("住址：滨河镇新北村三组25号。", "滨河镇新北村三组25号", "滨河镇新北村****"),
        ("应理南街123号", "应理南街123号", "应理南街****"),
        ("家住中卫市应理南街123号", "中卫市应理南街123号", "中卫市应理南街****"),
        ("幸福小区3-2-301", "幸福小区3-2-301", "幸福小区****"),
        ("南苑社区8号楼2单元301。", "南苑社区8号楼2单元301", "南苑社区****"),
        ("幸福小区8栋1502", "幸福小区8栋1502", "幸福小区****"),
        ("七星路12号", "七星路12号", "七星路****"),
        ("居住在新北村第三组二十五号", "新北村第三组二十五号", "新北村****"),
    ],
)  # fmt: skip
def test_detailed_addresses(text, value, masked):
    [hit] = scan(text)
    assert (hit.kind, hit.value, hit.masked) == (PiiKind.ADDRESS, value, masked)
    assert text[hit.start : hit.end] == value


@pytest.mark.parametrize(
    "text",
    [
        "文昌镇",
        "沙坡头区人民政府",
        "中卫市应理南街",
        "卫政发〔2018〕12号",
        "国办发〔2018〕23号",
        "中卫市人民政府令第3号",
        "2018年第3期",
        "第3号",
        "南苑社区8号楼",  # a building, not a home
        "南苑社区8号楼2单元",
        "幸福小区8栋12345",
        "新北村三组",  # a village group without house number
        "南苑社区3号文件",
        "国务院2号令",
        "地铁1号线",
        "索引号：640502001/2018-00012",
        "20180315",
    ],
)
def test_not_addresses(text):
    assert kinds(text) == []


def test_several_hits_in_order_with_exact_positions():
    text = f"张三，{ID}，13812345678，新北村三组25号；办公室0955-7012345"
    hits = scan(text)
    assert [h.kind for h in hits] == [
        PiiKind.ID18,
        PiiKind.MOBILE,
        PiiKind.ADDRESS,
        PiiKind.LANDLINE,
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.value
