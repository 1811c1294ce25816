"""Sentences and paragraphs are exact slices and end where Vietnamese sentences end."""

from hypothesis import given, strategies as st

from nq52extract.segment import paragraphs, split_sentences


def _texts(text):
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_at_sentence_ends_not_in_numbers_or_abbreviations():
    text = "Toàn tỉnh có 2.700 sản phẩm trên sàn. TP. Hồ Chí Minh đạt 4.0 điểm. Nghị quyết đã đề ra./.\nĐoạn mới"
    assert _texts(text) == [
        "Toàn tỉnh có 2.700 sản phẩm trên sàn.",
        "TP. Hồ Chí Minh đạt 4.0 điểm.",
        "Nghị quyết đã đề ra./.",
        "Đoạn mới",
    ]


def test_wrapped_line_joins_its_paragraph():
    text = "Cụ thể hóa chủ trương của Đảng phù hợp với\nthực tiễn của huyện. Phát triển hạ tầng.\n\nĐoạn sau"
    paras = paragraphs(text)
    assert len(paras) == 2
    assert _texts(text)[0] == "Cụ thể hóa chủ trương của Đảng phù hợp với\nthực tiễn của huyện."


@given(st.text(alphabet="aăbcđê ƯỨ.?!;:\n0123456789/\"“”", max_size=200))
def test_sentences_are_ordered_trimmed_slices(text):
    last = 0
    for s in split_sentences(text):
        assert last <= s.start < s.end <= len(text)
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        last = s.end
