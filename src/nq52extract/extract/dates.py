"""Calendar dates of at least month precision (EXTRACTION.md "dates").

One master regex finds every candidate; Python checks the context that a
regex cannot (calendar validity, cue words, the year of a bare day/month).
Forms: ``27/9/2019``, ``27-9-2019``, ``27.9.2019``, ``2020-06-10``,
``ngày 05 tháng 5 năm 2020``, ``tháng 5/2024``, ``tháng 5 năm 2024``,
``tháng 12-2023``, ``5/2024`` and, with a year taken from the context,
``ngày 21/5``, ``sáng 6-5``, ``(6/5)``, ``ngày 21 tháng 5``, ``ngày 6-7/5``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Iterator

from nq52extract.model import DateMention
from nq52extract.rules import alternation, load_yaml

__all__ = ["DateHit", "find_dates", "parse_date", "scan_dates", "url_spans"]

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"


@dataclass(slots=True, frozen=True)
class DateHit:
    """One date occurrence (not deduplicated): ``core_start`` is where its digits begin."""

    start: int
    end: int
    core_start: int
    value: str
    precision: str
    has_year: bool


@dataclass(slots=True, frozen=True)
class _Vocabulary:
    year_min: int
    year_max: int
    month_words: dict[str, int]
    cues: tuple[str, ...]
    month_year_blockers: frozenset[str]
    master: re.Pattern[str]
    trigger: re.Pattern[str]
    count_after: re.Pattern[str]
    recurring_after: re.Pattern[str]
    blocker_tail: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Load rules/dates.yaml and compile the master regex once."""
    data = load_yaml("dates.yaml")
    month_words = {str(k).lower(): int(v) for k, v in data["month_words"].items()}
    cues = tuple(str(c).lower() for c in data["day_month_cues"])
    blockers = frozenset(str(b).lower() for b in data["month_year_blockers"])
    d = _DASHES
    num_before = r"(?<![\w/.,%s])" % d  # a number that is not the tail of another token
    month_token = r"(?:\d{1,2}|%s)" % alternation(month_words)
    branches = [
        # ngày 05 tháng 5 năm 2020 (also without "ngày", and "tháng 5, năm 2020")
        r"(?P<ft>(?:ngày\s+)?%s(?P<ft_d>\d{1,2})\s+tháng\s+(?P<ft_m>%s)\s*,?\s*(?:năm\s+|[/%s.]\s*)(?P<ft_y>\d{4}))"
        % (num_before, month_token, d),
        # 2020-06-10
        r"(?P<iso>%s(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d))" % num_before,
        # 27/9/2019, 27-9-2019, 27.9.2019, 27/ 9/ 2019
        r"(?P<dmy>%s(?P<dmy_d>\d{1,2})(?P<sep>\s?/\s?|[.%s])(?P<dmy_m>\d{1,2})(?P=sep)(?P<dmy_y>\d{4}))" % (num_before, d),
        # tháng 5/2024, tháng 5 năm 2024, tháng 12-2023, tháng Năm năm 2024
        r"(?P<my>tháng\s+(?P<my_m>%s)\s*(?:[/.%s]|,?\s*năm\s)\s*(?P<my_y>\d{4}))" % (month_token, d),
        # ngày 6-7/5(/2024): a range of two days
        r"(?P<rng>(?P<rng_cue>%s)\s+(?P<rng_d1>\d{1,2})\s*[%s]\s*(?P<rng_d2>\d{1,2})\s*/\s*(?P<rng_m>\d{1,2})(?:/(?P<rng_y>\d{4}))?)"
        % (alternation(cues), d),
        # ngày 21 tháng 5 (no year)
        r"(?P<dt>ngày\s+(?P<dt_d>\d{1,2})\s+tháng\s+(?P<dt_m>\d{1,2}))",
        # ngày 21/5, sáng 6-5 (no year)
        r"(?P<cue>(?P<cue_w>%s)\s+(?P<cue_d>\d{1,2})\s*[/%s]\s*(?P<cue_m>\d{1,2}))" % (alternation(cues), d),
        # (6/5)
        r"(?P<par>\(\s*(?P<par_d>\d{1,2})\s*[/%s]\s*(?P<par_m>\d{1,2})\s*\))" % d,
        # 5/2024
        r"(?P<bmy>%s(?P<bmy_m>\d{1,2})/(?P<bmy_y>\d{4}))" % num_before,
    ]
    # no digit, no further "/x" or "-x" or ".5": otherwise the match is part of
    # a longer token (a document number, a decimal, a phone number)
    tail = r"(?!\d|[/.,%s]\d|/\w)" % d
    master = re.compile(r"(?:%s)%s" % ("|".join(branches), tail), re.IGNORECASE)
    blocker_tail = re.compile(r"(?:^|[^\w])(%s)\s*$" % alternation(blockers), re.IGNORECASE)
    # cheap scan for the places where a date may be: two numbers joined by a
    # separator, a number before "tháng"/"năm", or a month word after "tháng"
    trigger = re.compile(r"\d(?:\s?[/.%s]\s?\d|\s+(?:tháng|năm)\s)|tháng\s+[^\d\s]" % d, re.IGNORECASE)
    count_after = re.compile(r"\s*(?:%s)(?!\w)" % alternation(data.get("count_words_after", ())), re.IGNORECASE)
    return _Vocabulary(
        year_min=int(data.get("year_min", 1945)),
        year_max=int(data.get("year_max", 2100)),
        month_words=month_words,
        cues=cues,
        month_year_blockers=blockers,
        master=master,
        trigger=trigger,
        count_after=count_after,
        recurring_after=re.compile(r"\s*(?:%s)(?!\w)" % alternation(data.get("recurring_after", ())), re.IGNORECASE),
        blocker_tail=blocker_tail,
    )


