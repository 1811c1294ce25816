"""Unicode, tone marks, site chrome and metadata on real scraped Vietnamese text."""

import unicodedata

import pytest

from nq52extract.extract.metadata import find_metadata
from nq52extract.model import apply_edits
from nq52extract.normalize.chrome import chrome_edits, is_chrome_line
from nq52extract.normalize.normalizer import normalize_text
from nq52extract.normalize.unicode import fold_tone_placement, tone_edits, unicode_edits


def _apply(text, edits):
    return apply_edits(text, edits)[0]


@pytest.mark.parametrize(
    "given, old, new",
    [
        ("Tỉnh uỷ Lâm Đồng", "Tỉnh ủy Lâm Đồng", "Tỉnh uỷ Lâm Đồng"),
        ("Khánh Hoà", "Khánh Hòa", "Khánh Hoà"),
        ("thuỷ lợi, sức khoẻ", "thủy lợi, sức khỏe", "thuỷ lợi, sức khoẻ"),
        ("cụ thể hoá", "cụ thể hóa", "cụ thể hoá"),
        ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"),
        ("quý, quỹ, hoàn thành, thuyền, khoáng sản", "quý, quỹ, hoàn thành, thuyền, khoáng sản", "quý, quỹ, hoàn thành, thuyền, khoáng sản"),
    ],
)
def test_tone_conventions(given, old, new):
    assert _apply(given, tone_edits(given, "old")) == old
    assert _apply(old, tone_edits(old, "new")) == new
    assert fold_tone_placement(given) == fold_tone_placement(new) == old


def test_unicode_nfd_lookalikes_and_invisibles():
    nfd = unicodedata.normalize("NFD", "Nghị quyết số 52-NQ/TW của Bộ Chính trị")
    raw = "\ufeff" + nfd.replace("Bộ", "Bộ\u200b") + "\u00a0ÐẢNG"
    out = _apply(raw, unicode_edits(raw))
    assert out == "Nghị quyết số 52-NQ/TW của Bộ Chính trị ĐẢNG"
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    "line",
    [
        "PublishingPortal - Block_BanTin_Toolbar",
        "Tăng cỡ chữ Giảm cỡ chữ",
        "Xem cỡ chữ: A+ A-",
        "431 Go top",
        "Thống kê truy cập - Tin cơ sở",
        "  • Số lượt truy cập tháng: 382021",
        "• Tổng lượt truy cập: Tổng lượt truy cập: 87030219",
        "• Người trực tuyến Người trực tuyến",
        "Ảnh minh họa (Nguồn Internet).",
        "Chia sẻ | In bài viết | Gửi email",
        "Lượt xem: 1.245",
    ],
)
def test_chrome_lines(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Khách hàng được hỗ trợ chuyển đổi số miễn phí trong năm 2024.",
        "Tổng kết 5 năm thực hiện Nghị quyết số 52-NQ/TW",
        "Thành viên Ban Chỉ đạo chuyển đổi số tỉnh gồm 25 đồng chí.",
        "Quang Khôi",
        "10/06/2020",
    ],
)
def test_body_lines_are_not_chrome(line):
    assert not is_chrome_line(line)


def test_inline_chrome_after_dateline_is_removed_and_offsets_survive():
    raw = "Tiêu đề bài viết\n09/07/2020 09:25:00 Xem cỡ chữ: A+ A-\nNgày 26/6/2020, Tỉnh ủy ban hành Kế hoạch số 402-KH/TU.\n"
    n = normalize_text(raw, correct=False)
    assert "cỡ chữ" not in n.text
    assert "09/07/2020 09:25:00\n" in n.text
    i = n.text.index("402-KH/TU")
    s, e = n.offsets.source_span(i, i + len("402-KH/TU"))
    assert raw[s:e] == "402-KH/TU"


def test_chrome_removal_keeps_the_body():
    raw = "PublishingPortal - Block_BanTin_Toolbar\n\nNội dung chính của bài.\n  • Số người online: 316\n"
    out = _apply(raw, chrome_edits(raw))
    assert out == "\nNội dung chính của bài.\n"


