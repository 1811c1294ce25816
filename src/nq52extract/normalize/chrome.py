"""Site chrome removal, driven by ``rules/chrome.yaml``.

Chrome is removed as deletions, so the offset map keeps every remaining
character tied to its place in the original page.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..model import Edit
from ..rules import load_yaml

_LINE = regex.compile(r"[^\n]*\n?")


@lru_cache(maxsize=1)
def _compiled() -> tuple[regex.Pattern, regex.Pattern | None, int]:
    rules = load_yaml("chrome.yaml")
    lines = regex.compile(
        "(?:" + "|".join(f"(?:{p})" for p in rules["lines"]) + ")",
        regex.IGNORECASE | regex.VERSION1,
    )
    inline_rules = rules.get("inline") or []
    inline = (
        regex.compile("(?:" + "|".join(f"(?:{p})" for p in inline_rules) + r")[ \t]*", regex.IGNORECASE)
        if inline_rules
        else None
    )
    return lines, inline, int(rules.get("max_line_chars", 160))


def is_chrome_line(line: str) -> bool:
    """True when a whole (trimmed) line is page furniture."""
    lines, _, max_chars = _compiled()
    line = line.strip()
    return bool(line) and len(line) <= max_chars and lines.fullmatch(line) is not None


def chrome_edits(text: str) -> list[Edit]:
    """Deletions of chrome lines and of chrome stretches inside lines."""
    lines, inline, max_chars = _compiled()
    edits: list[Edit] = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        raw = m.group()
        body = raw.rstrip("\n")
        trimmed = body.strip()
        if not trimmed:
            continue
        if len(trimmed) <= max_chars and lines.fullmatch(trimmed):
            edits.append(Edit(m.start(), m.end(), "", "chrome"))
        elif inline is not None:
            for im in inline.finditer(body):
                s, e = m.start() + im.start(), m.start() + im.end()
                # take the space before too when the stretch ends the line
                while s > m.start() and not body[im.end() :].strip() and text[s - 1] in " \t":
                    s -= 1
                edits.append(Edit(s, e, "", "chrome"))
    return edits
