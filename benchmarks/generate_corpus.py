#!/usr/bin/env python3
"""Generate a large, realistic benchmark corpus from the project's own articles.

Sources are the seed articles (``corpus/*.txt``) and the gold articles
(``tests/gold/own/*.txt``). Each generated article takes the layout of one
source article of a kind (plan, review, guidance, report) and mixes in
paragraphs of other articles of the same kind, then varies what the pipeline
extracts: provinces and districts, document numbers, dates, years and
percentages. Some articles also get web-page chrome lines, OCR-style
diacritic errors or decomposed (NFD) Unicode.

Output is deterministic for a given ``--seed`` and source set, and streamed:
article ``i`` is built from its own random generator, so memory stays flat
whatever ``--articles`` is.

    python benchmarks/generate_corpus.py --articles 200000 --format jsonl.gz -o bench.jsonl.gz
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Sequence

GENERATOR_VERSION = 1  # bump when a change alters the output for the same seed and sources
REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (REPO / "corpus", REPO / "tests" / "gold" / "own")
DISTRICTS_TSV = REPO / "rules" / "gazetteer" / "districts.tsv"

# The 63 provinces and centrally-run cities before the 2025 merger.
PROVINCES = (
    "Hà Nội", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên",
    "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh",
    "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên",
    "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai",
    "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai",
    "Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh",
    "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng",
    "Bạc Liêu", "Cà Mau",
)
CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"})
# spellings met in articles -> canonical name
PROVINCE_VARIANTS = {
    "Thanh Hoá": "Thanh Hóa", "Khánh Hoà": "Khánh Hòa", "Hoà Bình": "Hòa Bình",
    "Thừa Thiên - Huế": "Thừa Thiên Huế", "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu", "Đắc Lắc": "Đắk Lắk", "Đăk Lăk": "Đắk Lắk",
    "Đắk Lăk": "Đắk Lắk", "Đăk Nông": "Đắk Nông", "Kon Tum": "Kon Tum",
}

DOC_KINDS = ("KH", "CTr", "HD", "NQ", "CT", "KL")
DOC_KIND_NAMES = {
    "KH": "Kế hoạch", "CTr": "Chương trình hành động", "HD": "Hướng dẫn",
    "NQ": "Nghị quyết", "CT": "Chỉ thị", "KL": "Kết luận",
}
DOC_ISSUERS = ("TU", "HU", "TW")

CHROME_HEAD = (
    "PublishingPortal - Block_BanTin_Toolbar", "Tăng cỡ chữ Giảm cỡ chữ", "Xem cỡ chữ: A+ A-",
    "In bài viết", "Chia sẻ Facebook Twitter Zalo", "Lưu bài viết", "Nghe đọc bài viết",
)
CHROME_TAIL = (
    "Go top", "Tin liên quan", "Bình luận (0)", "Gửi email In trang", "Trở về đầu trang",
    "  • Số lượt truy cập: {n}", "  • Số người online: {k}", "Lượt xem: {k}",
)
DATE_LINES = (
    "{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}:00", "Cập nhật: {d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}",
    "Ngày đăng: {d:02d}/{m:02d}/{y}", "Thứ {wd}, {d:02d}/{m:02d}/{y} - {hh:02d}:{mm:02d}",
    "{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d} GMT+7",
)
WEEKDAYS = ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy")
BYLINES = ("Minh Anh", "Thu Hà", "Quang Huy", "CTV - Hoàng Nam", "Bài, ảnh: Thanh Tâm", "PV", "Ngọc Lan")
TITLE_TEMPLATES = (
    "{p} triển khai Nghị quyết số 52-NQ/TW về Cách mạng công nghiệp lần thứ tư",
    "{p}: Chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
    "{p} đẩy mạnh chuyển đổi số, phát triển kinh tế số",
)

# OCR-style confusions: lost or swapped diacritics, as in scanned/recognized pages
OCR_CONFUSIONS = {
    "ư": "u", "ơ": "o", "ể": "ế", "ổ": "ố", "ở": "ớ", "ỏ": "ó", "ả": "á", "ẩ": "ấ",
    "ủ": "ú", "ỉ": "í", "i": "ỉ", "ố": "o", "ạ": "a", "ợ": "ọ", "ờ": "ò", "ệ": "ê",
    "ậ": "â", "đ": "d", "ỷ": "ý", "ằ": "ắ",
}

_CHROME_RE = re.compile(
    r"cỡ chữ|PublishingPortal|lượt truy cập|Số người online|Go top|Thống kê truy cập|GMT|"
    r"^\W*(?:Thứ \w+,?\s*)?\d{1,2}/\d{1,2}/\d{4}|^(?:Cập nhật|Đăng ngày|Ngày đăng|Ngày cập nhật)|"
    r"^\s*•|^(?:Địa chỉ|Website|Điện thoại):",
    re.IGNORECASE,
)
_KIND_RULES = (
    ("review", re.compile(r"sơ kết|tổng kết|hội nghị|hội thảo|đánh giá|kết quả|họp |thành tựu|khoảng trống")),
    ("guidance", re.compile(r"hướng dẫn|tuyên truyền|thông báo|kết luận|đôn đốc|thông tư")),
    ("plan", re.compile(r"ban hành|kế hoạch|chương trình hành động|chỉ thị|nghị quyết|đề án|thông qua|cụ thể hóa|lộ trình")),
)


# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------


@dataclass
class Source:
    """One source article split into its parts."""

    name: str
    kind: str
    title: str | None
    lead: str
    body: list[str]
    head_chrome: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


def _is_chrome(line: str) -> bool:
    return bool(_CHROME_RE.search(line))


def _is_short(line: str) -> bool:
    return len(line) < 90 and line[-1:] not in ".!?…;:"


def parse_source(name: str, text: str) -> Source | None:
    """Split an article into title, lead, body units, chrome and tail lines."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln.strip()]
    head_chrome = [ln.strip() for ln in lines if _is_chrome(ln)]
    content = [ln.strip() for ln in lines if not _is_chrome(ln)]
    # trailing short lines: bylines and footers
    tail: list[str] = []
    while content and len(content[-1]) < 70 and content[-1][-1:] not in ".!?…;:":
        tail.insert(0, content.pop())
    if not content:
        return None
    title = None
    if len(content[0]) < 200 and content[0][-1:] != "." and len(content) > 1:
        title = content.pop(0)
    units: list[str] = []
    pending: list[str] = []
    for ln in content:
        pending.append(ln)
        if not _is_short(ln):
            units.append("\n".join(pending))
            pending = []
    if pending:
        units.append("\n".join(pending))
    if not units:
        return None
    lead, body = units[0], units[1:]
    probe = f"{title or ''} {lead}".lower()
    kind = next((k for k, rx in _KIND_RULES if rx.search(probe)), "report")
    return Source(name, kind, title, lead, body, head_chrome, tail)


