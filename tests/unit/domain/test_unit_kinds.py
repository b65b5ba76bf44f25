"""Canonical labels of units that are not flats (shops, parking spaces, garages, storerooms)."""

import pytest

from bot.domain.units import normalize_unit


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("车位B区304", "车位B区304"),
        ("我的车位 b区304被人占了", "车位B区304"),
        ("车位A-001", "车位A-001"),
        ("车库E区102", "车库E区102"),
        ("储藏室地下一层15", "储藏室地下一层15"),
        ("储藏室3栋2单元15", "储藏室3栋2单元15"),
        ("商铺D区506号", "商铺D区506"),
        ("商铺3号楼101", "商铺3栋101"),
    ],
)
def test_other_kinds_normalise_to_one_form(text, canonical):
    assert normalize_unit(text) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # The unit named first wins, so a flat mentioned before a parking space stays the flat.
        ("3栋2单元1502的车位B区304", "3栋2单元1502"),
        ("我家车位被人占了，3栋2单元1502", "3栋2单元1502"),
        ("车位被占了", None),
        ("地下车库B区", None),
        ("车库B区积水", None),
        ("商铺", None),
    ],
)
def test_flats_are_unchanged_when_kind_words_appear(text, canonical):
    assert normalize_unit(text) == canonical


@pytest.mark.parametrize("label", ["车位B区304", "车库E区102", "储藏室F区134", "商铺D区506", "商铺1栋101",
                                   "车位B1-023"])
def test_canonical_labels_read_back_as_themselves(label):
    assert normalize_unit(label) == label