_DIGIT = re.compile(r"\d")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, where no date or document number is read."""
    if "http" not in text and "www." not in text and "@" not in text:
        return []
    return [m.span() for m in _URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _month(token: str, vocab: _Vocabulary) -> int | None:
    if token.isdigit():
        return int(token)
    return vocab.month_words.get(" ".join(token.lower().split()))


def _valid(year: int | None, month: int | None, day: int | None, vocab: _Vocabulary) -> bool:
    if month is None or not 1 <= month <= 12:
        return False
    if year is not None and not vocab.year_min <= year <= vocab.year_max:
        return False
    if day is None:
        return True
    if not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return False
    if month == 2 and day == 29 and year is not None:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def _iso(year: int, month: int, day: int | None) -> tuple[str, str]:
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


def _count_before_paren(text: str, paren_start: int) -> bool:
    """True when "(9/9)" follows a number or a percentage: then it is a count, not a date."""
    i = paren_start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and (text[i].isdigit() or text[i] == "%")


# (start, end, core_start, year|None, month, day|None) before the year is known
_Raw = tuple[int, int, int, int | None, int, int | None]


_WINDOW_BEFORE = 45  # a date starts at most this far before its trigger
_WINDOW_AFTER = 60  # and ends at most this far after it


def _master_matches(text: str, vocab: _Vocabulary) -> Iterator[re.Match[str]]:
    """Same matches as ``vocab.master.finditer(text)``, searched only near triggers (10x faster)."""
    pos = 0
    n = len(text)
    master = vocab.master
    for trig in vocab.trigger.finditer(text):
        anchor = trig.start()
        if anchor < pos:
            continue
        lo = max(pos, anchor - _WINDOW_BEFORE)
        hi = min(n, anchor + _WINDOW_AFTER)
        while lo < hi:
            m = master.search(text, lo, hi)
            if m is None:
                break
            full = master.match(text, m.start())  # the window may cut a lookahead short
            if full is None:
                lo = m.start() + 1
                continue
            yield full
            pos = lo = full.end()


def _raw_candidates(text: str, vocab: _Vocabulary) -> Iterator[_Raw]:
    """Every date-shaped match that passes the local checks, year possibly unknown."""
    urls = url_spans(text)
    for m in _master_matches(text, vocab):
        start, end = m.span()
        if urls and _inside(urls, start, end):
            continue
        kind = m.lastgroup
        g = m.group
        if kind == "ft":
            core = m.start("ft_d")
            yield start, end, core, int(g("ft_y")), _month(g("ft_m"), vocab) or 0, int(g("ft_d"))
        elif kind == "iso":
            yield start, end, start, int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
        elif kind == "dmy":
            yield start, end, start, int(g("dmy_y")), int(g("dmy_m")), int(g("dmy_d"))
        elif kind == "my":
            yield start, end, m.start("my_m"), int(g("my_y")), _month(g("my_m"), vocab) or 0, None
        elif kind == "rng":
            year = int(g("rng_y")) if g("rng_y") else None
            core = m.start("rng_d1")
            d1, d2 = int(g("rng_d1")), int(g("rng_d2"))
            if d1 < d2:
                yield start, end, core, year, int(g("rng_m")), d1
                yield start, end, core, year, int(g("rng_m")), d2
        elif kind == "dt":
            yield start, end, m.start("dt_d"), None, int(g("dt_m")), int(g("dt_d"))
        elif kind == "cue":
            if vocab.count_after.match(text, end):
                continue  # "mỗi ngày 2-3 lần"
            if vocab.recurring_after.match(text, end):
                continue  # "trước ngày 15/12 hằng năm": no one date
            yield start, end, m.start("cue_d"), None, int(g("cue_m")), int(g("cue_d"))
        elif kind == "par":
            if not _count_before_paren(text, start) and not vocab.recurring_after.match(text, end):
                yield start, end, m.start("par_d"), None, int(g("par_m")), int(g("par_d"))
        elif kind == "bmy":
            if not vocab.blocker_tail.search(text, max(0, start - 12), start):
                yield start, end, start, int(g("bmy_y")), int(g("bmy_m")), None


_DOCUMENT_BEFORE = re.compile(r"\d\s*[-–]?\s*[A-ZĐa-zđ]{1,6}/[A-ZĐƯa-zđư\-]{1,12}\s*,?\s*(?:ngày\s*)?$")
_RANGE_JOIN = re.compile(r"\s*(?:đến|tới|-|–|—)\s*(?:hết\s+)?(?:ngày\s+)?", re.IGNORECASE)


def _year_of(published: str | None) -> int | None:
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


@lru_cache(maxsize=8)
def _raws_cached(text: str) -> tuple[_Raw, ...]:
    """The raw candidates of one text, kept so that documents.py reuses the dates' scan."""
    vocab = _vocabulary()
    return tuple(r for r in _raw_candidates(text, vocab) if r[3] is None or vocab.year_min <= r[3] <= vocab.year_max)


