"""The platform mask policy and masking of text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai.pii.mask import MaskPolicy, get_policy, mask_text
from gongkai.pii.scanner import PiiKind, scan
from gongkai.pii.tests.helpers import luhn_complete, make_id

ID = make_id()
CARD = luhn_complete("622202123456789")


def test_default_policy_masks():
    policy = MaskPolicy()
    assert policy.mask(PiiKind.ID18, ID) == ID[:6] + "********" + ID[-4:]
    assert policy.mask(PiiKind.ID15, "640502850312123") == "640502******123"
    assert policy.mask(PiiKind.MOBILE, "13812345678") == "138****5678"
    assert policy.mask(PiiKind.MOBILE, "+86 138-1234-5678") == "+86 138-****-5678"
    assert policy.mask(PiiKind.BANK_CARD, CARD) == "************" + CARD[-4:]
    assert policy.mask(PiiKind.LANDLINE, "(0955)7012345") == "(0955)*****45"
    assert policy.mask(PiiKind.ADDRESS, "南苑社区8号楼2单元301室") == "南苑社区****"


def test_mask_text_masks_blocking_hits_and_keeps_the_rest():
    text = f"张三 {ID} 13812345678 滨河镇新北村三组25号 办公电话0955-7012345"
    assert mask_text(text) == (
        f"张三 {ID[:6]}********{ID[-4:]} 138****5678 滨河镇新北村**** 办公电话0955-7012345"
    )


def test_mask_text_masks_landlines_only_when_asked():
    assert mask_text("电话0955-7012345", landlines=True) == "电话0955-*****45"


def test_masked_text_has_no_blocking_hit_left():
    text = f"{ID}、{CARD}、138 1234 5678、宁夏中卫市沙坡头区文昌镇南苑社区8号楼2单元301室"
    masked = mask_text(text)
    assert [hit for hit in scan(masked) if hit.blocks_publication] == []


def test_mask_text_with_given_hits_skips_overlaps():
    text = "13812345678"
    [hit] = scan(text)
    assert mask_text(text, [hit, hit]) == "138****5678"
    assert mask_text(text, []) == text


def test_a_region_may_be_stricter(settings):
    settings.GONGKAI_PII_ID_KEEP = "2,3"
    settings.GONGKAI_PII_MOBILE_KEEP = (3, 2)
    settings.GONGKAI_PII_MASK_CHAR = "×"
    policy = get_policy()
    assert policy.mask(PiiKind.ID18, ID) == ID[:2] + "×" * 13 + ID[-3:]
    assert scan(f"证号{ID}")[0].masked == ID[:2] + "×" * 13 + ID[-3:]
    assert mask_text("13812345678") == "138××××××78"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GONGKAI_PII_ID_KEEP", "8,4"),
        ("GONGKAI_PII_ID_KEEP", "6"),
        ("GONGKAI_PII_BANK_CARD_KEEP", "6,4"),
        ("GONGKAI_PII_MOBILE_KEEP", "-1,4"),
        ("GONGKAI_PII_MASK_CHAR", "x"),
        ("GONGKAI_PII_MASK_CHAR", "**"),
    ],
)
def test_a_looser_or_malformed_policy_is_refused(settings, name, value):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        get_policy()


def test_system_check_reports_a_bad_policy_and_attachment_limit(settings):
    from gongkai.pii.checks import check_pii_settings

    assert check_pii_settings() == []
    settings.GONGKAI_PII_ID_KEEP = "8,4"
    settings.GONGKAI_MAX_ATTACHMENT_MB = 0
    assert [error.id for error in check_pii_settings()] == ["gongkai.pii.E001", "gongkai.pii.E002"]
