"""Tests of extract/documents.py: tables of real phrasing, false-hit baits, properties, seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq52extract.extract.dates import find_dates
from nq52extract.extract.documents import find_documents, read_number

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds"


def only(text: str):
    found = find_documents(text)
    assert len(found) == 1, [d.canonical for d in found]
    return found[0]


# (sentence, number, canonical, kind, kind_name, issuer, issuer_name, year)
READ = [
    ("thực hiện Nghị quyết số 52-NQ/TW của Bộ Chính trị", "52-NQ/TW", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Chỉ thị số 05-CT/TW của Bộ Chính trị", "05-CT/TW", "05-CT/TW", "CT", "Chỉ thị", "TW", "Trung ương", None),
    ("Kết luận số 14-KL/TW về khuyến khích", "14-KL/TW", "14-KL/TW", "KL", "Kết luận", "TW", "Trung ương", None),
    ("Quy định số 08-QĐi/TW về trách nhiệm nêu gương", "08-QĐi/TW", "08-QĐi/TW", "QĐi", "Quy định", "TW", "Trung ương", None),
    ("Quyết định số 99-QĐ/TU của Ban Thường vụ", "99-QĐ/TU", "99-QĐ/TU", "QĐ", "Quyết định", "TU", "Tỉnh ủy", None),
    ("Hướng dẫn 36-HD/BTGTU của Ban Tuyên giáo", "36-HD/BTGTU", "36-HD/BTGTU", "HD", "Hướng dẫn", "BTGTU", "Ban Tuyên giáo Tỉnh ủy", None),
    ("Văn bản số 36-HD/TGTU hướng dẫn", "36-HD/TGTU", "36-HD/TGTU", "HD", "Hướng dẫn", "TGTU", "Ban Tuyên giáo Tỉnh ủy", None),
    ("Chương trình hành động số 39-CTr/TU thực hiện", "39-CTr/TU", "39-CTr/TU", "CTr", "Chương trình", "TU", "Tỉnh ủy", None),
    ("Thông báo số 12-TB/TU kết luận của Thường trực", "12-TB/TU", "12-TB/TU", "TB", "Thông báo", "TU", "Tỉnh ủy", None),
    ("Báo cáo số 45-BC/HU của Huyện ủy", "45-BC/HU", "45-BC/HU", "BC", "Báo cáo", "HU", "Huyện ủy", None),
    ("Công văn số 120-CV/ĐUK của Đảng ủy Khối", "120-CV/ĐUK", "120-CV/ĐUK", "CV", "Công văn", "ĐUK", "Đảng ủy Khối", None),
    ("Kế hoạch số 07-KH/BCSĐ của Ban cán sự đảng", "07-KH/BCSĐ", "07-KH/BCSĐ", "KH", "Kế hoạch", "BCSĐ", "Ban cán sự đảng", None),
    ("Tờ trình số 3-TTr/ĐĐ của Đảng đoàn", "3-TTr/ĐĐ", "3-TTr/ĐĐ", "TTr", "Tờ trình", "ĐĐ", "Đảng đoàn", None),
    ("Đề án số 01-ĐA/TU về chuyển đổi số", "01-ĐA/TU", "01-ĐA/TU", "ĐA", "Đề án", "TU", "Tỉnh ủy", None),
    ("Kế hoạch số 15-KH/VPTW của Văn phòng", "15-KH/VPTW", "15-KH/VPTW", "KH", "Kế hoạch", "VPTW", "Văn phòng Trung ương Đảng", None),
    ("theo Hướng dẫn số 2-HD/XYZTU mới", "2-HD/XYZTU", "2-HD/XYZTU", "HD", "Hướng dẫn", "XYZTU", None, None),
    # State style
    ("Quyết định số 749/QĐ-TTg của Thủ tướng", "749/QĐ-TTg", "749/QĐ-TTg", "QĐ", "Quyết định", "TTg", "Thủ tướng Chính phủ", None),
    ("Kế hoạch số 123/KH-UBND của UBND tỉnh", "123/KH-UBND", "123/KH-UBND", "KH", "Kế hoạch", "UBND", "Ủy ban nhân dân", None),
    ("Nghị định số 30/2020/NĐ-CP về công tác văn thư", "30/2020/NĐ-CP", "30/2020/NĐ-CP", "NĐ", "Nghị định", "CP", "Chính phủ", 2020),
    ("Nghị quyết số 50/NQ-CP của Chính phủ", "50/NQ-CP", "50/NQ-CP", "NQ", "Nghị quyết", "CP", "Chính phủ", None),
    ("Thông tư số 01/2021/TT-BTTTT của Bộ", "01/2021/TT-BTTTT", "01/2021/TT-BTTTT", "TT", "Thông tư", "BTTTT", "Bộ Thông tin và Truyền thông", 2021),
    ("Luật số 12/2019/QH14 của Quốc hội", "12/2019/QH14", "12/2019/QH14", "L", "Luật", "QH14", "Quốc hội", 2019),
    ("Quyết định số 1234/QĐ-UBND của UBND tỉnh", "1234/QĐ-UBND", "1234/QĐ-UBND", "QĐ", "Quyết định", "UBND", "Ủy ban nhân dân", None),
    ("Chỉ thị số 05/CT-UBND về tăng cường", "05/CT-UBND", "05/CT-UBND", "CT", "Chỉ thị", "UBND", "Ủy ban nhân dân", None),
    ("Thông báo số 15/TB-VPCP kết luận", "15/TB-VPCP", "15/TB-VPCP", "TB", "Thông báo", "VPCP", "Văn phòng Chính phủ", None),
    ("Báo cáo số 200/BC-UBND của tỉnh", "200/BC-UBND", "200/BC-UBND", "BC", "Báo cáo", "UBND", "Ủy ban nhân dân", None),
    ("Công văn số 1234/UBND-KT của tỉnh", "1234/UBND-KT", "1234/UBND-KT", "CV", "Công văn", "UBND", "Ủy ban nhân dân", None),
    ("Nghị quyết số 15/2021/NQ-HĐND của HĐND tỉnh", "15/2021/NQ-HĐND", "15/2021/NQ-HĐND", "NQ", "Nghị quyết", "HĐND", "Hội đồng nhân dân", 2021),
    # variants of scraped text
    ("Kế hoạch số 305 -KH/TU của Tỉnh ủy", "305-KH/TU", "305-KH/TU", "KH", "Kế hoạch", "TU", "Tỉnh ủy", None),
    ("Kế hoạch số 305- KH/TU của Tỉnh ủy", "305-KH/TU", "305-KH/TU", "KH", "Kế hoạch", "TU", "Tỉnh ủy", None),
    ("thực hiện Nghị quyết 58 NQ/TW của Bộ Chính trị", "58-NQ/TW", "58-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Nghị quyết số 52–NQ/TW của Bộ Chính trị", "52-NQ/TW", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Nghị quyết số 52—NQ/TW của Bộ Chính trị", "52-NQ/TW", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Nghị quyết số 52‑NQ/TW của Bộ Chính trị", "52-NQ/TW", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Nghị quyết số 52-NQ/TƯ của Bộ Chính trị", "52-NQ/TƯ", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Hướng dẫn số 10-HD/BTGTƯ về tuyên truyền", "10-HD/BTGTƯ", "10-HD/BTGTW", "HD", "Hướng dẫn", "BTGTW", "Ban Tuyên giáo Trung ương", None),
    ("Quyết định số 749/ỌĐ-TTg của Thủ tướng", "749/ỌĐ-TTg", "749/QĐ-TTg", "QĐ", "Quyết định", "TTg", "Thủ tướng Chính phủ", None),
    ("Quyết định số 749/QÐ-TTg của Thủ tướng", "749/QÐ-TTg", "749/QĐ-TTg", "QĐ", "Quyết định", "TTg", "Thủ tướng Chính phủ", None),
    ("Quyết định số 25-QÐ/TU của Tỉnh ủy", "25-QÐ/TU", "25-QĐ/TU", "QĐ", "Quyết định", "TU", "Tỉnh ủy", None),
    ("Nghị định số 30/2020/ND-CP về văn thư", "30/2020/ND-CP", "30/2020/NĐ-CP", "NĐ", "Nghị định", "CP", "Chính phủ", 2020),
    ("thực hiện nghị quyết 52-nq/tw của Bộ Chính trị", "52-nq/tw", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
    ("Chương trình hành động số 39-Ctr/TU thực hiện", "39-Ctr/TU", "39-CTr/TU", "CTr", "Chương trình", "TU", "Tỉnh ủy", None),
    ("Nghị quyết số 52 - NQ / TW của Bộ Chính trị", "52-NQ/TW", "52-NQ/TW", "NQ", "Nghị quyết", "TW", "Trung ương", None),
]


@pytest.mark.parametrize("text,number,canonical,kind,kind_name,issuer,issuer_name,year", READ)
def test_read(text, number, canonical, kind, kind_name, issuer, issuer_name, year) -> None:
    doc = only(text)
    assert (doc.number, doc.canonical, doc.kind, doc.kind_name, doc.issuer, doc.issuer_name, doc.year) == (
        number,
        canonical,
        kind,
        kind_name,
        issuer,
        issuer_name,
        year,
    )
    assert text[doc.start : doc.end] == doc.mention


@pytest.mark.parametrize(
    "text,mention",
    [
        ("thực hiện Kế hoạch số 185-KH/TU, ngày", "Kế hoạch số 185-KH/TU"),
        ("Ban hành Chương trình hành động số 39-CTr/TU, ngày", "Chương trình hành động số 39-CTr/TU"),
        ("Theo Hướng dẫn 36-HD/BTGTU, các cấp ủy", "Hướng dẫn 36-HD/BTGTU"),
        ("Văn bản số 36-HD/TGTU Hướng dẫn", "Văn bản số 36-HD/TGTU"),
        ("Nghị quyết số 52-NQ/TW và 23-NQ/TW", "Nghị quyết số 52-NQ/TW"),
        ("các văn bản: 52-NQ/TW, ", "52-NQ/TW"),
    ],
)
def test_mention_includes_lead_words(text: str, mention: str) -> None:
    assert find_documents(text)[0].mention == mention


# (sentence, {canonical: issued})
ISSUED = [
    ("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị", {"52-NQ/TW": "2019-09-27"}),
    ("Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị", {"52-NQ/TW": "2019-09-27"}),
    ("Kế hoạch số 185-KH/TU, ngày 05 tháng 5 năm 2020 của Ban Thường vụ Tỉnh ủy", {"185-KH/TU": "2020-05-05"}),
    ("Chương trình hành động số 39-CTr/TU, ngày 24/6/2020 thực hiện", {"39-CTr/TU": "2020-06-24"}),
    ("Nghị quyết số 52-NQ/TW của Bộ Chính trị ngày 27/9/2019 về", {"52-NQ/TW": "2019-09-27"}),
    ("Nghị quyết số 52-NQ/TW (ngày 27/9/2019) của Bộ Chính trị", {"52-NQ/TW": "2019-09-27"}),
    ("Nghị quyết số 52-NQ/TW (khóa XII) ngày 27/9/2019", {"52-NQ/TW": "2019-09-27"}),
    ("Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng", {"749/QĐ-TTg": "2020-06-03"}),
    ("Nghị định số 30/2020/NĐ-CP ngày 5-3-2020", {"30/2020/NĐ-CP": "2020-03-05"}),
    ("Kế hoạch số 12-KH/TU ban hành ngày 10.6.2021", {"12-KH/TU": "2021-06-10"}),
    # leading date in the same clause, before an issuing verb
    (
        "Ngày 26/6/2020, Tỉnh Ủy Tuyên Quang đã ban hành Kế hoạch số 402-KH/TU thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019",
        {"402-KH/TU": "2020-06-26", "52-NQ/TW": "2019-09-27"},
    ),
    ("Tin mới.\nNgày 3/6/2021, UBND tỉnh ký Quyết định số 1234/QĐ-UBND về", {"1234/QĐ-UBND": "2021-06-03"}),
    # a leading date that is not the document's
    ("Ngày 26/6/2020, Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số 52-NQ/TW.", {"52-NQ/TW": None}),
    ("Ngày 26/6/2020 tỉnh họp. Tỉnh ủy ban hành Kế hoạch số 402-KH/TU.", {"402-KH/TU": None}),
    # a date after two numbers belongs to the nearest
    ("Nghị quyết số 52-NQ/TW và 23-NQ/TW ngày 22/3/2018 của Bộ Chính trị", {"52-NQ/TW": None, "23-NQ/TW": "2018-03-22"}),
    ("Văn bản số 36-HD/TGTU Hướng dẫn thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019", {"36-HD/TGTU": None, "52-NQ/TW": "2019-09-27"}),
    # first mention without a date, a later one with it
    (
        "Nghị quyết số 52-NQ/TW rất quan trọng. Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị",
        {"52-NQ/TW": "2019-09-27"},
    ),
    # a day/month without a year takes the year of the context
    ("Trong tháng 6/2020, Tỉnh ủy ban hành Kế hoạch số 12-KH/TU ngày 5/6 về", {"12-KH/TU": "2020-06-05"}),
    ("Kế hoạch số 12-KH/TU về chuyển đổi số", {"12-KH/TU": None}),
]


@pytest.mark.parametrize("text,expected", ISSUED)
def test_issued(text: str, expected: dict) -> None:
    assert {d.canonical: d.issued for d in find_documents(text)} == expected


def test_one_entry_per_canonical() -> None:
    text = "Nghị quyết số 52-NQ/TW ... Nghị quyết số 52-NQ/TƯ ... nghị quyết 52-nq/tw ... Nghị quyết số 52-NQ/TW"
    found = find_documents(text)
    assert [d.canonical for d in found] == ["52-NQ/TW"]
    assert found[0].start == 0


def test_sorted_by_start() -> None:
    text = "Kế hoạch số 402-KH/TU thực hiện Nghị quyết số 52-NQ/TW và Quyết định 749/QĐ-TTg"
    assert [d.canonical for d in find_documents(text)] == ["402-KH/TU", "52-NQ/TW", "749/QĐ-TTg"]


NOT_DOCUMENTS = [
    "Nghị quyết số 52 ngày 27/9/2019",
    "phủ sóng thông tin di động 2G/3G/4G",
    "tỷ lệ phủ sóng 3G/4G đạt 99,5%",
    "đứng thứ 3/61 tỉnh, thành phố",
    "9/9 địa phương trực thuộc tỉnh",
    "năm 2023 đạt 43,58 điểm",
    "Cục A05 Bộ Công an",
    "đại dịch COVID-19 bùng phát",
    "đạt chuẩn ISO 9001:2015",
    "gọi 0912 345 678 hoặc 024.3825.1234",
    "xem https://tuyengiao.vn/nghi-quyet-52-NQ/TW-ve-cach-mang và http://abc.vn/749/QĐ-TTg",
    "liên hệ 52-NQ/TW@abc.vn",
    "Công văn 1234/UBND-KT nếu không có chữ công văn: 1234/ABC-DEF",
    "tốc độ 20 tb/ngày, 5 ct/ha",
    "tỷ số 3-1, giai đoạn 2021-2025",
    "cách mạng công nghiệp 4.0 và 5G",
    "ngày 27/9/2019",
    "khoảng 30/2020",
]


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_not_documents(text: str) -> None:
    found = find_documents(text)
    if text.startswith("Công văn 1234/UBND-KT"):
        assert [d.canonical for d in found] == ["1234/UBND-KT"]
    else:
        assert [d.canonical for d in found] == []


def test_short_forms_link_to_full_number() -> None:
    text = (
        "Nghị quyết số 52-NQ/TW ngày 27/9/2019 và Nghị quyết số 23-NQ/TW ngày 22/3/2018. "
        "Sơ kết Nghị quyết số 52 và 23; Nghị quyết 52 rất quan trọng."
    )
    found = {d.canonical: d for d in find_documents(text)}
    assert set(found) == {"52-NQ/TW", "23-NQ/TW"}
    assert [text[a:b] for a, b in found["52-NQ/TW"].short_forms] == ["Nghị quyết số 52", "Nghị quyết 52"]
    assert [text[a:b] for a, b in found["23-NQ/TW"].short_forms] == ["23"]


def test_short_form_this_document() -> None:
    text = "Ban hành Chương trình hành động số 39-CTr/TU. Mục tiêu của Chương trình hành động này là ..."
    (doc,) = find_documents(text)
    assert [text[a:b] for a, b in doc.short_forms] == ["Chương trình hành động này"]


def test_short_form_alone_is_not_a_document() -> None:
    assert find_documents("Sau 5 năm thực hiện Nghị quyết số 52 về cách mạng công nghiệp 4.0") == []


@pytest.mark.parametrize(
    "number,canonical",
    [("58 NQ/TƯ", "58-NQ/TW"), ("749/ỌĐ-TTg", "749/QĐ-TTg"), ("12/2019/QH14", "12/2019/QH14"), ("3G/4G", None), ("27/9/2019", None)],
)
def test_read_number(number: str, canonical: str | None) -> None:
    doc = read_number(number)
    assert (doc.canonical if doc else None) == canonical


def test_dates_argument_lends_year() -> None:
    text = "Kế hoạch số 12-KH/TU ngày 5/6 của Tỉnh ủy"
    assert find_documents(text)[0].issued is None
    dates = find_dates("09/07/2020")
    assert find_documents(text, dates=dates)[0].issued == "2020-06-05"


# --------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------

FRAGMENTS = [
    "Nghị quyết số ", "Kế hoạch ", "Chương trình hành động ", "này", " và ", ", ", " ", "\n", ". ", "ngày ",
    "52-NQ/TW", "52 -NQ/TW", "58 NQ/TƯ", "749/ỌĐ-TTg", "30/2020/NĐ-CP", "12/2019/QH14", "1234/UBND-KT",
    "27/9/2019", "ngày 05 tháng 5 năm 2020", "3G/4G", "2G/3G/4G", "3/61", "https://a.vn/", "@", "Ð", "–", "—",
    "/", "-", "(", ")", "Ngày 26/6/2020, Tỉnh ủy ban hành ", "KH", "TU", "QĐ", "số",
]


def _check(text: str) -> None:
    found = find_documents(text, dates=find_dates(text))
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.mention
        assert d.canonical and d.number and d.kind
        for a, b in d.short_forms:
            assert 0 <= a < b <= len(text)
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert len({d.canonical.casefold() for d in found}) == len(found)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_property_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.integers(0, 3000).map(str), max_size=40))
def test_property_fragments(parts: list[str]) -> None:
    _check("".join(parts))


# --------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_documents_match_gold(path: Path) -> None:
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    found = find_documents(text, dates=find_dates(text, published=gold.get("published")))
    assert {(d.canonical.casefold(), d.issued) for d in found} == {
        (g["number"].casefold(), g["issued"]) for g in gold["documents"]
    }


@pytest.mark.parametrize(
    "text, number, issued",
    [
        ("Quyết định số 2289/QĐ-TTg về Chiến lược quốc gia về Cách mạng công nghiệp lần thứ tư đến năm 2030 được Thủ tướng Chính phủ ban hành ngày 31/12/2020.", "2289/QĐ-TTg", "2020-12-31"),
        ("Kế hoạch số 15-KH/TU về chuyển đổi số được Ban Thường vụ Tỉnh ủy ký ban hành vào ngày 12/3/2021.", "15-KH/TU", "2021-03-12"),
        # another number stands between: the date is not this one's
        ("Kế hoạch số 15-KH/TU thực hiện Nghị quyết số 52-NQ/TW được ban hành ngày 27/9/2019.", "15-KH/TU", None),
        # the date is in the next sentence
        ("Tỉnh đã triển khai Kế hoạch số 15-KH/TU. Văn bản được ban hành ngày 12/3/2021.", "15-KH/TU", None),
    ],
)
def test_issued_date_later_in_the_sentence(text, number, issued):
    found = {d.canonical: d.issued for d in find_documents(text)}
    assert found[number] == issued


@pytest.mark.parametrize(
    "text, number, issued",
    [
        ("Thực hiện Chương trình hành động số 115-CTr/TU ngày 29/6/2020 của Tỉnh ủy Lào Cai, ngày 08/9/2020, Ban Thường vụ Huyện ủy Bát Xát ban hành Kế hoạch số 112-KH/HU về chuyển đổi số.", "112-KH/HU", "2020-09-08"),
        ("Thực hiện Chương trình hành động số 115-CTr/TU ngày 29/6/2020 của Tỉnh ủy Lào Cai, ngày 08/9/2020, Ban Thường vụ Huyện ủy Bát Xát ban hành Kế hoạch số 112-KH/HU về chuyển đổi số.", "115-CTr/TU", "2020-06-29"),
        ("Sau đó, ngày 15-10-2020, UBND tỉnh ban hành Kế hoạch số 156/KH-UBND triển khai Chương trình.", "156/KH-UBND", "2020-10-15"),
        # the date belongs to the earlier number, not to the one issued after it
        ("Thực hiện Kế hoạch số 12-KH/TU ngày 5/3/2020, UBND tỉnh ban hành Kế hoạch số 20/KH-UBND.", "20/KH-UBND", None),
    ],
)
def test_issued_date_set_off_by_commas(text, number, issued):
    found = {d.canonical: d.issued for d in find_documents(text)}
    assert found[number] == issued


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Ngày 3-8-2020 vừa qua, Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành Kế hoạch số 68-KH/TU thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị.",
            {"68-KH/TU": "2020-08-03", "52-NQ/TW": "2019-09-27"},
        ),
        (
            "Thực hiện Nghị quyết 52 - NQ/TƯ của Bộ Chính trị, ngày 5 tháng 10 năm 2021, Đảng ủy Tập đoàn Điện lực Việt Nam đã ban hành Nghị quyết số 120-NQ/ĐU về chuyển đổi số.",
            {"52-NQ/TW": None, "120-NQ/ĐU": "2021-10-05"},
        ),
        (
            "Ban Thường vụ Tỉnh ủy Khánh Hòa vừa ban hành Chương trình hành động số 39-CTr/TU, ngày 24/6/2020 thực hiện Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị.",
            {"39-CTr/TU": "2020-06-24", "52-NQ/TW": "2019-09-27"},
        ),
    ],
)
def test_issued_dates_between_two_numbers(text, expected):
    assert {d.canonical: d.issued for d in find_documents(text)} == expected


# numbers that share the code written after the last of them
SHARED_CODE = [
    (
        "Thực hiện Nghị quyết số 18, 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6",
        {"18-NQ/TW": "2017-10-25", "19-NQ/TW": "2017-10-25"},
    ),
    (
        "quán triệt các Nghị quyết số 26, 27 và 28-NQ/TW ngày 19/5/2018 của Trung ương",
        {"26-NQ/TW": "2018-05-19", "27-NQ/TW": "2018-05-19", "28-NQ/TW": "2018-05-19"},
    ),
    ("theo Quyết định số 749, 750/QĐ-TTg của Thủ tướng", {"749/QĐ-TTg": None, "750/QĐ-TTg": None}),
    ("Nghị định số 30; 31/2020/NĐ-CP của Chính phủ", {"30/2020/NĐ-CP": None, "31/2020/NĐ-CP": None}),
    ("Kế hoạch số 45, 46 -KH/TU của Tỉnh ủy", {"45-KH/TU": None, "46-KH/TU": None}),
    # no lead word: a count before a number is no document
    ("Tại phòng 18, 19-NQ/TW được trưng bày", {"19-NQ/TW": None}),
    ("năm 2019, 52-NQ/TW là nghị quyết quan trọng", {"52-NQ/TW": None}),
    # full numbers in a row keep their own dates
    ("Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017", {"18-NQ/TW": None, "19-NQ/TW": "2017-10-25"}),
]


@pytest.mark.parametrize("text,expected", SHARED_CODE)
def test_shared_code_lists(text: str, expected: dict) -> None:
    found = find_documents(text)
    assert {d.canonical: d.issued for d in found} == expected
    for d in found:
        assert text[d.start : d.end] == d.mention
        assert d.canonical.split("-")[0].split("/")[0] in d.mention


@given(st.lists(st.integers(1, 999), min_size=1, max_size=5, unique=True), st.sampled_from([", ", " và ", "; "]))
def test_property_shared_code_list(numbers: list[int], sep: str) -> None:
    text = "Thực hiện các Nghị quyết số " + sep.join(map(str, numbers)) + "-NQ/TW của Bộ Chính trị."
    found = find_documents(text)
    assert [d.canonical for d in found] == [f"{n}-NQ/TW" for n in numbers]
    assert all(text[d.start : d.end] == d.mention for d in found)