def scan_dates(text: str, *, published: str | None = None, fallback_year: int | None = None) -> tuple[DateHit, ...]:
    """Every date occurrence in order, repeats included (used to find a document's date).

    A day/month without a year takes the year of the date that closes its
    range ("từ ngày 20/8 đến ngày 30/9/2020"), else of the nearest preceding
    date in its paragraph, else of ``published`` (or ``fallback_year``), else
    of the nearest preceding date anywhere, else the first year stated after.
    """
    if not text or _DIGIT.search(text) is None:
        return ()
    vocab = _vocabulary()
    raws = _raws_cached(text)
    default_year = _year_of(published) or fallback_year
    context_year: int | None = None
    context_end = 0
    years: list[int | None] = []
    for i, raw in enumerate(raws):
        year = raw[3]
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if year is not None:
            # the date of a document ("52-NQ/TW ngày 27/9/2019") says nothing of the events around it
            if not _DOCUMENT_BEFORE.search(text, max(0, raw[0] - 40), raw[0]):
                context_year, context_end = year, raw[1]
        elif nxt is not None and nxt[3] is not None and _RANGE_JOIN.fullmatch(text, raw[1], nxt[0]):
            year = nxt[3]  # "từ ngày 20/8 đến ngày 30/9/2020"
        elif context_year is not None and "\n" not in text[context_end : raw[0]]:
            year = context_year  # a dated mention earlier in the same paragraph
        elif default_year is not None:
            year = default_year
        elif context_year is not None:
            year = context_year
        else:  # nothing before and nothing published: the first event year that follows
            later_years = [
                later[3] for later in raws[i + 1 :]
                if later[3] is not None and not _DOCUMENT_BEFORE.search(text, max(0, later[0] - 40), later[0])
            ]
            year = later_years[0] if later_years else next((later[3] for later in raws[i + 1 :] if later[3] is not None), None)
        years.append(year)
    hits: list[DateHit] = []
    for (start, end, core, stated, month, day), year in zip(raws, years):
        if year is None or not _valid(year, month, day, vocab):
            continue
        value, precision = _iso(year, month, day)
        hits.append(DateHit(start, end, core, value, precision, stated is not None))
    return tuple(hits)


def find_dates(text: str, *, published: str | None = None) -> list[DateMention]:
    """Every distinct calendar date of ``text`` (first mention), sorted by start.

    A day/month without a year takes its year from context (see :func:`scan_dates`).
    """
    seen: set[str] = set()
    out: list[DateMention] = []
    for hit in scan_dates(text, published=published):
        if hit.value in seen:
            continue
        seen.add(hit.value)
        out.append(
            DateMention(start=hit.start, end=hit.end, value=hit.value, precision=hit.precision, mention=text[hit.start : hit.end])
        )
    out.sort(key=lambda d: (d.start, d.value))
    return out


def parse_date(mention: str, *, default_year: int | None = None) -> tuple[str, str] | None:
    """The (ISO value, precision) of the first date in ``mention``, or None.

    A day/month without a year uses ``default_year``; without it, None.
    """
    vocab = _vocabulary()
    for start, end, core, year, month, day in _raw_candidates(mention, vocab):
        year = year if year is not None else default_year
        if year is not None and _valid(year, month, day, vocab):
            return _iso(year, month, day)
    return None
