"""The one data model every stage shares.

An :class:`Article` carries the original text as read, the normalized text,
and an :class:`OffsetMap` between the two. Every extraction is a :class:`Span`
subclass: ``start``/``end`` index the normalized text, ``orig_start``/
``orig_end`` the original. Extractors fill ``start``/``end`` only; the
pipeline fills the original offsets through the article's map.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Iterable, Sequence


# --------------------------------------------------------------------------
# Edits and the offset map
# --------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``kind`` says which stage asked."""

    start: int
    end: int
    replacement: str
    kind: str = "edit"


@dataclass(slots=True, frozen=True)
class Piece:
    """One stretch of the target text and the source stretch it came from.

    A *copy* piece has equal lengths and maps character for character; any
    other piece maps each of its characters to the whole source stretch.
    """

    t_start: int
    t_end: int
    s_start: int
    s_end: int
    copy: bool


class OffsetMap:
    """Maps positions of a derived text back to the text it was derived from.

    Kept as sorted pieces, so an untouched article costs one piece, and two
    maps compose (``a.then(b)``) into one that maps straight to the source.
    """

    __slots__ = ("pieces", "_starts", "target_len", "source_len")

    def __init__(self, pieces: Sequence[Piece], target_len: int, source_len: int):
        self.pieces = list(pieces)
        self._starts = [p.t_start for p in self.pieces]
        self.target_len = target_len
        self.source_len = source_len

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        """The map of a text to itself."""
        pieces = [Piece(0, length, 0, length, True)] if length else []
        return cls(pieces, length, length)

    def _piece_at(self, pos: int) -> Piece | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0:
            piece = self.pieces[i]
            if piece.t_start <= pos < piece.t_end:
                return piece
            if piece.t_end <= pos:
                return None
            i -= 1
        return None

    def source_start(self, pos: int) -> int:
        """Source offset where the target character at ``pos`` begins."""
        if pos >= self.target_len:
            return self.source_len
        piece = self._piece_at(pos)
        if piece is None:  # pragma: no cover - pieces tile the target
            raise ValueError(f"offset {pos} outside the map")
        if piece.copy:
            return piece.s_start + (pos - piece.t_start)
        return piece.s_start

    def source_end(self, pos: int) -> int:
        """Source offset (exclusive) where the target text before ``pos`` ends."""
        if pos <= 0:
            return self.source_start(0) if self.target_len else 0
        piece = self._piece_at(pos - 1)
        if piece is None:  # pragma: no cover - pieces tile the target
            raise ValueError(f"offset {pos} outside the map")
        if piece.copy:
            return piece.s_start + (pos - piece.t_start)
        return piece.s_end

    def source_point(self, pos: int) -> int:
        """The source offset of the boundary before target character ``pos``.

        Taken as the end of what precedes it, so that a character inserted
        inside a replaced stretch maps after that stretch.
        """
        if pos > 0:
            return self.source_end(pos)
        return self.source_start(0) if self.target_len else 0

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source stretch that the target stretch ``[start, end)`` came from."""
        if end <= start:
            p = self.source_point(start)
            return p, p
        return self.source_start(start), self.source_end(end)

    def then(self, later: "OffsetMap") -> "OffsetMap":
        """Compose: ``later`` maps a text derived from this map's target."""
        out: list[Piece] = []
        for lp in later.pieces:
            if lp.copy and lp.s_end > lp.s_start:
                # split the copied stretch along this map's pieces
                pos = lp.s_start
                while pos < lp.s_end:
                    piece = self._piece_at(pos)
                    assert piece is not None
                    stop = min(piece.t_end, lp.s_end)
                    t0 = lp.t_start + (pos - lp.s_start)
                    t1 = t0 + (stop - pos)
                    if piece.copy:
                        s0 = piece.s_start + (pos - piece.t_start)
                        out.append(Piece(t0, t1, s0, s0 + (stop - pos), True))
                    else:
                        out.append(Piece(t0, t1, piece.s_start, piece.s_end, False))
                    pos = stop
            else:
                s0, s1 = self.source_span(lp.s_start, lp.s_end)
                if lp.s_start == lp.s_end:
                    # an insertion inside a stretch this map replaced belongs to it
                    inner = self._piece_at(lp.s_start)
                    if inner is not None and not inner.copy and inner.t_start < lp.s_start:
                        s0, s1 = inner.s_start, inner.s_end
                out.append(Piece(lp.t_start, lp.t_end, s0, s1, False))
        return OffsetMap(out, later.target_len, self.source_len)


def _common_affixes(a: str, b: str) -> tuple[int, int]:
    n = min(len(a), len(b))
    pre = 0
    while pre < n and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and a[len(a) - 1 - suf] == b[len(b) - 1 - suf]:
        suf += 1
    return pre, suf


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits; return the new text and its map back to ``text``.

    Shared prefixes and suffixes of an edit map character for character, so
    splitting ``nghiệptrong`` into ``nghiệp trong`` keeps both words exact.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    parts: list[str] = []
    pieces: list[Piece] = []
    src = 0
    tgt = 0

    def copy(s0: int, s1: int) -> None:
        nonlocal tgt
        if s1 > s0:
            parts.append(text[s0:s1])
            pieces.append(Piece(tgt, tgt + s1 - s0, s0, s1, True))
            tgt += s1 - s0

    for edit in ordered:
        if edit.start < src:
            raise ValueError(f"overlapping edits at {edit.start}")
        if not (0 <= edit.start <= edit.end <= len(text)):
            raise ValueError(f"edit out of range: {edit}")
        copy(src, edit.start)
        old = text[edit.start : edit.end]
        new = edit.replacement
        pre, suf = _common_affixes(old, new)
        copy(edit.start, edit.start + pre)
        mid = new[pre : len(new) - suf]
        if mid:
            parts.append(mid)
            pieces.append(Piece(tgt, tgt + len(mid), edit.start + pre, edit.end - suf, False))
            tgt += len(mid)
        copy(edit.end - suf, edit.end)
        src = edit.end
    copy(src, len(text))
    return "".join(parts), OffsetMap(pieces, tgt, len(text))


