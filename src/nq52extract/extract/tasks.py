"""Task lists: "07 nhiệm vụ và giải pháp trọng tâm … gồm: A; B; …" and the items that follow.

A count phrase (count + task noun, from ``rules/tasks.yaml``) opens a list.
Its items are read from the text after it (after a colon, an introducer such
as "gồm", or from the next sentence/paragraph) at several levels — ordinal
markers ("Một là", "Thứ nhất"), numbered or bulleted lines, paragraphs,
``;``-separated pieces, sentences — and the level whose piece count matches
the stated count wins. When none matches, the closest level is taken, extra
sentence-level pieces are merged into the last item, and a warning is kept.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Sentence, TaskItem, TaskList
from ..rules import load_yaml
from .years import _alternation, anchor_windows, cased_alternation, paragraphs_of, sentences_of

_BULLET = re.compile(r"[-+•●▪◦*–—∙·►➢✓]\s*")
_NUMBERED = re.compile(r"\(?(?P<n>\d{1,2})\s*[.)/]\s+|\(\s*(?P<n2>\d{1,2})\s*\)\s*")
_LETTERED = re.compile(r"\(?(?P<l>[a-hk-nđ])\)\s*|(?P<l2>[a-hk-nđ])\.\s+")
_ROMAN = re.compile(r"(?P<r>I{1,3}|IV|VI{0,3}|IX|X)[.)/]\s+")
_INLINE_NUMBERED = re.compile(r"(?:(?<=[:;.])|(?<=[:;.]\s))\s*(?:\((?P<n>\d{1,2})\)|(?P<n2>\d{1,2})[.)](?!\d))\s*")
_TRIM_HEAD = re.compile(r"[\s\-+•●▪◦*–—∙·►➢✓,;:.]+")
_TAIL_CHARS = frozenset(" \t\r\n\xa0.;,:…/")
_LEADING_AND = re.compile(r"(?:và|hoặc)\s+", re.IGNORECASE)
_COLON = re.compile(r":(?!\d)")
_SENTENCE_CLOSE = re.compile(r"[.!?…](?:/\.)?(?=\s+\S)")
_BYLINE = re.compile(r"^(?:[A-ZĐ]{2,6}\s*[-–:]\s*)?(?:[\w.]+\s+){0,5}[\w.]+$")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


class _TaskRules:
    """Compiled patterns of ``rules/tasks.yaml``."""

    def __init__(self) -> None:
        rules = load_yaml("tasks.yaml")
        self.number_words = {" ".join(k.lower().split()): int(v) for k, v in rules["number_words"].items()}
        numbers = _alternation(list(self.number_words))
        groups = _alternation(rules["group_words"])
        nouns = _alternation(rules["task_nouns"])
        modifiers = _alternation(rules["noun_modifiers"])
        self.count_phrase = re.compile(
            rf"""(?<![\w.,/-])(?P<count>\d{{1,2}}|{numbers})\s+
                 (?:(?:{groups})\s+)?
                 (?:{nouns})
                 (?:\s*(?:,\s*|\s+và\s+|\s*,\s*và\s+)(?:{nouns}))?
                 (?:\s+(?:{modifiers}))*
                 (?!\w)""",
            re.IGNORECASE | re.VERBOSE,
        )
        self.not_lists = tuple(" ".join(p.lower().split()) for p in rules.get("not_lists", []))
        self.prefilter = re.compile(cased_alternation(rules["task_nouns"]))
        self.lead_in = re.compile(
            rf"\s*(?:{_alternation(rules['lead_ins'])})\s*[:,]\s*|\s*(?:{_alternation(rules['introducers'])})\s*(?:[:,]\s*|\s+)",
            re.IGNORECASE,
        )
        self.lead_in_punct = re.compile(rf"\s*(?:{_alternation(rules['lead_ins'])})\s*[:,]\s*", re.IGNORECASE)
        self.introducer = re.compile(
            rf"(?:^|[\s,])(?:{_alternation(rules['introducers'])})(?:\s*:|(?=\s))", re.IGNORECASE
        )
        la = [" ".join(w.lower().split()) for w in rules["ordinals_la"]]
        thu = [" ".join(w.lower().split()) for w in rules["ordinals_thu"]]
        self.ordinal_value = {f"{w} là": i + 1 for i, w in enumerate(la)}
        self.ordinal_value.update({f"thứ {w}": i + 1 for i, w in enumerate(thu)})
        ordinal = rf"(?:(?:{_alternation(la)})\s+là|thứ\s+(?:{_alternation(thu)}))"
        self.ordinal_at = re.compile(rf"\s*(?P<o>{ordinal})\s*[,:]\s*", re.IGNORECASE)
        self.ordinal_inline = re.compile(
            rf"(?:(?<=[:;.!?])|(?<=[:;.!?]\s)|(?<=\n))\s*(?P<o>{ordinal})\s*[,:]\s*", re.IGNORECASE
        )
        stops = _alternation(rules["stop_starts"])
        self.stop_start = re.compile(rf"\s*[\"“(]?(?:{stops})(?!\w)")
        self.max_paragraphs = int(rules.get("max_paragraphs", 40))
        self.max_chars = int(rules.get("max_chars", 20000))

    def count_of(self, raw: str) -> int:
        """The count a digit string or number word stands for."""
        raw = " ".join(raw.lower().split())
        return int(raw) if raw.isdigit() else self.number_words[raw]

    def ordinal_of(self, raw: str) -> int:
        """The rank of an ordinal marker ("Hai là" → 2, "Thứ nhất" → 1)."""
        return self.ordinal_value.get(" ".join(raw.lower().split()), 0)


@lru_cache(maxsize=1)
def _rules() -> _TaskRules:
    return _TaskRules()


@dataclass(slots=True)
class _Choice:
    level: str
    pieces: list[tuple[int, int]]


# ----------------------------------------------------------------------
# small helpers on spans
# ----------------------------------------------------------------------


def _trim(text: str, start: int, end: int, rules: _TaskRules, *, strip_markers: bool = True) -> tuple[int, int]:
    """Shrink ``[start, end)`` to the item: no separators, bullets, ordinals or "và"."""
    for _ in range(4):
        before = start
        m = _TRIM_HEAD.match(text, start, end)
        if m:
            start = m.end()
        if strip_markers:
            for pattern in (rules.ordinal_at, _NUMBERED, _LETTERED, _ROMAN):
                m = pattern.match(text, start, end)
                if m and m.end() < end:
                    start = m.end()
                    break
        m = _LEADING_AND.match(text, start, end)
        if m:
            start = m.end()
        if start == before:
            break
    while end > start:
        if text[end - 1] in _TAIL_CHARS:
            end -= 1
        elif text[end - 1] in "“(" or (text[end - 1] == '"' and text.count('"', start, end) % 2 == 1):
            end -= 1  # an opening quote or bracket left dangling at the end
        else:
            break
    return start, max(start, end)


def _split_at(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Pieces of ``[start, end)`` between matches of ``pattern`` (separators dropped)."""
    out = []
    pos = start
    for m in pattern.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


