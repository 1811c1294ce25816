"""Target years: the years an article sets goals or a horizon for.

Constructions ("đến năm 2030", "tầm nhìn đến năm 2045", "giai đoạn
2021-2025", "phấn đấu năm 2026", "năm 2025 phấn đấu …") come from
``rules/years.yaml``. Each mention governs a *statement*: the goal text from
the mention to the next target-year mention or the end of its paragraph (the
following paragraph when the mention is a heading such as "Đến năm 2025:").
:func:`target_year_mentions` keeps every mention with its statement, which
the percentage extractor uses to date percentages.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from ..model import Sentence, TargetYear
from ..rules import load_yaml
from ..segment import paragraphs, split_sentences

_YEAR = r"(?:20\d\d|2100)"
# a year is not part of a longer number, a date (27/9/2019) or a percentage
_YEAR_END = r"(?![\d%/]|[.,]\d)"
_BULLET_START = re.compile(r"[-+•●▪◦*–—∙·]|\(?\d{1,2}[.)]\s|\(?[a-zđ]\)\s")
_HEADING_REST = re.compile(r"\s*[:–—-]?\s*")  # "Đến năm 2025:" ends its line; a full stop ends a sentence


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of phrases, longest first, white space flexible."""
    ordered = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def cased_alternation(phrases: list[str]) -> str:
    """A case-sensitive alternation of literal phrases in lower and capitalized form.

    Plain literals (single spaces) let the regex engine scan fast; it is
    meant for anchors that only decide where the full pattern runs.
    """
    forms = set()
    for p in phrases:
        p = " ".join(p.lower().split())
        if p:
            forms.update((p, p[0].upper() + p[1:]))
    return "|".join(re.escape(p) for p in sorted(forms, key=len, reverse=True))


class _YearRules:
    """Compiled patterns of ``rules/years.yaml``."""

    def __init__(self) -> None:
        rules = load_yaml("years.yaml")
        leads = _alternation(rules["lead_words"])
        horizons = _alternation(rules["horizon_words"])
        bare = _alternation(rules["bare_year_leads"])
        periods = _alternation(rules["period_words"])
        goal_before = _alternation(rules["goal_before_year"])
        goal_after = _alternation(rules["goal_after_year"])
        in_year = _alternation(rules.get("in_year_words", []) or ["vào"])
        self.goal_in_sentence = re.compile(rf"(?<!\w)(?:{goal_before})(?!\w)", re.IGNORECASE)
        self.mention = re.compile(
            rf"""(?<![\w])(?:
                (?:(?:{leads})\s+)?(?:{horizons})\s+năm\s+(?P<h>{_YEAR}){_YEAR_END}
              | (?:{periods})\s+(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*(?:[-–—]|đến|tới)\s*(?:năm\s+)?(?P<p>{_YEAR}){_YEAR_END}
              | (?:{goal_before})\s+(?:đến\s+)?năm\s+(?P<g>{_YEAR}){_YEAR_END}
              | (?:{bare})\s+(?P<b>{_YEAR}){_YEAR_END}
              | năm\s+(?P<a>{_YEAR}){_YEAR_END}(?=\s*,?\s+(?:[^\s.;:]+\s+){{0,3}}?(?:{goal_after})(?!\w))
              | (?:{in_year})\s+năm\s+(?P<v>{_YEAR}){_YEAR_END}
            )""",
            re.IGNORECASE | re.VERBOSE,
        )
        self.past_cutoff = re.compile(rf"(?:^|\W)(?:{_alternation(rules['past_cutoff_words'])})\s*$", re.IGNORECASE)
        self.past_range = re.compile(rf"(?:^|\W)từ\s+(?:năm\s+)?{_YEAR}\s*$", re.IGNORECASE)
        self.past_marker = re.compile(rf"(?<!\w)(?:{_alternation(rules['past_markers'])})(?!\w)", re.IGNORECASE)
        self.goal_marker = re.compile(rf"(?<!\w)(?:{_alternation(rules['goal_markers'])})(?!\w)", re.IGNORECASE)
        # cheap anchor (a literal-led pattern scans at C speed): no year, no target year
        self.prefilter = re.compile(r"20\d\d|2100")


