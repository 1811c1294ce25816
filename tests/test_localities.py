"""Localities: the provinces (and districts) an article is about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nq52extract.extract.entities import find_entities
from nq52extract.extract.localities import find_localities
from nq52extract.model import Locality

GOLD = Path(__file__).resolve().parent / "gold" / "seeds"


def locs(text, title=None):
    return find_localities(text, find_entities(text), title=title)


def test_province_named_with_level_word():
    text = "Hướng dẫn thực hiện Nghị quyết.\nCác cấp ủy cần tuyên truyền để tỉnh Bắc Kạn có bước phát triển. " * 2
    assert locs(text) == [Locality("Bắc Kạn", None, "Thái Nguyên")]


def test_alias_gives_official_name():
    text = "Tỉnh Bắc Cạn triển khai. Ban Thường vụ Tỉnh ủy Bắc Cạn ban hành kế hoạch. Bắc Cạn phấn đấu."
    assert locs(text) == [Locality("Bắc Kạn", None, "Thái Nguyên")]


def test_tone_variant_gives_official_name():
    text = "Ban Thường vụ Tỉnh ủy Khánh Hoà vừa ban hành chương trình. Du lịch của tỉnh Khánh Hoà dẫn đầu."
    assert locs(text) == [Locality("Khánh Hòa", None, "Khánh Hòa")]


def test_district_implies_province():
    title = "Xây dựng huyện Triệu Phong giàu đẹp, văn minh"
    text = title + "\n\nĐó là mục tiêu của Ban Thường vụ Huyện ủy Triệu Phong. Triệu Phong đã đề ra lộ trình."
    assert locs(text, title) == [Locality("Quảng Trị", "Triệu Phong", "Quảng Trị")]


def test_city_in_passing_stays_province_level():
    text = (
        "Ban Thường vụ Tỉnh ủy Khánh Hòa vừa ban hành Chương trình hành động. "
        "Hoàn thành hạ tầng để thành phố Nha Trang đáp ứng tiêu chí đô thị thông minh. "
        "Ngành du lịch của tỉnh Khánh Hòa dẫn đầu khu vực Đông Nam Á."
    )
    assert locs(text) == [Locality("Khánh Hòa", None, "Khánh Hòa")]


def test_passing_mentions_and_regions_are_not_localities():
    text = (
        "Ban Kinh tế Trung ương làm việc với tỉnh Lâm Đồng. Lâm Đồng đứng đầu khu vực Tây Nguyên. "
        "Tỉnh Lâm Đồng đã triển khai. " + "Nội dung khác. " * 60 + "Trường Cao đẳng Việt - Hàn Quảng Ninh trình diễn. "
        "Một đoàn đã đến Hà Nội."
    )
    assert locs(text) == [Locality("Lâm Đồng", None, "Lâm Đồng")]


def test_two_provinces():
    text = (
        "Ban Kinh tế Trung ương đã làm việc với tỉnh Thái Nguyên và Lâm Đồng. "
        "Phó Chủ tịch UBND tỉnh Lâm Đồng cho biết. Lâm Đồng đã đạt kết quả. "
        "Chủ tịch Hội đồng nhân dân tỉnh Thái Nguyên cho biết. Thái Nguyên đã đạt kết quả."
    )
    assert locs(text) == [Locality("Lâm Đồng", None, "Lâm Đồng"), Locality("Thái Nguyên", None, "Thái Nguyên")]


def test_title_counts():
    title = "Tuyên Quang xây dựng lộ trình tham gia cuộc Cách mạng công nghiệp lần thứ tư"
    assert locs("Nội dung không nêu tên tỉnh. Tuyên Quang phấn đấu.", title) == [
        Locality("Tuyên Quang", None, "Tuyên Quang")
    ]


def test_ambiguous_district_without_its_province_is_dropped():
    assert locs("Huyện Châu Thành triển khai. Huyện Châu Thành phấn đấu. Châu Thành đạt.") == []


def test_ambiguous_district_with_its_province():
    text = "Huyện Châu Thành tỉnh Tiền Giang triển khai. Huyện Châu Thành phấn đấu. Châu Thành đạt chuẩn."
    assert locs(text) == [Locality("Tiền Giang", "Châu Thành", "Đồng Tháp")]


def test_nothing():
    assert locs("Không có địa danh nào.") == []
    assert find_localities("", []) == []


@pytest.mark.parametrize("gold_file", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem)
def test_seeds_exact(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = gold_file.with_suffix("").with_suffix(".clean.txt").read_text(encoding="utf-8")
    out = find_localities(text, find_entities(text, byline=gold["byline"]), title=gold["title"])
    assert [{"province": x.province, "district": x.district} for x in out] == gold["localities"]


def test_dateline_place_is_not_what_the_article_is_about():
    title = "Bộ Thông tin và Truyền thông hướng dẫn chuyển đổi số"
    text = (
        title + "\nHà Nội, ngày 12 tháng 4 năm 2022\n\nBộ hướng dẫn các địa phương. "
        "Thí điểm tại một số địa phương như Hà Nội, Đà Nẵng, Thừa Thiên Huế, Quảng Ninh."
    )
    assert locs(text, title) == []


def test_enumerated_provinces_in_the_lead_stay_out():
    title = "Đà Nẵng: Hội thảo chuyển đổi số"
    text = (
        title + "\nNgày 21/5, UBND thành phố Đà Nẵng tổ chức hội thảo với một số địa phương như Quảng Nam, "
        "Thừa Thiên Huế, Bình Định, Khánh Hòa. Đà Nẵng dẫn đầu. Tận dụng Khu công nghệ cao Đà Nẵng."
    )
    assert locs(text, title) == [Locality("Đà Nẵng", None, "Đà Nẵng")]


def test_province_inside_a_zone_counts():
    text = "Khu kinh tế Thái Bình thu hút đầu tư. Tỉnh Thái Bình phát triển. Khu kinh tế Thái Bình mở rộng."
    assert locs(text) == [Locality("Thái Bình", None, "Hưng Yên")]


def test_countries_and_communes_are_not_localities():
    text = "Tại xã Y Tý, người dân dùng mạng. Việt Nam, Lào, Campuchia hợp tác. Việt Nam phấn đấu. Việt Nam dẫn đầu."
    assert locs(text) == []


def test_full_city_name_gives_the_province():
    text = "Thành phố Hồ Chí Minh triển khai. UBND Thành phố Hồ Chí Minh ban hành. TP. Hồ Chí Minh dẫn đầu."
    assert locs(text) == [Locality("Hồ Chí Minh", None, "Hồ Chí Minh")]
