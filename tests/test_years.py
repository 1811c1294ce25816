"""Target years: goal/horizon constructions, negatives, statements, exact spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq52extract.extract.years import find_target_years, target_year_mentions

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).resolve().parent / "gold" / "seeds"

# (text, expected set of years)
CASES = [
    ("Đến năm 2025: Internet băng thông rộng phủ 100% các xã.", {2025}),
    ("Tỉnh phấn đấu đến năm 2030 trở thành tỉnh phát triển khá.", {2030}),
    ("Chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư từ nay đến năm 2030, tầm nhìn đến năm 2045.", {2030, 2045}),
    ("Kế hoạch chuyển đổi số giai đoạn 2021-2025 của tỉnh.", {2025}),
    ("Kế hoạch chuyển đổi số giai đoạn 2021 – 2025 của tỉnh.", {2025}),
    ("Chiến lược phát triển giai đoạn 2021 đến 2030.", {2030}),
    ("Hoàn thành chuyển đổi số trong các cơ quan Đảng trước năm 2030.", {2030}),
    ("Tỉnh phấn đấu năm 2026 có 80% hồ sơ được xử lý trực tuyến.", {2026}),
    ("Phấn đấu đến hết năm 2025, 100% xã có điểm phục vụ bưu chính.", {2025}),
    ("Năm 2025 phấn đấu tăng trưởng kinh tế số đạt 20% GRDP.", {2025}),
    ("Năm 2025, tỉnh phấn đấu có 90% dân số dùng điện thoại thông minh.", {2025}),
    ("Mục tiêu đến 2030, kinh tế số chiếm 30% GRDP.", {2030}),
    ("Đến cuối năm 2025, hoàn thành hạ tầng số.", {2025}),
    ("Định hướng đến năm 2030, phát triển đô thị thông minh.", {2030}),
    ("Tầm nhìn 2045: trở thành tỉnh phát triển.", {2045}),
    ("Đến năm 2025, hoàn thành; đến năm 2025 cũng xong.", {2025}),
    # negatives: past events, documents, dates, cut-offs
    ("Chỉ số đổi mới sáng tạo tỉnh Lâm Đồng năm 2023 đạt 43,58 điểm.", set()),
    ("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị.", set()),
    ("Năm 2019, Bộ Chính trị ban hành Nghị quyết về cách mạng công nghiệp.", set()),
    ("Nghị quyết của Bộ Chính trị năm 2019 về chuyển đổi số.", set()),
    ("Kế hoạch ban hành ngày 05 tháng 5 năm 2020.", set()),
    ("Tính đến năm 2023, toàn tỉnh có 324 doanh nghiệp công nghệ số.", set()),
    ("Tính đến hết năm 2023, 98% doanh nghiệp khai thuế điện tử.", set()),
    ("Từ năm 2019 đến năm 2023, tỉnh đã hoàn thành 11 hạng mục.", set()),
    ("Toàn tỉnh có 2030 hộ dân được hỗ trợ.", set()),
    ("Đạt 2025% kế hoạch.", set()),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_target_years(text: str, expected: set[int]) -> None:
    assert {t.year for t in find_target_years(text)} == expected


@pytest.mark.parametrize(
    "text,year,mention",
    [
        ("Theo đó, tầm nhìn đến năm 2045 tỉnh sẽ phát triển.", 2045, "tầm nhìn đến năm 2045"),
        ("Kế hoạch giai đoạn 2021 – 2025 đề ra.", 2025, "giai đoạn 2021 – 2025"),
        ("Tỉnh phấn đấu năm 2026 hoàn thành.", 2026, "phấn đấu năm 2026"),
        ("Đến năm 2025: Internet phủ 100%.", 2025, "Đến năm 2025"),
    ],
)
def test_mention_text(text: str, year: int, mention: str) -> None:
    (found,) = find_target_years(text)
    assert (found.year, found.mention) == (year, mention)
    assert text[found.start : found.end] == found.mention


def test_statement_runs_to_next_mention() -> None:
    text = (
        "Triệu Phong đã đề ra lộ trình đến năm 2025, hoàn thành chuyển đổi số. Internet băng thông rộng phủ 100% đến các xã. "
        "Đến năm 2030, phủ sóng mạng di động 5G."
    )
    y2025, y2030 = find_target_years(text)
    assert y2025.statement.endswith("phủ 100% đến các xã.")
    assert y2030.statement == "Đến năm 2030, phủ sóng mạng di động 5G."
    for t in (y2025, y2030):
        assert text[t.statement_start : t.statement_end] == t.statement


def test_heading_statement_is_next_paragraph() -> None:
    text = "Mục tiêu cụ thể như sau.\n\nĐến năm 2025:\n\nInternet băng thông rộng phủ 100% các xã.\n\nTin: Hương Dịu"
    (found,) = find_target_years(text)
    assert found.statement.endswith("phủ 100% các xã.")
    assert "Hương Dịu" not in found.statement


def test_statement_stops_at_results_sentence() -> None:
    text = "Mục tiêu đến năm 2030 là phát triển kinh tế số. Năm 2023, tỉnh đã đạt 95% hồ sơ trực tuyến."
    (found,) = find_target_years(text)
    assert "95%" not in found.statement


def test_statement_inside_document_title_stops_at_quote() -> None:
    text = "Nghị quyết số 23-NQ/TW về “Định hướng phát triển công nghiệp quốc gia đến năm 2030, tầm nhìn đến năm 2045”. Tỷ lệ đạt 100%."
    years = find_target_years(text)
    assert [t.year for t in years] == [2030, 2045]
    assert years[1].statement == "tầm nhìn đến năm 2045"


def test_all_mentions_kept_internally() -> None:
    text = "Mục tiêu đến năm 2025 và đến năm 2030. Trong đó, phấn đấu đến năm 2025, có 100% doanh nghiệp lên nền tảng số."
    assert [m.year for m in target_year_mentions(text)] == [2025, 2030, 2025]
    (y2025, _) = find_target_years(text)
    assert y2025.mention == "Mục tiêu đến năm 2025"
    assert "100% doanh nghiệp" in y2025.statement


# ----------------------------------------------------------------------
# seeds against the gold
# ----------------------------------------------------------------------

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_target_years(path: Path) -> None:
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert sorted(t.year for t in find_target_years(text)) == sorted(gold["target_years"])


# ----------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------

FRAGMENTS = [
    "Đến năm 2025:", "đến năm 2030", "tầm nhìn đến năm 2045", "giai đoạn 2021-2025", "giai đoạn 2021 – ",
    "năm 2023 đạt 43,58 điểm", "ngày 27/9/2019", "phấn đấu năm 2026", "tính đến năm", "Năm 2025, tỉnh phấn đấu",
    "100%", "; ", ". ", "\n", "\n\n", ":", "“", "”", "đã", "Internet băng thông rộng", " ", "2030", "năm ",
]


def _check_spans(text: str) -> None:
    for t in find_target_years(text):
        assert text[t.start : t.end] == t.mention
        assert text[t.statement_start : t.statement_end] == t.statement
    for t in target_year_mentions(text):
        assert text[t.start : t.end] == t.mention
        assert t.statement_start == t.start < t.end <= t.statement_end


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_spans_exact_on_vietnamese_fragments(text: str) -> None:
    _check_spans(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tỉnh phấn đấu tỷ lệ hồ sơ trực tuyến đạt 50% vào năm 2025.", {2025}),
        ("Mục tiêu là hoàn thành chuyển đổi số trong năm 2025.", {2025}),
        ("Vào năm 2019, Bộ Chính trị ban hành Nghị quyết số 52-NQ/TW.", set()),
        ("Tỉnh đã hoàn thành mục tiêu vào năm 2023.", set()),
    ],
)
def test_in_year_only_in_goal_sentences(text: str, expected: set[int]) -> None:
    assert {t.year for t in find_target_years(text)} == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Đến hết năm 2021, 63/63 tỉnh, thành phố đã ban hành văn bản chỉ đạo về chuyển đổi số.", set()),
        ("Đến năm 2025, phấn đấu 100% xã đã có cáp quang được nâng cấp.", {2025}),
        ("Tỉnh đã ban hành Kế hoạch chuyển đổi số đến năm 2025, định hướng đến năm 2030.", {2025, 2030}),
    ],
)
def test_sentence_opening_horizon_reporting_a_result(text: str, expected: set[int]) -> None:
    assert {t.year for t in find_target_years(text)} == expected


def test_sentence_ending_in_a_horizon_does_not_govern_the_next_paragraph():
    text = (
        "Ban Thường vụ Tỉnh ủy ban hành Chỉ thị về chuyển đổi số giai đoạn 2021-2025, định hướng đến năm 2030.\n\n"
        "Sau một năm, toàn tỉnh đã có 100% cơ quan nhà nước sử dụng hệ thống quản lý văn bản."
    )
    years = {y.year: y for y in find_target_years(text)}
    assert years[2030].statement.rstrip(".") == "định hướng đến năm 2030"
    from nq52extract.extract.percentages import find_percentages

    assert [p.year for p in find_percentages(text, list(years.values()))] == [None]


def test_years_before_the_publication_year_are_past_cutoffs():
    text = "Đến cuối năm 2022, 100% xã có cáp quang. Tỉnh phấn đấu đến năm 2025 có 80% hồ sơ trực tuyến."
    assert [y.year for y in find_target_years(text, published="2023-04-19")] == [2025]
    assert [y.year for y in find_target_years(text)] == [2022, 2025]