_SEMICOLON = re.compile(r";")
_COMMA = re.compile(r",(?!\d)")


def _is_byline(text: str, start: int, end: int) -> bool:
    """A short name line with no closing punctuation ("Thủy Phương", "CTV- Nguyên Lộc")."""
    piece = text[start:end].strip()
    if not piece or len(piece) > 45 or piece[-1] in ".;:!?…)\"”":
        return False
    if not _BYLINE.match(piece):
        return False
    words = [w for w in re.split(r"[\s\-–:]+", piece) if w]
    return all(w[0].isupper() for w in words) and 1 <= len(words) <= 6


# ----------------------------------------------------------------------
# the region that holds the items
# ----------------------------------------------------------------------


def _items_start(text: str, phrase_end: int, sentence_end: int, rules: _TaskRules) -> tuple[int, bool]:
    """Where the items begin, and whether a colon/introducer/lead-in says so (strong)."""
    colon = _COLON.search(text, phrase_end, sentence_end)
    if colon:
        return colon.end(), True
    intro = rules.introducer.search(text, phrase_end, min(sentence_end, phrase_end + 40))
    if intro and not text[phrase_end : intro.start()].strip(" ,"):
        return intro.end(), True
    pos = sentence_end
    lead = rules.lead_in_punct.match(text, pos)
    strong = bool(lead) or bool(rules.ordinal_at.match(text, pos))
    return pos, strong


