"""Tests of extract/dates.py: tables of real phrasing, false-hit baits, properties, seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq52extract.extract.dates import find_dates, parse_date, scan_dates

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds"


def values(text: str, published: str | None = None) -> list[str]:
    return [d.value for d in find_dates(text, published=published)]


# (sentence, expected values in order of first mention)
FOUND = [
    ("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị", ["2019-09-27"]),
    ("PublishingPortal\n\n10/06/2020\nTăng cỡ chữ", ["2020-06-10"]),
    ("Xử lý ngày 27-9-2019 tại tỉnh", ["2019-09-27"]),
    ("Ký ngày 27.9.2019.", ["2019-09-27"]),
    ("Văn bản ký 27/ 9/ 2019 tại Hà Nội", ["2019-09-27"]),
    ("Kế hoạch số 185-KH/TU, ngày 05 tháng 5 năm 2020 của Ban Thường vụ", ["2020-05-05"]),
    ("Hà Nội, ngày 5 tháng 12, năm 2021", ["2021-12-05"]),
    ("trong tháng 5/2024, Ban Kinh tế Trung ương đã làm việc", ["2024-05"]),
    ("từ tháng 5 năm 2024 đến tháng 12-2023", ["2024-05", "2023-12"]),
    ("hội nghị tháng Giêng năm 2020 và tháng mười hai năm 2021", ["2020-01", "2021-12"]),
    ("09/07/2020 09:25:00 Xem cỡ chữ: A+ A-", ["2020-07-09"]),
    ("cập nhật 2020-06-10 lúc 9 giờ", ["2020-06-10"]),
    ("Từ 5/2024, tỉnh triển khai", ["2024-05"]),
    # day/month without a year: the nearest preceding year-bearing date
    (
        "trong tháng 5/2024, Ban Kinh tế Trung ương đã tổ chức làm việc với tỉnh Thái Nguyên (6/5) và Lâm Đồng (21/5)",
        ["2024-05", "2024-05-06", "2024-05-21"],
    ),
    ("Ngày 12/3/2023 khai mạc; ngày 21/5 bế mạc", ["2023-03-12", "2023-05-21"]),
    ("Ngày 12/3/2023 khai mạc; ngày 21-5 bế mạc", ["2023-03-12", "2023-05-21"]),
    ("tháng 5/2024 ... sáng 6-5, đoàn công tác đến tỉnh", ["2024-05", "2024-05-06"]),
    ("năm 2023, ngày 21 tháng 5 là hạn chót; tháng 5/2024", ["2024-05-21", "2024-05"]),
    ("tháng 4/2024; hội nghị diễn ra ngày 6-7/5", ["2024-04", "2024-05-06", "2024-05-07"]),
    ("diễn ra ngày 6-7/5/2024 tại Hà Nội", ["2024-05-06", "2024-05-07"]),
    # repeats are one entry
    ("ngày 27/9/2019 ... ngày 27/9/2019 ... 27-9-2019", ["2019-09-27"]),
    # leap day
    ("ngày 29/2/2024", ["2024-02-29"]),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_found(text: str, expected: list[str]) -> None:
    assert values(text) == expected


# bare day/month with no year before: the published year, else the next year stated
@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("Sáng nay (21/5), hội nghị khai mạc", "2024-05-21", ["2024-05-21"]),
        ("ngày 21/5 tỉnh tổ chức hội nghị", "2023-06-01", ["2023-05-21"]),
        ("ngày 21/5 tỉnh tổ chức hội nghị", None, []),
        ("ngày 21/5 tỉnh tổ chức hội nghị; ngày 3/6/2022 tổng kết", None, ["2022-05-21", "2022-06-03"]),
        ("10/06/2020 ... ngày 21/5 ...", "2021-01-01", ["2020-06-10", "2020-05-21"]),
    ],
)
def test_year_from_context(text: str, published: str | None, expected: list[str]) -> None:
    assert values(text, published) == expected


NOT_DATES = [
    "đứng thứ 3/61 tỉnh, thành phố cả nước",
    "các sở, ban, ngành và 9/9 địa phương trực thuộc tỉnh",
    "phủ sóng thông tin di động 2G/3G/4G",
    "phủ sóng di động băng rộng 3G/4G đạt 99,5%",
    "năm 2023 đạt 43,58 điểm, đứng đầu khu vực",
    "chỉ 1/5 số xã đạt chuẩn",
    "cuộc cách mạng công nghiệp 4.0",
    "có hơn 2.700 sản phẩm",
    "Quyết định số 749/QĐ-TTg của Thủ tướng",
    "Nghị định số 30/2020/NĐ-CP về công tác văn thư",
    "Nghị định số 05/2020/NĐ-CP",
    "Luật số 12/2019/QH14",
    "Thông tư 01/2021/TT-BTTTT",
    "kết quả quý 1/2024 tăng",
    "điện thoại 0912.345.678 hoặc 024.3825.1234",
    "đường dây nóng 0236 3 822 123",
    "tỷ số 2-1 nghiêng về đội nhà",
    "tỷ lệ 100% (9/9)",
    "đạt 9 (9/9)",
    "Bản tin ngày 32/13/2020",
    "năm 2025 và năm 2030",
    "giai đoạn 2021-2025",
    "quý III/2024",
    "ngày 29/2/2023",
    "xem https://example.vn/2020/10/06/tin-10/06/2020.html hoặc www.abc.vn/27-9-2019 và mail 27.9.2019@abc.vn",
    "lúc 09:25:00",
    "Cục A05 và COVID-19",
    "ISO 9001:2015",
    "khoảng 12/12 huyện",
    "mỗi ngày 2-3 lần",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert [d.mention for d in find_dates(text, published="2024-01-01")] == []


@pytest.mark.parametrize(
    "mention,default_year,expected",
    [
        ("27/9/2019", None, ("2019-09-27", "day")),
        ("ngày 05 tháng 5 năm 2020", None, ("2020-05-05", "day")),
        ("tháng 5/2024", None, ("2024-05", "month")),
        ("(6/5)", 2024, ("2024-05-06", "day")),
        ("ngày 21/5", 2024, ("2024-05-21", "day")),
        ("ngày 21/5", None, None),
        ("3/61", 2024, None),
        ("không có ngày", 2024, None),
    ],
)
def test_parse_date(mention: str, default_year: int | None, expected) -> None:
    assert parse_date(mention, default_year=default_year) == expected


def test_mentions_and_precision() -> None:
    text = "Ngày 26/6/2020, tỉnh ban hành kế hoạch; trong tháng 5/2024 triển khai."
    found = find_dates(text)
    assert [(d.mention, d.precision) for d in found] == [("26/6/2020", "day"), ("tháng 5/2024", "month")]
    for d in found:
        assert text[d.start : d.end] == d.mention


def test_scan_keeps_repeats() -> None:
    text = "ngày 27/9/2019 và ngày 27/9/2019"
    assert [h.value for h in scan_dates(text)] == ["2019-09-27", "2019-09-27"]


# --------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------

FRAGMENTS = [
    "ngày ", "tháng ", " năm ", "(", ")", "/", "-", ".", ", ", " ", "\n", "số ", "Nghị quyết ", "52-NQ/TW",
    "27/9/2019", "6/5", "2024", "12", "3G/4G", "43,58", "9/9", "sáng ", "quý ", "https://a.vn/", "–", "Ngày ",
    "Tháng Giêng", "mười hai", "%", "0912.345.678", "Ð", "ỌĐ", "TƯ",
]


def _check_spans(text: str, found) -> None:
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.mention
        assert d.precision in ("day", "month")
        assert len(d.value) == (10 if d.precision == "day" else 7)
    starts = [d.start for d in found]
    assert starts == sorted(starts)
    assert len({d.value for d in found}) == len(found)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_property_arbitrary_text(text: str) -> None:
    _check_spans(text, find_dates(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.integers(0, 3000).map(str), max_size=40))
def test_property_fragments(parts: list[str]) -> None:
    text = "".join(parts)
    _check_spans(text, find_dates(text, published="2020-01-01"))
    for d in find_dates(text):
        assert parse_date(d.mention, default_year=int(d.value[:4])) is not None


# --------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_dates_match_gold(path: Path) -> None:
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert {d.value for d in find_dates(text, published=gold.get("published"))} == set(gold["dates"])


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Đợt tuyên truyền cao điểm được tổ chức từ ngày 20/8 đến ngày 30/9/2020.", "2020-08-13", ["2020-08-20", "2020-09-30"]),
        ("Tháng 12/2024, thành phố tổng kết.\n\nBan đề nghị gửi kiến nghị trước ngày 30/6 để tổng hợp.", "2025-05-22", ["2024-12", "2025-06-30"]),
        ("Trong tháng 5/2024, Ban làm việc với tỉnh Thái Nguyên (6/5) và Lâm Đồng (21/5).", None, ["2024-05", "2024-05-06", "2024-05-21"]),
    ],
)
def test_year_of_a_day_month_from_its_context(text, published, expected):
    assert sorted(d.value for d in find_dates(text, published=published)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Định kỳ trước ngày 15/12 hằng năm, các đơn vị báo cáo kết quả.", []),
        # the event's year comes from the events of the article, not from a document's date
        ("Chiều 15/3, Thị ủy sơ kết Kế hoạch số 112-KH/TU ngày 26/6/2020. Cuối tháng 2/2022, thị xã đã hoàn thành.", ["2020-06-26", "2022-02", "2022-03-15"]),
    ],
)
def test_recurring_and_document_dates_in_context(text, expected):
    assert sorted(d.value for d in find_dates(text)) == expected
