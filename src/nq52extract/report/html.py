"""One self-contained HTML report of a run's outputs.

``build_report(out_dir, dest)`` reads ``articles.jsonl`` and the CSV tables
written by :func:`nq52extract.runner.run` and writes a single HTML file:
a summary, inline SVG charts, sortable tables, and every article with its
extractions highlighted in place. Highlights and table rows link to each
other through anchor ids. Nothing is loaded from the network; every piece of
article text is escaped (it is untrusted), and a Content-Security-Policy
allows only the report's own inline script.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from .frames import DATA_START, load_outputs, read_records

__all__ = ["build_report", "render_report", "highlight_text", "HSpan"]

_ASSETS = Path(__file__).with_name("assets")

# field -> (table, css class, human name); order = nesting priority (outer first)
FIELDS = {
    "task_lists": ("tasks", "f-tasklist", "task list"),
    "tasks": ("tasks", "f-task", "task item"),
    "target_years": ("target_years", "f-year", "target year"),
    "documents": ("documents", "f-doc", "document"),
    "dates": ("dates", "f-date", "date"),
    "percentages": ("percentages", "f-pct", "percentage"),
    "entities": ("entities", "f-ent", "entity"),
    "corrections": ("corrections", "f-corr", "correction"),
}
_PRIORITY = {name: i for i, name in enumerate(FIELDS)}

# the columns each table shows, in order (offsets into the original are left to the CSV)
SHOWN_COLUMNS = {
    "articles": ["id", "title", "published", "byline", "provinces", "districts", "n_documents", "n_dates",
                 "n_target_years", "n_percentages", "n_task_lists", "n_entities", "n_corrections", "warnings", "errors"],
    "documents": ["id", "canonical", "number", "kind", "kind_name", "issuer", "issuer_name", "issued", "mention", "start", "end", "sentence"],
    "dates": ["id", "value", "precision", "mention", "start", "end", "sentence"],
    "target_years": ["id", "year", "mention", "start", "end", "statement"],
    "percentages": ["id", "value", "upper", "qualifier", "per", "year", "mention", "start", "end", "statement"],
    "tasks": ["id", "list_index", "count", "n_items", "item_index", "item", "list_mention", "start", "end"],
    "entities": ["id", "label", "text", "start", "end", "sentence"],
    "corrections": ["id", "original", "replacement", "kind", "start", "end", "sentence"],
    "errors": ["id", "source", "stage", "message"],
}
TABLE_TITLES = {
    "articles": "Articles",
    "documents": "Documents",
    "dates": "Dates",
    "target_years": "Target years",
    "percentages": "Percentages",
    "tasks": "Tasks (one row per item)",
    "entities": "Entities",
    "corrections": "Corrections",
    "errors": "Errors",
}
_LONG_COLUMNS = {"sentence", "statement", "item", "message", "title", "warnings", "errors", "mention", "list_mention"}
_PALETTE = ["#3b6fd4", "#e07b00", "#2a9d8f", "#c0392b", "#8e44ad", "#6d8a00", "#d35fa0", "#7f6a4d", "#1b7fa6", "#555555"]
_LABEL_COLOURS = {"PER": "#8e44ad", "LOC": "#b58900", "ORG": "#1f7a4d"}


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute; missing values become ''."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        value = int(value) if abs(value) < 1e15 else value
    return escape(str(value), quote=True)


def _num(value: Any) -> int | None:
    """An int from a table cell, or None."""
    try:
        if value is None or pd.isna(value):
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def _short(text: str, n: int = 34) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _parse_day(value: Any) -> dt.date | None:
    """An ISO day or month (``YYYY-MM-DD`` / ``YYYY-MM``) as a date, else None."""
    if not isinstance(value, str) or len(value) < 7:
        return None
    try:
        if len(value) >= 10:
            return dt.date.fromisoformat(value[:10])
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    except ValueError:
        return None


def _provinces(articles: pd.DataFrame) -> dict[str, list[str]]:
    """Article id -> its provinces (``["(no province)"]`` when none)."""
    out: dict[str, list[str]] = {}
    for _, row in articles.iterrows():
        raw = row.get("provinces")
        names = [p.strip() for p in str(raw).split(";") if p.strip()] if isinstance(raw, str) else []
        out[str(row["id"])] = names or ["(no province)"]
    return out


# --------------------------------------------------------------------------
# Inline SVG charts
# --------------------------------------------------------------------------


def _svg(width: float, height: float, body: str, label: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>{body}</svg>"
    )


def _empty_chart(label: str) -> str:
    return f'<p class="nodata">No data for “{_e(label)}”.</p>'


def _text(x: float, y: float, s: str, *, anchor: str = "start", cls: str = "", size: int | None = None) -> str:
    extra = f' class="{cls}"' if cls else ""
    fs = f' font-size="{size}"' if size else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}{fs}>{_e(s)}</text>'


def chart_hbar(items: Sequence[tuple[str, float, str, str]], label: str, *, width: int = 640, unit: str = "") -> str:
    """Horizontal bars: ``(label, value, colour, tooltip)`` per bar."""
    if not items:
        return _empty_chart(label)
    left, right, bar, gap, top = 230, 60, 18, 6, 8
    vmax = max(v for _, v, _, _ in items) or 1
    scale = (width - left - right) / vmax
    height = top * 2 + len(items) * (bar + gap)
    parts = []
    for i, (name, value, colour, tip) in enumerate(items):
        y = top + i * (bar + gap)
        w = max(1.0, value * scale) if value else 0
        parts.append(
            f'<g class="bar"><title>{_e(tip)}</title>'
            + _text(left - 6, y + bar * 0.75, _short(name, 36), anchor="end")
            + f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}" rx="2"/>'
            + _text(left + w + 4, y + bar * 0.75, f"{value:g}{unit}")
            + "</g>"
        )
    return _svg(width, height, "".join(parts), label)


def chart_pairs(items: Sequence[tuple[str, int, int, str]], label: str, *, width: int = 640) -> str:
    """Two bars per row, stated vs found: ``(label, stated, found, tooltip)``."""
    if not items:
        return _empty_chart(label)
    left, right, bar, gap, top = 230, 60, 10, 10, 26
    vmax = max(max(a, b) for _, a, b, _ in items) or 1
    scale = (width - left - right) / vmax
    height = top + len(items) * (2 * bar + gap) + 8
    parts = [
        f'<rect x="{left}" y="4" width="10" height="10" fill="#2a9d8f"/>' + _text(left + 14, 13, "stated count"),
        f'<rect x="{left + 110}" y="4" width="10" height="10" fill="#e07b00"/>' + _text(left + 124, 13, "items found"),
    ]
    for i, (name, stated, found, tip) in enumerate(items):
        y = top + i * (2 * bar + gap)
        flag = " ⚠" if stated != found else ""
        parts.append(
            f'<g class="bar"><title>{_e(tip)}</title>'
            + _text(left - 6, y + bar * 1.5, _short(name, 36) + flag, anchor="end")
            + f'<rect x="{left}" y="{y}" width="{max(1, stated * scale):.1f}" height="{bar}" fill="#2a9d8f"/>'
            + _text(left + stated * scale + 4, y + bar - 1, str(stated), size=10)
            + f'<rect x="{left}" y="{y + bar}" width="{max(1, found * scale):.1f}" height="{bar}" fill="#e07b00"/>'
            + _text(left + found * scale + 4, y + 2 * bar - 1, str(found), size=10)
            + "</g>"
        )
    return _svg(width, height, "".join(parts), label)


def _time_ticks(lo: dt.date, hi: dt.date) -> list[dt.date]:
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    step = 1 if months <= 12 else 3 if months <= 36 else 6 if months <= 72 else 12
    ticks, y, m = [], lo.year, lo.month
    m = ((m - 1) // step) * step + 1
    while dt.date(y, m, 1) <= hi:
        d = dt.date(y, m, 1)
        if d >= lo:
            ticks.append(d)
        m += step
        while m > 12:
            m -= 12
            y += 1
    return ticks


def chart_timeline(points: Sequence[tuple[str, dt.date, str, str, str]], label: str, *, width: int = 900,
                   marker: tuple[dt.date, str] | None = None) -> str:
    """Dots on a time axis, one row per group: ``(row, date, colour key, tooltip, dot label)``."""
    if not points:
        return _empty_chart(label)
    rows = sorted({p[0] for p in points}, key=lambda s: (s.startswith("("), s))
    keys = sorted({p[2] for p in points})
    colours = {k: _PALETTE[i % len(_PALETTE)] for i, k in enumerate(keys)}
    left, right, top, row_h = 170, 30, 30, 34
    dates = [p[1] for p in points] + ([marker[0]] if marker else [])
    lo, hi = min(dates), max(dates)
    lo = dt.date(lo.year, lo.month, 1) - dt.timedelta(days=15)
    hi = hi + dt.timedelta(days=30)
    span = (hi - lo).days or 1
    height = top + len(rows) * row_h + 40

    def x(d: dt.date) -> float:
        return left + (d - lo).days / span * (width - left - right)

    parts = []
    for i, key in enumerate(keys):  # legend
        lx = left + i * 90
        parts.append(f'<circle cx="{lx + 5}" cy="12" r="5" fill="{colours[key]}"/>' + _text(lx + 14, 16, key))
    axis_y = top + len(rows) * row_h
    for tick in _time_ticks(lo, hi):
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{axis_y}" class="grid"/>')
        parts.append(_text(tx, axis_y + 16, tick.strftime("%m/%Y"), anchor="middle", size=10))
    if marker:
        mx = x(marker[0])
        parts.append(f'<line x1="{mx:.1f}" y1="{top - 6}" x2="{mx:.1f}" y2="{axis_y}" class="marker"/>')
        parts.append(_text(mx + 4, axis_y + 30, marker[1], cls="marker-label", size=10))
    seen: Counter[tuple[str, dt.date]] = Counter()
    for r, row in enumerate(rows):
        y = top + r * row_h + row_h / 2
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" class="rowline"/>')
        parts.append(_text(left - 8, y + 4, _short(row, 24), anchor="end"))
    for row, day, key, tip, name in points:
        n = seen[(row, day)]
        seen[(row, day)] += 1
        y = top + rows.index(row) * row_h + row_h / 2 + (n % 3 - 1) * 8 * (1 if n else 0)
        anchor, dx = ("end", -9) if x(day) > width - right - 80 else ("start", 9)
        parts.append(
            f'<g><title>{_e(tip)}</title><circle cx="{x(day):.1f}" cy="{y:.1f}" r="6" fill="{colours[key]}" '
            f'fill-opacity="0.85" stroke="#fff"/>' + _text(x(day) + dx, y - 7, name, anchor=anchor, size=10) + "</g>"
        )
    return _svg(width, height, "".join(parts), label)


def chart_heatmap(counts: dict[tuple[str, str], int], label: str, tips: dict[tuple[str, str], str] | None = None) -> str:
    """A grid of counts: rows × columns, darker = more."""
    if not counts:
        return _empty_chart(label)
    rows = sorted({r for r, _ in counts}, key=lambda s: (s.startswith("("), s))
    cols = sorted({c for _, c in counts})
    left, top, cw, ch = 170, 28, 56, 28
    width, height = left + len(cols) * cw + 20, top + len(rows) * ch + 10
    vmax = max(counts.values()) or 1
    parts = [_text(left + j * cw + cw / 2, top - 8, c, anchor="middle") for j, c in enumerate(cols)]
    for i, r in enumerate(rows):
        y = top + i * ch
        parts.append(_text(left - 8, y + ch * 0.65, _short(r, 24), anchor="end"))
        for j, c in enumerate(cols):
            n = counts.get((r, c), 0)
            alpha = 0.12 + 0.88 * n / vmax if n else 0.0
            tip = (tips or {}).get((r, c), f"{r}, {c}: {n}")
            parts.append(
                f'<g><title>{_e(tip)}</title><rect x="{left + j * cw + 1}" y="{y + 1}" width="{cw - 2}" height="{ch - 2}" '
                f'fill="#e07b00" fill-opacity="{alpha:.2f}" stroke="#ddd"/>'
                + (_text(left + j * cw + cw / 2, y + ch * 0.65, str(n), anchor="middle", cls="on-dark" if alpha > 0.6 else "") if n else "")
                + "</g>"
            )
    return _svg(width, height, "".join(parts), label)


def chart_strip(points: Sequence[tuple[str, float, str]], label: str, *, width: int = 640) -> str:
    """Values per category as dots: ``(category, value, tooltip)``."""
    if not points:
        return _empty_chart(label)
    cats = sorted({p[0] for p in points}, key=lambda c: (not c.isdigit(), c))
    left, right, top, bottom = 50, 20, 14, 34
    height = 280
    vmax = max(100.0, max(v for _, v, _ in points))
    vmax = math.ceil(vmax / 25) * 25
    cw = (width - left - right) / len(cats)

    def y(v: float) -> float:
        return top + (1 - v / vmax) * (height - top - bottom)

    parts = []
    for t in range(0, int(vmax) + 1, 25 if vmax <= 200 else 100):
        parts.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{width - right}" y2="{y(t):.1f}" class="grid"/>')
        parts.append(_text(left - 6, y(t) + 4, f"{t}%", anchor="end", size=10))
    seen: Counter[tuple[str, float]] = Counter()
    for j, c in enumerate(cats):
        parts.append(_text(left + cw * (j + 0.5), height - bottom + 18, c, anchor="middle"))
    for cat, value, tip in points:
        n = seen[(cat, value)]
        seen[(cat, value)] += 1
        cx = left + cw * (cats.index(cat) + 0.5) + ((n + 1) // 2) * (1 if n % 2 else -1) * 9
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{y(value):.1f}" r="5" fill="#c0392b" fill-opacity="0.7" stroke="#fff">'
            f"<title>{_e(tip)}</title></circle>"
        )
    return _svg(width, height, "".join(parts), label)


# --------------------------------------------------------------------------
# Highlighting
# --------------------------------------------------------------------------


@dataclass
class HSpan:
    """One highlight: ``text[start:end]`` shown as a ``<mark>`` of ``cls``."""

    start: int
    end: int
    field: str
    cls: str
    title: str
    hid: str | None = None  # anchor id of the highlight
    href: str | None = None  # the table row it links to

    @property
    def priority(self) -> int:
        return _PRIORITY.get(self.field, 99)


def highlight_text(text: str, spans: Iterable[HSpan]) -> str:
    """Escaped ``text`` with ``spans`` as nested ``<mark>`` elements.

    Spans that cross are split into pieces (only the first piece carries the
    id). Each stretch of text between boundaries is wrapped in one link to the
    row of the innermost span covering it (corrections link only when nothing
    else covers them), so links never nest.
    """
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n]
    valid.sort(key=lambda s: (s.start, -s.end, s.priority))
    starts: dict[int, list[HSpan]] = defaultdict(list)
    points = {0, n}
    for s in valid:
        starts[s.start].append(s)
        points.update((s.start, s.end))
    out: list[str] = []
    stack: list[HSpan] = []
    opened: set[int] = set()

    def open_tag(s: HSpan) -> str:
        first = id(s) not in opened
        opened.add(id(s))
        attrs = f' class="hl {s.cls}{"" if first else " cont"}" title="{_e(s.title)}"'
        if first and s.hid:
            attrs += f' id="{_e(s.hid)}"'
        if s.href:
            attrs += f' data-row="{_e(s.href)}"'
        return f"<mark{attrs}>"

    def link_target() -> str | None:
        for s in reversed(stack):
            if s.href and s.field != "corrections" and s.field != "task_lists":
                return s.href
        for s in reversed(stack):
            if s.href:
                return s.href
        return None

    ordered = sorted(points)
    for a, b in zip(ordered, ordered[1:] + [None], strict=True):
        # close what ends at a (re-opening spans that cross)
        if any(s.end <= a for s in stack):
            reopen = []
            while any(s.end <= a for s in stack):
                s = stack.pop()
                out.append("</mark>")
                if s.end > a:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(open_tag(s))
                stack.append(s)
        for s in starts.get(a, []):
            out.append(open_tag(s))
            stack.append(s)
        if b is None:
            break
        chunk = escape(text[a:b], quote=False)
        target = link_target()
        out.append(f'<a href="#{_e(target)}">{chunk}</a>' if target else chunk)
    while stack:
        stack.pop()
        out.append("</mark>")
    return "".join(out)


# --------------------------------------------------------------------------
# Linking rows and highlights
# --------------------------------------------------------------------------


class _RowIndex:
    """Finds the table row of an extraction by (article id, offsets[, label])."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self.rows: dict[tuple, deque[int]] = defaultdict(deque)
        for table in ("documents", "dates", "target_years", "percentages", "tasks", "entities", "corrections"):
            df = frames.get(table)
            if df is None or df.empty:
                continue
            for i, row in enumerate(df.itertuples(index=False)):
                d = row._asdict()
                key = (table, str(d["id"]), _num(d["start"]), _num(d["end"]))
                if table == "entities":
                    key += (str(d.get("label")),)
                self.rows[key].append(i)
        self.highlight_of: dict[tuple[str, int], str] = {}

    def take(self, key: tuple) -> int | None:
        q = self.rows.get(key)
        return q.popleft() if q else None


