"""Generated Vietnamese-like articles for fuzzing the pipeline.

Every generator is a plain function of a :class:`Gen`, so the same code makes
articles for hypothesis (:func:`articles`, shrinkable on the structural
choices) and for a seeded ``random.Random`` without hypothesis
(:func:`random_article`, used by ``benchmarks/fuzz.py``). Bulk filler words
come from a seeded generator drawn once per article, which keeps the number
of hypothesis choices small.

What goes in: syllables with tone marks (NFC and NFD, old and new tone
placement), capitalised names and places, punctuation, numbers, dates in many
forms, document numbers in Party and State styles with variants (spaces, en
dash, TƯ, Ð), percentages, target-year and task-list sentences, site chrome
lines and inline chrome (shapes of ``rules/chrome.yaml``), TCVN3/VNI
fragments (:func:`nq52extract.io.encoding.encode_legacy`), zero-width
characters, soft hyphens, NBSP, tabs and CRLF line ends.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from hypothesis import strategies as st

from nq52extract.io.encoding import encode_legacy

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------
# the source of choices: hypothesis or random.Random
# --------------------------------------------------------------------------


class Gen:
    """Choices for the generators; subclasses draw them from somewhere."""

    def int(self, lo: int, hi: int) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[self.int(0, len(seq) - 1)]

    def chance(self, p: float) -> bool:
        """True with probability ``p`` (shrinks towards False)."""
        return self.int(0, 999) >= 1000 - int(p * 1000)

    def rng(self) -> random.Random:
        """A seeded generator for bulk filler."""
        return random.Random(self.int(0, 2**31))


class RandomGen(Gen):
    def __init__(self, rnd: random.Random):
        self.rnd = rnd

    def int(self, lo: int, hi: int) -> int:
        return self.rnd.randint(lo, hi)

    def rng(self) -> random.Random:
        return random.Random(self.rnd.getrandbits(32))


class DrawGen(Gen):
    def __init__(self, draw: Callable[[Any], Any]):
        self.draw = draw

    def int(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))


# --------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
          "qu", "r", "s", "t", "th", "tr", "v", "x"]
RHYMES = ["a", "ai", "an", "ang", "anh", "ao", "au", "ay", "ăn", "ăng", "âm", "ân", "âu", "ây", "e", "em", "en",
          "eo", "ê", "ên", "êu", "i", "ia", "iên", "iêu", "in", "inh", "o", "oa", "oai", "oan", "oanh", "oe", "oi",
          "on", "ong", "ô", "ôi", "ông", "ơ", "ơi", "ơn", "u", "ua", "ui", "un", "ung", "uy", "uyên", "uê", "ư",
          "ưa", "ưng", "ươi", "ương", "ưu", "y", "yên"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
VOWELS = set("aăâeêioôơuưy")

KINDS = ["Nghị quyết", "Kế hoạch", "Chương trình", "Chỉ thị", "Kết luận", "Hướng dẫn", "Quyết định",
         "Thông báo", "Báo cáo", "Đề án", "Công văn", "Nghị định", "Thông tư", "Luật"]
PARTY_KINDS = ["NQ", "KH", "CTr", "CT", "KL", "HD", "QĐ", "TB", "BC", "ĐA", "nq", "Ctr", "QD"]
PARTY_ISSUERS = ["TW", "TƯ", "TU", "HU", "ĐU", "BTGTU", "BCĐ", "ĐĐBQH", "TU-BCĐ", "QU", "TW-BCS"]
STATE_KINDS = ["QĐ", "KH", "NĐ", "TT", "CT", "CV", "TB", "BC", "HD", "QD", "Qđ"]
STATE_ISSUERS = ["TTg", "UBND", "CP", "BTTTT", "BKHĐT", "SKHCN", "UBND-KGVX", "BNV", "VPCP"]
ISSUER_WORDS = ["của Bộ Chính trị", "của Ban Chấp hành Trung ương", "của Tỉnh ủy", "của Thủ tướng Chính phủ",
                "của UBND tỉnh", "của Ban Thường vụ Tỉnh ủy", "của Chính phủ", "của Huyện ủy"]
TASK_NOUNS = ["nhiệm vụ", "giải pháp", "nhiệm vụ và giải pháp", "nhóm nhiệm vụ", "đột phá", "nhiệm vụ, giải pháp",
              "nhóm giải pháp chủ yếu", "nhiệm vụ trọng tâm"]
COUNT_WORDS = ["hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười hai"]
TITLES = ["ông", "bà", "đồng chí", "Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Phó Chủ tịch", "Giám đốc Sở",
          "Thứ trưởng", "Phó Bí thư Thường trực"]
ORGS = ["Bộ Chính trị", "Ban Chấp hành Trung ương", "UBND tỉnh", "Sở Thông tin và Truyền thông", "Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy", "Bộ Khoa học và Công nghệ", "Mặt trận Tổ quốc", "Hội đồng nhân dân tỉnh",
        "Ủy ban nhân dân huyện", "Sở Kế hoạch và Đầu tư"]
GOAL_WORDS = ["phấn đấu", "mục tiêu", "đạt", "trên", "ít nhất", "khoảng", "tối thiểu", "tăng", "giảm còn dưới"]
PUNCT = [".", ",", ";", ":", "!", "?", "…", "...", " -", " –", "\"", "“", "”", "(", ")", "/", "'"]
ODD = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u00a0", "\u202f", "\t", "\u0301", "\u0323",
       "\ufffd", "Ð", "ð", "Ɖ", "\u3000", "😀", "&nbsp;", "<br>", "\x0c"]


@lru_cache(maxsize=1)
def corpus_words() -> tuple[str, ...]:
    """Words of the repository's articles (real syllables, OCR errors included)."""
    words: set[str] = set()
    for folder in (ROOT / "corpus", ROOT / "tests" / "gold" / "own"):
        for path in sorted(folder.glob("*.txt")):
            words.update(_WORD.findall(path.read_text(encoding="utf-8")))
    return tuple(sorted(words))


