"""Vietnamese place names: provinces, districts, regions, and their spellings.

The tables in ``rules/gazetteer/`` are data. ``provinces.tsv`` and
``districts.tsv`` are generated from the administrative mapping bundled with
underthesea (63 provinces before the 2025 merger, 34 after, and the districts
of the 63) by ``python -m nq52extract.extract.gazetteer build``; ``aliases.tsv``,
``regions.txt``, ``countries.txt``, ``zones.txt``, ``districts_extra.tsv`` and
``needs_level.txt`` are kept by hand.

:func:`gazetteer` loads everything once and offers look-ups from a surface
form to a canonical place, plus a compiled trie regex over every surface form.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from nq52extract.rules import load_lines, load_tsv, rules_dir

# --------------------------------------------------------------------------
# Spelling helpers
# --------------------------------------------------------------------------

# old-style (hoà) and new-style (hòa) tone placement on a final oa/oe/uy
_TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _pairs() -> dict[str, str]:
    out = {}
    for a, b in (("o", "a"), ("o", "e"), ("u", "y"), ("O", "a"), ("O", "e"), ("U", "y"), ("O", "A"), ("O", "E"), ("U", "Y")):
        for t in _TONE_MARKS:
            old = a + unicodedata.normalize("NFC", b + t)
            new = unicodedata.normalize("NFC", a + t) + b
            out[old] = new
    return out


_OLD_TO_NEW = _pairs()
_NEW_TO_OLD = {v: k for k, v in _OLD_TO_NEW.items()}
_OLD_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TO_NEW) + r")(?!\w)")
_NEW_RE = re.compile(r"(?<![qQ])(" + "|".join(_NEW_TO_OLD) + r")(?!\w)")


def fold(text: str) -> str:
    """A comparison key: NFC, tone on the first vowel of a final oa/oe/uy (hoà → hòa), spaces collapsed."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return _OLD_RE.sub(lambda m: _OLD_TO_NEW[m.group(1)], text)


def spelling_variants(name: str) -> set[str]:
    """``name`` in NFC plus every mix of old/new tone placement (Khánh Hòa / Khánh Hoà)."""
    out = {""}
    for word in fold(name).split(" "):
        alt = _NEW_RE.sub(lambda m: _NEW_TO_OLD[m.group(1)], word)
        choices = {word, alt}
        out = {f"{o} {c}" if o else c for o in out for c in choices}
    return out


# --------------------------------------------------------------------------
# Trie regex: one compiled alternation over many literals
# --------------------------------------------------------------------------


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, factored as a trie (longest first)."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    return build(trie)


# --------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Place:
    """One canonical place: ``kind`` is province, district, region or country."""

    name: str
    kind: str
    province: str | None = None  # the province of a district (pre-2025), or itself
    province_2025: str | None = None
    level: str | None = None  # tỉnh, thành phố, huyện, quận, thị xã


@dataclass(slots=True)
class Gazetteer:
    """Surface forms → places, with the regexes that find them."""

    provinces: dict[str, Place] = field(default_factory=dict)
    districts: dict[str, list[Place]] = field(default_factory=dict)
    regions: dict[str, Place] = field(default_factory=dict)
    countries: dict[str, Place] = field(default_factory=dict)
    zone_heads: tuple[str, ...] = ()  # "Khu kinh tế", "Khu công nghiệp" ... (zones.txt)
    surface: dict[str, list[Place]] = field(default_factory=dict)  # surface form -> places
    needs_level: set[str] = field(default_factory=set)  # surfaces that need "tỉnh/huyện/TP" before them
    needs_context: set[str] = field(default_factory=set)  # countries that need "nước"/"Vương quốc" or a list
    place_regex: re.Pattern | None = None
    place_pattern: str = ""
    loose_pattern: str = ""

    def lookup(self, surface: str) -> list[Place]:
        """Places a surface form may name (exact, then tone/space-folded)."""
        hit = self.surface.get(surface)
        if hit is None:
            hit = self.surface.get(fold(surface), [])
        return hit

    def province(self, name: str) -> Place | None:
        """A province by canonical name or any alias."""
        for p in self.lookup(name):
            if p.kind == "province":
                return p
        return None

    def province_2025(self, name: str) -> str | None:
        """The post-2025 province that ``name`` (a province or district) lies in."""
        for p in self.lookup(name):
            if p.province_2025:
                return p.province_2025
        return None


