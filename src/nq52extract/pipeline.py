"""The stage order and the per-article guard.

read → normalize → segment → extract → (offsets back to the original).
Each stage runs under a guard: an exception becomes a :class:`StageError` on
the article, which keeps every field the other stages filled.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from .model import Article, StageError
from .normalize.normalizer import Normalized, apply_corrections, normalize_base
from .segment import split_sentences


@dataclass(slots=True)
class Options:
    """Knobs of one pipeline run."""

    tone: str = "old"  # "old" (hòa, thủy) or "new" (hoà, thuỷ)
    correct: bool = True  # run the diacritic/spelling corrector
    max_chars: int = 2_000_000  # longer articles get an error row, not a stall
    time_budget: float = 30.0  # seconds per article; later stages are skipped past it


def _stage_normalize(article: Article, options: Options) -> None:
    normalized = normalize_base(article.original, tone=options.tone)
    article.text = normalized.text
    article.offsets = normalized.offsets


def _stage_correct(article: Article, options: Options) -> None:
    if not options.correct or article.offsets is None:
        return
    corrected = apply_corrections(Normalized(article.text, article.offsets), article.original)
    article.text, article.offsets, article.corrections = corrected.text, corrected.offsets, corrected.corrections


def _stage_metadata(article: Article, options: Options) -> None:
    from .extract.metadata import find_metadata
    from .extract.dates import parse_date

    meta = find_metadata(article.text)
    given = article.given
    article.title = given.get("title") or meta.title
    article.byline = given.get("byline") or meta.byline
    article.url = given.get("url")
    published = given.get("published")
    if published:
        parsed = _iso_date(str(published), parse_date)
        article.published = parsed or meta.published
    else:
        article.published = meta.published


def _iso_date(value: str, parse_date: Callable[..., Any]) -> str | None:
    value = value.strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        return value[:10]
    parsed = parse_date(value.split()[0]) if value else None
    return parsed[0] if parsed else None


def _stage_segment(article: Article, options: Options) -> None:
    article.sentences = split_sentences(article.text)


def _stage_dates(article: Article, options: Options) -> None:
    from .extract.dates import find_dates

    article.dates = find_dates(article.text, published=article.published)


def _stage_documents(article: Article, options: Options) -> None:
    from .extract.documents import find_documents

    article.documents = find_documents(article.text, dates=article.dates)


def _stage_target_years(article: Article, options: Options) -> None:
    from .extract.years import find_target_years

    article.target_years = find_target_years(article.text, article.sentences, published=article.published)


def _stage_percentages(article: Article, options: Options) -> None:
    from .extract.percentages import find_percentages

    article.percentages = find_percentages(article.text, article.target_years, published=article.published)


def _stage_task_lists(article: Article, options: Options) -> None:
    from .extract.tasks import find_task_lists

    article.task_lists, warnings = find_task_lists(article.text, article.sentences)
    article.warnings.extend(warnings)


def _stage_entities(article: Article, options: Options) -> None:
    from .extract.entities import find_entities

    article.entities = find_entities(article.text, byline=article.byline)


def _stage_localities(article: Article, options: Options) -> None:
    from .extract.localities import find_localities

    article.localities = find_localities(article.text, article.entities, title=article.title)


STAGES: list[tuple[str, Callable[[Article, Options], None]]] = [
    ("normalize", _stage_normalize),
    ("correct", _stage_correct),
    ("metadata", _stage_metadata),
    ("segment", _stage_segment),
    ("dates", _stage_dates),
    ("documents", _stage_documents),
    ("target_years", _stage_target_years),
    ("percentages", _stage_percentages),
    ("task_lists", _stage_task_lists),
    ("entities", _stage_entities),
    ("localities", _stage_localities),
]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _snap_to_characters(article: Article) -> None:
    """Keep spans from cutting a letter off a combining mark that NFC left on its own.

    NFC cannot always compose a letter with two marks ("õ" + dot below), and
    scraped text has stray marks; a span that ends before such a mark takes
    it in, one that starts on it takes its letter in, or skips a mark that
    follows no letter.
    """
    text = article.text
    for span in article.spans():
        start, end = span.start, span.end
        while end < len(text) and _is_mark(text[end]):
            end += 1
        while start < end and _is_mark(text[start]):
            if start > 0 and text[start - 1].isalpha():
                start -= 1
                break
            start += 1
        if (start, end) == (span.start, span.end) or start >= end:
            continue
        for name in ("mention", "text"):
            if getattr(span, name, None) == text[span.start : span.end]:
                setattr(span, name, text[start:end])
        span.start, span.end = start, end


def _map_offsets(article: Article) -> None:
    """Fill ``orig_start``/``orig_end`` of every span from the article's map."""
    offsets = article.offsets
    if offsets is None:
        return
    for span in article.spans():
        if span.orig_start < 0 or span.orig_end < 0:
            span.orig_start, span.orig_end = offsets.source_span(span.start, span.end)


def process_article(article: Article, options: Options | None = None) -> Article:
    """Run every stage over ``article`` in place; errors become rows, not exceptions."""
    options = options or Options()
    if not article.original.strip():
        article.errors.append(StageError("read", "empty article"))
        return article
    if len(article.original) > options.max_chars:
        article.errors.append(
            StageError("read", f"article of {len(article.original):,} characters exceeds the limit of {options.max_chars:,}")
        )
        return article
    started = time.perf_counter()
    for index, (name, stage) in enumerate(STAGES):
        if time.perf_counter() - started > options.time_budget:
            skipped = ", ".join(n for n, _ in STAGES[index:])
            article.errors.append(StageError(name, f"time budget of {options.time_budget}s exceeded; skipped: {skipped}"))
            break
        try:
            stage(article, options)
        except Exception as exc:  # the guard: one stage's failure is one error row
            article.errors.append(StageError(name, f"{type(exc).__name__}: {exc}"))
            if name == "normalize":
                break
    try:
        _snap_to_characters(article)
        _map_offsets(article)
    except Exception as exc:
        article.errors.append(StageError("offsets", f"{type(exc).__name__}: {exc}"))
    return article


def process_text(
    text: str,
    *,
    id: str = "article",
    source: str = "",
    given: dict[str, Any] | None = None,
    options: Options | None = None,
) -> Article:
    """Run the whole pipeline over one article's text."""
    article = Article(id=id, source=source, original=text, given=dict(given or {}))
    return process_article(article, options)