def _skip_lead_ins(text: str, pos: int, rules: _TaskRules) -> int:
    """Skip white space and lead-ins ("Đó là,", "bao gồm:", "cụ thể:") at ``pos``."""
    for _ in range(3):
        m = rules.lead_in.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _marker_family(text: str, pos: int, rules: _TaskRules) -> tuple[str, int] | None:
    """The list-marker family and rank at ``pos`` ("ord", 2), ("num", 1), ("bullet:-", 0), …"""
    m = rules.ordinal_at.match(text, pos)
    if m:
        return "ord", rules.ordinal_of(m.group("o"))
    m = _NUMBERED.match(text, pos)
    if m:
        return "num", int(m.group("n") or m.group("n2"))
    m = _ROMAN.match(text, pos)
    if m:
        return "roman", _ROMAN_VALUES.get(m.group("r"), 0)
    m = _LETTERED.match(text, pos)
    if m:
        letter = (m.group("l") or m.group("l2")).lower()
        return "letter", "abcdđeghiklmn".find(letter) + 1
    m = _BULLET.match(text, pos)
    if m:
        return "bullet:" + text[pos], 0
    return None


def _region(
    text: str, start: int, paras: list[tuple[int, int]], para_starts: list[int], count: int, rules: _TaskRules
) -> list[tuple[int, int]]:
    """Paragraph stretches that may hold the items, from ``start`` on."""
    i = bisect.bisect_right(para_starts, start) - 1
    if i < 0 or start >= paras[i][1]:
        i += 1
        if i >= len(paras):
            return []
        start = paras[i][0]
    start = max(start, paras[i][0])
    limit = start + rules.max_chars
    out = [(start, paras[i][1])]
    family = _marker_family(text, start, rules)
    inline = start > paras[i][0]
    if inline and family is None:
        # a ";"-list may run on over lines that end with ";"
        j = i
        while text[paras[j][1] - 1] in ";," and j + 1 < len(paras) and paras[j + 1][0] < limit:
            j += 1
            out.append(paras[j])
        return out
    # items on the following paragraphs (or a marked list that starts inline)
    seen = 1 if family else 0
    j = i + 1
    last_item = 0
    while j < len(paras) and j - i <= max(rules.max_paragraphs, count) and paras[j][0] < limit:
        p_start, p_end = paras[j]
        if rules.stop_start.match(text, p_start) or _is_byline(text, p_start, p_end):
            break
        fam = _marker_family(text, p_start, rules)
        if family is not None:
            if fam is not None and fam[0] == family[0]:
                seen += 1
                last_item = len(out)
            elif seen >= count:
                break
            elif fam is None and text[p_end - 1] == ":":
                break
        else:
            if len(out) >= count or text[out[-1][1] - 1] == ":":
                break
        out.append((p_start, p_end))
        j += 1
    if family is not None:
        out = out[: last_item + 1]
    return out


def _cut_region(text: str, region: list[tuple[int, int]], sents: list[Sentence], rules: _TaskRules) -> list[tuple[int, int]]:
    """Cut the region before a sentence that ends the enumeration, and drop a trailing byline."""
    starts = [s.start for s in sents]
    out = []
    for k, (r_start, r_end) in enumerate(region):
        i = bisect.bisect_right(starts, r_start)
        end = r_end
        while i < len(sents) and sents[i].start < r_end:
            s = sents[i]
            if s.start > r_start and rules.stop_start.match(text, s.start):
                end = s.start
                break
            if s.start > r_start and s.end >= r_end and _is_byline(text, s.start, r_end):
                end = s.start
                break
            i += 1
        if end <= r_start:
            break
        out.append((r_start, end))
        if end < r_end:
            break
    return out