def _article_spans(art_no: int, rec: dict[str, Any], index: _RowIndex) -> list[HSpan]:
    """Every highlight of one article, linked to its table row when there is one."""
    aid = str(rec.get("id"))
    spans: list[HSpan] = []

    def add(field: str, span: dict[str, Any], j: int, title: str, key: tuple | None) -> HSpan | None:
        table, cls, _ = FIELDS[field]
        start, end = _num(span.get("start")), _num(span.get("end"))
        if start is None or end is None:
            return None
        row = index.take(key) if key else None
        if row is not None:
            hid, href = f"hl-{table}-{row}", f"row-{table}-{row}"
            index.highlight_of[(table, row)] = hid
        else:
            hid, href = f"hl-{table}-a{art_no}-{j}", None
        made = HSpan(start, end, field, cls, title, hid, href)
        spans.append(made)
        return made

    for j, d in enumerate(rec.get("documents") or []):
        title = f"document {d.get('canonical')} ({d.get('kind_name') or d.get('kind')}, {d.get('issuer_name') or d.get('issuer')})"
        if d.get("issued"):
            title += f", issued {d['issued']}"
        key = ("documents", aid, _num(d.get("start")), _num(d.get("end")))
        made = add("documents", d, j, title, key)
        href = made.href if made else None
        for sf in d.get("short_forms") or []:
            if isinstance(sf, (list, tuple)) and len(sf) >= 2:
                spans.append(HSpan(int(sf[0]), int(sf[1]), "documents", "f-doc f-docshort",
                                   f"short form of {d.get('canonical')}", None, href))
    for j, x in enumerate(rec.get("dates") or []):
        add("dates", x, j, f"date {x.get('value')} ({x.get('precision')})",
            ("dates", aid, _num(x.get("start")), _num(x.get("end"))))
    for j, y in enumerate(rec.get("target_years") or []):
        add("target_years", y, j, f"target year {y.get('year')}",
            ("target_years", aid, _num(y.get("start")), _num(y.get("end"))))
    for j, p in enumerate(rec.get("percentages") or []):
        title = f"percentage {p.get('value')}%"
        for k in ("qualifier", "per", "year"):
            if p.get(k) is not None:
                title += f", {k}: {p[k]}"
        add("percentages", p, j, title, ("percentages", aid, _num(p.get("start")), _num(p.get("end"))))
    for li, tl in enumerate(rec.get("task_lists") or []):
        items = tl.get("items") or []
        item_spans = tl.get("item_spans") or []
        first_row = None
        for ii, sp in enumerate(item_spans):
            if not isinstance(sp, (list, tuple)) or len(sp) < 2:
                continue
            text = items[ii] if ii < len(items) else ""
            made = add("tasks", {"start": sp[0], "end": sp[1]}, li * 1000 + ii,
                       f"task {ii + 1}/{len(items)} of a list of {tl.get('count')}: {_short(text, 80)}",
                       ("tasks", aid, _num(sp[0]), _num(sp[1])))
            if first_row is None and made and made.href:
                first_row = made.href
        ms, me = _num(tl.get("mention_start")), _num(tl.get("mention_end"))
        if ms is None or me is None or ms < 0:
            ms, me = _num(tl.get("start")), _num(tl.get("end"))
        if ms is not None and me is not None:
            spans.append(HSpan(ms, me, "task_lists", "f-tasklist",
                               f"task list: {tl.get('count')} stated, {len(items)} found",
                               f"tl-{art_no}-{li}", first_row))
    for j, en in enumerate(rec.get("entities") or []):
        label = str(en.get("label"))
        made = add("entities", en, j, f"{label}: {en.get('text')}",
                   ("entities", aid, _num(en.get("start")), _num(en.get("end")), label))
        if made:
            made.cls = "f-ent ent-" + "".join(ch for ch in label.lower() if ch.isalnum())
    for j, c in enumerate(rec.get("corrections") or []):
        add("corrections", c, j, f"corrected from “{c.get('original')}” to “{c.get('replacement')}”",
            ("corrections", aid, _num(c.get("start")), _num(c.get("end"))))
    return spans


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


