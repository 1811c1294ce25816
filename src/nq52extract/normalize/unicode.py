"""Unicode clean-up and the tone-mark convention, as edits on the text.

Every change is an :class:`~nq52extract.model.Edit`, so the offset map
survives NFC composition, look-alike letters and tone-mark moves.
"""

from __future__ import annotations

import unicodedata

import regex

from ..model import Edit

# characters replaced one for one (look-alikes and odd spaces)
_CHAR_MAP = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) -> Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u0189": "\u0110",  # Ɖ (African D) -> Đ
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\t": " ",
}
# characters dropped (zero-width, BOM, soft hyphen, carriage return)
_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad\r"

_ODD_CHARS = regex.compile("[" + regex.escape("".join(_CHAR_MAP) + _DROP) + "]+")
_CLUSTER = regex.compile(r"\P{M}?\p{M}+")

# Tone marks as combining characters.
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def unicode_edits(text: str) -> list[Edit]:
    """Edits that compose NFD clusters, map look-alikes, drop invisible characters."""
    edits: list[Edit] = []
    for m in _ODD_CHARS.finditer(text):
        run = m.group()
        if run[0] in _DROP and all(ch in _DROP for ch in run):
            edits.append(Edit(m.start(), m.end(), "", "unicode"))
        else:
            start = m.start()
            for i, ch in enumerate(run):
                edits.append(Edit(start + i, start + i + 1, _CHAR_MAP.get(ch, ""), "unicode"))
    if not unicodedata.is_normalized("NFC", text):
        taken = {(e.start) for e in edits}
        for m in _CLUSTER.finditer(text):
            composed = unicodedata.normalize("NFC", m.group())
            if composed != m.group() and m.start() not in taken:
                edits.append(Edit(m.start(), m.end(), composed, "unicode"))
    return _drop_overlaps(edits)


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    edits.sort(key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    end = -1
    for e in edits:
        if e.start >= end:
            out.append(e)
            end = e.end
    return out


def _build_tone_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Pairs ``"oà" -> "òa"`` (to the old convention) and back."""
    to_old: dict[str, str] = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for upper_first in (False, True):
            f = first.upper() if upper_first else first
            for second in seconds:
                for upper_second in (False, True):
                    s = second.upper() if upper_second else second
                    for tone in _TONES:
                        new_style = f + unicodedata.normalize("NFC", s + tone)
                        old_style = unicodedata.normalize("NFC", f + tone) + s
                        to_old[new_style] = old_style
    return to_old, {v: k for k, v in to_old.items()}


_TO_OLD, _TO_NEW = _build_tone_tables()
# only in open syllables (no letter and no stray combining mark follows the pair) and never after q ("quý")
_NEW_STYLE = regex.compile(r"(?<![qQ])(?:" + "|".join(map(regex.escape, _TO_OLD)) + r")(?![\p{L}\p{M}])")
_OLD_STYLE = regex.compile(r"(?<![qQ])(?:" + "|".join(map(regex.escape, _TO_NEW)) + r")(?![\p{L}\p{M}])")


def tone_edits(text: str, convention: str = "old") -> list[Edit]:
    """Edits that put tone marks in one convention.

    ``old`` ("hòa", "thủy", "ủy") is what most news sites and underthesea use;
    ``new`` ("hoà", "thuỷ", "uỷ") is the other. Only open ``oa``/``oe``/``uy``
    syllables differ, so only they are touched.
    """
    if convention not in ("old", "new"):
        raise ValueError(f"unknown tone convention {convention!r}")
    pattern, table = (_NEW_STYLE, _TO_OLD) if convention == "old" else (_OLD_STYLE, _TO_NEW)
    return [Edit(m.start(), m.end(), table[m.group()], "tone") for m in pattern.finditer(text)]


def fold_tone_placement(text: str) -> str:
    """Text in the old convention, for comparisons that ignore tone placement."""
    text = unicodedata.normalize("NFC", text)
    return _NEW_STYLE.sub(lambda m: _TO_OLD[m.group()], text)
