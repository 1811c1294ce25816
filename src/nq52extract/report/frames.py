"""Load the outputs of ``nq52extract run`` as pandas DataFrames.

Shared by the exploration notebook and the HTML report. The CSV (or Parquet)
tables of EXTRACTION.md §3 are read with explicit types; a table whose file is
missing is rebuilt from ``articles.jsonl`` (without the ``sentence`` column),
so a partial OUT folder still loads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..tables import TABLE_COLUMNS

__all__ = ["load_outputs", "read_records", "INT_COLUMNS", "FLOAT_COLUMNS", "DATA_START"]

#: the date of Nghị quyết 52-NQ/TW: documents "after" it are the local follow-ups
DATA_START = "2019-09-27"

INT_COLUMNS = {
    "start", "end", "orig_start", "orig_end", "year", "count", "n_items", "list_index", "item_index",
    "n_chars", "n_documents", "n_dates", "n_target_years", "n_percentages", "n_task_lists",
    "n_entities", "n_corrections",
}
FLOAT_COLUMNS = {"value", "upper"}

# what a spreadsheet-safe writer puts before = + - @ tab CR
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unneutralize(value: Any) -> Any:
    """Undo the ``'`` the CSV writer puts before formula-like cells."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _typed(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Add missing columns, order them, and give numbers their types."""
    for col in columns:
        if col not in df.columns:
            df[col] = None
    extra = [c for c in df.columns if c not in columns]
    df = df[list(columns) + extra].copy()
    for col in df.columns:
        if col in INT_COLUMNS:
            df[col] = pd.to_numeric(df[col].map(_unneutralize), errors="coerce").round().astype("Int64")
        elif col in FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col].map(_unneutralize), errors="coerce").astype("float64")
        else:
            df[col] = df[col].map(_unneutralize).astype("object")
            df[col] = df[col].where(df[col].notna(), None)
    return df.reset_index(drop=True)


def read_records(out_dir: str | Path) -> list[dict[str, Any]]:
    """The article objects of ``articles.jsonl`` (empty list if absent)."""
    path = Path(out_dir) / "articles.jsonl"
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line:
                records.append(json.loads(line))
    return records


def _read_table(out: Path, name: str) -> pd.DataFrame | None:
    csv_path, pq_path = out / f"{name}.csv", out / f"{name}.parquet"
    if csv_path.exists():
        return pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    if pq_path.exists():
        return pd.read_parquet(pq_path)
    return None


def _off(span: dict[str, Any]) -> dict[str, Any]:
    return {k: span.get(k) for k in ("start", "end", "orig_start", "orig_end")}


def _rows_from_records(name: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of table ``name`` rebuilt from the article objects."""
    rows: list[dict[str, Any]] = []
    for rec in records:
        aid = rec.get("id")
        if name == "articles":
            locs = rec.get("localities") or []
            row = {k: rec.get(k) for k in ("id", "source", "title", "published", "byline", "url")}
            row["provinces"] = "; ".join(l.get("province") or "" for l in locs)
            row["districts"] = "; ".join(l["district"] for l in locs if l.get("district"))
            row["n_chars"] = len(rec.get("text") or "")
            for f in ("documents", "dates", "target_years", "percentages", "task_lists", "entities", "corrections"):
                row[f"n_{f}"] = len(rec.get(f) or [])
            row["warnings"] = " | ".join(rec.get("warnings") or [])
            row["errors"] = " | ".join(f"{e.get('stage')}: {e.get('message')}" for e in rec.get("errors") or [])
            rows.append(row)
        elif name == "tasks":
            for li, tl in enumerate(rec.get("task_lists") or []):
                items = tl.get("items") or []
                spans = tl.get("item_spans") or []
                for ii, item in enumerate(items):
                    sp = spans[ii] if ii < len(spans) else [None] * 4
                    rows.append({
                        "id": aid, "list_index": li, "count": tl.get("count"), "n_items": len(items),
                        "item_index": ii, "item": item, "list_mention": tl.get("mention"),
                        "start": sp[0], "end": sp[1], "orig_start": sp[2], "orig_end": sp[3],
                    })
        elif name == "errors":
            for e in rec.get("errors") or []:
                rows.append({"id": aid, "source": rec.get("source"), "stage": e.get("stage"), "message": e.get("message")})
        else:
            for span in rec.get(name) or []:
                rows.append({"id": aid, **{k: v for k, v in span.items() if not isinstance(v, (list, dict))}, **_off(span)})
    return rows


def load_outputs(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a run folder, by name, plus ``records`` (one row per article object).

    Keys: the tables of :data:`nq52extract.tables.TABLE_COLUMNS` (``articles``,
    ``documents``, ``dates``, ``target_years``, ``percentages``, ``tasks``,
    ``entities``, ``corrections``, ``errors``), ``records`` (the JSONL objects,
    with list-valued columns) and ``summary`` (one row from ``summary.json``,
    empty if absent). Offsets and counts are ``Int64``, values ``float64``.
    """
    out = Path(out_dir)
    if not out.is_dir():
        raise FileNotFoundError(f"no output folder at {out}")
    records = read_records(out)
    frames: dict[str, pd.DataFrame] = {}
    for name, columns in TABLE_COLUMNS.items():
        df = _read_table(out, name)
        if df is None:
            df = pd.DataFrame(_rows_from_records(name, records))
        frames[name] = _typed(df, columns)
    frames["records"] = pd.DataFrame(records)
    summary_path = out / "summary.json"
    if summary_path.exists():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        frames["summary"] = pd.DataFrame([{k: v for k, v in summary.items() if not isinstance(v, (list, dict))}])
    else:
        frames["summary"] = pd.DataFrame()
    return frames
