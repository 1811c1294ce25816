"""Named entities (PER, LOC, ORG) by rules and gazetteers.

No statistical model: organisation patterns from ``rules/organizations.yaml``,
places from the gazetteer (one trie regex), persons from surnames
(``rules/surnames.txt``), titles (``rules/person_titles.txt``) and the byline.
Everything is compiled once; a call is a handful of regex scans.

Places: gazetteer names (provinces, districts, regions, countries), named
zones ("Khu kinh tế Vũng Áng", ``rules/gazetteer/zones.txt``), and any
capitalized name after a level word ("xã Y Tý", "thị xã Cửa Lò") with the
names listed after it ("các xã Y Tý, A Lù, Ngải Thầu").

Precedence: the longest organisation wins and hides what is inside it (except
the places a level word introduces: "UBND tỉnh Lâm Đồng" also yields LOC
"Lâm Đồng"); the longest place wins over places inside it ("Khu kinh tế Đình
Vũ - Cát Hải", "Thành phố Hồ Chí Minh"); a place that starts where a
surname-name would start wins over it ("Lâm Đồng", "Triệu Phong"), while a
place inside a longer name is dropped ("Trần Thái Bình"); a title before a
name makes it a person whatever it is. An acronym or short name in brackets
right after an organisation is an organisation too ("(ICISE)", "(Becamex IDC)").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from nq52extract.extract.gazetteer import Gazetteer, gazetteer
from nq52extract.model import Entity
from nq52extract.rules import load_lines, load_yaml

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------


def _letters(pred) -> str:
    chars = [chr(c) for r in ((0x41, 0x250), (0x1E00, 0x1F00)) for c in range(*r) if pred(chr(c))]
    return "".join(re.escape(c) for c in chars)


UP = _letters(str.isupper)
# lower-case letters, and the combining marks NFC leaves after a letter that has no precomposed
# form with both marks ("ọ" + U+0303): a name never ends between a letter and its mark
LO = _letters(str.islower) + "\u0300-\u036f"
WORD = f"[{UP}][{LO}]*"  # one capitalized syllable ("Hiển", "Đ")
CAPS = rf"{WORD}(?:(?: - | |-){WORD})*"  # a run of capitalized words
# words that end a sentence-case name ("Tập đoàn Thủy sản Minh Phú đã ...")
_NAME_STOP = (
    "đã|đang|sẽ|được|bị|là|có|của|tại|với|trong|cho|về|để|đến|từ|theo|này|các|những|một|"
    "xác|ký|thực|tham|phối|cùng|nhằm|trên|dưới|sau|trước|khi|thì|mà|nên|cũng|vừa"
)
NAME = rf"{WORD}(?: (?:{WORD}|(?!(?:{_NAME_STOP})(?!\w))[{LO}]+)){{0,10}}"  # a sentence-case name
NW = f"[{UP}][{UP}{LO}0-9]*"  # a name word, acronyms and digits allowed ("FPT", "Becamex", "IDC")
# lower-case words that end an organisation's or a zone's name: _NAME_STOP, verbs of reporting, level words
_ORG_STOP = (
    _NAME_STOP + "|và|hoặc|như|gồm|ở|tổ chức|triển khai|ban hành|thực hiện|yêu cầu|đề nghị|tiếp tục|chỉ đạo|"
    "phát biểu|cho biết|nhấn mạnh|đánh giá|làm việc|họp|nêu|báo cáo|hướng dẫn|giao|chủ trì|đầu tư vào|"
    "đầu tư tại|năm|ngày|tháng|tỉnh|huyện|thành phố|quận|thị xã|thị trấn|xã|phường|nhằm|rằng|thuộc|nơi|do|"
    "vào|ra|lên|đi|đạt|gắn|hoạt động|vận hành|trở thành|tiếp nhận|hỗ trợ|số [0-9]+|tuyên truyền|ký kết|"
    "cung cấp|xây dựng|phát động|khai trương|công bố|ra mắt|giới thiệu|tham gia|đồng hành|phụ trách|quản lý|"
    "trao|tặng|được|bị|sẽ|đang|đã|cũng|vẫn|còn|luôn|trong|ngoài"
)
# a head word that starts another organisation ("Tập đoàn FPT và Công ty ..."): "và" does not join across it
_ORG_HEADS = (
    "Công ty|Tập đoàn|Tổng [Cc]ông ty|Ngân hàng|Trường|Trung tâm|Sở|Bộ|Ban|Cục|Viện|Khu|UBND|HĐND|Ủy ban|"
    "Uỷ ban|Hội|Đại học|Học viện|Báo|Đài|Tỉnh|Thành|Huyện|Văn phòng|Quỹ|Hiệp hội|Liên hiệp"
)
# an organisation's proper name: capitalized words, "-" and "và" between them, lower-case words
# that are not stop words ("Quốc tế Khoa học và Giáo dục liên ngành", "Văn hóa - Thể thao và Truyền thông")
_LOWER = rf"(?!(?:{_ORG_STOP})(?!\w))[{LO}]+"
ORGNAME = rf"{NW}(?:(?: - |-| )(?:{NW}|và(?= {NW})(?! (?:{_ORG_HEADS})(?!\w))|{_LOWER})){{0,12}}"
# a place's proper syllable ("Tý", "H'Drai", "M'gar") and a run of 2-4 of them (a commune's name)
PSYL = rf"[{UP}][{LO}]*(?:'[{UP}{LO}][{LO}]*)?"
PNAME = rf"{PSYL}(?:(?: |-){PSYL}){{1,3}}(?![\w'])(?! {PSYL})(?!-{PSYL})"
# a zone's name after its head: capitalized words, lower-case words only between them ("Khoa học Quy Nhơn")
ZNAME = rf"{NW}(?:(?: - |-| )(?:{NW}|(?!(?:{_ORG_STOP})(?!\w))[{LO}]+(?= {NW}))){{0,6}}"
LEVEL = r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|[Tt]hị trấn|[Xx]ã|[Pp]hường)"
UY = "(?:ủy|uỷ|Ủy|Uỷ)"
_LEVEL_BEFORE = re.compile(
    r"(?<!\w)(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|[Tt]hị trấn|[Xx]ã|[Pp]hường) ?$"
)
_COMMUNE_LEVEL = r"(?:[Xx]ã|[Pp]hường|[Tt]hị trấn)"
# a country is a place after these words or after punctuation; after another word it is part of a
# name or an adjective ("Khung kiến trúc Chính phủ điện tử Việt Nam", "đổi mới sáng tạo Việt Nam")
_COUNTRY_PREV_OK = frozenset(
    "của tại ở với và giữa sang đến từ cho trong ngoài như là nước gồm thăm vào về khắp toàn sau trước cùng "
    "hoặc thì đưa giúp để nhưng mà khi nơi tới qua bởi do theo cả đối thuộc gồm giáp cạnh khỏi rời bằng hơn "
    "vượt trên dưới phía bên sát xứ nội".split()
)
_COUNTRY_BEFORE = re.compile(r"(?<!\w)(?:[Nn]ước|[Vv]ương quốc|CHLB|CHDCND|[Cc]ộng hòa [Ll]iên bang|[Cc]ộng hòa|[Hh]ợp chúng quốc) $")
_LIST_SEP = re.compile(r"(?:, | và | - |, và )")
_STREET_BEFORE = re.compile(r"(?<!\w)(?:đường|Đường|phố|Phố|ngõ|hẻm) $")
_HONORIFICS = {"ông", "bà", "Ông", "Bà", "đồng chí", "Đồng chí", "đ/c", "Đ/c"}


@dataclass(slots=True, frozen=True)
class OrgPattern:
    """One compiled organisation pattern from ``organizations.yaml``."""

    name: str
    regex: re.Pattern
    nested_loc: bool | str  # True: every place inside; "level": those a level word introduces; False: none


def _flex_entry(entry: str) -> str:
    """Regex for a list entry: first letters in either case, ``và``/``-``/``,`` interchangeable."""
    parts = re.split(r"( và | - |, )", entry)
    out = []
    for part in parts:
        if part in (" và ", " - ", ", "):
            out.append("(?: và | - |-|, )")
            continue
        words = []
        for w in part.split(" "):
            if len(w) > 1 and w[0].lower() != w[0].upper() and not w.isupper():
                words.append(f"[{w[0].upper()}{w[0].lower()}]" + re.escape(w[1:]))
            else:
                words.append(re.escape(w))
        out.append(" ".join(words))
    return "".join(out)


def _expand(pattern: str, lists: dict, g: Gazetteer) -> str:
    def list_sub(m: re.Match) -> str:
        entries = sorted(lists[m.group(1)], key=len, reverse=True)
        return "(?:" + "|".join(_flex_entry(e) for e in entries) + ")"

    out = re.sub(r"\{LIST:(\w+)\}", list_sub, pattern)
    place = "(?:" + g.place_pattern + ")"
    repl = {
        "{PLACE_LOOSE}": "(?:" + g.place_pattern + "|" + g.loose_pattern + ")",
        "{PLACE}": place,
        "{LEVEL}": LEVEL,
        "{UY}": UY,
        "{CAPS}": CAPS,
        "{NAME}": NAME,
        "{ORGNAME}": ORGNAME,
        "{PNAME}": PNAME,
        "{COMMUNE}": _COMMUNE_LEVEL,
        "{ZONE}": "(?:" + "|".join(_flex_entry(h) for h in g.zone_heads) + ")",
        "{ZNAME}": ZNAME,
    }
    for k, v in repl.items():
        out = out.replace(k, v)
    return r"(?<![\w/])" + out


def _nested(value) -> bool | str:
    return "level" if value == "level" else bool(value)


@dataclass(slots=True)
class _Resources:
    g: Gazetteer
    orgs: list[OrgPattern]
    surnames: frozenset[str]
    stopwords: frozenset[str]
    title_re: re.Pattern
    run_re: re.Pattern
    name_at: re.Pattern
    zone_re: re.Pattern
    level_name_re: re.Pattern
    list_item_re: re.Pattern
    short_form_re: re.Pattern


@lru_cache(maxsize=1)
def _resources() -> _Resources:
    g = gazetteer()
    data = load_yaml("organizations.yaml")
    lists = data.get("lists", {})
    orgs = [
        OrgPattern(p["name"], re.compile(_expand(p["regex"], lists, g)), _nested(p.get("nested_loc")))
        for p in data["patterns"]
    ]
    titles = sorted(load_lines("person_titles.txt"), key=len, reverse=True)
    title_re = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(t) for t in titles) + r")(?= )")
    return _Resources(
        g=g,
        orgs=orgs,
        surnames=frozenset(load_lines("surnames.txt")),
        stopwords=frozenset(load_lines("person_stopwords.txt")),
        title_re=title_re,
        run_re=re.compile(rf"(?<![\w.\-]){WORD}(?: {WORD})*(?![\w\-])"),
        name_at=re.compile(rf"{WORD}(?: {WORD})*(?![\w\-])"),
        zone_re=re.compile(_expand("{ZONE} (số [0-9]+|{ZNAME})(?![\\w'])", lists, g)),
        level_name_re=re.compile(rf"(?<![\w/]){LEVEL} ({PNAME})"),
        list_item_re=re.compile(rf"(?:, | và |, và )({PNAME})"),
        short_form_re=re.compile(rf" ?\(((?:{NW})(?:[ &.\-]{NW}){{0,4}})\)"),
    )


# --------------------------------------------------------------------------
# Finders
# --------------------------------------------------------------------------


class _Spans:
    """Non-overlapping spans kept sorted, with an O(log n) overlap test."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans):
            self.starts.append(s)
            self.ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e) - 1  # last span starting before e
        return i >= 0 and self.ends[i] > s

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _longest_non_overlapping(spans: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Keep the longest spans first, dropping any that overlap a kept one."""
    kept: list[tuple[int, int, object]] = []
    taken = _Spans()
    for s, e, obj in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if not taken.overlaps(s, e):
            kept.append((s, e, obj))
            taken.add(s, e)
    return sorted(kept, key=lambda x: x[0])


_SHORT_FORM = OrgPattern("short_form", re.compile("(?!)"), False)
_NOT_SHORT_FORM = frozenset({"Khóa", "Khoá", "Ảnh", "Nguồn", "Theo", "Điều", "Khoản", "Mục", "Phụ"})
_ROMAN = re.compile(r"[IVXLC]+")


def _is_short_form(value: str) -> bool:
    """An acronym or short name in brackets: some word of 2+ capitals that is not a Roman numeral."""
    words = re.split(r"[ &.\-]", value)
    if words[0] in _NOT_SHORT_FORM:
        return False
    return any(sum(c.isupper() for c in w) >= 2 and not _ROMAN.fullmatch(w) for w in words)


def find_orgs(text: str) -> list[tuple[int, int, OrgPattern]]:
    """Organisation mentions: (start, end, pattern), longest non-overlapping, plus their short forms."""
    res = _resources()
    cands: list[tuple[int, int, object]] = []
    for pat in res.orgs:
        for m in pat.regex.finditer(text):
            if m.end() > m.start():
                cands.append((m.start(), m.end(), pat))
    orgs = _longest_non_overlapping(cands)
    shorts = []
    for _, e, _ in orgs:
        m = res.short_form_re.match(text, e)
        if m and _is_short_form(m.group(1)):
            shorts.append((m.start(1), m.end(1), _SHORT_FORM))
    if shorts:
        taken = _Spans((s, e) for s, e, _ in orgs)
        orgs = sorted(orgs + [x for x in shorts if not taken.overlaps(x[0], x[1])], key=lambda x: x[0])
    return orgs  # type: ignore[return-value]


def _is_country(surface: str, g: Gazetteer) -> bool:
    return any(p.kind == "country" for p in g.lookup(surface))


def _capitalized_neighbour(text: str, s: int, e: int) -> bool:
    """A capitalized word right before or after ``text[s:e]`` (it is part of a longer name)."""
    if e + 1 < len(text) and text[e] == " " and text[e + 1].isupper():
        return True
    if s >= 2 and text[s - 1] == " " and text[s - 2].isalpha():
        j = s - 2
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return text[j].isupper() and (j == 0 or text[j - 1] not in ".!?\n") and not _sentence_start(text, j)
    return False


def _country_position(text: str, s: int) -> bool:
    """The words before ``s`` let a country name stand for the place (not a modifier in a name)."""
    if s == 0 or text[s - 1] != " ":
        return True
    j = s - 1
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    prev = text[j : s - 1]
    if not prev:
        return True  # after punctuation
    return prev.lower() in _COUNTRY_PREV_OK or bool(_COUNTRY_BEFORE.search(text, max(0, s - 24), s)) or (
        prev[0].isupper() and _sentence_start(text, j)
    )


def _sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\"'“(":
        j -= 1
    return j < 0 or text[j] in ".!?:;\n"


def _place_ok(text: str, s: int, e: int, g: Gazetteer) -> bool:
    """A bare match may stand for a place.

    Needs-level names and single syllables need a level word before them, ambiguous countries
    "nước"/"Vương quốc"; an unambiguous one-syllable country ("Lào") must not be part of a longer
    capitalized name.
    """
    surface = text[s:e]
    if surface in g.countries and not _country_position(text, s):
        return False
    if surface in g.needs_context:
        return bool(_COUNTRY_BEFORE.search(text, max(0, s - 24), s))
    single = " " not in surface and "." not in surface and "-" not in surface
    if single and surface in g.countries:
        return bool(_COUNTRY_BEFORE.search(text, max(0, s - 24), s)) or not _capitalized_neighbour(text, s, e)
    if surface in g.needs_level or single:
        return bool(_LEVEL_BEFORE.search(text, max(0, s - 12), s))
    return True


def _level_names(text: str, g: Gazetteer) -> list[tuple[int, int]]:
    """Names after a level word that the gazetteer lacks ("xã Y Tý", "thị xã Cửa Lò"), with the
    names listed after a commune ("các xã Y Tý, A Lù, Ngải Thầu", "phường Phú Hòa và Chánh Nghĩa")."""
    res = _resources()
    out = []
    for m in res.level_name_re.finditer(text):
        s, e = m.span(1)
        if g.place_regex.match(text, s) or any(w in res.stopwords for w in re.split("[ -]", m.group(1))):
            continue
        out.append((s, e))
    for m in re.finditer(r"(?<!\w)" + _COMMUNE_LEVEL + " ", text):
        pos = m.end()
        first = res.level_name_re.match(text, m.start())
        gm = g.place_regex.match(text, pos)
        if first:
            pos = first.end()
        elif gm and " " in gm.group():
            pos = gm.end()
        else:
            continue
        while True:
            item = res.list_item_re.match(text, pos)
            if not item or any(w in res.stopwords for w in re.split("[ -]", item.group(1))):
                break
            out.append(item.span(1))
            pos = item.end()
    return out


def find_places(text: str, orgs: list[tuple[int, int, OrgPattern]] | None = None) -> list[tuple[int, int]]:
    """Place mentions as (start, end), outside organisations plus those an organisation introduces."""
    res = _resources()
    g = res.g
    orgs = find_orgs(text) if orgs is None else orgs
    org_spans = _Spans((s, e) for s, e, _ in orgs)
    raw = []
    held = []  # bare matches that need a level word: kept if they continue a list of places
    for m in g.place_regex.finditer(text):
        s, e = m.span()
        if org_spans.overlaps(s, e):
            continue
        if _place_ok(text, s, e, g):
            raw.append((s, e))
        else:
            held.append((s, e))
    # a needs-level name listed right after a place of the same province ("Ea Súp, Buôn Đôn, Lắk")
    if held:
        ends = {e: s for s, e in raw}
        for s, e in held:
            for sep in (", ", " và ", ", và "):
                ps = ends.get(s - len(sep))
                if ps is not None and text[s - len(sep) : s] == sep:
                    mine = {p.province for p in g.lookup(text[s:e]) if p.kind == "district"}
                    theirs = {p.province for p in g.lookup(text[ps : s - len(sep)])}
                    if mine & theirs:
                        raw.append((s, e))
                        ends[e] = s
                    break
        raw.sort()
    # districts written bare count only when the article also names them with a level word,
    # or names their province
    provinces_seen = set()
    with_level = set()
    for s, e in raw:
        places = g.lookup(text[s:e])
        for p in places:
            if p.kind == "province":
                provinces_seen.add(p.name)
        if _LEVEL_BEFORE.search(text, max(0, s - 12), s):
            with_level.add(text[s:e])
    for s, e, pat in orgs:
        if pat.nested_loc:
            for m in g.place_regex.finditer(text, s, e):
                for p in g.lookup(m.group()):
                    if p.kind == "province":
                        provinces_seen.add(p.name)
    cands: list[tuple[int, int, object]] = []
    kept_ends: dict[int, set[str | None]] = {}  # end of a kept place -> its provinces
    for s, e in raw:
        surface = text[s:e]
        places = g.lookup(surface)
        if places and all(p.kind == "district" for p in places):
            if surface not in with_level and not any(p.province in provinces_seen for p in places):
                # listed right after a kept place of the same province ("huyện Tu Mơ Rông, Kon Plông")
                if not any(
                    text[s - len(sep) : s] == sep and {p.province for p in places} & kept_ends.get(s - len(sep), set())
                    for sep in (", ", " và ", ", và ")
                ):
                    continue
        cands.append((s, e, None))
        kept_ends[e] = {p.province or p.name for p in places}
    for m in res.zone_re.finditer(text):
        if org_spans.overlaps(*m.span()):
            continue
        if text[m.start()].islower():  # "khu du lịch Tràng An": a common noun and the name
            cands.append((m.start(1), m.end(), None))
        else:
            cands.append((m.start(), m.end(), None))
    for s, e in _level_names(text, g):
        if not org_spans.overlaps(s, e):
            cands.append((s, e, None))
    out = [(s, e) for s, e, _ in _longest_non_overlapping(cands)]
    for s, e, pat in orgs:
        if pat.nested_loc:
            inner: list[tuple[int, int, object]] = []
            for m in g.place_regex.finditer(text, s, e):
                if _place_ok(text, m.start(), m.end(), g):
                    inner.append((m.start(), m.end(), None))
            for a, b in _level_names(text[s:e], g):
                inner.append((s + a, s + b, None))
            for a, b, _ in _longest_non_overlapping(inner):
                if pat.nested_loc == "level" and not _LEVEL_BEFORE.search(text, max(s, a - 12), a):
                    continue
                out.append((a, b))
    return sorted(set(out))


def _name_after(text: str, pos: int, orgs: list[tuple[int, int, OrgPattern]], min_words: int) -> tuple[int, int] | None:
    """A capitalized name of ``min_words``-4 syllables at ``pos`` (after spaces, maybe after an ORG)."""
    res = _resources()
    n = len(text)
    while pos < n and text[pos] == " ":
        pos += 1
    for s, e, _ in orgs:
        if s == pos:
            pos = e
            while pos < n and text[pos] == " ":
                pos += 1
            break
    m = res.name_at.match(text, pos)
    if not m:
        return None
    words = m.group().split(" ")
    if not (min_words <= len(words) <= 4) or any(w in res.stopwords for w in words):
        return None
    return m.span()


def find_persons(
    text: str,
    orgs: list[tuple[int, int, OrgPattern]],
    places: list[tuple[int, int]],
    byline: str | None = None,
) -> list[tuple[int, int]]:
    """Person mentions as (start, end): after titles, by surname, and the byline."""
    res = _resources()
    org_spans = _Spans((s, e) for s, e, _ in orgs)
    place_spans = _Spans((s, e) for s, e, _ in _longest_non_overlapping([(s, e, None) for s, e in places]))
    out: set[tuple[int, int]] = set()
    # 1. after a title or honorific
    for m in res.title_re.finditer(text):
        if org_spans.overlaps(m.start(), m.end()):
            continue
        min_words = 1 if m.group() in _HONORIFICS else 2
        span = _name_after(text, m.end(), orgs, min_words)
        if span and not org_spans.overlaps(*span) and not res.g.lookup(text[span[0] : span[1]]):
            out.add(span)
    # 2. a run of 2-4 capitalized syllables starting with a surname
    for m in res.run_re.finditer(text):
        run = m.group()
        words = run.split(" ")
        pos = m.start()
        offsets = []
        for w in words:
            offsets.append(pos)
            pos += len(w) + 1
        for i, w in enumerate(words):
            if w not in res.surnames or place_spans.overlaps(offsets[i], offsets[i] + 1):
                continue
            rest = words[i:]
            if not (2 <= len(rest) <= 4) or any(x in res.stopwords for x in rest):
                break
            s, e = offsets[i], m.end()
            if _STREET_BEFORE.search(text, max(0, s - 8), s):
                break
            if not org_spans.overlaps(s, e):
                out.add((s, e))
            break
    # 3. the byline, wherever it is written
    if byline and byline.strip():
        words = byline.split()
        pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
        for m in pat.finditer(text):
            out.add(m.span())
    # nested duplicates: keep the longest
    return [(s, e) for s, e, _ in _longest_non_overlapping([(s, e, None) for s, e in out])]


def find_entities(text: str, *, byline: str | None = None) -> list[Entity]:
    """PER, LOC and ORG mentions of ``text``, sorted by start; ``text == text[start:end]``."""
    if not text:
        return []
    orgs = find_orgs(text)
    places = find_places(text, orgs)
    persons = find_persons(text, orgs, places, byline)
    out: list[Entity] = [Entity(label="ORG", text=text[s:e], start=s, end=e) for s, e, _ in orgs]
    for s, e in persons:
        out.append(Entity(label="PER", text=text[s:e], start=s, end=e))
    person_spans = _Spans(persons)
    for s, e in places:
        if person_spans.overlaps(s, e):
            continue
        out.append(Entity(label="LOC", text=text[s:e], start=s, end=e))
    out.sort(key=lambda x: (x.start, -x.end, x.label))
    return out
