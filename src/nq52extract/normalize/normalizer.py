"""The normalization stage: Unicode, chrome, tone marks, spelling — one offset map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..model import Correction, Edit, OffsetMap, apply_edits
from .chrome import chrome_edits
from .unicode import tone_edits, unicode_edits


@dataclass(slots=True)
class Normalized:
    """Normalized text, its map to the original, and the corrector's changes."""

    text: str
    offsets: OffsetMap
    corrections: list[Correction] = field(default_factory=list)


def _step(text: str, offsets: OffsetMap, edits: list[Edit]) -> tuple[str, OffsetMap]:
    if not edits:
        return text, offsets
    new_text, local = apply_edits(text, edits)
    return new_text, offsets.then(local)


def _spelling_edits() -> Callable[[str], list[Edit]]:
    from .corrector import find_corrections

    return find_corrections


def normalize_base(original: str, *, tone: str = "old") -> Normalized:
    """Unicode, chrome and tone marks: the changes that cannot go wrong on a word."""
    text, offsets = original, OffsetMap.identity(len(original))
    text, offsets = _step(text, offsets, unicode_edits(text))
    text, offsets = _step(text, offsets, chrome_edits(text))
    text, offsets = _step(text, offsets, tone_edits(text, tone))
    return Normalized(text, offsets)


def apply_corrections(normalized: Normalized, original: str) -> Normalized:
    """Run the diacritic/spelling corrector and record each change in both texts."""
    text, offsets = normalized.text, normalized.offsets
    edits = sorted(_spelling_edits()(text), key=lambda e: e.start)
    if not edits:
        return normalized
    new_text, local = apply_edits(text, edits)
    corrections: list[Correction] = []
    shift = 0
    for e in edits:
        o_start, o_end = offsets.source_span(e.start, e.end)
        corrections.append(
            Correction(
                start=e.start + shift,
                end=e.start + shift + len(e.replacement),
                orig_start=o_start,
                orig_end=o_end,
                original=original[o_start:o_end],
                replacement=e.replacement,
                kind=e.kind,
            )
        )
        shift += len(e.replacement) - (e.end - e.start)
    return Normalized(new_text, offsets.then(local), normalized.corrections + corrections)


def normalize_text(original: str, *, tone: str = "old", correct: bool = True) -> Normalized:
    """Normalize an article's text and keep the way back to ``original``."""
    normalized = normalize_base(original, tone=tone)
    return apply_corrections(normalized, original) if correct else normalized
