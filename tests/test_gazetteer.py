"""The gazetteer: generated tables, spellings, look-ups, the 2025 mapping."""

from __future__ import annotations

import json

import pytest

from nq52extract.extract import gazetteer as gz
from nq52extract.rules import load_tsv


def test_tables_have_63_and_34_provinces():
    rows = load_tsv("gazetteer/provinces.tsv")
    assert len([r for r in rows if r["era"] == "pre2025"]) == 63
    assert len({r["province_2025"] for r in rows}) == 34


def test_generated_tables_are_current(tmp_path):
    """rules/gazetteer/*.tsv are exactly what the build writes from the installed data."""
    gz.write_tables(tmp_path)
    for name in ("provinces.tsv", "districts.tsv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (gz.rules_dir() / "gazetteer" / name).read_text(
            encoding="utf-8"
        )


def test_build_tables_from_minimal_mapping():
    mapping = {
        "old_province_names": {"tinha": {"name": "Tỉnh A Lưới", "short": "A Lưới", "code": "01"}},
        "province_names": {"tinhb": {"name": "Tỉnh Bê Ta", "short": "Bê Ta", "code": "02"}},
        "province_mapping": {"tinha": "tinhb"},
        "ward_mapping": [
            {"old_province": "Tỉnh A Lưới", "old_district": "Huyện Xuân Hòa"},
            {"old_province": "Tỉnh A Lưới", "old_district": "Quận 1"},
        ],
    }
    provinces, districts = gz.build_tables(mapping)
    assert {p["name"] for p in provinces} == {"A Lưới", "Bê Ta"}
    assert provinces[0]["province_2025"] == "Bê Ta"
    assert districts == [{"name": "Xuân Hòa", "level": "huyện", "province": "A Lưới", "province_2025": "Bê Ta"}]


@pytest.mark.parametrize(
    "surface, kind, canonical, p2025",
    [
        ("Khánh Hòa", "province", "Khánh Hòa", "Khánh Hòa"),
        ("Khánh Hoà", "province", "Khánh Hòa", "Khánh Hòa"),
        ("Bắc Cạn", "province", "Bắc Kạn", "Thái Nguyên"),
        ("Bắc Kạn", "province", "Bắc Kạn", "Thái Nguyên"),
        ("Đắc Lắc", "province", "Đắk Lắk", "Đắk Lắk"),
        ("TP.HCM", "province", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP. HCM", "province", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thừa Thiên - Huế", "province", "Thừa Thiên Huế", "Huế"),
        ("Thừa Thiên Huế", "province", "Thừa Thiên Huế", "Huế"),
        ("Hà Giang", "province", "Hà Giang", "Tuyên Quang"),
        ("Bình Dương", "province", "Bình Dương", "Hồ Chí Minh"),
        ("Triệu Phong", "district", "Triệu Phong", "Quảng Trị"),
        ("Nha Trang", "district", "Nha Trang", "Khánh Hòa"),
        ("Phổ Yên", "district", "Phổ Yên", "Thái Nguyên"),
        ("Tây Nguyên", "region", "Tây Nguyên", None),
        ("Đông Nam Á", "region", "Đông Nam Á", None),
    ],
)
def test_lookup(surface, kind, canonical, p2025):
    places = gz.gazetteer().lookup(surface)
    assert places, surface
    p = places[0]
    assert (p.kind, p.name, p.province_2025) == (kind, canonical, p2025)


def test_district_knows_its_province():
    (p,) = gz.gazetteer().lookup("Triệu Phong")
    assert p.province == "Quảng Trị"


def test_ambiguous_district_has_several_provinces():
    assert len(gz.gazetteer().lookup("Châu Thành")) > 3


@pytest.mark.parametrize(
    "a, b",
    [("Khánh Hoà", "Khánh Hòa"), ("Tỉnh uỷ", "Tỉnh ủy"), ("Thanh  Hoá", "Thanh Hóa"), ("quý", "quý"), ("Hoàng", "Hoàng")],
)
def test_fold(a, b):
    assert gz.fold(a) == gz.fold(b)


def test_spelling_variants():
    assert gz.spelling_variants("Khánh Hòa") == {"Khánh Hòa", "Khánh Hoà"}
    assert gz.spelling_variants("Hoàng Sa") == {"Hoàng Sa"}


def test_trie_pattern_prefers_longest():
    import re

    rx = re.compile("(?:" + gz.trie_pattern(["Điện Biên", "Điện Biên Phủ", "Điện"]) + ")")
    assert rx.match("Điện Biên Phủ").group() == "Điện Biên Phủ"
    assert rx.match("Điện Biên Đông").group() == "Điện Biên"


def test_place_regex_needs_word_boundaries():
    rx = gz.gazetteer().place_regex
    assert [m.group() for m in rx.finditer("tỉnh Lâm Đồng, Lâm Đồngg, XLâm Đồng")] == ["Lâm Đồng"]


def test_cli_usage(capsys):
    assert gz.main([]) == 2


def test_mapping_file_is_underthesea_data():
    with gz._mapping_path().open(encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["metadata"]["old_provinces"] == 63 and data["metadata"]["new_provinces"] == 34


@pytest.mark.parametrize(
    "surface, kind, canonical",
    [
        ("Việt Nam", "country", "Việt Nam"),
        ("Lào", "country", "Lào"),
        ("Campuchia", "country", "Campuchia"),
        ("Hàn Quốc", "country", "Hàn Quốc"),
        ("Đức", "country", "Đức"),
        ("Thành phố Hồ Chí Minh", "province", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "province", "Hồ Chí Minh"),
        ("Cửa Lò", "district", "Cửa Lò"),  # districts_extra.tsv: dissolved before the mapping
        ("Duyên hải Bắc Bộ", "region", "Duyên hải Bắc Bộ"),
        ("miền Trung - Tây Nguyên", "region", "miền Trung - Tây Nguyên"),
    ],
)
def test_lookup_hand_kept(surface, kind, canonical):
    (p, *_) = gz.gazetteer().lookup(surface)
    assert (p.kind, p.name) == (kind, canonical)


def test_country_flags_and_zone_heads():
    g = gz.gazetteer()
    assert {"Đức", "Anh", "Mỹ", "Pháp"} <= g.needs_context and "Việt Nam" not in g.needs_context
    assert g.zone_heads[0].count(" ") >= g.zone_heads[-1].count(" ")  # longest first
    assert "Khu kinh tế" in g.zone_heads and "Khu công nghiệp" in g.zone_heads


def test_hand_kept_districts_name_a_known_province():
    provinces = {r["name"] for r in load_tsv("gazetteer/provinces.tsv")}
    generated = {r["name"] for r in load_tsv("gazetteer/districts.tsv")}
    for row in load_tsv("gazetteer/districts_extra.tsv"):
        assert row["province"] in provinces and row["name"] not in generated