def _rules_list(name: str) -> tuple[str, ...]:
    path = ROOT / "rules" / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line.split("\t")[0])
    return tuple(out)


@lru_cache(maxsize=1)
def surnames() -> tuple[str, ...]:
    return _rules_list("surnames.txt") or ("Nguyễn", "Trần", "Lê")


@lru_cache(maxsize=1)
def provinces() -> tuple[str, ...]:
    names = [n for n in _rules_list("gazetteer/provinces.tsv") if n != "name"]
    return tuple(dict.fromkeys(names)) or ("Tuyên Quang", "Hà Nội")


@lru_cache(maxsize=1)
def districts() -> tuple[str, ...]:
    names = [n for n in _rules_list("gazetteer/districts.tsv") if n != "name"]
    return tuple(dict.fromkeys(names))[:400] or ("An Phú",)


# --------------------------------------------------------------------------
# words and sentences (bulk: a random.Random)
# --------------------------------------------------------------------------


def syllable(r: random.Random) -> str:
    """An onset + rhyme with a tone mark on one of its vowels (sometimes the 'new' place)."""
    rhyme = r.choice(RHYMES)
    onset = r.choice(ONSETS)
    if onset in ("qu", "gi") and rhyme[0] in "uy":
        onset = r.choice(["b", "t", "ng"])
    tone = r.choice(TONES)
    if tone:
        vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
        if vowels:
            i = r.choice(vowels)
            rhyme = rhyme[: i + 1] + tone + rhyme[i + 1 :]
    return unicodedata.normalize("NFC", onset + rhyme)


def word(r: random.Random) -> str:
    if r.random() < 0.7:
        return r.choice(corpus_words())
    return syllable(r)


def name(r: random.Random) -> str:
    parts = [r.choice(surnames())] + [syllable(r).capitalize() for _ in range(r.randint(1, 3))]
    return " ".join(parts)


