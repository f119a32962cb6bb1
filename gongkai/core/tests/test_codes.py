import pytest

from gongkai.lib.codes import (
    CodeError,
    credit_check_char,
    make_credit_code,
    validate_agency_code,
    validate_credit_code,
    validate_org_code,
)

# 91350100M000100Y43 is the specimen printed in GB 32100-2015; D2143569-X is the
# specimen organisation code from GB 11714-1997.


def test_valid_credit_code_is_accepted_and_normalised():
    assert validate_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_full_width_credit_code_is_normalised():
    assert validate_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_credit_code_with_bad_check_character_is_rejected():
    with pytest.raises(CodeError) as exc:
        validate_credit_code("91350100M000100Y44")
    assert str(exc.value) == "统一社会信用代码校验位不正确，请核对"


def test_credit_code_with_wrong_length_is_rejected():
    with pytest.raises(CodeError) as exc:
        validate_credit_code("91350100M000100Y4")
    assert str(exc.value) == "统一社会信用代码应为18位，现为17位"


def test_credit_code_with_forbidden_letter_is_rejected():
    with pytest.raises(CodeError) as exc:
        validate_credit_code("91350100I000100Y43")
    assert "不使用 I、O、S、V、Z" in str(exc.value)


def test_check_character_of_specimen():
    assert credit_check_char("91350100M000100Y4") == "3"


def test_organisation_code_with_hyphen_is_accepted():
    assert validate_org_code("D2143569-X") == "D2143569X"


def test_organisation_code_with_bad_check_digit_is_rejected():
    with pytest.raises(CodeError) as exc:
        validate_org_code("D21435691")
    assert str(exc.value) == "组织机构代码校验位不正确，请核对"


def test_agency_code_accepts_either_form_and_rejects_other_lengths():
    assert validate_agency_code("91350100M000100Y43") == "91350100M000100Y43"
    assert validate_agency_code("D2143569X") == "D2143569X"
    with pytest.raises(CodeError) as exc:
        validate_agency_code("12345")
    assert str(exc.value) == "机构代码应为18位统一社会信用代码或9位组织机构代码，现为5位"


def test_generated_credit_codes_validate():
    code = make_credit_code("11640502", "45300037")
    assert len(code) == 18
    assert validate_credit_code(code) == code
    assert validate_org_code(code[8:17]) == code[8:17]
