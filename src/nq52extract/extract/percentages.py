"""Percentages: every "100%", "99,5%", "7%/năm", "30-40%", "50 phần trăm", "năm mươi tư phần trăm".

Each mention carries its value, a preceding qualifier ("trên", "khoảng", …
from ``rules/percentages.yaml``), a following rate unit ("/năm"), and the
target year whose goal statement holds it (see :mod:`.years`).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..model import Percentage, TargetYear
from ..rules import load_yaml
from .years import _alternation, anchor_windows, cased_alternation, sentences_of, target_year_mentions

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_URL_TOKEN = re.compile(r"://|www\.|https?:|%[0-9A-Fa-f]{2}\S*%[0-9A-Fa-f]{2}", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_NON_TARGET_YEAR = re.compile(r"(?<!\w)năm\s+(?:19|20)\d\d(?!\d)|(?<!\w)đã(?!\w)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;.!?%]")


class _PercentRules:
    """Compiled patterns of ``rules/percentages.yaml``."""

    def __init__(self) -> None:
        rules = load_yaml("percentages.yaml")
        sign = rf"(?:%|％|(?<!\w)(?:{_alternation(rules['percent_words'])})(?!\w))"
        units = _alternation(rules["per_units"])
        per_words = _alternation(rules["per_words_after"])
        self.percent = re.compile(
            rf"""(?<![\d.,])(?P<lo>{_NUMBER})
                 (?:\s*(?:[-–—]|đến|tới)\s*(?P<hi>{_NUMBER}))?
                 [ \t\xa0]?(?P<sign>{sign})
                 (?:\s*/\s*(?P<per>{units})(?!\w)
                  |\s+(?:{per_words})\s+(?P<per2>{units})(?!\w))?""",
            re.IGNORECASE | re.VERBOSE,
        )
        self.qualifier = re.compile(
            rf"(?:^|(?<=[\s(\[,;:\"“]))(?P<q>{_alternation(rules['qualifiers'])})\s*$",
            re.IGNORECASE,
        )
        self.qualifier_reach = int(rules.get("qualifier_max_chars", 30))
        self.range_both_bounds = bool(rules.get("range_both_bounds", False))
        words = rules["percent_words"]
        self.prefilter = re.compile("%|％|" + cased_alternation(words))
        self.word_prefilter = re.compile(cased_alternation(words))
        self._spelled(rules["spelled_numbers"], sign, units, per_words)

    def _spelled(self, data: dict, sign: str, units: str, per_words: str) -> None:
        """The grammar of numbers written in words before a percent word."""
        self.unit_values = {str(k): int(v) for k, v in data["units"].items()}
        self.unit_values.update({str(k): int(v) for k, v in data.get("extra_after_ten", {}).items()})
        self.after_ten_only = frozenset(str(w) for w in data["after_ten_only"])
        first = "(?:%s)" % _alternation([w for w in data["units"] if w not in self.after_ten_only])
        after_ten = "(?:%s)" % _alternation(list(self.unit_values))
        ten, tens, hundred = (re.escape(str(data[k])) for k in ("ten", "tens", "hundred"))
        filler = "(?:%s)" % _alternation(data["zero_filler"])
        point = re.escape(str(data["decimal_point"]))
        below_100 = rf"(?:{first}\s+{tens}(?:\s+{after_ten})?|{ten}(?:\s+{after_ten})?|{first})"
        integer = rf"(?:(?:{first}\s+)?{hundred}(?:\s+{filler}\s+{first}|\s+{below_100})?|{below_100})"
        self.hundred_word, self.ten_word, self.tens_word = str(data["hundred"]), str(data["ten"]), str(data["tens"])
        self.point_word = str(data["decimal_point"])
        self.spelled = re.compile(
            rf"""(?<!\w)(?P<lo>{integer}(?:\s+{point}(?:\s+{first})+)?)
                 \s+(?P<sign>{sign})
                 (?:\s*/\s*(?P<per>{units})(?!\w)
                  |\s+(?:{per_words})\s+(?P<per2>{units})(?!\w))?""",
            re.IGNORECASE | re.VERBOSE,
        )

    def read_spelled(self, words: str) -> float:
        """The value of a number matched by ``spelled``: "năm mươi tư" → 54.0, "ba phẩy năm" → 3.5."""
        head, _, tail = words.lower().partition(self.point_word)
        toks = head.split()
        value = 0
        if self.hundred_word in toks:
            k = toks.index(self.hundred_word)
            value = 100 * (self.unit_values[toks[0]] if k else 1)
            toks = toks[k + 1 :]
            if toks and toks[0] not in self.unit_values and toks[0] != self.ten_word:
                toks = toks[1:]  # "linh", "lẻ"
        if self.tens_word in toks:
            k = toks.index(self.tens_word)
            value += 10 * self.unit_values[toks[0]]
            toks = toks[k + 1 :]
        elif toks and toks[0] == self.ten_word:
            value += 10
            toks = toks[1:]
        value += sum(self.unit_values[t] for t in toks)
        digits = "".join(str(self.unit_values[t]) for t in tail.split())
        return float(f"{value}.{digits}") if digits else float(value)


@lru_cache(maxsize=1)
def _rules() -> _PercentRules:
    return _PercentRules()


def parse_number(raw: str) -> float:
    """A number as Vietnamese articles write it: ``99,5`` → 99.5, ``1.5`` → 1.5, ``1.000`` → 1000."""
    if "," in raw:
        return float(raw.replace(".", "").replace(",", "."))
    if raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[1]) == 3 and not raw.startswith("0")):
        return float(raw.replace(".", ""))
    return float(raw)


def _in_url(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside a URL or percent-encoded token."""
    left = start
    while left > 0 and not text[left - 1].isspace() and start - left < 200:
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace() and right - end < 200:
        right += 1
    token = text[left:right]
    if _URL_TOKEN.search(token):
        return True
    after = text[end : end + 2]
    return len(after) == 2 and after[0].isdigit() and after[1] in "0123456789ABCDEFabcdef"