@lru_cache(maxsize=1)
def _rules() -> _YearRules:
    return _YearRules()


# last text's sentences, paragraphs and mentions, each stored as one tuple
# keyed by the text object itself (identity), so stale hits are impossible
_cache: dict[str, tuple] = {}


def anchor_windows(text: str, anchor: re.Pattern[str], back: int, ahead: int) -> list[tuple[int, int]]:
    """Merged stretches around each match of a cheap ``anchor`` pattern.

    Running a costly pattern only over these stretches keeps extractors fast
    on long texts; a stretch starts at white space so no word is cut.
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in anchor.finditer(text):
        start = max(0, m.start() - back)
        while start > 0 and not text[start - 1].isspace() and m.start() - start < back + 40:
            start -= 1
        end = min(n, m.end() + ahead)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def sentences_of(text: str, sentences: list[Sentence] | None = None) -> list[Sentence]:
    """Sentences of ``text`` (given ones, else split and cached for the last text)."""
    if sentences is not None:
        _cache["sentences"] = (text, sentences)  # later callers without sentences reuse them
        return sentences
    cached = _cache.get("sentences")
    if cached is None or cached[0] is not text:
        cached = _cache["sentences"] = (text, split_sentences(text))
    return cached[1]


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """Paragraphs of ``text``, cached for the last text."""
    cached = _cache.get("paragraphs")
    if cached is None or cached[0] is not text:
        cached = _cache["paragraphs"] = (text, paragraphs(text))
    return cached[1]


def _goal_sentence(text: str, start: int, end: int, rules: _YearRules) -> bool:
    """Whether ``text[start:end]`` sets a goal ("phấn đấu …") and reports no result."""
    return bool(rules.goal_in_sentence.search(text, start, end)) and not rules.past_marker.search(text, start, end)


_SENTENCE_HEAD = re.compile(r"[\W\d_]*")


def _is_past(text: str, start: int, end: int, sentence: tuple[int, int], rules: _YearRules) -> bool:
    """A horizon that is a cut-off of past results, not a goal.

    "tính đến năm 2023", "từ năm 2019 đến năm 2023, … đã …", and a sentence
    that opens with the horizon and reports a result ("Đến hết năm 2021, 63/63
    tỉnh đã ban hành …").
    """
    before = text[max(0, start - 25) : start]
    if rules.past_cutoff.search(before):
        return True
    if _SENTENCE_HEAD.fullmatch(text, sentence[0], start):
        rest = text[end : sentence[1]]
        if rules.past_marker.search(rest) and not rules.goal_marker.search(rest):
            return True
    if rules.past_range.search(before):
        clause = text[start : sentence[1]]
        return bool(rules.past_marker.search(clause)) and not rules.goal_marker.search(clause)
    return False


def _statement_end(
    text: str,
    start: int,
    mention_end: int,
    limit: int,
    para_index: int,
    paras: list[tuple[int, int]],
    sents: list[Sentence],
    sent_starts: list[int],
    rules: _YearRules,
) -> int:
    """End of the goal statement that the mention at ``start`` governs."""
    p_start, p_end = paras[para_index]
    end = min(limit, p_end)
    rest = text[mention_end:end]
    if _HEADING_REST.fullmatch(rest) and para_index + 1 < len(paras):
        # "Đến năm 2025:" on its own line: the goal is what follows
        end = paras[para_index + 1][1]
        for q_start, q_end in paras[para_index + 2 :]:
            if q_start >= limit or not _BULLET_START.match(text, q_start):
                break
            end = q_end
        return min(end, limit)
    # inside quotes (a document title): stop at the closing quote
    i = bisect.bisect_right(sent_starts, start) - 1
    s_start = sents[i].start if i >= 0 else p_start
    head = text[s_start:start]
    if head.count("“") > head.count("”") or head.count('"') % 2 == 1:
        close = min((j for j in (text.find("”", mention_end, end), text.find('"', mention_end, end)) if j >= 0), default=-1)
        if close >= 0:
            return close
    # continue through later sentences of the paragraph unless they report results
    j = i + 1
    while j < len(sents) and sents[j].start < end:
        sentence = text[sents[j].start : min(sents[j].end, end)]
        if rules.past_marker.search(sentence) and not rules.goal_marker.search(sentence):
            end = sents[j].start
            break
        j += 1
    return end


_TRAILING_CHARS = frozenset(" \t\r\n\xa0,;–—-")
_DANGLING_WORDS = ("và", "hoặc", "cùng")


def _trim_statement_end(text: str, floor: int, end: int) -> int:
    """Drop trailing white space, commas and a dangling "và" from a statement."""
    while True:
        while end > floor and text[end - 1] in _TRAILING_CHARS:
            end -= 1
        for word in _DANGLING_WORDS:
            cut = end - len(word)
            if cut > floor and text[cut:end].lower() == word and not text[cut - 1].isalnum():
                end = cut
                break
        else:
            return end


def target_year_mentions(
    text: str, sentences: list[Sentence] | None = None, *, published: str | None = None
) -> list[TargetYear]:
    """Every target-year mention in order, each with the statement it governs.

    A year before the article's publication year is a cut-off of results
    already reached ("Đến cuối năm 2022, …" in a 2023 article), not a goal.
    The result is cached for the last text; treat it as read-only.
    """
    if not text:
        return []
    cached = _cache.get("mentions")
    if (
        cached is not None
        and cached[0] is text
        and (sentences is None or cached[1] is sentences)
        and cached[3] == published
    ):
        return cached[2]
    published_year = int(published[:4]) if published and published[:4].isdigit() else None
    rules = _rules()
    windows = anchor_windows(text, rules.prefilter, 50, 70)
    if not windows:
        return []
    sents = sentences_of(text, sentences)
    sent_starts = [s.start for s in sents]
    paras = paragraphs_of(text)
    para_starts = [p[0] for p in paras]
    found: list[tuple[int, int, int]] = []
    matches = (m for w_start, w_end in windows for m in rules.mention.finditer(text, w_start, w_end))
    for m in matches:
        year = int(m.group("h") or m.group("p") or m.group("g") or m.group("b") or m.group("a") or m.group("v"))
        i = bisect.bisect_right(sent_starts, m.start()) - 1
        sentence = (sents[i].start, sents[i].end) if i >= 0 else (0, len(text))
        if m.group("v") and not _goal_sentence(text, sentence[0], m.start(), rules):
            continue
        if _is_past(text, m.start(), m.end(), sentence, rules):
            continue
        if published_year is not None and year < published_year:
            continue
        found.append((m.start(), m.end(), year))
    out: list[TargetYear] = []
    for k, (start, end, year) in enumerate(found):
        limit = found[k + 1][0] if k + 1 < len(found) else len(text)
        pi = max(0, bisect.bisect_right(para_starts, start) - 1)
        if paras:
            s_end = _statement_end(text, start, end, limit, pi, paras, sents, sent_starts, rules)
        else:
            s_end = limit
        s_end = _trim_statement_end(text, end, s_end)
        s_end = max(s_end, end)
        out.append(
            TargetYear(
                start=start,
                end=end,
                year=year,
                mention=text[start:end],
                statement=text[start:s_end],
                statement_start=start,
                statement_end=s_end,
            )
        )
    _cache["mentions"] = (text, sentences, out, published)  # one assignment: safe under threads
    return out


_SUBSTANTIAL = 25  # characters of goal text beyond the mention


def find_target_years(
    text: str, sentences: list[Sentence] | None = None, *, published: str | None = None
) -> list[TargetYear]:
    """One :class:`TargetYear` per distinct year, at its first mention.

    The statement is that of the first mention that governs real goal text
    (at least a few words beyond the mention), else of the first mention.
    """
    first: dict[int, TargetYear] = {}
    settled: set[int] = set()
    for mention in target_year_mentions(text, sentences, published=published):
        substantial = len(mention.statement) - len(mention.mention) >= _SUBSTANTIAL
        entry = first.get(mention.year)
        if entry is None:
            first[mention.year] = replace(mention)
        elif mention.year not in settled and substantial:
            entry.statement = mention.statement
            entry.statement_start = mention.statement_start
            entry.statement_end = mention.statement_end
        else:
            continue
        if substantial:
            settled.add(mention.year)
    return list(first.values())
