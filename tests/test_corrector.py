"""Tests of the spelling/diacritic corrector."""

import difflib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nq52extract.model import apply_edits
from nq52extract.normalize.corrector import find_corrections, lexicon
from nq52extract.normalize.syllables import fold

ROOT = Path(__file__).resolve().parents[1]


def correct(text: str) -> str:
    return apply_edits(text, find_corrections(text))[0]


FIXES = [
    # missing horn
    ("Kinh tế tiếp tục tăng truởng khá trong quý này.", "truởng", "trưởng"),
    ("Cần nâng cao chất luợng nguồn nhân lực.", "luợng", "lượng"),
    ("Lợi ích của nguời dân được bảo đảm.", "nguời", "người"),
    ("Công tác bảo vệ môi truờng được chú trọng.", "truờng", "trường"),
    # hook read as acute
    ("Các cơ quan đấy mạnh cải cách hành chính.", "đấy", "đẩy"),
    ("Sở đã tố chức hội nghị tập huấn.", "tố", "tổ"),
    ("Tỉnh ưu tiên phát triến hạ tầng giao thông.", "triến", "triển"),
    # stray tone marks
    ("Các tổ chức chính trị - xã hộỉ tham gia giám sát.", "hộỉ", "hội"),
    ("Bảo vệ tàỉ nguyên và môi trường.", "tàỉ", "tài"),
    # marks lost
    ("Hệ thống được kết noi với trung tâm dữ liệu.", "noi", "nối"),
    # real words wrong in context
    ("Mục tiêu là nâng cao năng xuất lao động.", "xuất", "suất"),
    ("Trên thực tế, kế từ khi có nghị quyết, tỉnh đã chủ động.", "kế", "kể"),
    # names with very strong evidence
    ("Ủy ban Mặt trận Tố quốc tỉnh phối hợp thực hiện.", "Tố", "Tổ"),
    # hook read as acute, landing on a real word
    ("Người dân tiếp tục mớ rộng diện tích trồng lúa chất lượng cao.", "mớ", "mở"),
    # marks lost in an otherwise accented text: a bare stop-coda token, a bare real word
    ("Năm nay, tỉnh đã hoàn thành kế hoạch và cac xã đều tham gia tích cực.", "cac", "các"),
    ("Trường có phòng học mới và cac thiết bị hiện đại cho học sinh.", "cac", "các"),
    ("Việc chuyển đổi số giúp người dân tiết kiệm thời gian, nhất la ở vùng sâu, vùng xa.", "la", "là"),
    # a stray dot below on a frequent word
    ("Kết quả thi tốt nghiệp năm nay của tỉnh xếp trong nhóm khá. Nhiều em đạt điểm cạo trong kỳ thi.", "cạo", "cao"),
    # the language model: an unmarked word far likelier with its marks, with no pair evidence
    ("Đường nối các xã phía tây voi quốc lộ và cảng biển đã được nâng cấp xong.", "voi", "với"),
    ("Học sinh tiểu học o huyện miền núi đã được hỗ trợ sách vở và đồ dùng học tập.", "o", "ở"),
    ("Người dân kỳ vọng se giảm chi phí sản xuất trong vụ tới nhờ áp dụng cơ giới hóa.", "se", "sẽ"),
]


@pytest.mark.parametrize("text,wrong,right", FIXES)
def test_fixes(text, wrong, right):
    edits = find_corrections(text)
    assert any(text[e.start:e.end] == wrong and e.replacement == right for e in edits), edits
    assert all(e.kind == "spelling" for e in edits)


def test_text_is_its_own_lexicon():
    # ``Ủy ban`` elsewhere in the text makes the lone ``Úy ban`` an error, even capitalized
    text = (
        "Ủy ban nhân dân tỉnh đã họp. Chủ tịch Úy ban nhân dân tỉnh chủ trì. "
        "Ủy ban nhân dân tỉnh giao nhiệm vụ cho các sở."
    )
    edits = find_corrections(text)
    assert [(text[e.start:e.end], e.replacement) for e in edits] == [("Úy", "Ủy")]


