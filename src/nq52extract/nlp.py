"""The pipeline as a spaCy ``Language`` for Vietnamese.

The tokenizer uses underthesea's word segmentation; one component runs the
very same :func:`nq52extract.pipeline.process_article` over ``doc.text`` and
attaches its results: people, places and bodies as ``doc.ents``, every rule
field as ``doc.spans[FIELD]`` with its values in ``span._.nq52``, and the
whole :class:`~nq52extract.model.Article` as ``doc._.article``. There is one
implementation, not two: the spans are the pipeline's own, placed through
their offsets into the original text (``doc.text``).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .model import Article, TaskList
from .pipeline import Options, process_text

COMPONENT = "nq52extract"
SPAN_FIELDS = {
    "documents": "DOCUMENT",
    "dates": "DATE",
    "target_years": "TARGET_YEAR",
    "percentages": "PERCENT",
    "task_lists": "TASK_LIST",
    "corrections": "CORRECTION",
}

if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)
if not Span.has_extension("nq52"):
    Span.set_extension("nq52", default=None)


class UndertheseaTokenizer:
    """Words from underthesea's segmentation, placed on the exact characters of the text."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from underthesea import word_tokenize

        spans: list[tuple[int, int]] = []
        pos = 0
        for line_start, line in _lines(text):
            if not line.strip():
                continue
            pos = max(pos, line_start)
            for token in word_tokenize(line):
                found = _find_token(text, token, pos, line_start + len(line))
                if found is not None:
                    spans.append(found)
                    pos = found[1]
        return Doc(self.vocab, **_words_and_spaces(text, spans))

    # spaCy serialisation hooks: nothing to save, the model ships with underthesea
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "UndertheseaTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "UndertheseaTokenizer":
        return self


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _words_and_spaces(text: str, spans: list[tuple[int, int]]) -> dict[str, list]:
    """spaCy words covering ``text`` exactly: the found tokens, and what lies between
    them split at white space (underthesea may have rewritten a word it read)."""
    words: list[str] = []
    spaces: list[bool] = []

    def add_gap(start: int, end: int) -> None:
        for m in _PIECE.finditer(text, start, end):
            piece = m.group()
            if piece == " " and words and not spaces[-1]:
                spaces[-1] = True
            else:
                words.append(piece)
                spaces.append(False)

    pos = 0
    for start, end in spans:
        add_gap(pos, start)
        words.append(text[start:end])
        spaces.append(False)
        pos = end
    add_gap(pos, len(text))
    return {"words": words, "spaces": spaces}


_PIECE = re.compile(r"\S+| |\s+")


def _find_token(text: str, token: str, pos: int, limit: int) -> tuple[int, int] | None:
    """Where ``token`` (syllables joined by single spaces) stands in ``text`` from ``pos``."""
    idx = text.find(token, pos, limit)
    if idx >= 0 and not text[pos:idx].strip():
        return idx, idx + len(token)
    # syllables separated by other white space in the text
    parts = token.split(" ")
    cur = pos
    first = None
    for part in parts:
        while cur < len(text) and text[cur].isspace():
            cur += 1
        if not text.startswith(part, cur):
            return None
        first = cur if first is None else first
        cur += len(part)
    return (first, cur) if first is not None else None


def _values(span: Any) -> dict[str, Any]:
    data = asdict(span)
    if isinstance(span, TaskList):
        data["items"] = [item.text for item in span.items]
    return data


def annotate(doc: Doc, article: Article) -> Doc:
    """Put an article's extractions on a doc whose text is the article's original."""
    doc._.article = article
    ents = []
    for e in article.entities:
        span = doc.char_span(e.orig_start, e.orig_end, label=e.label, alignment_mode="expand")
        if span is not None:
            span._.nq52 = _values(e)
            ents.append(span)
    doc.ents = filter_spans(ents)
    for field, label in SPAN_FIELDS.items():
        spans = []
        for item in getattr(article, field):
            start, end = item.orig_start, item.orig_end
            if isinstance(item, TaskList) and article.offsets is not None:
                start, end = article.offsets.source_span(item.mention_start, item.mention_end)
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                span._.nq52 = _values(item)
                spans.append(span)
        doc.spans[field] = spans
    return doc


@Language.factory(COMPONENT, default_config={"tone": "old", "correct": True})
def make_component(nlp: Language, name: str, tone: str, correct: bool):
    """The spaCy component that runs the nq52extract pipeline over a doc."""
    options = Options(tone=tone, correct=correct)

    def component(doc: Doc) -> Doc:
        return annotate(doc, process_text(doc.text, options=options))

    return component


def load_nlp(*, tone: str = "old", correct: bool = True) -> Language:
    """A blank Vietnamese spaCy pipeline with underthesea words and the nq52extract component."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    nlp.add_pipe(COMPONENT, config={"tone": tone, "correct": correct})
    return nlp


def render(doc: Doc, *, field: str | None = None, page: bool = True) -> str:
    """HTML of a doc from displacy: entities, or the spans of one rule field."""
    from spacy import displacy

    if field is None:
        return displacy.render(doc, style="ent", page=page, jupyter=False)
    return displacy.render(doc, style="span", page=page, jupyter=False, options={"spans_key": field})