def place(r: random.Random) -> str:
    if r.random() < 0.6:
        return r.choice(["tỉnh ", "thành phố ", "Tỉnh ", ""]) + r.choice(provinces())
    return r.choice(["huyện ", "thị xã ", "thành phố ", "quận "]) + r.choice(districts())


def phrase(r: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        x = r.random()
        if x < 0.04:
            out.append(name(r))
        elif x < 0.08:
            out.append(place(r))
        elif x < 0.10:
            out.append(r.choice(ORGS))
        elif x < 0.13:
            out.append(str(r.choice([r.randint(0, 99), r.randint(100, 99999), r.randint(1990, 2050)])))
        elif x < 0.16:
            out.append(word(r).capitalize())
        else:
            out.append(word(r))
        if r.random() < 0.08:
            out[-1] += r.choice(PUNCT[:4])
    return " ".join(out)


def sentence(r: random.Random, lo: int = 4, hi: int = 25) -> str:
    s = phrase(r, r.randint(lo, hi))
    return (s[:1].upper() + s[1:]).rstrip(",;:") + r.choice([".", ".", ".", ";", ":", "", "!", "..."])


# --------------------------------------------------------------------------
# structured pieces (choices from a Gen, filler from its rng)
# --------------------------------------------------------------------------


def number(g: Gen) -> str:
    return g.choice([
        str(g.int(0, 9)), f"{g.int(0, 99):02d}", str(g.int(0, 99999)), f"{g.int(1, 999)}.{g.int(0, 999):03d}",
        f"{g.int(0, 99)},{g.int(0, 99)}", f"{g.int(1, 9)}.{g.int(100, 999)}.{g.int(100, 999)}",
        f"{g.int(1, 999)} tỷ đồng", f"{g.int(1, 99)} triệu", "0", "-5", "1,5 lần", f"{g.int(1990, 2060)}",
    ])


def date(g: Gen) -> str:
    d, m, y = g.int(0, 32), g.int(0, 13), g.choice([g.int(1990, 2035), g.int(0, 99), g.int(1000, 3000)])
    sep = g.choice(["/", "-", ".", " / ", "–"])
    return g.choice([
        f"{d}{sep}{m}{sep}{y}", f"{d:02d}/{m:02d}/{y}", f"ngày {d}/{m}/{y}", f"ngày {d} tháng {m} năm {y}",
        f"Ngày {d}-{m}-{y}", f"tháng {m}/{y}", f"tháng {m} năm {y}", f"tháng {m}-{y}", f"ngày {d}/{m}",
        f"{d:02d}/{m:02d}/{y} {g.int(0, 23):02d}:{g.int(0, 59):02d}:{g.int(0, 59):02d}", f"{y}-{m:02d}-{d:02d}",
        f"năm {y}", f"quý {g.choice(['I', 'II', 'III', 'IV'])}/{y}", f"{d}/{m}", f"({d}/{m}/{y})",
        f"ngày {d} - {m} - {y}", f"Thứ Hai, {d}/{m}/{y}", f"ngày {d} tháng {m}",
    ])


def _variant_dash(g: Gen) -> str:
    return g.choice(["-", "-", "-", "–", "—", " - ", " -", "- ", "‑", "−"])


def _variant_slash(g: Gen) -> str:
    return g.choice(["/", "/", "/", " / ", " /", "/ "])


def _eth(g: Gen, code: str) -> str:
    if "Đ" in code and g.chance(0.3):
        return code.replace("Đ", g.choice(["Ð", "Ɖ", "D"]))
    return code


def document_number(g: Gen) -> str:
    n = g.choice([str(g.int(1, 999)), f"{g.int(1, 99):02d}", str(g.int(1000, 99999))])
    style = g.int(0, 3)
    dash, slash = _variant_dash(g), _variant_slash(g)
    if style == 0:  # Party: 52-NQ/TW
        code = f"{n}{dash}{_eth(g, g.choice(PARTY_KINDS))}{slash}{_eth(g, g.choice(PARTY_ISSUERS))}"
    elif style == 1:  # State: 749/QĐ-TTg
        code = f"{n}{slash}{_eth(g, g.choice(STATE_KINDS))}{dash}{g.choice(STATE_ISSUERS)}"
    elif style == 2:  # 30/2020/NĐ-CP
        code = f"{n}{slash}{g.int(1990, 2030)}{slash}{_eth(g, g.choice(STATE_KINDS))}{dash}{g.choice(STATE_ISSUERS)}"
    else:  # law: 12/2019/QH14
        code = f"{n}/{g.int(1990, 2030)}/QH{g.int(10, 15)}"
    if g.chance(0.2):
        code = code.upper() if g.chance(0.5) else code.lower()
    lead = g.choice(["", "số ", "Số ", "số: ", g.choice(KINDS) + " số ", g.choice(KINDS) + " ", g.choice(KINDS) + " số:"])
    tail = ""
    if g.chance(0.4):
        tail = f" ngày {g.int(1, 31)}/{g.int(1, 12)}/{g.int(2000, 2030)}"
    if g.chance(0.3):
        tail += " " + g.choice(ISSUER_WORDS)
    if g.chance(0.1):  # a short form later on
        tail += f"; {g.choice(KINDS)} {n}"
    return lead + code + tail


def percentage(g: Gen) -> str:
    a = g.choice([str(g.int(0, 100)), f"{g.int(0, 100)},{g.int(0, 9)}", f"{g.int(0, 100)}.{g.int(0, 99)}", "100"])
    b = str(g.int(0, 200))
    body = g.choice([f"{a}%", f"{a} %", f"{a}-{b}%", f"{a} - {b} %", f"{a}–{b}%", f"{a}%/năm", f"{a} phần trăm",
                     f"{a}% trở lên", f"từ {a}% đến {b}%", f"{a}%%", "%", f"{a}‰", f"{a}％"])
    return (g.choice(GOAL_WORDS) + " " if g.chance(0.5) else "") + body


def target_year_sentence(g: Gen) -> str:
    r = g.rng()
    y = g.choice([g.int(2020, 2050), g.int(1900, 2100)])
    lead = g.choice([f"Đến năm {y}", f"đến năm {y},", f"Mục tiêu đến năm {y}:", f"Tầm nhìn đến năm {y}:",
                     f"Giai đoạn {y}-{y + 5}", f"năm {y}", f"Phấn đấu đến {y}", f"trong năm {y}", f"Đến hết năm {y}"])
    parts = [lead, phrase(r, r.randint(2, 12))]
    if g.chance(0.7):
        parts.append(percentage(g))
    parts.append(phrase(r, r.randint(0, 8)))
    return " ".join(p for p in parts if p) + g.choice([".", ";", ":", ""])


def task_list(g: Gen) -> str:
    r = g.rng()
    count = g.int(1, 12)
    written = g.choice([f"{count:02d}", str(count), COUNT_WORDS[min(count, len(COUNT_WORDS)) - 1]])
    head = (f"{sentence(r, 3, 10)[:-1]} {g.choice(['đề ra', 'xác định', 'gồm', 'với', 'tập trung'])} "
            f"{written} {g.choice(TASK_NOUNS)}{g.choice([':', ' sau:', ', cụ thể:', ' như sau:', '.', ''])}")
    n_items = max(0, count + g.int(-2, 2))
    style = g.int(0, 5)
    items = []
    for i in range(n_items):
        body = phrase(r, r.randint(2, 14))
        if style == 0:
            items.append(f"({i + 1}) {body}")
        elif style == 1:
            items.append(f"\n{i + 1}. {body}")
        elif style == 2:
            items.append(f"\n{g.choice(['-', '+', '•', '*', '–'])} {body}")
        elif style == 3:
            items.append(f"\n{'abcdefghijklmn'[i % 14]}) {body}")
        elif style == 4:
            items.append(f"{['Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu', 'Bảy', 'Tám', 'Chín', 'Mười', 'Mười một', 'Mười hai', 'Mười ba', 'Mười bốn'][i]} là, {body}")
        else:
            items.append(f"\n{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV'][i]}. {body.upper() if g.chance(0.3) else body}")
    sep = g.choice(["; ", ". ", ";", " "]) if style in (0, 4) else g.choice([";", ".", ""])
    return head + " " + sep.join(items) + g.choice([".", "", ";"])


def chrome_line(g: Gen) -> str:
    return g.choice([
        f"PublishingPortal - {g.choice(['Cổng TTĐT', 'Trang chủ', 'Tin tức'])}",
        "PublishingPortal",
        "Tăng cỡ chữ Giảm cỡ chữ",
        "Tăng cỡ chữ  Giảm cỡ chữ Tăng cỡ chữ",
        f"• Số lượt truy cập: {g.int(0, 10**7)}",
        f"Số người online: {g.int(0, 999)}",
        f"- Tổng lượt truy cập {g.int(0, 10**6):,}".replace(",", "."),
        "Hôm nay: 12 Hôm qua: 40 Tuần này: 300",
        "Xem cỡ chữ: A+ A-",
        "A+ A-",
        "Về đầu trang",
        "Chia sẻ | Facebook | Zalo",
        "In bài viết  Gửi email",
        "Thống kê truy cập",
        f"© {g.int(2000, 2025)} Cổng thông tin điện tử tỉnh",
        f"Điện thoại: 0{g.int(100000000, 999999999)}",
        "Ảnh minh họa",
        "(Ảnh: Nguyễn Văn A)",
        "Tin liên quan",
        "Bình luận",
        "Hiện tại không có bình chọn nào đang hoạt động.",
        "Tổng",
    ])


def legacy_fragment(g: Gen) -> str:
    r = g.rng()
    text = sentence(r, 3, 12)
    if g.chance(0.5):
        text += " " + document_number(g)
    return encode_legacy(text, g.choice(["tcvn3", "vni"]))


def odd_chars(g: Gen, text: str) -> str:
    """Zero-width, soft hyphens, NBSP, stray marks at random places."""
    r = g.rng()
    n = g.int(0, 6)
    chars = list(text)
    for _ in range(n):
        if not chars:
            break
        chars.insert(r.randint(0, len(chars)), r.choice(ODD))
    if g.chance(0.3):
        chars = [("\u00a0" if ch == " " and r.random() < 0.2 else ch) for ch in chars]
    return "".join(chars)


def paragraph(g: Gen) -> str:
    r = g.rng()
    pieces = []
    for _ in range(g.int(1, 4)):
        kind = g.int(0, 11)
        if kind == 0:
            pieces.append(f"{date(g).capitalize()}, {phrase(r, r.randint(2, 6))} {document_number(g)} {sentence(r, 3, 12)}")
        elif kind == 1:
            pieces.append(f"{sentence(r, 2, 8)[:-1]} {document_number(g)} {sentence(r, 2, 10)}")
        elif kind == 2:
            pieces.append(target_year_sentence(g))
        elif kind == 3:
            pieces.append(task_list(g))
        elif kind == 4:
            pieces.append(f"{sentence(r, 2, 10)[:-1]} {percentage(g)} {phrase(r, r.randint(0, 8))}.")
        elif kind == 5:
            pieces.append(f"{g.choice(TITLES)} {name(r)} {phrase(r, r.randint(1, 6))} {g.choice(ORGS)} {place(r)}.")
        elif kind == 6:
            pieces.append(f"{sentence(r, 2, 6)[:-1]} {number(g)} {phrase(r, 2)} {date(g)}.")
        elif kind == 7:
            pieces.append(legacy_fragment(g))
        else:
            pieces.append(sentence(r))
    text = " ".join(pieces)
    if g.chance(0.05):
        text = text.upper()
    if g.chance(0.15):
        text = unicodedata.normalize("NFD", text)
    return text


def article(g: Gen) -> str:
    """A whole scraped article: title, dateline, paragraphs, chrome, byline; odd characters and line ends."""
    r = g.rng()
    lines: list[str] = []
    if g.chance(0.3):
        lines.append(chrome_line(g))
    title = sentence(r, 4, 14).rstrip(".;:!")
    lines.append(title.upper() if g.chance(0.2) else title)
    if g.chance(0.5):
        stamp = f"{g.int(1, 28):02d}/{g.int(1, 12):02d}/{g.int(2015, 2025)} {g.int(0, 23):02d}:{g.int(0, 59):02d}"
        lines.append(stamp + (" " + g.choice(["Xem cỡ chữ: A+ A-", "Tăng cỡ chữ Giảm cỡ chữ", "| Lượt xem: 12"]) if g.chance(0.5) else ""))
    for _ in range(g.int(1, 8)):
        if g.chance(0.15):
            lines.append(chrome_line(g))
        lines.append(paragraph(g))
        if g.chance(0.4):
            lines.append("")
    if g.chance(0.5):
        lines.append(g.choice(["", "Theo ", "PV. ", "Tin, ảnh: "]) + name(r).upper() if g.chance(0.3) else name(r))
    if g.chance(0.3):
        lines.append(chrome_line(g))
    eol = g.choice(["\n", "\n", "\r\n", "\r\n", "\n\n", "\r"])
    text = eol.join(lines)
    if g.chance(0.6):
        text = odd_chars(g, text)
    if g.chance(0.1):
        text = unicodedata.normalize("NFD", text)
    if g.chance(0.1):
        text = "  \t" + text + "\n\n  "
    return text


def random_article(seed: int) -> str:
    """The article of ``seed``, without hypothesis."""
    return article(RandomGen(random.Random(seed)))


@st.composite
def articles(draw: Callable[[Any], Any]) -> str:
    """Generated scraped articles (see :func:`article`)."""
    return article(DrawGen(draw))


@st.composite
def snippets(draw: Callable[[Any], Any]) -> str:
    """One structured piece alone: a date, document number, percentage, task list, chrome line..."""
    g = DrawGen(draw)
    maker = g.choice([date, document_number, percentage, target_year_sentence, task_list, chrome_line,
                      legacy_fragment, paragraph, number])
    text = maker(g)
    return odd_chars(g, text) if g.chance(0.3) else text


# --------------------------------------------------------------------------
# the checks: every span exact in both texts
# --------------------------------------------------------------------------


def _same_after_normalizing(original_stretch: str, text_stretch: str) -> bool:
    """The original stretch normalizes to the text stretch (tone placement folded).

    Tried alone and inside a line (``"x " + stretch + " x"``): cut out of its
    line, a stretch that starts with "PublishingPortal" or ends with "Tổng"
    would look like a whole chrome line, which in the article it was not.
    """
    from nq52extract.normalize.normalizer import normalize_base
    from nq52extract.normalize.unicode import fold_tone_placement

    want = fold_tone_placement(text_stretch)
    if fold_tone_placement(normalize_base(original_stretch).text) == want:
        return True
    padded = normalize_base("x " + original_stretch + " x").text
    return padded.startswith("x ") and padded.endswith(" x") and fold_tone_placement(padded[2:-2]) == want


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _cluster_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` widened so that it splits no base letter from its combining marks."""
    while 0 < s < len(text) and _is_mark(text[s]):
        s -= 1
    while e < len(text) and e > 0 and _is_mark(text[e]):
        e += 1
    return s, e


def grapheme_splits(article: Any) -> list[str]:
    """Spans whose boundary falls between a letter and a combining mark NFC could not fold in.

    Not an offset-map error (the map cannot split what one source stretch
    became), but an extractor boundary that cuts a character in two.
    """
    text = article.text
    out = []
    for span in article.spans():
        if 0 <= span.start <= span.end <= len(text) and _cluster_bounds(text, span.start, span.end) != (span.start, span.end):
            out.append(f"{type(span).__name__} {text[span.start:span.end]!r} [{span.start}:{span.end}] splits {text[max(0, span.start - 2):span.end + 2]!r}")
    return out


def offset_problems(original: str, article: Any) -> list[str]:
    """Every way the spans of a processed ``article`` fail to point at what they say; [] when exact.

    * ``text[start:end]`` is the span's own text (``mention``, entity ``text``,
      task item ``text``, correction ``replacement``; task lists: the
      ``mention_start:mention_end`` stretch is the ``mention``);
    * ``0 <= orig_start <= orig_end <= len(original)``; a correction's
      ``original`` is ``original[orig_start:orig_end]``;
    * a span with no correction inside: the original stretch, normalized,
      is the span's text (tone placement folded).
    """
    from nq52extract.model import Correction

    text = article.text
    problems: list[str] = []
    corrections = [(c.start, c.end) for c in article.corrections]

    def touched(s: int, e: int) -> bool:
        return any(cs < e and s < ce or (cs == ce and s <= cs <= e) for cs, ce in corrections)

    def bad(kind: str, span: Any, why: str) -> None:
        problems.append(f"{kind} [{span.start}:{span.end}] orig [{span.orig_start}:{span.orig_end}]: {why}")

    def check(kind: str, span: Any, expect: str | None) -> None:
        s, e = span.start, span.end
        if not (0 <= s <= e <= len(text)):
            return bad(kind, span, f"outside the text of {len(text)} characters")
        if expect is not None and text[s:e] != expect:
            return bad(kind, span, f"text {text[s:e]!r} != {expect!r}")
        os_, oe = span.orig_start, span.orig_end
        if not (0 <= os_ <= oe <= len(original)):
            return bad(kind, span, f"original offsets outside 0..{len(original)}")
        if isinstance(span, Correction):
            if original[os_:oe] != span.original:
                bad(kind, span, f"original {original[os_:oe]!r} != {span.original!r}")
        elif e > s and not touched(s, e):
            # a span cutting a letter from its leftover combining mark maps to the whole
            # cluster (see grapheme_splits); compare with the whole cluster then
            s2, e2 = _cluster_bounds(text, s, e)
            stretch = original[os_:oe]
            if not _same_after_normalizing(stretch, text[s:e]) and not (
                (s2, e2) != (s, e) and _same_after_normalizing(stretch, text[s2:e2])
            ):
                bad(kind, span, f"original {original[os_:oe]!r} normalizes to something else than {text[s:e]!r}")

    for c in article.corrections:
        check("correction", c, c.replacement)
    for d in article.documents:
        check("document", d, d.mention)
        for pair in d.short_forms:
            if not (0 <= pair[0] <= pair[1] <= len(text)):
                problems.append(f"document short form {pair} outside the text")
    for d in article.dates:
        check("date", d, d.mention)
    for y in article.target_years:
        check("target_year", y, y.mention)
        if y.statement_start >= 0 and text[y.statement_start : y.statement_end] != y.statement:
            problems.append(f"target_year statement [{y.statement_start}:{y.statement_end}] != {y.statement!r}")
    for p in article.percentages:
        check("percentage", p, p.mention)
    for t in article.task_lists:
        check("task_list", t, None)
        if text[t.mention_start : t.mention_end] != t.mention:
            problems.append(f"task_list mention [{t.mention_start}:{t.mention_end}] != {t.mention!r}")
        for item in t.items:
            check("task_item", item, item.text)
    for ent in article.entities:
        check("entity", ent, ent.text)
    prev = 0
    for sent in article.sentences:
        if not (prev <= sent.start <= sent.end <= len(text)):
            problems.append(f"sentence [{sent.start}:{sent.end}] out of order or outside the text")
        prev = sent.start
    return problems


def crash_messages(article: Any) -> list[str]:
    """The stage errors of an article (a generated article should have none)."""
    return [f"{e.stage}: {e.message}" for e in article.errors]
