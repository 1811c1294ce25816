"""Flat tables of an article's extractions (EXTRACTION.md §3).

Every row carries the article ``id`` and the ``sentence`` it was found in,
so a reader of the spreadsheet sees the context.
"""

from __future__ import annotations

import bisect
from typing import Any

from .model import Article

OFFSETS = ["start", "end", "orig_start", "orig_end"]

TABLE_COLUMNS: dict[str, list[str]] = {
    "articles": [
        "id", "source", "title", "published", "byline", "url", "provinces", "districts", "provinces_2025",
        "n_chars", "n_documents", "n_dates", "n_target_years", "n_percentages", "n_task_lists",
        "n_entities", "n_corrections", "warnings", "errors",
    ],
    "documents": ["id", "number", "canonical", "kind", "kind_name", "issuer", "issuer_name", "year", "issued", "mention", *OFFSETS, "sentence"],
    "dates": ["id", "value", "precision", "mention", *OFFSETS, "sentence"],
    "target_years": ["id", "year", "mention", *OFFSETS, "statement", "sentence"],
    "percentages": ["id", "value", "upper", "qualifier", "per", "year", "mention", *OFFSETS, "statement", "sentence"],
    "tasks": ["id", "list_index", "count", "n_items", "item_index", "item", "list_mention", *OFFSETS, "sentence"],
    "entities": ["id", "label", "text", *OFFSETS, "sentence"],
    "corrections": ["id", "original", "replacement", "kind", *OFFSETS, "sentence"],
    "errors": ["id", "source", "stage", "message"],
}


class _Sentences:
    """Finds the sentence around an offset."""

    def __init__(self, article: Article):
        self.text = article.text
        self.sentences = article.sentences
        self.starts = [s.start for s in self.sentences]

    def around(self, start: int, end: int) -> str:
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0:
            return ""
        first = self.sentences[i]
        last_end = first.end
        j = i
        while last_end < end and j + 1 < len(self.sentences):
            j += 1
            last_end = self.sentences[j].end
        return self.text[first.start : max(last_end, first.end)]


def _offsets(span: Any) -> dict[str, int]:
    return {"start": span.start, "end": span.end, "orig_start": span.orig_start, "orig_end": span.orig_end}


def article_row(article: Article) -> dict[str, Any]:
    """The one-row summary of an article."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "byline": article.byline,
        "url": article.url,
        "provinces": "; ".join(loc.province for loc in article.localities),
        "districts": "; ".join(loc.district for loc in article.localities if loc.district),
        "provinces_2025": "; ".join(sorted({loc.province_2025 for loc in article.localities if loc.province_2025})),
        "n_chars": len(article.text),
        "n_documents": len(article.documents),
        "n_dates": len(article.dates),
        "n_target_years": len(article.target_years),
        "n_percentages": len(article.percentages),
        "n_task_lists": len(article.task_lists),
        "n_entities": len(article.entities),
        "n_corrections": len(article.corrections),
        "warnings": " | ".join(article.warnings),
        "errors": " | ".join(f"{e.stage}: {e.message}" for e in article.errors),
    }


def article_tables(article: Article) -> dict[str, list[dict[str, Any]]]:
    """All table rows of one article, by table name."""
    ctx = _Sentences(article)
    aid = article.id
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_COLUMNS}
    tables["articles"].append(article_row(article))
    for d in article.documents:
        tables["documents"].append({
            "id": aid, "number": d.number, "canonical": d.canonical, "kind": d.kind, "kind_name": d.kind_name,
            "issuer": d.issuer, "issuer_name": d.issuer_name, "year": d.year, "issued": d.issued,
            "mention": d.mention, **_offsets(d), "sentence": ctx.around(d.start, d.end),
        })
    for x in article.dates:
        tables["dates"].append({
            "id": aid, "value": x.value, "precision": x.precision, "mention": x.mention,
            **_offsets(x), "sentence": ctx.around(x.start, x.end),
        })
    for y in article.target_years:
        tables["target_years"].append({
            "id": aid, "year": y.year, "mention": y.mention, **_offsets(y),
            "statement": y.statement, "sentence": ctx.around(y.start, y.end),
        })
    for p in article.percentages:
        tables["percentages"].append({
            "id": aid, "value": p.value, "upper": p.upper, "qualifier": p.qualifier, "per": p.per,
            "year": p.year, "mention": p.mention, **_offsets(p), "statement": p.statement,
            "sentence": ctx.around(p.start, p.end),
        })
    for li, tl in enumerate(article.task_lists):
        for ii, item in enumerate(tl.items):
            tables["tasks"].append({
                "id": aid, "list_index": li, "count": tl.count, "n_items": len(tl.items), "item_index": ii,
                "item": item.text, "list_mention": tl.mention, **_offsets(item),
                "sentence": ctx.around(item.start, item.end),
            })
    for e in article.entities:
        tables["entities"].append({
            "id": aid, "label": e.label, "text": e.text, **_offsets(e), "sentence": ctx.around(e.start, e.end),
        })
    for c in article.corrections:
        tables["corrections"].append({
            "id": aid, "original": c.original, "replacement": c.replacement, "kind": c.kind,
            **_offsets(c), "sentence": ctx.around(c.start, c.end),
        })
    for err in article.errors:
        tables["errors"].append({"id": aid, "source": article.source, "stage": err.stage, "message": err.message})
    return tables