# ----------------------------------------------------------------------
# splitting at the levels
# ----------------------------------------------------------------------


def _sentence_pieces(text: str, region: list[tuple[int, int]], sents: list[Sentence]) -> list[tuple[int, int]]:
    starts = [s.start for s in sents]
    out = []
    for r_start, r_end in region:
        pos = r_start
        i = bisect.bisect_right(starts, r_start)
        while i < len(sents) and sents[i].start < r_end:
            out.append((pos, sents[i].start))
            pos = sents[i].start
            i += 1
        out.append((pos, r_end))
    return out


def _ordinal_pieces(text: str, region: list[tuple[int, int]], rules: _TaskRules) -> list[tuple[int, int]]:
    """Pieces opened by "Một là", "Hai là", … (or "Thứ nhất", …), in sequence."""
    marks: list[tuple[int, int]] = []
    expected = 1
    for r_start, r_end in region:
        candidates = []
        m = rules.ordinal_at.match(text, r_start, r_end)
        if m:
            candidates.append(m)
        candidates.extend(x for x in rules.ordinal_inline.finditer(text, r_start, r_end) if x.start() > r_start)
        for m in candidates:
            if rules.ordinal_of(m.group("o")) == expected:
                marks.append((m.start("o"), r_end))
                expected += 1
    return _pieces_from_marks(marks, region)