def test_repeated_errors_do_not_protect_themselves():
    text = (
        "Tỉnh đã tổ chức hội nghị. Các tố chức chính trị - xã hội tham gia. "
        "Nhiều tố chức quốc tế hỗ trợ. Các tố chức đoàn thể vào cuộc."
    )
    edits = find_corrections(text)
    assert [(text[e.start:e.end], e.replacement) for e in edits] == [("tố", "tổ")] * 3


def test_glued_words_are_split():
    text = "Chính quyền đồng hành với các doanh nghiệptrong xây dựng chính sách."
    edits = find_corrections(text)
    assert [(text[e.start:e.end], e.replacement) for e in edits] == [("nghiệptrong", "nghiệp trong")]
    assert correct(text) == text.replace("nghiệptrong", "nghiệp trong")


# (text, wrong, right): one word mended in its context
MENDED = [
    # glued words at the start of a sentence, with nothing known on either side
    ("Tỉnh đã làm tốt. Cụthể, đến năm 2025 đạt kết quả cao.", "Cụthể", "Cụ thể"),
    ("Đểđạt mục tiêu, tỉnh tập trung nguồn lực.", "Đểđạt", "Để đạt"),
    # ... with a one-letter syllable
    ("Xã vừa xây mới trạm ytế khang trang.", "ytế", "y tế"),
    # ... inside a name both parts keep their capital
    ("Ông Nguyễn Vănan dự hội nghị.", "Vănan", "Văn An"),
    # a number beside a word is evidence ("từ 200", "hơn 120"), not a wall between segments
    ("Giá phổ biến tù 200 đến 250 nghìn đồng một ký.", "tù", "từ"),
    ("Xã có hơn 120 hộ, mỗi năm bán hon 120 con bò.", "hon", "hơn"),
    # inside a run of capitals only a province or district name of the gazetteer may be mended
    ("Thành phố Đà Nãng đã ra quân dọn vệ sinh.", "Nãng", "Nẵng"),
    ("Ở phường Xơn Trà, người dân dậy sớm tập thể dục.", "Xơn", "Sơn"),
    ("Người Khmer ở Xóc Trăng đón lễ hội.", "Xóc", "Sóc"),
    # ... or Văn/Thị after a surname, a surname before them, a name part impossible as written
    ("Anh Nguyễn Van Hùng, 27 tuổi, cho biết.", "Van", "Văn"),
    ("Tiền vệ Le Văn Thắng ghi bàn ở phút cuối.", "Le", "Lê"),
    ("Tòa tuyên phạt Đo Văn Khánh 14 năm tù.", "Đo", "Đỗ"),
    ("Bà Pham Thị Lan dự họp.", "Pham", "Phạm"),
    ("Anh Vũ Đuc Lợi, quê Nam Định, cho biết.", "Đuc", "Đức"),
]


@pytest.mark.parametrize("text,wrong,right", MENDED)
def test_mended_in_context(text, wrong, right):
    assert correct(text) == text.replace(wrong, right)


@pytest.mark.parametrize(
    "text",
    [
        "Chị Nguyễn Vân Anh và anh Lò Văn Giàng dự lễ.",  # Vân is a name; its hat was typed
        "Tác giả: Đức Lam\nThị xã vừa khánh thành cầu mới.",  # "Thị xã" starts the next line
        "Ông Hà Văn Tám, bà Vừ Thị Sua và Hoàng Văn Thụ.",
    ],
)
def test_person_names_left_alone(text):
    assert correct(text) == text


def test_numbers_are_never_changed():
    text = "Năm 2023 đạt 12,5% và 1.200 tỷ đồng, ngày 5/6 tăng 38%."
    edits = find_corrections(text)
    assert all(not text[e.start : e.end][0].isdigit() for e in edits)
    assert correct(text) == text


def test_capitalised_bare_token_alone_is_not_split():
    """A capitalised unmarked token with nothing on either side may be a brand or a foreign name."""
    assert correct("Thương hiệu Vinamilk, Masan đều có mặt.") == "Thương hiệu Vinamilk, Masan đều có mặt."