# --------------------------------------------------------------------------
# Spans: one kind per field of the contract
# --------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Span:
    """A stretch of the normalized text, with the matching stretch of the original."""

    start: int
    end: int
    orig_start: int = -1
    orig_end: int = -1


@dataclass(slots=True, kw_only=True)
class Correction(Span):
    """A word the corrector changed: ``original`` in the input, ``replacement`` in ``text``."""

    original: str
    replacement: str
    kind: str = "spelling"


@dataclass(slots=True, kw_only=True)
class DocumentRef(Span):
    """A document number written in full, e.g. ``Kế hoạch số 402-KH/TU``."""

    number: str
    canonical: str
    kind: str
    kind_name: str | None = None
    issuer: str | None = None
    issuer_name: str | None = None
    year: int | None = None
    issued: str | None = None
    mention: str = ""
    # short forms ("Nghị quyết số 52") linked to this document: [start, end] pairs
    short_forms: list[list[int]] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class DateMention(Span):
    """A calendar date of at least month precision, as ISO ``value``."""

    value: str
    precision: str  # "day" | "month"
    mention: str = ""


@dataclass(slots=True, kw_only=True)
class TargetYear(Span):
    """A year the article sets a goal or horizon for; ``statement`` is the goal text it governs."""

    year: int
    mention: str = ""
    statement: str = ""
    statement_start: int = -1
    statement_end: int = -1


@dataclass(slots=True, kw_only=True)
class Percentage(Span):
    """One percentage mention; ``upper`` holds the top of a range (``30-40%``)."""

    value: float
    qualifier: str | None = None
    per: str | None = None
    year: int | None = None
    upper: float | None = None
    mention: str = ""
    statement: str = ""


@dataclass(slots=True, kw_only=True)
class TaskItem(Span):
    """One enumerated item of a task list, trimmed of separators and ordinals."""

    text: str


@dataclass(slots=True, kw_only=True)
class TaskList(Span):
    """A counted set of tasks ("07 nhiệm vụ và giải pháp") and the items that follow.

    ``start``/``end`` cover the count phrase through the last item;
    ``mention`` is the count phrase itself.
    """

    count: int
    items: list[TaskItem] = field(default_factory=list)
    mention: str = ""
    mention_start: int = -1
    mention_end: int = -1


@dataclass(slots=True, kw_only=True)
class Entity(Span):
    """A named person (PER), place (LOC) or organisation (ORG)."""

    label: str
    text: str
    source: str = "rule"


@dataclass(slots=True)
class Locality:
    """A province (and district) the article is about."""

    province: str
    district: str | None = None
    province_2025: str | None = None


@dataclass(slots=True)
class Sentence:
    """A segmented sentence: ``[start, end)`` of the normalized text."""

    start: int
    end: int
    paragraph: int = 0


@dataclass(slots=True)
class StageError:
    """An exception or refusal inside one stage for one article."""

    stage: str
    message: str


# --------------------------------------------------------------------------
# The article
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Article:
    """One article through the pipeline: original, normalized text, extractions."""

    id: str
    source: str
    original: str
    text: str = ""
    offsets: OffsetMap | None = None
    title: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None
    localities: list[Locality] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    target_years: list[TargetYear] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    task_lists: list[TaskList] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    # metadata given by the input record (JSONL/CSV), used before anything found in the text
    given: dict[str, Any] = field(default_factory=dict)

    SPAN_FIELDS = ("corrections", "documents", "dates", "target_years", "percentages", "task_lists", "entities")

    def spans(self) -> Iterable[Span]:
        """Every span of every field, task items included."""
        for name in self.SPAN_FIELDS:
            for span in getattr(self, name):
                yield span
                if isinstance(span, TaskList):
                    yield from span.items

    def to_dict(self, *, include_original: bool = False) -> dict[str, Any]:
        """The JSON object of EXTRACTION.md §1."""
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "byline": self.byline,
            "url": self.url,
            "localities": [asdict(x) for x in self.localities],
            "text": self.text,
        }
        for name in self.SPAN_FIELDS:
            out[name] = [_span_dict(s) for s in getattr(self, name)]
        out["sentences"] = [[s.start, s.end] for s in self.sentences]
        out["warnings"] = list(self.warnings)
        out["errors"] = [asdict(e) for e in self.errors]
        if include_original:
            out["original"] = self.original
        return out


def _span_dict(span: Span) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(span):
        value = getattr(span, f.name)
        if isinstance(span, TaskList) and f.name == "items":
            out["items"] = [item.text for item in value]
            out["item_spans"] = [[i.start, i.end, i.orig_start, i.orig_end] for i in value]
        else:
            out[f.name] = value
    return out