def _summary(frames: dict[str, pd.DataFrame], records: list[dict[str, Any]]) -> str:
    tasks = frames["tasks"]
    n_lists = len(tasks[["id", "list_index"]].drop_duplicates()) if not tasks.empty else 0
    n_lists = max(n_lists, sum(len(r.get("task_lists") or []) for r in records))
    ents = frames["entities"]
    by_label = Counter(ents["label"].dropna()) if not ents.empty else Counter()
    docs = frames["documents"]
    warnings = sum(len(r.get("warnings") or []) for r in records)
    cards = [
        ("articles", len(frames["articles"]) or len(records), "articles"),
        ("documents", len(docs), f"{docs['canonical'].nunique() if not docs.empty else 0} distinct numbers"),
        ("dates", len(frames["dates"]), "calendar dates"),
        ("target_years", len(frames["target_years"]),
         "years: " + ", ".join(str(y) for y in sorted(frames["target_years"]["year"].dropna().unique())) if not frames["target_years"].empty else "none"),
        ("percentages", len(frames["percentages"]), "percentage mentions"),
        ("tasks", n_lists, f"task lists, {len(tasks)} items"),
        ("entities", len(ents), ", ".join(f"{k} {v}" for k, v in sorted(by_label.items())) or "none"),
        ("corrections", len(frames["corrections"]), "words corrected"),
        ("errors", len(frames["errors"]), f"{warnings} warning{'' if warnings == 1 else 's'}"),
    ]
    names = {"articles": "Articles", "documents": "Documents", "dates": "Dates", "target_years": "Target years",
             "percentages": "Percentages", "tasks": "Task lists", "entities": "Entities",
             "corrections": "Corrections", "errors": "Errors"}
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    for key, value, note in cards:
        href = "#articles" if key == "articles" else f"#table-{key}"
        out.append(
            f'<a class="card" id="card-{key}" href="{href}"><span class="n">{_e(value)}</span>'
            f'<span class="k">{_e(names[key])}</span><span class="note">{_e(note)}</span></a>'
        )
    out.append("</div></section>")
    return "".join(out)


