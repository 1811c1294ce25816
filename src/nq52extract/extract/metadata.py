"""Title, publication date and byline, found around the article body.

Scraped pages put a headline first, a dateline near it and the author's name
at the end; these rules look for those shapes in the normalized text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import load_yaml


@dataclass(slots=True)
class Metadata:
    """What the text itself says about the article; ``None`` when it says nothing."""

    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: str | None = None
    published_span: tuple[int, int] | None = None
    byline: str | None = None
    byline_span: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    rules = load_yaml("metadata.yaml")
    return {
        "dateline": regex.compile(rules["dateline"], regex.IGNORECASE | regex.VERSION1),
        "byline": regex.compile(rules["byline"], regex.VERSION1),
        "byline_prefix": regex.compile(rules["byline_prefix"], regex.IGNORECASE | regex.VERSION1),
        "not_byline": regex.compile(rules["not_byline"], regex.IGNORECASE | regex.VERSION1),
    }


_LINE = regex.compile(r"[^\n]+")
_AFFILIATION = regex.compile(r"\s*\([^()]{2,120}\)\s*$")
_TAIL_AFTER_SENTENCE = regex.compile(r"(?<=[.!?…”\"])(?:/\.)?\s{2,}(\S[^.!?]{0,60})$")


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _parse_dateline(line: str) -> str | None:
    m = _patterns()["dateline"].fullmatch(line)
    if not m:
        return None
    day, month, year = (int(m[k] or m[k + "2"]) for k in ("d", "m", "y"))
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _as_byline(candidate: str) -> str | None:
    pats = _patterns()
    candidate = candidate.strip()
    if pats["not_byline"].search(candidate):
        return None
    candidate = pats["byline_prefix"].sub("", candidate).strip()
    candidate = _AFFILIATION.sub("", candidate)
    if not candidate or pats["not_byline"].search(candidate):
        return None
    return candidate if pats["byline"].fullmatch(candidate) else None


def find_metadata(text: str) -> Metadata:
    """Headline, dateline and byline of a normalized article."""
    meta = Metadata()
    lines = _lines(text)
    if not lines:
        return meta
    # dateline: a line near the top that is only a date (and a time)
    for s, e in lines[:6]:
        value = _parse_dateline(text[s:e])
        if value:
            meta.published, meta.published_span = value, (s, e)
            break
    # title: the first line that is not the dateline and reads as a headline
    for s, e in lines[:4]:
        if meta.published_span == (s, e):
            continue
        line = text[s:e]
        if len(lines) > 1 and len(line) <= 300 and line[-1] not in ".;,:" and not line.startswith(("•", "-", "+")):
            meta.title, meta.title_span = line, (s, e)
        break
    # byline: the last line when it is a name, or a name after the last sentence
    s, e = lines[-1]
    if (s, e) != meta.title_span:
        last = text[s:e]
        byline = _as_byline(last)
        if byline:
            offset = last.index(byline)
            meta.byline, meta.byline_span = byline, (s + offset, s + offset + len(byline))
        else:
            m = _TAIL_AFTER_SENTENCE.search(last)
            if m:
                byline = _as_byline(m.group(1))
                if byline:
                    b_start = s + m.start(1) + m.group(1).index(byline)
                    meta.byline, meta.byline_span = byline, (b_start, b_start + len(byline))
    return meta