def _pieces_from_marks(marks: list[tuple[int, int]], region: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces from each mark to the next (or to the end of the region)."""
    if len(marks) < 2:
        return []
    end = region[-1][1]
    out = []
    for k, (pos, _) in enumerate(marks):
        out.append((pos, marks[k + 1][0] if k + 1 < len(marks) else end))
    return out


def _numbered_pieces(text: str, region: list[tuple[int, int]], rules: _TaskRules) -> list[tuple[int, int]]:
    """Pieces opened by "1.", "(2)", "a)", "I." … in sequence, at line starts or inline after [:;.]."""
    best: list[tuple[int, int]] = []
    for family in ("num", "letter", "roman"):
        marks: list[tuple[int, int]] = []
        expected = 1
        for r_start, r_end in region:
            positions = [r_start]
            if family == "num":
                positions += [m.start() for m in _INLINE_NUMBERED.finditer(text, r_start, r_end) if m.start() > r_start]
            for pos in positions:
                while pos < r_end and text[pos].isspace():
                    pos += 1
                fam = _marker_family(text, pos, rules)
                if fam and fam[0] == family and fam[1] == expected:
                    marks.append((pos, r_end))
                    expected += 1
        pieces = _paragraph_bounded(marks, region)
        if len(pieces) > len(best):
            best = pieces
    return best


def _paragraph_bounded(marks: list[tuple[int, int]], region: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces from each mark to the next mark, but never past the mark's own paragraph when the next mark is on a later line."""
    if len(marks) < 2:
        return []
    out = []
    for k, (pos, para_end) in enumerate(marks):
        nxt = marks[k + 1][0] if k + 1 < len(marks) else region[-1][1]
        out.append((pos, min(nxt, para_end)))
    return out


def _bullet_pieces(text: str, region: list[tuple[int, int]], rules: _TaskRules) -> list[tuple[int, int]]:
    """Paragraphs opened by the same bullet character as the first one."""
    first = _marker_family(text, region[0][0], rules)
    if not first or not first[0].startswith("bullet:"):
        return []
    out = []
    for r_start, r_end in region:
        fam = _marker_family(text, r_start, rules)
        if fam and fam[0] == first[0]:
            out.append((r_start, r_end))
    return out if len(out) >= 2 else []


def _crosses_sentences(pieces: list[tuple[int, int]], sents: list[Sentence]) -> bool:
    """Whether a sentence starts strictly inside any of the pieces."""
    starts = [s.start for s in sents]
    for p_start, p_end in pieces:
        i = bisect.bisect_right(starts, p_start)
        if i < len(starts) and starts[i] < p_end:
            return True
    return False


def _levels(text: str, region: list[tuple[int, int]], sents: list[Sentence], rules: _TaskRules) -> list[_Choice]:
    """Candidate splits of the region, most explicit first."""
    levels = [
        _Choice("ordinal", _ordinal_pieces(text, region, rules)),
        _Choice("numbered", _numbered_pieces(text, region, rules)),
        _Choice("bullet", _bullet_pieces(text, region, rules)),
        _Choice("paragraph", list(region) if len(region) > 1 else []),
    ]
    semi = [p for r in region for p in _split_at(text, r[0], r[1], _SEMICOLON)]
    sentence = _sentence_pieces(text, region, sents)
    if _crosses_sentences(semi[:-1], sents):
        semi = []  # ";" and "." mixed: the ";" pieces are not the items
    semi_sentence = [p for s in sentence for p in _split_at(text, s[0], s[1], _SEMICOLON)]
    levels += [_Choice("semicolon", semi), _Choice("sentence", sentence), _Choice("semicolon+sentence", semi_sentence)]
    if len(region) == 1 and len(sentence) == 1:
        levels.append(_Choice("comma", _split_at(text, region[0][0], region[0][1], _COMMA)))
    return levels


def _clean(text: str, pieces: list[tuple[int, int]], rules: _TaskRules) -> list[tuple[int, int]]:
    out = []
    for s, e in pieces:
        s, e = _trim(text, s, e, rules)
        if e > s and any(ch.isalpha() for ch in text[s:e]):
            out.append((s, e))
    return out


_MARKED_LEVELS = ("ordinal", "numbered", "bullet")


def _choose(text: str, levels: list[_Choice], count: int, strong: bool, rules: _TaskRules) -> tuple[_Choice | None, bool]:
    """The level to read items from, and whether its tail is to be merged."""
    for choice in levels:
        choice.pieces = _clean(text, choice.pieces, rules)
    # items the author marked ("Một là", "1.", bullets) are the items, even
    # when their number differs from the stated count
    marked = [c for c in levels if c.level in _MARKED_LEVELS and len(c.pieces) >= 2]
    if marked:
        return next((c for c in marked if len(c.pieces) == count), marked[0]), False
    for choice in levels:
        if len(choice.pieces) == count:
            return choice, False
    if not strong:
        return None, False
    candidates = [c for c in levels if len(c.pieces) >= 2 and c.level != "comma"]
    if not candidates:
        single = next((c for c in levels if c.pieces), None)
        return single, False
    best = min(candidates, key=lambda c: abs(len(c.pieces) - count))
    merge = len(best.pieces) > count and best.level in ("sentence", "semicolon+sentence", "semicolon", "paragraph")
    return best, merge


def _end_semicolon_list(text: str, choice: _Choice) -> None:
    """A ";"-list ends with its sentence: cut the last item at its first full stop."""
    if choice.level != "semicolon" or not choice.pieces:
        return
    s, e = choice.pieces[-1]
    stop = _SENTENCE_CLOSE.search(text, s, e)
    if stop and stop.start() > s:
        end = stop.start()
        while end > s and text[end - 1] in " .;,":
            end -= 1
        choice.pieces[-1] = (s, end)


# ----------------------------------------------------------------------
# the API
# ----------------------------------------------------------------------


def find_task_lists(text: str, sentences: list[Sentence] | None = None) -> tuple[list[TaskList], list[str]]:
    """Counted task lists with their items, and warnings about count mismatches."""
    if not text:
        return [], []
    rules = _rules()
    windows = anchor_windows(text, rules.prefilter, 40, 80)
    if not windows:
        return [], []
    found: list[tuple[TaskList, bool, str | None]] = []
    sents: list[Sentence] | None = None
    matches = [m for w_start, w_end in windows for m in rules.count_phrase.finditer(text, w_start, w_end)]
    phrase_starts = [m.start() for m in matches]
    for k, m in enumerate(matches):
        count = rules.count_of(m.group("count"))
        phrase = " ".join(m.group(0).lower().split())
        if count < 2 or count > 30 or any(phrase.startswith(n) for n in rules.not_lists):
            continue
        if any(tl.start <= m.start() < tl.end for tl, _, _ in found):
            continue  # a count inside an earlier list's items
        if sents is None:
            sents = sentences_of(text, sentences)
        next_phrase = phrase_starts[k + 1] if k + 1 < len(phrase_starts) else len(text)
        found.append(_read_list(text, m.start(), m.end(), count, next_phrase, sents, rules))
    kept = [found[k] for k in _dedupe([(tl, exact) for tl, exact, _ in found])]
    return [tl for tl, _, _ in kept], [note for _, _, note in kept if note]


def _read_list(
    text: str,
    phrase_start: int,
    phrase_end: int,
    count: int,
    next_phrase: int,
    sents: list[Sentence],
    rules: _TaskRules,
) -> tuple[TaskList, bool, str | None]:
    """The list opened by the count phrase at ``[phrase_start, phrase_end)``.

    Items never reach the sentence of the next count phrase (``next_phrase``):
    a restated count ("Trong đó, 3 đột phá là: …") reads its own items.
    """
    starts = [s.start for s in sents]
    i = bisect.bisect_right(starts, phrase_start) - 1
    sentence_end = sents[i].end if i >= 0 and sents[i].end > phrase_start else len(text)
    if i + 1 < len(sents) and sentence_end < phrase_end:
        sentence_end = sents[i + 1].end
    start, strong = _items_start(text, phrase_end, sentence_end, rules)
    if start >= sentence_end and i + 1 < len(sents) and sents[i + 1].start >= sentence_end:
        start = sents[i + 1].start
        strong = strong or bool(rules.lead_in_punct.match(text, start)) or bool(_marker_family(text, start, rules))
    start = _skip_lead_ins(text, start, rules)
    paras = paragraphs_of(text)
    para_starts = [p[0] for p in paras]
    region = _region(text, start, paras, para_starts, count, rules)
    if region and _marker_family(text, region[0][0], rules) is not None:
        strong = True
    region = _cut_region(text, region, sents, rules)
    if region and next_phrase < region[-1][1]:
        j = bisect.bisect_right(starts, next_phrase) - 1
        cut = max(sents[j].start if j >= 0 else 0, phrase_end)
        region = [(a, min(b, cut)) for a, b in region if a < cut]
    items: list[TaskItem] = []
    note = None
    exact = False
    if region:
        choice, merge = _choose(text, _levels(text, region, sents, rules), count, strong, rules)
        if choice is not None:
            _end_semicolon_list(text, choice)
            pieces = choice.pieces
            if merge:
                found_n = len(pieces)
                pieces = pieces[: count - 1] + [(pieces[count - 1][0], pieces[-1][1])]
                note = f"task list states {count} items but {found_n} were found; the last {found_n - count + 1} were merged"
            items = [TaskItem(start=s, end=e, text=text[s:e]) for s, e in pieces]
            exact = len(choice.pieces) == count
    if len(items) != count and note is None:
        note = f"task list states {count} items but {len(items)} were found"
    end = items[-1].end if items else phrase_end
    mention_end = phrase_end
    while mention_end > phrase_start and text[mention_end - 1].isspace():
        mention_end -= 1
    task_list = TaskList(
        start=phrase_start,
        end=end,
        count=count,
        items=items,
        mention=text[phrase_start:mention_end],
        mention_start=phrase_start,
        mention_end=mention_end,
    )
    return task_list, exact, note


def _dedupe(found: list[tuple[TaskList, bool]]) -> list[int]:
    """Indices of the lists to keep: a count repeated for the same list is kept once (its best reading)."""
    keep: list[int] = []
    for k, (tl, exact) in enumerate(found):
        twin = next((j for j in keep if found[j][0].count == tl.count), None)
        if twin is None:
            keep.append(k)
            continue
        other, other_exact = found[twin]
        same = not tl.items or not other.items or [i.text for i in tl.items] == [i.text for i in other.items]
        if not same and exact and other_exact:
            keep.append(k)  # two different lists that happen to share a count
        elif (exact, len(tl.items)) > (other_exact, len(other.items)):
            keep[keep.index(twin)] = k
    return sorted(keep)