def _charts(frames: dict[str, pd.DataFrame], records: list[dict[str, Any]]) -> str:
    provinces = _provinces(frames["articles"])
    if not provinces:
        provinces = {str(r.get("id")): [l.get("province") for l in r.get("localities") or [] if l.get("province")] or ["(no province)"] for r in records}
    figs: list[tuple[str, str, str]] = []

    # 1. documents issued after NQ 52, by province
    start = dt.date.fromisoformat(DATA_START)
    points = []
    for _, d in frames["documents"].iterrows():
        day = _parse_day(d.get("issued"))
        if day is None or day <= start:
            continue
        for prov in provinces.get(str(d["id"]), ["(no province)"]):
            points.append((prov, day, str(d.get("kind") or "?"),
                           f"{d.get('canonical')} · issued {d.get('issued')} · {prov} · article {d['id']}",
                           str(d.get("canonical") or "")))
    figs.append(("chart-timeline", "Documents issued after 27/9/2019, by province of the article",
                 chart_timeline(points, "Documents issued after 27/9/2019 by province", marker=(start, "NQ 52-NQ/TW, 27/9/2019"))
                 + '<p class="caption">One dot per document with a stated issue date after Nghị quyết 52-NQ/TW, '
                   "coloured by kind; an article about several provinces puts its documents on each.</p>"))

    # 2. target years per province
    counts: Counter[tuple[str, str]] = Counter()
    for _, y in frames["target_years"].iterrows():
        if _num(y.get("year")) is None:
            continue
        for prov in provinces.get(str(y["id"]), ["(no province)"]):
            counts[(prov, str(_num(y["year"])))] += 1
    figs.append(("chart-years", "Target years per province",
                 chart_heatmap(dict(counts), "Target years per province (mentions)")
                 + '<p class="caption">Number of target-year mentions (“Đến năm 2025”, “tầm nhìn đến năm 2045”) per province and year.</p>'))

    # 3. percentages per target year
    strip = []
    for _, p in frames["percentages"].iterrows():
        value = p.get("value")
        if value is None or pd.isna(value):
            continue
        year = _num(p.get("year"))
        strip.append((str(year) if year else "no year", float(value),
                      f"{p.get('mention')} · {year or 'no target year'} · article {p['id']}"))
    figs.append(("chart-percentages", "Percentages per target year",
                 chart_strip(strip, "Percentages per target year")
                 + '<p class="caption">Each dot is one percentage mention, placed under the target year whose goal statement contains it.</p>'))

    # 4. task-list sizes
    pairs = []
    for rec in records:
        for li, tl in enumerate(rec.get("task_lists") or []):
            prov = "; ".join(provinces.get(str(rec.get("id")), []))
            stated, found = _num(tl.get("count")) or 0, len(tl.get("items") or [])
            pairs.append((f"{_short(prov, 16)} · {_short(str(rec.get('id')), 10)} #{li + 1}", stated, found,
                          f"{tl.get('mention')}: {stated} stated, {found} found ({rec.get('id')})"))
    figs.append(("chart-tasks", "Task-list sizes", chart_pairs(pairs, "Task-list sizes: stated count vs items found")
                 + '<p class="caption">⚠ marks lists where the number of items found differs from the stated count.</p>'))

    # 5. entities by label (and the most named)
    ents = frames["entities"]
    by_label = Counter(ents["label"].dropna()) if not ents.empty else Counter()
    bars = [(k, v, _LABEL_COLOURS.get(k, "#777"), f"{k}: {v} mentions") for k, v in sorted(by_label.items())]
    top = Counter(zip(ents["label"], ents["text"], strict=True)) if not ents.empty else Counter()
    top_bars = [(f"{t} ({lab})", n, _LABEL_COLOURS.get(lab, "#777"), f"{lab} {t}: {n} mentions") for (lab, t), n in top.most_common(15)]
    figs.append(("chart-entities", "Entities by label",
                 chart_hbar(bars, "Entity mentions by label") + chart_hbar(top_bars, "The 15 most mentioned entities")
                 + '<p class="caption">People (PER), places (LOC) and bodies (ORG) as written; below, the most frequent names.</p>'))

    # 6. corrections per article
    per_article = Counter(frames["corrections"]["id"]) if not frames["corrections"].empty else Counter()
    ids = [str(i) for i in frames["articles"]["id"]] or [str(r.get("id")) for r in records]
    cbars = [(f"{_short('; '.join(provinces.get(i, [])), 16)} · {_short(i, 10)}", per_article.get(i, 0), "#c0392b", f"{i}: {per_article.get(i, 0)} corrections") for i in ids]
    figs.append(("chart-corrections", "Corrections per article", chart_hbar(cbars, "Corrections per article")
                 + '<p class="caption">Words changed by the diacritic/spelling corrector (boilerplate removal not counted).</p>'))

    out = ['<section id="charts"><h2>Charts</h2><div class="charts">']
    for fid, title, body in figs:
        out.append(f'<figure id="{fid}"><figcaption>{_e(title)}</figcaption>{body}</figure>')
    out.append("</div></section>")
    return "".join(out)