# (typed, meant, plausible): the errors scraped news shows, and the changes they never explain
PLAUSIBLE = [
    ("truởng", "trưởng", True),  # missing horn
    ("tố", "tổ", True),  # hook read as acute
    ("sổ", "số", False),  # never the other way: OCR does not add a hook
    ("trọng", "trong", True),  # a stray dot
    ("trong", "trọng", True),  # a lost dot
    ("xuất", "suất", True),  # s/x
    ("noi", "nối", True),  # no marks at all: any reading
    ("đen", "đến", True),  # OCR keeps the stroke of đ
    ("hộỉ", "hội", True),  # stacked marks: the lattice weighs it
    ("mỗi", "môi", False),  # a ngã the writer typed does not vanish
    ("nghỉ", "nghĩ", False),  # hỏi/ngã
    ("trông", "trong", False),  # a circumflex the writer typed
    ("nối", "nói", False),
    ("đền", "đến", False),  # huyền never becomes sắc
    ("bờ", "bộ", False),
    ("dể", "để", False),  # d/đ in a marked word
]


@pytest.mark.parametrize("typed,meant,plausible", PLAUSIBLE)
def test_error_model(typed, meant, plausible):
    from nq52extract.normalize.corrector import _plausible_error

    assert _plausible_error(typed, meant) is plausible


@pytest.mark.parametrize("typed,meant,plausible", [c for c in PLAUSIBLE if not c[2]])
def test_implausible_changes_are_no_candidates(typed, meant, plausible):
    assert meant not in {c for c, _cost in lexicon().candidates(typed)}


def test_capitalization_preserved():
    out = correct("Đấy mạnh chuyển đổi số. Tăng truởng nhanh.")
    assert out.startswith("Đẩy mạnh")
    assert "truởng" not in out and "trưởng" in out


NEGATIVES = [
    "Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị.",
    "UBND tỉnh, IOC và LGSP đã kết nối với Trục liên thông văn bản quốc gia.",
    "Phủ sóng 5G tại A05 và khu công nghiệp VSIP từ năm 2025.",
    "Xem chi tiết tại https://tuyenquang.gov.vn/van-ban hoặc gửi thư tới abc@gmail.com.",
    "Người dân có thể dùng Internet, học online và xem video trên Smart TV.",
    "Ông Nguyễn Văn Tố và bà Lê Thị Sáu dự hội nghị tại Thái Nguyên.",
    "Đến năm 2030, kinh tế số chiếm 30% GRDP của tỉnh.",
    "Ủy ban nhân dân tỉnh đã ban hành kế hoạch chuyển đổi số năm 2024.",
    "Hòa Bình và Thừa Thiên Huế đẩy mạnh hoà nhập, thuỷ lợi và thủy sản.",
    "Go top",
    # false-positive traps: real words that a frequent neighbour pair would tempt
    "Người dân ở xa không phải đến trụ sở.",
    "Đường sá đi lại khó khăn, người dân ở xa phải đi bộ nhiều giờ.",
    "Sự hài lòng của người dân là thước đo hiệu quả phục vụ.",
    "Năm học mới, nhiều trường phải mời giáo viên từ nơi khác đến dạy.",
    "Công tác tiêm phòng cho đàn gia súc được duy trì. Phòng chờ của bệnh viện rộng rãi.",
    "Tỉnh ưu tiên vốn nâng cấp trạm bơm và dồn điền đổi thửa.",
    "Phòng chống thiên tai và thích ứng với biến đổi khí hậu.",
    # the language model must not: swap s/x, drop a typed đ's word, change a word beside an error
    "Nông dân gieo cấy hơn bốn mươi nghìn héc ta lúa, nhiều nơi nuôi cá kết hợp trồng sen.",
    "Tỉnh lắp đặt hệ thống cảm biến đo mặn, tưới tiết kiệm cho vùng trồng cây ăn quả.",
    "Hội nghị yêu cầu các cơ quan thực hiện thận trọng, đúng quy định của pháp luật.",
    "Tỉnh xây dựng cơ chế hợp tác với các quỹ đầu tư trong và ngoài nước.",
    # names, also after a colon, and foreign words
    "Bà Trần Thị Lan và ông Nguyễn Văn Hải dự hội nghị.",
    "Ông Lê Văn Tám, Chủ tịch xã, cho biết.",
    "Phó Chủ tịch tỉnh làm việc tại Lâm Đồng (Ảnh: Báo Lâm Đồng).",
    "Nhiều hộ dân đã dùng Internet và học online để bán hàng.",
    # real words the error model cannot explain as typos of a neighbour's favourite
    "Đơn vị cho biết mỗi trường hợp vi phạm đều bị xử lý nghiêm.",
    "Du khách ghé thăm đền, nghỉ lại qua đêm ở nhà dân.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives_unchanged(text):
    assert find_corrections(text) == []


def test_empty_and_blank():
    assert find_corrections("") == []
    assert find_corrections("   \n\t ") == []


def _check_edits(text, edits):
    prev = 0
    for e in sorted(edits, key=lambda e: e.start):
        assert 0 <= e.start < e.end <= len(text)
        assert e.start >= prev
        prev = e.end
        token = text[e.start:e.end]
        assert token and not re.search(r"\s", token)
        assert e.kind == "spelling"


VI_CHARS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text):
    _check_edits(text, find_corrections(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=VI_CHARS + VI_CHARS.upper() + " ,.-/0123456789", min_size=1, max_size=12), max_size=30))