def load_sources(folders: Sequence[Path | str] = DEFAULT_SOURCES) -> list[Source]:
    """Every ``.txt`` article of ``folders`` (missing folders are skipped), sorted by name."""
    out = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            src = parse_source(path.name, path.read_text(encoding="utf-8", errors="replace"))
            if src is not None:
                out.append(src)
    if not out:
        raise SystemExit(f"no source articles found in {', '.join(map(str, folders))}")
    return out


def load_districts(path: Path = DISTRICTS_TSV) -> dict[str, list[tuple[str, str]]]:
    """Province -> [(district, level)] from the project's gazetteer, if it is there."""
    out: dict[str, list[tuple[str, str]]] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or line.startswith("#") or parts[0] == "name":
            continue
        name, level, province = parts[0], parts[1], parts[2]
        if name not in PROVINCES and level in ("huyện", "thị xã", "quận"):
            out.setdefault(province, []).append((name, level))
    return out


# --------------------------------------------------------------------------
# Variation
# --------------------------------------------------------------------------


def _alternation(names: Sequence[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


class Varier:
    """Rewrites the fields the pipeline extracts, consistently within one article."""

    def __init__(self, districts: dict[str, list[tuple[str, str]]]):
        self.districts = districts
        all_districts = [n for rows in districts.values() for n, _ in rows]
        province_names = [p for p in PROVINCES if p != "Hồ Chí Minh"] + list(PROVINCE_VARIANTS)
        parts = [
            # party documents: 402-KH/TU, 23–CTr/TU, 36-HD/BTGTU, optionally after their kind's name
            r"(?P<dname>(?:Kế hoạch|kế hoạch|Chương trình hành động|chương trình hành động|Chương trình|"
            r"Hướng dẫn|hướng dẫn|Nghị quyết|nghị quyết|Chỉ thị|chỉ thị|Kết luận|kết luận)(?:\s+số)?\s+)?"
            r"(?P<dnum>\d{1,5})\s?[-–]\s?(?P<dkind>KH|CTr|HD|HĐ|NQ|CT|KL|TB|ĐA)\s?/\s?(?P<diss>[A-ZĐƯ]{2,8})\b",
            # state documents: 749/QĐ-TTg, 15/2021/NQ-HĐND, 402/KH-UBND
            r"\b(?P<snum>\d{1,5})/(?:(?P<syear>20\d\d)/)?(?P<stail>[A-ZĐ]{1,5}-[A-ZĐ][A-Za-zĐđ]*)",
            # dates: 26/6/2020, 27-9-2019, ngày 12 tháng 4 năm 2022, Ngày 21/5
            r"\b(?P<fd>\d{1,2})(?P<fsep>[/.-])(?P<fm>\d{1,2})(?P=fsep)(?P<fy>20\d\d)\b",
            r"\b(?P<ld>\d{1,2}) tháng (?P<lm>\d{1,2}) năm (?P<ly>20\d\d)\b",
            r"(?P<spre>\b(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]rưa|[Tt]ối|[Đđ]êm) )(?P<sd>\d{1,2})/(?P<sm>\d{1,2})\b(?!/)",
            # percentages and bare years
            r"(?<![\w.,])(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)(?P<psp>\s?)%",
            r"\b(?P<year>20[1-6]\d)\b",
            # provinces with the word before them, and Ho Chi Minh City
            r"(?P<ppre>\b(?:Tỉnh ủy|Tỉnh Ủy|Thành ủy|Thành Ủy|tỉnh ủy|thành ủy|tỉnh|Tỉnh|thành phố|Thành phố)\s+)?"
            rf"(?P<prov>\b(?:{_alternation(province_names)}))\b",
            r"(?P<hcm>\b(?:[Tt]hành phố|TP\.?)\s?Hồ Chí Minh|\bTP\.?\s?HCM)\b",
        ]
        if all_districts:
            parts.append(
                r"(?P<tpre>\b(?:huyện|Huyện|thị xã|Thị xã|quận|Quận|Huyện ủy|Huyện Ủy|Thị ủy|Thị Ủy|Quận ủy|Quận Ủy)\s+)"
                rf"(?P<town>{_alternation(all_districts)})\b"
            )
        self.pattern = re.compile("|".join(parts))

    def vary(self, text: str, rng: random.Random, main_end: int = 0) -> tuple[str, str]:
        """``text`` with its facts rewritten; also the article's target province.

        Provinces named before ``main_end`` (title and lead) all become the
        article's province; any other province named gets one of its own.
        """
        province = rng.choice(PROVINCES)
        towns = self.districts.get(province, [])
        shift = rng.choice((0, 0, 1, 1, 2, 3))  # years of dates and recent years
        target_shift = rng.choice((0, 0, 5, 10))  # goal years (2025, 2030, 2045)
        memo: dict[tuple[str, str], str] = {}
        places: dict[str, str] = {}
        is_city = province in CITIES

        def once(key: tuple[str, str], make) -> str:
            if key not in memo:
                memo[key] = make()
            return memo[key]

        def year(y: str) -> str:
            value = int(y)
            if value >= 2025:
                return str(value + target_shift)
            return str(min(2026, value + shift))

        def date_year(y: str) -> str:
            return str(min(2026, int(y) + shift))

        def date(d: str, m: str, y: str | None, key: str) -> tuple[str, str, str]:
            def make() -> str:
                nd, nm = rng.randint(1, 28), rng.randint(1, 12)
                sd = f"{nd:02d}" if len(d) == 2 else str(nd)
                sm = f"{nm:02d}" if len(m) == 2 else str(nm)
                return f"{sd}\t{sm}\t{date_year(y) if y else ''}"
            return tuple(once(("date", key), make).split("\t"))  # type: ignore[return-value]

        def place_word(word: str) -> str:
            low = word.lower()
            upper = word[:1].isupper()
            if "ủy" in low:
                name = ("Thành " if is_city else "Tỉnh ") + ("Ủy" if "Ủy" in word else "ủy")
                return name if upper else name.lower()
            if low.startswith(("tỉnh", "thành phố")):
                name = "thành phố" if is_city else "tỉnh"
                return name.capitalize() if upper else name
            return word

        def target(source: str, at: int) -> str:
            source = PROVINCE_VARIANTS.get(source, source)
            if source not in places:
                places[source] = province if at < main_end or not places else rng.choice(PROVINCES)
            return places[source]

        def province_name(name: str, with_level: bool) -> str:
            if name == "Hồ Chí Minh":
                return "Hồ Chí Minh" if with_level else "TP. Hồ Chí Minh"
            return name

        def place_word_for(word: str, name: str) -> str:
            nonlocal is_city
            saved, is_city = is_city, name in CITIES
            try:
                return place_word(word)
            finally:
                is_city = saved

        def sub(m: re.Match) -> str:
            g = m.group
            if g("dnum") is not None:
                num, kind, issuer = g("dnum"), g("dkind"), g("diss")
                if num == "52" and kind == "NQ":
                    return m.group(0)  # the resolution itself stays
                key = m.group(0)[len(g("dname") or ""):]
                new_kind = once(("dkind", key), lambda: rng.choice(DOC_KINDS) if kind in DOC_KIND_NAMES or kind == "HĐ" else kind)
                new_num = once(("dnum", key), lambda: str(rng.choice((rng.randint(1, 99), rng.randint(1, 499), rng.randint(100, 1999)))))
                new_iss = once(("diss", key), lambda: rng.choice(DOC_ISSUERS) if issuer in ("TU", "HU", "TW", "TƯ") else issuer)
                name = g("dname") or ""
                if name:
                    kind_name = DOC_KIND_NAMES.get(new_kind, name.split()[0])
                    if name[0].islower():
                        kind_name = kind_name.lower()
                    name = kind_name + (" số " if "số" in name else " ")
                return f"{name}{new_num}-{new_kind}/{new_iss}"
            if g("snum") is not None:
                key = m.group(0)
                new_num = once(("snum", key), lambda: str(rng.randint(1, 2999)))
                y = g("syear")
                return f"{new_num}/{year(y) + '/' if y else ''}{g('stail')}"
            if g("fd") is not None:
                d, mo, y, sep = g("fd"), g("fm"), g("fy"), g("fsep")
                if (int(d), int(mo), y) == (27, 9, "2019"):
                    return m.group(0)  # the resolution's date
                nd, nm, ny = date(d, mo, y, m.group(0))
                return f"{nd}{sep}{nm}{sep}{ny}"
            if g("ld") is not None:
                nd, nm, ny = date(g("ld"), g("lm"), g("ly"), m.group(0))
                return f"{nd} tháng {nm} năm {ny}"
            if g("sd") is not None:
                nd, nm, _ = date(g("sd"), g("sm"), None, g("sd") + "/" + g("sm"))
                return f"{g('spre')}{nd}/{nm}"
            if g("pct") is not None:
                old = g("pct")
                if rng.random() < 0.7:
                    new = str(rng.randint(5, 100))
                else:
                    new = f"{rng.randint(1, 99)},{rng.randint(1, 9)}"
                if old == "100" and rng.random() < 0.5:
                    new = "100"
                return f"{new}{g('psp')}%"
            if g("year") is not None:
                return year(g("year"))
            if g("prov") is not None:
                pre = g("ppre") or ""
                name = target(g("prov"), m.start())
                if pre:
                    return place_word_for(pre.strip(), name) + " " + province_name(name, True)
                return province_name(name, False)
            if g("hcm") is not None:
                name = target("Hồ Chí Minh", m.start())
                return "Thành phố " + province_name(name, True) if name == "Hồ Chí Minh" else name
            if g("town") is not None:
                pre = g("tpre")
                old = g("town")
                if not towns:
                    return m.group(0)
                level = pre.split()[0].lower()
                level = {"thị": "thị xã"}.get(level, level)

                def pick() -> str:
                    same = [n for n, lv in towns if lv == level]
                    return rng.choice(same or [n for n, _ in towns])
                return pre + once(("town", old), pick)
            return m.group(0)

        return self.pattern.sub(sub, text), province


def add_ocr_noise(text: str, rng: random.Random, rate: float) -> str:
    """Damage about ``rate`` of the words with OCR-style diacritic errors."""

    def word(m: re.Match) -> str:
        w = m.group(0)
        if rng.random() >= rate:
            return w
        spots = [i for i, ch in enumerate(w) if ch in OCR_CONFUSIONS]
        if not spots:
            return w
        i = rng.choice(spots)
        return w[:i] + OCR_CONFUSIONS[w[i]] + w[i + 1 :]

    return re.sub(r"[^\W\d_]{2,}", word, text)


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------


@dataclass
class Settings:
    """Knobs of the generator (rates are per article)."""

    seed: int = 52
    chrome_rate: float = 0.3
    ocr_rate: float = 0.15
    ocr_word_rate: float = 0.03
    nfd_rate: float = 0.03
    mix_rate: float = 0.5


class Generator:
    """Builds article ``i`` of a corpus from the sources, independently of the others."""

    def __init__(self, sources: Sequence[Source], settings: Settings | None = None,
                 districts: dict[str, list[tuple[str, str]]] | None = None):
        self.settings = settings or Settings()
        self.sources = list(sources)
        self.by_kind: dict[str, list[Source]] = {}
        for s in self.sources:
            self.by_kind.setdefault(s.kind, []).append(s)
        self.pool = {k: [u for s in v for u in s.body] for k, v in self.by_kind.items()}
        self.kinds = sorted(self.by_kind)
        self.head_chrome = sorted({c for s in self.sources for c in s.head_chrome if len(c) < 80} | set(CHROME_HEAD))
        self.bylines = sorted({t for s in self.sources for t in s.tail
                               if len(t.split()) <= 6 and not re.search(r"\d", t)} | set(BYLINES))
        self.varier = Varier(load_districts() if districts is None else districts)

    def fingerprint(self) -> str:
        """A short hash of the sources and settings: same fingerprint + seed, same corpus."""
        h = hashlib.sha256(repr((GENERATOR_VERSION, self.settings)).encode())
        for s in self.sources:
            h.update(repr((s.name, s.kind, s.title, s.lead, s.body, s.tail)).encode())
        return h.hexdigest()[:12]

    def article(self, i: int) -> dict:
        """Article ``i``: ``{"id", "kind", "text"}``."""
        cfg = self.settings
        rng = random.Random(f"{cfg.seed}:{i}")
        kind = rng.choice(self.kinds)
        src = rng.choice(self.by_kind[kind])
        pool = self.pool[kind]
        body = list(src.body)
        if pool:
            used = set(body) | {src.lead}

            def fresh() -> str:
                for _ in range(4):  # avoid repeating a paragraph within the article
                    unit = rng.choice(pool)
                    if unit not in used:
                        break
                used.add(unit)
                return unit

            for j in range(len(body)):
                if rng.random() < cfg.mix_rate:
                    body[j] = fresh()
            extra = rng.randint(-2, 2)
            if extra > 0:
                body.extend(fresh() for _ in range(extra))
            elif extra < 0 and len(body) + extra >= 1:
                del body[extra:]
        if rng.random() < 0.6:
            rng.shuffle(body)
        title = src.title or rng.choice(TITLE_TEMPLATES).format(p="Tuyên Quang")
        y = rng.randint(2020, 2025)
        stamp = rng.choice(DATE_LINES).format(
            d=rng.randint(1, 28), m=rng.randint(1, 12), y=y, hh=rng.randint(6, 22),
            mm=rng.randint(0, 59), wd=rng.choice(WEEKDAYS))
        head: list[str] = [title]
        if rng.random() < 0.7:
            head.insert(rng.randint(0, 1), stamp)
        tail: list[str] = []
        if rng.random() < 0.8:
            tail.append(rng.choice(self.bylines))
        if rng.random() < cfg.chrome_rate:
            for _ in range(rng.randint(1, 3)):
                head.insert(rng.randint(0, len(head)), rng.choice(self.head_chrome))
            for _ in range(rng.randint(0, 3)):
                tail.append(rng.choice(CHROME_TAIL).format(n=rng.randint(10_000, 9_999_999), k=rng.randint(1, 999)))
        sep = rng.choice(("\n\n", "\n", "\n\n"))
        top = "\n".join(head) + sep + src.lead
        text = top + sep + sep.join(body) + sep + "\n".join(tail)
        text, province = self.varier.vary(text.strip() + "\n", rng, main_end=len(top))
        if rng.random() < cfg.ocr_rate:
            text = add_ocr_noise(text, rng, cfg.ocr_word_rate)
        if rng.random() < cfg.nfd_rate:
            text = unicodedata.normalize("NFD", text)
        return {"id": f"gen{cfg.seed}-{i:07d}", "kind": kind, "province": province, "text": text}

    def articles(self, n: int, start: int = 0) -> Iterator[dict]:
        """Articles ``start`` .. ``start + n - 1``, one at a time."""
        for i in range(start, start + n):
            yield self.article(i)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


@contextlib.contextmanager
def _open_jsonl(path: Path, compressed: bool) -> Iterator[IO[str]]:
    """A text stream to ``path``; gzip with mtime=0 and no name, so bytes repeat per seed."""
    if not compressed:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            yield f
        return
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz:
            with io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as f:
                yield f


def write_corpus(gen: Generator, n: int, out: Path | str, fmt: str = "jsonl.gz") -> tuple[int, int]:
    """Stream ``n`` articles to ``out`` (folder for ``txt``); returns (articles, characters)."""
    out = Path(out)
    count = chars = 0
    if fmt == "txt":
        out.mkdir(parents=True, exist_ok=True)
        for art in gen.articles(n):
            (out / f"{art['id']}.txt").write_text(art["text"], encoding="utf-8")
            count += 1
            chars += len(art["text"])
        return count, chars
    if fmt not in ("jsonl", "jsonl.gz"):
        raise ValueError(f"unknown format {fmt!r}")
    if out.parent:
        out.parent.mkdir(parents=True, exist_ok=True)
    with _open_jsonl(out, fmt == "jsonl.gz") as f:
        for art in gen.articles(n):
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
            count += 1
            chars += len(art["text"])
    return count, chars


def build_generator(seed: int = 52, sources: Sequence[Path | str] = DEFAULT_SOURCES, **rates: float) -> Generator:
    """A generator over ``sources`` with ``seed`` and optional rates (see :class:`Settings`)."""
    return Generator(load_sources(sources), Settings(seed=seed, **rates))


def main(argv: list[str] | None = None) -> int:
    """Command line: write a generated corpus."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", "--articles", type=int, default=1000, help="how many articles (default 1000)")
    p.add_argument("-o", "--out", required=True, help="output folder (txt) or file (jsonl, jsonl.gz)")
    p.add_argument("--format", choices=["txt", "jsonl", "jsonl.gz"], default=None,
                   help="default: from the output name (.jsonl.gz, .jsonl, else txt)")
    p.add_argument("--seed", type=int, default=52)
    p.add_argument("--sources", nargs="+", default=[str(s) for s in DEFAULT_SOURCES],
                   help="folders of source .txt articles (default: corpus/ and tests/gold/own/)")
    p.add_argument("--chrome-rate", type=float, default=Settings.chrome_rate, help="share of articles given chrome lines")
    p.add_argument("--ocr-rate", type=float, default=Settings.ocr_rate, help="share of articles given OCR diacritic errors")
    p.add_argument("--ocr-word-rate", type=float, default=Settings.ocr_word_rate, help="share of words damaged in those")
    p.add_argument("--nfd-rate", type=float, default=Settings.nfd_rate, help="share of articles written in NFD")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    fmt = args.format or ("jsonl.gz" if args.out.endswith(".gz") else "jsonl" if args.out.endswith((".jsonl", ".ndjson")) else "txt")
    gen = build_generator(args.seed, args.sources, chrome_rate=args.chrome_rate, ocr_rate=args.ocr_rate,
                          ocr_word_rate=args.ocr_word_rate, nfd_rate=args.nfd_rate)
    count, chars = write_corpus(gen, args.articles, args.out, fmt)
    if not args.quiet:
        kinds = {k: len(v) for k, v in gen.by_kind.items()}
        print(f"{count} articles, {chars:,} characters -> {args.out} ({fmt}); "
              f"{len(gen.sources)} sources {kinds}; fingerprint {gen.fingerprint()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