def _table(name: str, df: pd.DataFrame, index: _RowIndex, art_anchor: dict[str, str]) -> str:
    cols = [c for c in SHOWN_COLUMNS[name] if c in df.columns]
    numeric = {c for c in cols if pd.api.types.is_numeric_dtype(df[c])}
    out = [f'<section class="tbl" id="table-{name}"><h3>{_e(TABLE_TITLES[name])} <small>({len(df)} rows)</small></h3>']
    if df.empty:
        out.append('<p class="nodata">No rows.</p>')
    else:
        out.append(f'<input class="filter" type="search" placeholder="filter rows…" data-table="t-{name}" aria-label="filter {escape(name)}">')
    out.append(f'<div class="scroll"><table class="sortable" id="t-{name}"><thead><tr><th class="nosort" scope="col">#</th>')
    for c in cols:
        out.append(f'<th scope="col" tabindex="0" data-type="{"num" if c in numeric else "text"}">{_e(c)}</th>')
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(df[cols].itertuples(index=False)):
        d = row._asdict()
        rid = f"row-{name}-{i}" if name != "articles" else f"row-articles-{i}"
        hid = index.highlight_of.get((name, i))
        aid = str(d.get("id"))
        back = f'<a class="back" href="#{_e(hid)}" title="show in the article">↩</a>' if hid else ""
        out.append(f'<tr id="{_e(rid)}"><td class="rn" data-sort="{i}">{i + 1}{back}</td>')
        for c in cols:
            value = d[c]
            cell = _e(value)
            sort = ""
            if c in numeric:
                sort = f' data-sort="{_e(value)}"'
            if c == "id" and aid in art_anchor:
                cell = f'<a href="#{art_anchor[aid]}">{cell}</a>'
            cls = ' class="long"' if c in _LONG_COLUMNS else ""
            out.append(f"<td{cls}{sort}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div></section>")
    return "".join(out)


