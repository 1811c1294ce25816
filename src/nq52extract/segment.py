"""Paragraphs and sentences of the normalized text, as offsets.

A rule splitter rather than a model: it runs at hundreds of megabytes per
minute and never moves a character, so every sentence is an exact slice of
``text``. Word segmentation (underthesea) is used only where a stage needs
words: the spaCy tokenizer in :mod:`nq52extract.nlp`.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex

from .model import Sentence
from .rules import load_lines

_PARAGRAPH = regex.compile(r"[^\n]+")
# a sentence ends at . ! ? … (with closing quotes/brackets and the "/." of
# official texts) when white space and an opening capital, digit or quote follow
_BOUNDARY = regex.compile(
    r"""(?<=[.!?…]["”’»)\]]*)(?:/\.)?\s+(?=["“‘«(\[]?[\p{Lu}\d•\-–])""",
    regex.VERSION1,
)
_WORD_BEFORE = regex.compile(r"(\S+)$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower() for a in load_lines("abbreviations.txt"))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as ``(start, end)``, trimmed of surrounding white space.

    A paragraph is a non-blank line; a line that breaks off mid-sentence
    (no closing punctuation, the next line starting in lower case) is joined
    to the next, as scraped pages wrap long sentences.
    """
    out: list[tuple[int, int]] = []
    joinable = False
    for m in _PARAGRAPH.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            joinable = False
            continue
        if joinable and out and text[s].islower() and "\n\n" not in text[out[-1][1] : s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        joinable = text[e - 1] not in ".!?…:;\"”)"
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their paragraph index; each is an exact slice."""
    abbreviations = _abbreviations()
    out: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            head = text[start : m.start()]
            word = _WORD_BEFORE.search(head)
            if word and word.group(1).lower() in abbreviations:
                continue
            end = m.start()
            if end > start:
                out.append(Sentence(start, end, index))
            start = m.end()
        if p_end > start:
            out.append(Sentence(start, p_end, index))
    return out


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    """The sentence that holds offset ``pos``, if any."""
    starts = [s.start for s in sentences]
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sentences[i].start <= pos < max(sentences[i].end, sentences[i].start + 1):
        return sentences[i]
    return None
