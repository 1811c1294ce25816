"""Percentages: values, ranges, qualifiers, rate units, target years, exact spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq52extract.extract.percentages import find_percentages, parse_number
from nq52extract.extract.years import find_target_years

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).resolve().parent / "gold" / "seeds"

# (text, [(value, upper, qualifier, per)])
CASES = [
    ("Internet băng thông rộng phủ 100% các xã.", [(100.0, None, None, None)]),
    ("tỷ lệ thôn, bản được phủ sóng di động băng rộng 3G/4G đạt 99,5%;", [(99.5, None, "đạt", None)]),
    ("năng suất lao động tăng bình quân khoảng 7%/năm.", [(7.0, None, "khoảng", "năm")]),
    ("tăng trưởng 1,2 %/ tháng", [(1.2, None, None, "tháng")]),
    ("tăng 7% mỗi năm", [(7.0, None, None, "năm")]),
    ("kinh tế số chiếm 30-40% GRDP", [(30.0, 40.0, None, None), (40.0, None, None, None)]),
    ("kinh tế số chiếm 30 – 40% GRDP", [(30.0, 40.0, None, None), (40.0, None, None, None)]),
    ("tỷ lệ tăng từ 20% đến 30%", [(20.0, None, None, None), (30.0, None, None, None)]),
    ("đạt 50 phần trăm kế hoạch", [(50.0, None, "đạt", None)]),
    ("lãi suất 1.5% một tháng", [(1.5, None, None, None)]),
    ("phủ sóng 100 % khu dân cư", [(100.0, None, None, None)]),
    ("và trên 50% số lượng doanh nghiệp vừa và nhỏ", [(50.0, None, "trên", None)]),
    ("đạt trên 50% số hồ sơ", [(50.0, None, "trên", None)]),
    ("Trên 80% dân số trưởng thành", [(80.0, None, "trên", None)]),
    ("dưới 5% hộ nghèo", [(5.0, None, "dưới", None)]),
    ("ít nhất 30% ngân sách", [(30.0, None, "ít nhất", None)]),
    ("tối thiểu 10% tổng chi", [(10.0, None, "tối thiểu", None)]),
    ("hơn 2.700 sản phẩm và gần 90% doanh nghiệp", [(90.0, None, "gần", None)]),
    ("(chiếm 31,4%)", [(31.4, None, None, None)]),
    # not percentages
    ("Chỉ số năm 2023 đạt 43,58 điểm, đứng thứ 16 cả nước.", []),
    ("Xem https://example.vn/tim-kiem?q=52%20NQ%2FTW tại đây", []),
    ("đường dẫn www.tinhuy.vn/a%20b", []),
    ("9/9 địa phương và 3/61 tỉnh", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_percentages(text: str, expected: list[tuple]) -> None:
    found = find_percentages(text)
    assert [(p.value, p.upper, p.qualifier, p.per) for p in found] == expected
    for p in found:
        assert text[p.start : p.end] == p.mention


@pytest.mark.parametrize("raw,value", [("100", 100.0), ("99,5", 99.5), ("1.5", 1.5), ("1.000", 1000.0), ("0.125", 0.125), ("1.234,5", 1234.5)])
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


def test_mention_spans_qualifier_through_unit() -> None:
    (p,) = find_percentages("năng suất lao động tăng bình quân khoảng 7%/năm")
    assert p.mention == "khoảng 7%/năm"


# (text, [year of each percentage])
YEAR_CASES = [
    ("Đến năm 2025: Internet băng thông rộng phủ 100% các xã; năng suất lao động tăng khoảng 7%/năm.", [2025, 2025]),
    (
        "Trong đó, phấn đấu đến năm 2025, có 100% doanh nghiệp nhà nước và trên 50% doanh nghiệp vừa và nhỏ chuyển lên nền tảng số.",
        [2025, 2025],
    ),
    ("Đến năm 2025: phủ 80% xã.\n\nĐến năm 2030: phủ 100% thôn.", [2025, 2030]),
    ("Đến năm 2025:\n\nInternet phủ 100% các xã.", [2025]),
    ("Phấn đấu có 80% dân số trưởng thành có điện thoại thông minh đến năm 2025.", [2025]),
    # achieved results: no target year
    ("Năm 2023, tỷ lệ hồ sơ trực tuyến đạt 95%.", [None]),
    (
        "Nghị quyết số 23-NQ/TW về “Định hướng xây dựng chính sách phát triển công nghiệp quốc gia đến năm 2030, tầm nhìn đến năm 2045”.\n"
        "100% xã, phường, thị trấn được phủ sóng mạng băng rộng cáp quang.",
        [None],
    ),
    ("Mục tiêu đến năm 2030 là phát triển kinh tế số. Năm 2023, tỉnh đã đạt 95% hồ sơ trực tuyến.", [None]),
    ("Năm 2023 tỷ lệ đạt 95%, phấn đấu đến năm 2025 đạt 100%.", [None, 2025]),
]


@pytest.mark.parametrize("text,years", YEAR_CASES)
def test_percentage_years(text: str, years: list[int | None]) -> None:
    found = find_percentages(text, find_target_years(text))
    assert [p.year for p in found] == years
    for p in found:
        assert p.statement and p.statement in text


def test_year_restricted_to_given_target_years() -> None:
    text = "Đến năm 2025: Internet phủ 100% các xã."
    assert find_percentages(text, [])[0].year is None


# ----------------------------------------------------------------------
# seeds against the gold
# ----------------------------------------------------------------------

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_percentages(path: Path) -> None:
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    found = find_percentages(text, find_target_years(text))
    key = lambda x: (x[0], str(x[1]))  # noqa: E731
    assert sorted(((p.value, p.year) for p in found), key=key) == sorted(
        ((g["value"], g["year"]) for g in gold["percentages"]), key=key
    )
    # qualifier and unit where the gold states them
    by_value = {(p.value, p.year): p for p in found}
    for g in gold["percentages"]:
        if "qualifier" in g or "per" in g:
            p = by_value[(g["value"], g["year"])]
            assert (p.qualifier, p.per) == (g.get("qualifier"), g.get("per"))


# ----------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------

FRAGMENTS = [
    "100%", "99,5%", " 7%/năm", "30-40%", "từ 20% đến 30%", "50 phần trăm", "1.5%", " 100 %", "đạt", " trên ", "khoảng ",
    "Đến năm 2025:", "đến năm 2030", "năm 2023 đạt 43,58 điểm", "http://a.vn/x%20y", "%", "/", "-", " ", "\n", ". ", "; ",
    "2025", "mỗi năm", "“", "”",
]


def _check_spans(text: str) -> None:
    for p in find_percentages(text, find_target_years(text)):
        assert text[p.start : p.end] == p.mention
        assert p.value >= 0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_spans_exact_on_vietnamese_fragments(text: str) -> None:
    _check_spans(text)


def test_range_both_bounds_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    from nq52extract.extract import percentages

    rules = percentages._rules()
    monkeypatch.setattr(rules, "range_both_bounds", True)
    text = "Mục tiêu đến năm 2025, kinh tế số của tỉnh chiếm từ 30-40% GRDP."
    found = find_percentages(text)
    assert [(p.value, p.upper, p.year) for p in found] == [(30.0, 40.0, 2025), (40.0, None, 2025)]
    assert all(text[p.start : p.end] == p.mention for p in found)


# percentages written in words
SPELLED = [
    ("tỷ lệ đạt năm mươi tư phần trăm.", [(54.0, "đạt")]),
    ("khoảng ba mươi phần trăm số hộ", [(30.0, "khoảng")]),
    ("giảm hai mươi mốt phần trăm so với", [(21.0, None)]),
    ("tăng mười lăm phần trăm mỗi năm", [(15.0, None)]),
    ("ba mươi hai phẩy năm phần trăm", [(32.5, None)]),
    ("không phẩy năm phần trăm", [(0.5, None)]),
    ("hoàn thành trăm phần trăm kế hoạch", [(100.0, None)]),
    ("đạt một trăm linh năm phần trăm kế hoạch", [(105.0, "đạt")]),
    ("hai trăm phần trăm", [(200.0, None)]),
    # "năm" before a number is the year word, not five
    ("Năm ba phần trăm", [(3.0, None)]),
    # a unit word that only follows a ten is no number alone
    ("mốt phần trăm", []),
    ("Phần trăm số hộ nghèo giảm", []),
    # digits and words in one sentence: each once, in order
    ("đạt 50 phần trăm, riêng khu vực nông thôn đạt bốn mươi phần trăm", [(50.0, "đạt"), (40.0, "đạt")]),
]


@pytest.mark.parametrize("text,expected", SPELLED)
def test_spelled_percentages(text: str, expected: list) -> None:
    found = find_percentages(text)
    assert [(p.value, p.qualifier) for p in found] == expected
    assert all(text[p.start : p.end] == p.mention for p in found)


_UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _spell(n: int) -> str:
    """Vietnamese words for 0 <= n < 1000, written independently of the extractor's grammar."""
    if n >= 100:
        h, rest = divmod(n, 100)
        head = _UNITS[h] + " trăm"
        if rest == 0:
            return head
        return head + (" linh " + _UNITS[rest] if rest < 10 else " " + _spell(rest))
    if n >= 20:
        t, u = divmod(n, 10)
        tail = {0: "", 1: " mốt", 4: " tư", 5: " lăm"}.get(u, " " + _UNITS[u])
        return _UNITS[t] + " mươi" + tail
    if n >= 10:
        return "mười" + ("" if n == 10 else " lăm" if n == 15 else " " + _UNITS[n - 10])
    return _UNITS[n]


@given(st.integers(0, 999), st.one_of(st.none(), st.integers(1, 9)))
def test_property_spelled_round_trip(n: int, tenth: int | None) -> None:
    words = _spell(n) + (f" phẩy {_UNITS[tenth]}" if tenth is not None else "")
    text = f"Kết quả đạt {words} phần trăm so với cùng kỳ."
    found = find_percentages(text)
    assert [p.value for p in found] == [n + (tenth / 10 if tenth is not None else 0)]
    assert text[found[0].start : found[0].end] == found[0].mention