def _statement_ranges(
    text: str, target_years: list[TargetYear] | None, published: str | None
) -> tuple[list[int], list[TargetYear]]:
    """Goal statements sorted by start, restricted to the given years if any."""
    mentions = target_year_mentions(text, published=published)
    if target_years is not None:
        allowed = {t.year for t in target_years}
        mentions = [m for m in mentions if m.year in allowed]
    mentions = sorted(mentions, key=lambda m: m.statement_start)
    return [m.statement_start for m in mentions], mentions


def find_percentages(
    text: str, target_years: list[TargetYear] | None = None, *, published: str | None = None
) -> list[Percentage]:
    """Every percentage mention, in text order; ``published`` as for the target years."""
    if not text:
        return []
    rules = _rules()
    windows = anchor_windows(text, rules.prefilter, 60, 30)
    if not windows:
        return []
    starts: list[int] | None = None
    statements: list[TargetYear] = []
    sentence_starts: list[int] | None = None
    sentences = None
    out: list[Percentage] = []
    matches = [m for w_start, w_end in windows for m in rules.percent.finditer(text, w_start, w_end)]
    if rules.word_prefilter.search(text):
        taken = {m.start("sign") for m in matches}
        for w_start, w_end in windows:
            matches.extend(m for m in rules.spelled.finditer(text, w_start, w_end) if m.start("sign") not in taken)
        matches.sort(key=lambda m: m.start())
    for m in matches:
        lo, hi = m.group("lo"), m.groupdict().get("hi")
        value_start = m.start("lo")
        upper = None
        value = parse_number(lo) if lo[0].isdigit() else rules.read_spelled(lo)
        if hi is not None:
            high = parse_number(hi)
            if value < high and (text[m.end("lo")] in "-–—" or value < 1000):
                upper = high
            else:  # "năm 2020 đến 50%": only the second number is a percentage
                value, value_start = high, m.start("hi")
        if _in_url(text, value_start, m.end("sign")):
            continue
        start = value_start
        qualifier = None
        window_start = max(0, start - rules.qualifier_reach)
        q = rules.qualifier.search(text, window_start, start)
        if q:
            qualifier = q.group("q").lower()
            qualifier = " ".join(qualifier.split())
            start = q.start("q")
        per = m.group("per") or m.group("per2")
        end = m.end()
        if starts is None:
            starts, statements = _statement_ranges(text, target_years, published)
        year = None
        statement = ""
        i = bisect.bisect_right(starts, value_start) - 1
        if i >= 0 and value_start < statements[i].statement_end:
            year = statements[i].year
            statement = statements[i].statement
        if sentences is None:
            sentences = sentences_of(text)
            sentence_starts = [s.start for s in sentences]
        j = bisect.bisect_right(sentence_starts, value_start) - 1  # type: ignore[arg-type]
        if j >= 0:
            s_start, s_end = sentences[j].start, sentences[j].end
        else:
            s_start, s_end = 0, len(text)
        if year is None:
            year = _year_ahead(text, value_start, m.end(), s_start, s_end, starts, statements)
        if not statement:
            statement = text[s_start:s_end]
        per = per.lower() if per else None
        out.append(
            Percentage(
                start=start, end=end, value=value, qualifier=qualifier, per=per, year=year,
                upper=upper, mention=text[start:end], statement=statement,
            )
        )
        if upper is not None and rules.range_both_bounds:
            hi_start = m.start("hi")
            out.append(
                Percentage(
                    start=hi_start, end=end, value=upper, per=per, year=year,
                    mention=text[hi_start:end], statement=statement,
                )
            )
    return out


def _year_ahead(
    text: str, value_start: int, value_end: int, s_start: int, s_end: int, starts: list[int], statements: list[TargetYear]
) -> int | None:
    """The year of a goal stated after its percentage: "… đạt 90% vào/đến năm 2025".

    Only within the same clause, and not when the clause before the
    percentage reports a past year or uses "đã".
    """
    k = bisect.bisect_left(starts, value_end)
    if k >= len(starts) or starts[k] >= s_end:
        return None
    if _CLAUSE_BREAK.search(text, value_end, starts[k]):
        return None
    if _NON_TARGET_YEAR.search(text, s_start, value_start):
        return None
    return statements[k].year