@pytest.mark.parametrize(
    "text, title, published, byline",
    [
        (
            "Sóc Trăng đẩy mạnh chuyển đổi số\nThứ Năm, 14/10/2021 08:30\nNgày 12/10/2021, Tỉnh ủy Sóc Trăng ban hành Kế hoạch.\nCTV- Minh Tâm",
            "Sóc Trăng đẩy mạnh chuyển đổi số", "2021-10-14", "Minh Tâm",
        ),
        (
            "Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động số 39-CTr/TU, ngày 24/6/2020.\nNội dung thứ hai.\nNguyên Lộc",
            None, None, "Nguyên Lộc",
        ),
        (
            "Nghệ An: 5 năm thực hiện Nghị quyết 52\nBài viết tổng kết kết quả. Tỉnh đạt nhiều kết quả.  Hoàng Anh",
            "Nghệ An: 5 năm thực hiện Nghị quyết 52", None, "Hoàng Anh",
        ),
        (
            "Cà Mau phát triển kinh tế số\n05/01/2022\nNăm 2021, tỉnh có 30% doanh nghiệp dùng hóa đơn điện tử.\nTheo Báo Cà Mau",
            "Cà Mau phát triển kinh tế số", "2022-01-05", None,
        ),
    ],
)
def test_metadata(text, title, published, byline):
    meta = find_metadata(text)
    assert (meta.title, meta.published, meta.byline) == (title, published, byline)
    if meta.byline:
        s, e = meta.byline_span
        assert text[s:e] == meta.byline


@pytest.mark.parametrize(
    "text, published, byline",
    [
        ("Bộ Thông tin và Truyền thông hướng dẫn\nHà Nội, ngày 12 tháng 4 năm 2022\nNội dung.\nMinh Châu", "2022-04-12", "Minh Châu"),
        ("Gia Lai: chuyển đổi số\nCập nhật lúc 08:30, 07/09/2022\nNội dung.\nDiệu Linh\n\nCơ quan chủ quản: Sở Thông tin và Truyền thông tỉnh Gia Lai\nWebsite: https://gialai.gov.vn\n", "2022-09-07", "Diệu Linh"),
        ("Bát Xát chuyển đổi số\nNội dung bài.\nĐức Anh (Trung tâm Văn hóa - Thể thao và Truyền thông huyện Bát Xát)", None, "Đức Anh"),
        ("Tiêu đề\nNgày 26/6/2020, Tỉnh ủy ban hành Kế hoạch số 402-KH/TU.\nNội dung.", None, None),
    ],
)
def test_datelines_bylines_and_footers(text, published, byline):
    meta = find_metadata(normalize_text(text, correct=False).text)
    assert (meta.published, meta.byline) == (published, byline)


@pytest.mark.parametrize(
    "text, title, byline",
    [
        ("Cổng thông tin điện tử tỉnh Hòa Bình\nTrang chủ | Tin tức - Sự kiện | Chuyển đổi số\nHòa Bình ban hành chính sách hỗ trợ chuyển đổi số\nNgày đăng: 24/11/2022\nNội dung bài.", "Hòa Bình ban hành chính sách hỗ trợ chuyển đổi số", None),
        ("Trang chủ > Tin tức > Hoạt động của Bộ\nBộ Khoa học và Công nghệ triển khai Chương trình\nNgày 12/10/2020\nNội dung.", "Bộ Khoa học và Công nghệ triển khai Chương trình", None),
        ("Bắc Ninh sơ kết Nghị quyết 52\nNội dung bài viết.\nNGỌC SƠN", "Bắc Ninh sơ kết Nghị quyết 52", "NGỌC SƠN"),
    ],
)
def test_site_names_breadcrumbs_and_capital_bylines(text, title, byline):
    meta = find_metadata(normalize_text(text, correct=False).text)
    assert (meta.title, meta.byline) == (title, byline)