def _loose(name: str) -> str:
    """Regex for a name whose later syllables may be miscased ("Triệu phong")."""
    parts = []
    for i, word in enumerate(name.split(" ")):
        head = word[0]
        if i and head.lower() != head.upper():
            parts.append(f"[{re.escape(head.upper())}{re.escape(head.lower())}]" + re.escape(word[1:]))
        else:
            parts.append(re.escape(word))
    return " ".join(parts)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the gazetteer tables from ``rules/gazetteer/`` (once)."""
    g = Gazetteer()

    def add_surface(surface: str, place: Place) -> None:
        for v in spelling_variants(surface):
            lst = g.surface.setdefault(v, [])
            if place not in lst:
                lst.append(place)
        key = fold(surface)
        lst = g.surface.setdefault(key, [])
        if place not in lst:
            lst.append(place)

    for row in load_tsv("gazetteer/provinces.tsv"):
        p = Place(row["name"], "province", row["name"], row["province_2025"], row["level"])
        g.provinces[p.name] = p
        add_surface(p.name, p)
    for row in load_tsv("gazetteer/districts.tsv") + load_tsv("gazetteer/districts_extra.tsv"):
        name = row["name"]
        p = Place(name, "district", row["province"], row["province_2025"], row["level"])
        g.districts.setdefault(name, []).append(p)
        if name not in g.provinces:  # "thành phố Thái Nguyên" names its province anyway
            add_surface(name, p)
    for name in load_lines("gazetteer/regions.txt"):
        p = Place(name, "region")
        g.regions[name] = p
        add_surface(name, p)
    for line in load_lines("gazetteer/countries.txt"):
        name = line.rstrip("*")
        p = Place(name, "country")
        g.countries[name] = p
        add_surface(name, p)
        if line.endswith("*"):
            g.needs_context.add(name)
    g.zone_heads = tuple(sorted(load_lines("gazetteer/zones.txt"), key=len, reverse=True))
    for row in load_tsv("gazetteer/aliases.tsv"):
        targets = g.lookup(row["canonical"])
        targets = [t for t in targets if t.kind == row["kind"]] or targets
        for t in targets:
            add_surface(row["alias"], t)
    for name in load_lines("gazetteer/needs_level.txt"):
        g.needs_level.update(spelling_variants(name))

    forms = sorted(g.surface, key=len, reverse=True)
    g.place_pattern = trie_pattern(forms)
    g.loose_pattern = "(?:" + "|".join(_loose(f) for f in forms if " " in f) + ")"
    g.place_regex = re.compile(r"(?<![\w.])(?:" + g.place_pattern + r")(?!\w)")
    return g


# --------------------------------------------------------------------------
# Build: underthesea's mapping.json -> rules/gazetteer/*.tsv
# --------------------------------------------------------------------------

# official short names before 2025 where the bundled data already uses the new one
_OLD_NAME_OVERRIDES = {"thanhphohue": "Thừa Thiên Huế"}
_LEVELS = ("Thành phố", "Thị xã", "Huyện", "Quận", "Tỉnh")


def _split_level(full: str) -> tuple[str, str]:
    for lv in _LEVELS:
        if full.lower().startswith(lv.lower() + " "):
            return lv.lower(), full[len(lv) + 1 :]
    return "", full


def _mapping_path() -> Path:
    import underthesea  # only at build time

    return Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"


def build_tables(mapping: dict) -> tuple[list[dict], list[dict]]:
    """Rows of provinces.tsv and districts.tsv from underthesea's mapping dict."""
    old = mapping["old_province_names"]
    new = mapping["province_names"]
    to_new = mapping["province_mapping"]
    provinces: list[dict] = []
    for key, info in old.items():
        level, _ = _split_level(info["name"])
        name = _OLD_NAME_OVERRIDES.get(key, info["short"])
        if key in _OLD_NAME_OVERRIDES:
            level = "tỉnh"
        provinces.append(
            {"name": name, "level": level, "code": info["code"], "province_2025": new[to_new[key]]["short"], "era": "pre2025"}
        )
    seen = {p["name"] for p in provinces}
    for key, info in new.items():
        if info["short"] not in seen:
            level, _ = _split_level(info["name"])
            provinces.append(
                {"name": info["short"], "level": level, "code": info["code"], "province_2025": info["short"], "era": "2025"}
            )
    old_by_full = {v["name"]: (k, v) for k, v in old.items()}
    districts: dict[tuple[str, str], dict] = {}
    for rec in mapping["ward_mapping"]:
        level, name = _split_level(rec["old_district"])
        if not name or name.isdigit():
            continue
        key, info = old_by_full[rec["old_province"]]
        prov = _OLD_NAME_OVERRIDES.get(key, info["short"])
        districts[(prov, name)] = {
            "name": name,
            "level": level,
            "province": prov,
            "province_2025": new[to_new[key]]["short"],
        }
    return provinces, sorted(districts.values(), key=lambda r: (r["province"], r["name"]))


def write_tables(out_dir: Path | None = None, mapping_path: Path | None = None) -> list[Path]:
    """Regenerate ``provinces.tsv`` and ``districts.tsv``; return the paths written."""
    out_dir = out_dir or (rules_dir() / "gazetteer")
    out_dir.mkdir(parents=True, exist_ok=True)
    with (mapping_path or _mapping_path()).open(encoding="utf-8") as fh:
        mapping = json.load(fh)
    provinces, districts = build_tables(mapping)
    header = "# generated by `python -m nq52extract.extract.gazetteer build` from underthesea address/data/mapping.json\n"
    written = []
    for fname, rows, cols in (
        ("provinces.tsv", provinces, ["name", "level", "code", "province_2025", "era"]),
        ("districts.tsv", districts, ["name", "level", "province", "province_2025"]),
    ):
        path = out_dir / fname
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(header)
            w = csv.DictWriter(fh, fieldnames=cols, delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build`` regenerates the generated tables."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["build"]:
        print("usage: python -m nq52extract.extract.gazetteer build [OUT_DIR]", file=sys.stderr)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else None
    for p in write_tables(out):
        print(p)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