def test_edits_are_well_formed(words):
    text = " ".join(words)
    _check_edits(text, find_corrections(text))


def _frequent_pairs():
    lex = lexicon()
    return sorted(k for k in lex.seen if lex.pair[k] >= 4.0 and all(lex.uni.get(x, 0) >= 100 for x in k.split()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_frequent_pairs()), min_size=1, max_size=8))
def test_text_of_frequent_lexicon_words_unchanged(pairs):
    # each frequent compound on its own clause: correct text must stay as it is
    text = ", ".join(pairs) + "."
    assert find_corrections(text) == []


@pytest.mark.parametrize("name", ["clean_vi.txt", "clean_vi_heldout.txt"])
def test_clean_benchmark_texts_unchanged(name):
    # correct news prose, paragraphs long, on many topics: nothing to correct
    text = (ROOT / "benchmarks" / "data" / name).read_text(encoding="utf-8")
    assert [(text[e.start:e.end], e.replacement) for e in find_corrections(text)] == []


def _gold_dir():
    for cand in (ROOT / "tests" / "gold" / "seeds",):
        if cand.is_dir():
            return cand
    return None


def _ok_mask(a, b):
    ok = [False] * len(b)
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ok[j1:j2] = [True] * (j2 - j1)
    return ok


def test_seed_articles():
    gold_dir = _gold_dir()
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    assert gold_dir is not None and seeds
    errors = fixed = broken = 0
    for path in seeds:
        gold_path = gold_dir / (path.stem + ".clean.txt")
        if not gold_path.exists():
            continue
        src = path.read_text(encoding="utf-8")
        out = correct(src)
        g = [fold(t) for t in gold_path.read_text(encoding="utf-8").split()]
        src_ok = _ok_mask([fold(t) for t in src.split()], g)
        out_ok = _ok_mask([fold(t) for t in out.split()], g)
        errors += src_ok.count(False)
        fixed += sum(1 for s, o in zip(src_ok, out_ok) if not s and o)
        broken += sum(1 for s, o in zip(src_ok, out_ok) if s and not o)
    assert errors >= 20
    assert fixed >= errors - 2
    assert broken == 0


@pytest.mark.parametrize("text", ["CTV- Minh Thu", "Bài và ảnh: Lê Hà", "Đồng chí Nguyễn Văn To phát biểu.", "Bà Vừ Thị Sua ở một xã biên giới."])
def test_real_syllables_inside_names_are_left_alone(text):
    assert find_corrections(text) == []
