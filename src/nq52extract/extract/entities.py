"""Named entities (PER, LOC, ORG) by rules and gazetteers.

No statistical model: organisation patterns from ``rules/organizations.yaml``,
places from the gazetteer (one trie regex), persons from surnames
(``rules/surnames.txt``), titles (``rules/person_titles.txt``) and the byline.
Everything is compiled once; a call is a handful of regex scans.

Precedence: the longest organisation wins and hides what is inside it (except
the places a level word introduces: "UBND tỉnh Lâm Đồng" also yields LOC
"Lâm Đồng"); a place that starts where a surname-name would start wins over
it ("Lâm Đồng", "Triệu Phong"), while a place inside a longer name is dropped
("Trần Thái Bình"); a title before a name makes it a person whatever it is.
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
LO = _letters(str.islower)
WORD = f"[{UP}][{LO}]*"  # one capitalized syllable ("Hiển", "Đ")
CAPS = rf"{WORD}(?:(?: - | |-){WORD})*"  # a run of capitalized words
# words that end a sentence-case name ("Tập đoàn Thủy sản Minh Phú đã ...")
_NAME_STOP = (
    "đã|đang|sẽ|được|bị|là|có|của|tại|với|trong|cho|về|để|đến|từ|theo|này|các|những|một|"
    "xác|ký|thực|tham|phối|cùng|nhằm|trên|dưới|sau|trước|khi|thì|mà|nên|cũng|vừa"
)
NAME = rf"{WORD}(?: (?:{WORD}|(?!(?:{_NAME_STOP})(?!\w))[{LO}]+)){{0,10}}"  # a sentence-case name
LEVEL = r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|[Tt]hị trấn|[Xx]ã|[Pp]hường)"
UY = "(?:ủy|uỷ|Ủy|Uỷ)"
_LEVEL_BEFORE = re.compile(
    r"(?<!\w)(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|[Tt]hị trấn|[Xx]ã|[Pp]hường) ?$"
)
_STREET_BEFORE = re.compile(r"(?<!\w)(?:đường|Đường|phố|Phố|ngõ|hẻm) $")
_HONORIFICS = {"ông", "bà", "Ông", "Bà", "đồng chí", "Đồng chí", "đ/c", "Đ/c"}


@dataclass(slots=True, frozen=True)
class OrgPattern:
    """One compiled organisation pattern from ``organizations.yaml``."""

    name: str
    regex: re.Pattern
    nested_loc: bool


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
    }
    for k, v in repl.items():
        out = out.replace(k, v)
    return r"(?<![\w/])" + out


@dataclass(slots=True)
class _Resources:
    g: Gazetteer
    orgs: list[OrgPattern]
    surnames: frozenset[str]
    stopwords: frozenset[str]
    title_re: re.Pattern
    run_re: re.Pattern
    name_at: re.Pattern


@lru_cache(maxsize=1)
def _resources() -> _Resources:
    g = gazetteer()
    data = load_yaml("organizations.yaml")
    lists = data.get("lists", {})
    orgs = [
        OrgPattern(p["name"], re.compile(_expand(p["regex"], lists, g)), bool(p.get("nested_loc")))
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


def find_orgs(text: str) -> list[tuple[int, int, OrgPattern]]:
    """Organisation mentions: (start, end, pattern), longest non-overlapping."""
    res = _resources()
    cands: list[tuple[int, int, object]] = []
    for pat in res.orgs:
        for m in pat.regex.finditer(text):
            if m.end() > m.start():
                cands.append((m.start(), m.end(), pat))
    return _longest_non_overlapping(cands)  # type: ignore[return-value]


def _place_ok(text: str, s: int, e: int, g: Gazetteer) -> bool:
    """A bare match may stand for a place: needs-level names and single syllables need a level word."""
    surface = text[s:e]
    if surface in g.needs_level or (" " not in surface and "." not in surface and "-" not in surface):
        return bool(_LEVEL_BEFORE.search(text, max(0, s - 12), s))
    return True


def find_places(text: str, orgs: list[tuple[int, int, OrgPattern]] | None = None) -> list[tuple[int, int]]:
    """Place mentions as (start, end), outside organisations plus those an organisation introduces."""
    res = _resources()
    g = res.g
    orgs = find_orgs(text) if orgs is None else orgs
    org_spans = _Spans((s, e) for s, e, _ in orgs)
    raw = []
    for m in g.place_regex.finditer(text):
        s, e = m.span()
        if org_spans.overlaps(s, e) or not _place_ok(text, s, e, g):
            continue
        raw.append((s, e))
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
    out = []
    for s, e in raw:
        surface = text[s:e]
        places = g.lookup(surface)
        if places and all(p.kind == "district" for p in places):
            if surface not in with_level and not any(p.province in provinces_seen for p in places):
                continue
        out.append((s, e))
    for s, e, pat in orgs:
        if pat.nested_loc:
            for m in g.place_regex.finditer(text, s, e):
                if _place_ok(text, m.start(), m.end(), g):
                    out.append(m.span())
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