def _legend() -> str:
    items = [
        ("f-doc", "document"), ("f-date", "date"), ("f-year", "target year"), ("f-pct", "percentage"),
        ("f-tasklist", "task-list count"), ("f-task", "task item"), ("f-ent ent-per", "PER"),
        ("f-ent ent-loc", "LOC"), ("f-ent ent-org", "ORG"), ("f-corr", "correction (hover: original word)"),
    ]
    return '<p class="legend">' + " ".join(f'<mark class="hl {c}">{_e(t)}</mark>' for c, t in items) + "</p>"


def _articles(records: list[dict[str, Any]], index: _RowIndex, art_anchor: dict[str, str]) -> str:
    out = ['<section id="articles"><h2>Articles</h2>', _legend()]
    for no, rec in enumerate(records):
        aid = str(rec.get("id"))
        text = rec.get("text") or ""
        spans = _article_spans(no, rec, index)
        provs = ", ".join(l.get("province") or "" for l in rec.get("localities") or [])
        meta = [
            ("id", aid), ("source", rec.get("source")), ("published", rec.get("published")),
            ("byline", rec.get("byline")), ("provinces", provs),
        ]
        counts = ", ".join(f"{len(rec.get(f) or [])} {f.replace('_', ' ')}" for f in
                           ("documents", "dates", "target_years", "percentages", "task_lists", "entities", "corrections"))
        out.append(f'<article id="{art_anchor[aid]}" class="art" data-id="{_e(aid)}">')
        out.append(f"<h3>{_e(rec.get('title') or aid)}</h3><dl class=\"meta\">")
        for k, v in meta:
            if v:
                out.append(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>")
        out.append(f"<dt>found</dt><dd>{_e(counts)}</dd></dl>")
        for w in rec.get("warnings") or []:
            out.append(f'<p class="warn">⚠ {_e(w)}</p>')
        for err in rec.get("errors") or []:
            out.append(f'<p class="err">✖ {_e(err.get("stage"))}: {_e(err.get("message"))}</p>')
        if text:
            out.append(f'<div class="text" lang="vi">{highlight_text(text, spans)}</div>')
        else:
            out.append('<p class="nodata">No text.</p>')
        out.append("</article>")
    out.append("</section>")
    return "".join(out)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def render_report(frames: dict[str, pd.DataFrame], records: list[dict[str, Any]], *, title: str = "nq52extract report",
                  source: str = "") -> str:
    """The report's HTML for loaded frames and article objects."""
    index = _RowIndex(frames)
    art_anchor = {str(r.get("id")): f"art-{i}" for i, r in enumerate(records)}
    # the articles are rendered first: that is where highlights get linked to rows
    articles_html = _articles(records, index, art_anchor)
    tables = ['<section id="tables"><h2>Tables</h2><p class="hint">Click a column header to sort; ↩ jumps to the highlight in the article.</p>']
    for name in ("articles", "documents", "target_years", "percentages", "tasks", "entities", "dates", "corrections", "errors"):
        df = frames.get(name)
        if df is None:
            df = pd.DataFrame(columns=SHOWN_COLUMNS[name])
        tables.append(_table(name, df, index, art_anchor))
    tables.append("</section>")
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    nav = " ".join(
        f'<a href="#{a}">{_e(t)}</a>' for a, t in
        [("summary", "Summary"), ("charts", "Charts"), ("tables", "Tables"), ("articles", "Articles")]
    )
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f'<header><h1>{_e(title)}</h1><p class="sub">Outputs of <code>{_e(source)}</code>, generated {generated}.</p>',
        f"<nav>{nav}</nav></header><main>",
        _summary(frames, records),
        _charts(frames, records),
        "".join(tables),
        articles_html,
        f"</main><script>{script}</script></body></html>\n",
    ])


def build_report(out_dir: str | Path, dest: str | Path, *, title: str = "nq52extract report") -> Path:
    """Write the one-file HTML report of the run in ``out_dir`` to ``dest``; return ``dest``."""
    out = Path(out_dir)
    frames = load_outputs(out)
    records = read_records(out)
    html = render_report(frames, records, title=title, source=str(out))
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(dest)
    return dest
