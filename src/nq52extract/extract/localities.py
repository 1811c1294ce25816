"""The provinces (and districts) an article is about.

Each LOC entity that names a province or a district adds to that place's
score: one point a mention, one more when a level word or a Party/State body
introduces it ("tỉnh Bắc Kạn", "UBND tỉnh Lâm Đồng"), three when the title
names it and two when the lead does. A district also adds its points to its
province. Places named in passing (once, in the body) stay out; a district
is reported only when the article is more about it than about its province
as a whole (huyện Triệu Phong → Quảng Trị / Triệu Phong).

Mentions that say little about the article's subject count less: a place in an
enumeration of three or more ("các địa phương như Hà Nội, Đà Nẵng, Quảng Ninh")
gets one point and no lead bonus, and the place of a dateline ("Hà Nội, ngày 12
tháng 4 năm 2022", where a document was signed) none. A province named inside a
longer place ("Khu công nghệ cao Đà Nẵng") gets one point.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from nq52extract.extract.gazetteer import Gazetteer, Place, gazetteer
from nq52extract.model import Entity, Locality

LEAD_CHARS = 500  # the lead: this many characters after the title
MIN_SCORE = 4  # enough mentions to be what the article is about
MIN_SCORE_PROMINENT = 2  # enough when the title or the lead names the place
MIN_SHARE = 0.25  # of the best province's score

_DATELINE_AFTER = re.compile(r",? (?:ngày|Ngày) [0-9]")
_LIST_SEPS = (", ", " và ", ", và ", " - ")
MIN_LIST = 3  # places in a row that make an enumeration

_INTRO_BEFORE = re.compile(
    r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|(?:ủy|uỷ|Ủy|Uỷ)|UBND|HĐND|nhân dân) ?$"
)


def _resolve(surface: str, g: Gazetteer, provinces_seen: set[str]) -> Place | None:
    """The province or district a surface names; ambiguous districts need their province seen."""
    places = [p for p in g.lookup(surface) if p.kind in ("province", "district")]
    for p in places:
        if p.kind == "province":
            return p
    if len(places) == 1:
        return places[0]
    seen = [p for p in places if p.province in provinces_seen]
    return seen[0] if len(seen) == 1 else None


def _enumerated(text: str, locs: list[Entity]) -> set[int]:
    """ids of the LOC entities that stand in an enumeration of ``MIN_LIST`` or more places."""
    out: set[int] = set()
    run: list[Entity] = []
    for e in sorted(locs, key=lambda x: x.start):
        if run and text[run[-1].end : e.start] in _LIST_SEPS:
            run.append(e)
            continue
        if len(run) >= MIN_LIST:
            out.update(id(x) for x in run)
        run = [e]
    if len(run) >= MIN_LIST:
        out.update(id(x) for x in run)
    return out


def _sort_key(name: str) -> str:
    """Alphabetical key that ignores diacritics (Đ sorts with D)."""
    base = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in base if not unicodedata.combining(c)).lower() + "\0" + name


def _title_places(title: str, g: Gazetteer) -> list[str]:
    from nq52extract.extract.entities import find_places  # local: entities imports the gazetteer too

    return [title[s:e] for s, e in find_places(title)]


def find_localities(text: str, entities: list[Entity], *, title: str | None = None) -> list[Locality]:
    """Localities of an article from its text, its entities and its title."""
    g = gazetteer()
    locs = [e for e in entities if e.label == "LOC"]
    provinces_seen = {p.name for e in locs for p in g.lookup(e.text) if p.kind == "province"}

    lead_start = 0
    if title:
        i = text.find(title)
        if 0 <= i < LEAD_CHARS:
            lead_start = i + len(title)
    lead_end = lead_start + LEAD_CHARS

    score: dict[str, float] = defaultdict(float)  # province -> score (own + its districts)
    own: dict[str, float] = defaultdict(float)  # province -> score of its own mentions
    dscore: dict[tuple[str, str], float] = defaultdict(float)  # (province, district) -> score
    prominent: set[str] = set()
    first: dict[str, int] = {}

    def add(place: Place, points: float, pos: int, is_prominent: bool) -> None:
        prov = place.province or place.name
        score[prov] += points
        first.setdefault(prov, pos)
        if is_prominent:
            prominent.add(prov)
        if place.kind == "province":
            own[prov] += points
        else:
            dscore[(prov, place.name)] += points

    listed = _enumerated(text, locs)
    for e in locs:
        place = _resolve(e.text, g, provinces_seen)
        if place is None:
            for m in g.place_regex.finditer(e.text):  # "Khu kinh tế Thái Bình"
                inner = _resolve(m.group(), g, provinces_seen)
                if inner is not None and inner.kind == "province":
                    add(inner, 1.0, e.start, False)
            continue
        if _DATELINE_AFTER.match(text, e.end):
            continue
        if id(e) in listed:
            add(place, 1.0, e.start, False)
            continue
        points = 1.0
        if _INTRO_BEFORE.search(text, max(0, e.start - 14), e.start):
            points += 1
        lead = lead_start <= e.start < lead_end
        if lead:
            points += 2
        add(place, points, e.start, lead)
    if title:
        for surface in _title_places(title, g):
            place = _resolve(surface, g, provinces_seen)
            if place is not None:
                add(place, 3.0, -1, True)

    if not score:
        return []
    best = max(score.values())
    chosen = [
        p
        for p, s in score.items()
        if s >= MIN_SHARE * best and (s >= MIN_SCORE or (p in prominent and s >= MIN_SCORE_PROMINENT))
    ]
    chosen.sort(key=_sort_key)  # a canonical order: alphabetical
    out: list[Locality] = []
    for prov in chosen:
        p2025 = g.province_2025(prov)
        districts = [
            d for (pv, d), s in sorted(dscore.items(), key=lambda x: -x[1]) if pv == prov and s >= MIN_SCORE and s > own[prov]
        ]
        if districts:
            out.extend(Locality(prov, d, p2025) for d in districts)
        else:
            out.append(Locality(prov, None, p2025))
    return out
