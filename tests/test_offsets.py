"""The offset map: edits compose, and every stretch maps back to its source."""

import unicodedata

from hypothesis import example, given, settings, strategies as st

from nq52extract.model import Edit, OffsetMap, apply_edits
from nq52extract.normalize.chrome import chrome_edits
from nq52extract.normalize.unicode import tone_edits, unicode_edits

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐÐ\n.,;:%/-0123456789\u00a0\u200b\u0300\u0301\u0323"


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet=VI, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    last = 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < last:
            continue
        edits.append(Edit(a, b, draw(st.text(alphabet="xyz đ", max_size=4))))
        last = b if b > a else a + 1
    return text, edits


@given(text_and_edits())
def test_untouched_stretches_map_to_identical_source(case):
    text, edits = case
    new, omap = apply_edits(text, edits)
    assert omap.target_len == len(new)
    for piece in omap.pieces:
        if piece.copy:
            assert new[piece.t_start : piece.t_end] == text[piece.s_start : piece.s_end]
    # every target character maps inside the source, in order
    prev = 0
    for i in range(len(new)):
        s, e = omap.source_span(i, i + 1)
        assert 0 <= s <= e <= len(text)
        assert s >= prev or s == e
        prev = s


@given(text_and_edits(), text_and_edits())
def test_composed_map_keeps_copied_characters_and_order(first, second_seed):
    text, edits = first
    mid, m1 = apply_edits(text, edits)
    edits2 = [e for e in second_seed[1] if e.end <= len(mid)]
    final, m2 = apply_edits(mid, edits2)
    composed = m1.then(m2)
    assert composed.target_len == len(final) and composed.source_len == len(text)
    for piece in composed.pieces:
        if piece.copy:
            assert final[piece.t_start : piece.t_end] == text[piece.s_start : piece.s_end]
    starts = [composed.source_start(i) for i in range(len(final))]
    assert starts == sorted(starts)
    for i in range(len(final)):
        for j in range(i + 1, len(final) + 1):
            s, e = composed.source_span(i, j)
            assert 0 <= s <= e <= len(text)
            # the stretch covers what each step alone maps it to
            a, b = m2.source_span(i, j)
            if b > a:
                s1, e1 = m1.source_span(a, b)
                assert s <= max(s1, e1) and e >= min(s1, e1)


def test_glued_word_split_keeps_both_words_exact():
    text = "các doanh nghiệptrong xây dựng"
    start = text.index("nghiệptrong")
    new, omap = apply_edits(text, [Edit(start, start + len("nghiệptrong"), "nghiệp trong")])
    assert new == "các doanh nghiệp trong xây dựng"
    w = new.index("trong")
    s, e = omap.source_span(w, w + 5)
    assert text[s:e] == "trong"
    w = new.index("doanh nghiệp")
    s, e = omap.source_span(w, w + len("doanh nghiệp"))
    assert text[s:e] == "doanh nghiệp"


def test_identity_map():
    m = OffsetMap.identity(10)
    assert m.source_span(2, 7) == (2, 7)
    assert m.source_span(10, 10) == (10, 10)


@settings(max_examples=200)
@given(st.text(alphabet=VI, max_size=120))
@example("oà\u0300")  # a stray mark after a new-style pair: the tone is not moved onto a bare letter
def test_normalizer_steps_keep_exact_slices(text):
    """After Unicode, chrome and tone steps, NFC of the mapped source equals the target word."""
    omap = OffsetMap.identity(len(text))
    cur = text
    for edits_of in (unicode_edits, chrome_edits, lambda t: tone_edits(t, "old")):
        new, local = apply_edits(cur, edits_of(cur))
        omap, cur = omap.then(local), new
    assert unicodedata.is_normalized("NFC", cur)
    for m_start in range(0, len(cur), 7):
        m_end = min(len(cur), m_start + 5)
        s, e = omap.source_span(m_start, m_end)
        assert 0 <= s <= e <= len(text)
