"""Document numbers written in full (EXTRACTION.md "documents").

Party style ``52-NQ/TW``, State style ``749/QĐ-TTg`` and ``30/2020/NĐ-CP``,
law style ``12/2019/QH14``; tolerant of the variants of scraped text (spaces
around the dash, a missing dash, dash look-alikes, ``TƯ``, ``Ð``, ``ỌĐ``,
lower case). The vocabulary lives in ``rules/documents.yaml``.

Each distinct canonical number is one :class:`DocumentRef` at its first full
mention; ``issued`` is the date written with it (after it, or leading its
clause before an issuing verb); short forms ("Nghị quyết số 52", "Kế hoạch
này") are linked through ``short_forms``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nq52extract.extract.dates import DateHit, scan_dates, url_spans
from nq52extract.model import DateMention, DocumentRef
from nq52extract.rules import alternation, load_yaml

__all__ = ["DocumentNumber", "find_documents", "read_number"]


@dataclass(slots=True, frozen=True)
class DocumentNumber:
    """The parts of one number as read: ``number`` as written, ``canonical`` the join key."""

    number: str
    canonical: str
    kind: str
    kind_name: str | None
    issuer: str
    issuer_name: str | None
    year: int | None


@dataclass(slots=True)
class _Vocabulary:
    dashes: str
    char_fixes: dict[int, str]
    code_fixes: dict[str, str]
    issuer_subs: tuple[tuple[str, str], ...]
    kinds: dict[str, tuple[str, str]]  # casefolded code -> (code, name)
    state_kind_names: dict[str, str]
    issuers: dict[str, tuple[str, str]]  # casefolded code -> (code, name)
    lead_kinds: dict[str, frozenset[str]]  # casefolded lead word -> kind codes (empty: any)
    number_re: re.Pattern[str]
    lead_re: re.Pattern[str]
    after_re: re.Pattern[str]
    clause_start_re: re.Pattern[str]
    sentence_end_re: re.Pattern[str]
    issued_on_re: re.Pattern[str]
    verb_re: re.Pattern[str]
    short_re: re.Pattern[str]
    short_trigger_re: re.Pattern[str]
    plausible_code_re: re.Pattern[str]
    dash_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Load rules/documents.yaml and compile the regexes once."""
    data = load_yaml("documents.yaml")
    dashes = str(data["dashes"])
    char_fixes = {ord(k): str(v) for k, v in data["lookalike_chars"].items()}
    kinds = {str(k).casefold(): (str(k), str(v)) for k, v in data["kinds"].items()}
    issuers = {str(k).casefold(): (str(k), str(v)) for k, v in data["issuers"].items()}
    lead_kinds = {str(k).casefold(): frozenset(str(c) for c in (v or ())) for k, v in data["lead_words"].items()}

    dash_class = "[%s]" % re.escape(dashes)
    letters = "A-Za-zĐđƯư" + re.escape("".join(data["lookalike_chars"]))
    code = "[%s]" % letters
    hs = r"[ \t\u00a0]"  # horizontal space: a number never spans lines
    before = r"(?<![0-9A-Za-z/.,_%s])" % re.escape(dashes)
    after = r"(?![\w/])"
    party = (
        r"(?P<p_num>\d{1,5})(?P<p_sep>%s*%s%s*|%s+)(?P<p_kind>%s{1,5})%s?/%s?(?P<p_iss>%s{1,10}\d{0,3})%s"
        % (hs, dash_class, hs, hs, code, hs, hs, code, after)
    )
    law = r"(?P<l_num>\d{1,5})%s?/%s?(?P<l_year>(?:19|20)\d\d)%s?/%s?(?P<l_iss>(?:UBTV)?QH\d{1,2})%s" % (hs, hs, hs, hs, after)
    state = (
        r"(?P<s_num>\d{1,5})%s?/%s?(?:(?P<s_year>(?:19|20)\d\d)%s?/%s?)?(?P<s_kind>%s{1,6})%s?%s%s?(?P<s_iss>%s{1,10}\d{0,3})%s"
        % (hs, hs, hs, hs, code, hs, dash_class, hs, code, after)
    )
    number_re = re.compile(r"%s(?:%s|%s|%s)" % (before, party, law, state))

    leads = alternation(data["lead_words"])
    lead_re = re.compile(r"(?:^|(?<=[^\w]))(?P<lead>%s)%s+(?:số%s*:?%s*)?$" % (leads, hs, hs, hs), re.IGNORECASE)
    # what may stand between a number and its date: ", ngày", "(ngày", "của Bộ Chính trị ngày", "ban hành ngày"
    after_re = re.compile(
        r"%s*(?:\((?:khóa|khoá)\s+[IVXL]+\)%s*)?[,(]?%s*"
        r"(?:(?:của|do)%s+[^,.;:()\d\n]{1,60}?%s*,?%s*(?=ngày))?"
        r"(?:(?:ban hành|ký|thông qua)%s+)?(?:(?:vào%s+)?ngày%s+)?" % ((hs,) * 9),
        re.IGNORECASE,
    )
    clause_start_re = re.compile(r"[.!?;:]\s|\n")
    sentence_end_re = re.compile(r"[.!?;]\s|\n")
    issued_on_re = re.compile(
        r"(?<!\w)(?:ban hành|ký ban hành|ký|thông qua)%s+(?:vào%s+)?(?:ngày%s*)?$" % (hs, hs, hs), re.IGNORECASE
    )
    verb_re = re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(data["issuing_verbs"]), re.IGNORECASE)
    short_re = re.compile(
        r"(?<!\w)(?P<lead>%s)(?:"
        r"(?:%s+(?:số%s*)?(?P<nums>\d{1,5}(?:%s*(?:,|và|;)%s*\d{1,5})*))"
        r"|(?:%s+(?P<this>này)))"
        r"(?![\d/.,]\d|\d|%s*[/%s]|%s*%s?%s*%s{1,5}%s?/|\w)"
        % (leads, hs, hs, hs, hs, hs, hs, re.escape(dashes), hs, dash_class, hs, code, hs),
        re.IGNORECASE,
    )
    # lead words without their first letter: a literal scan far faster than the
    # case-insensitive short_re; each hit is then checked one letter earlier
    tails = {str(w)[1:] for w in data["lead_words"]} | {str(w)[1:].upper() for w in data["lead_words"]}
    short_trigger_re = re.compile(alternation(tails))
    return _Vocabulary(
        dashes=dashes,
        char_fixes=char_fixes,
        code_fixes={str(k): str(v) for k, v in data["code_fixes"].items()},
        issuer_subs=tuple((str(k), str(v)) for k, v in data["issuer_substitutions"].items()),
        kinds=kinds,
        state_kind_names={str(k): str(v) for k, v in data.get("state_kind_names", {}).items()},
        issuers=issuers,
        lead_kinds=lead_kinds,
        number_re=number_re,
        lead_re=lead_re,
        after_re=after_re,
        clause_start_re=clause_start_re,
        sentence_end_re=sentence_end_re,
        issued_on_re=issued_on_re,
        verb_re=verb_re,
        short_re=short_re,
        short_trigger_re=short_trigger_re,
        plausible_code_re=re.compile(r"[A-ZĐƯ]{2,10}\d{0,3}"),
        dash_re=re.compile(dash_class),
    )


# --------------------------------------------------------------------------
# Reading the codes
# --------------------------------------------------------------------------


def _fix_chars(code: str, vocab: _Vocabulary) -> str:
    code = code.translate(vocab.char_fixes)
    return vocab.code_fixes.get(code, code)


def _read_kind(raw: str, vocab: _Vocabulary) -> str | None:
    """The kind code in its canonical spelling, or None when it is not a kind."""
    fixed = _fix_chars(raw, vocab)
    hit = vocab.kinds.get(fixed.casefold()) or vocab.kinds.get(_fix_chars(fixed.upper(), vocab).casefold())
    return hit[0] if hit else None


def _read_issuer(raw: str, vocab: _Vocabulary) -> tuple[str, str | None] | None:
    """(issuer code read right, its name or None), or None when it is no code."""
    fixed = _fix_chars(raw, vocab)
    forms = [fixed]
    upper = fixed.upper()
    for old, new in vocab.issuer_subs:
        upper = upper.replace(old, new)
    forms.append(upper)
    for form in forms:
        base = form.rstrip("0123456789")
        term = form[len(base) :]
        hit = vocab.issuers.get(base.casefold())
        if hit:
            return hit[0] + term, hit[1]
    candidate = fixed
    for old, new in vocab.issuer_subs:
        candidate = candidate.replace(old, new)
    if vocab.plausible_code_re.fullmatch(candidate):
        return candidate, None
    return None


def _strip(s: str, vocab: _Vocabulary) -> str:
    return vocab.dash_re.sub("-", "".join(s.split()))


def _read_match(m: re.Match[str], vocab: _Vocabulary, lead: str | None) -> DocumentNumber | None:
    """Validate one regex match and read its parts."""
    g = m.group
    if g("p_num") is not None:
        num, kind_raw, iss_raw = g("p_num"), g("p_kind"), g("p_iss")
        dashless = not vocab.dash_re.search(g("p_sep"))
        if dashless and not (kind_raw[0].isupper() and iss_raw[0].isupper()):
            return None
        kind = _read_kind(kind_raw, vocab)
        issuer = _read_issuer(iss_raw, vocab)
        if kind is None or len(kind) < 2 or issuer is None:
            return None
        number = f"{num}-{_strip(kind_raw, vocab)}/{_strip(iss_raw, vocab)}"
        canonical = f"{num}-{kind}/{issuer[0]}"
        return DocumentNumber(number, canonical, kind, vocab.kinds[kind.casefold()][1], issuer[0], issuer[1], None)
    if g("l_num") is not None:
        num, year, iss_raw = g("l_num"), g("l_year"), g("l_iss")
        issuer = _read_issuer(iss_raw, vocab)
        if issuer is None:
            return None
        kind = "L"
        if lead:
            codes = vocab.lead_kinds.get(lead.casefold()) or frozenset()
            kind = next((c for c in sorted(codes) if c in ("NQ", "PL", "L")), kind)
        name = vocab.kinds.get(kind.casefold(), (kind, None))[1]
        number = f"{num}/{year}/{_strip(iss_raw, vocab)}"
        return DocumentNumber(number, f"{num}/{year}/{issuer[0]}", kind, name, issuer[0], issuer[1], int(year))
    num, year, kind_raw, iss_raw = g("s_num"), g("s_year"), g("s_kind"), g("s_iss")
    unit = _read_issuer(iss_raw, vocab)  # the code after the dash
    if unit is None:
        return None
    kind = _read_kind(kind_raw, vocab)
    if kind is not None and len(kind) >= 2:
        kind_part, issuer = kind, unit
        kind_name = vocab.state_kind_names.get(kind) or vocab.kinds[kind.casefold()][1]
    else:
        # "Công văn số 1234/UBND-KT": the first code is the sender, the second its unit
        sender = _read_issuer(kind_raw, vocab)
        if sender is None or not lead or lead.casefold() not in ("công văn", "văn bản", "văn bản số"):
            return None
        kind, kind_part, issuer = "CV", sender[0], sender
        kind_name = vocab.kinds["cv"][1]
    year_part = f"{year}/" if year else ""
    number = f"{num}/{year_part}{_strip(kind_raw, vocab)}-{_strip(iss_raw, vocab)}"
    canonical = f"{num}/{year_part}{kind_part}-{unit[0]}"
    return DocumentNumber(number, canonical, kind, kind_name, issuer[0], issuer[1], int(year) if year else None)


def read_number(number: str) -> DocumentNumber | None:
    """Read one number written alone (``"58 NQ/TƯ"``); None when it is not one."""
    vocab = _vocabulary()
    m = vocab.number_re.match(number.strip())
    if not m or m.end() != len(number.strip()):
        return None
    return _read_match(m, vocab, None)


# --------------------------------------------------------------------------
# Finding them in a text
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Occurrence:
    start: int  # mention start (lead word included)
    num_start: int
    end: int
    doc: DocumentNumber
    lead: str | None
    issued: str | None = None
    shares_code: bool = False  # a bare number of a list that takes the code of the next ("18" of "18, 19-NQ/TW")


def _lead_before(text: str, pos: int, vocab: _Vocabulary) -> tuple[int, str] | None:
    """The lead word ("Kế hoạch số ") that ends right at ``pos``: (its start, the word)."""
    window_start = max(0, pos - 40)
    m = vocab.lead_re.search(text, window_start, pos)
    if not m:
        return None
    return m.start("lead"), m.group("lead")


def _date_after_hit(text: str, end: int, by_core: dict[int, DateHit], vocab: _Vocabulary) -> DateHit | None:
    """The date written right after a number ("…52-NQ/TW, ngày 27/9/2019")."""
    m = vocab.after_re.match(text, end)
    if not m:
        return None
    return by_core.get(m.end())


def _date_leading(
    text: str, occ: _Occurrence, hits: tuple[DateHit, ...], occurrences: list[_Occurrence], vocab: _Vocabulary
) -> str | None:
    """The date that opens the clause of a number before an issuing verb ("Ngày 26/6/2020, … ban hành …")."""
    window_start = max(0, occ.start - 300)
    clause_start = -1 if window_start > 0 else 0
    for m in vocab.clause_start_re.finditer(text, window_start, occ.start):
        clause_start = m.end()
    if clause_start < 0:
        return None  # no clause boundary within reach
    for hit in hits:
        if hit.start < clause_start:
            continue
        if hit.start >= occ.start:
            return None
        opening = text[clause_start : hit.core_start].strip().casefold()
        if opening not in ("ngày", "vào ngày", "sáng ngày", "chiều ngày", "hôm nay ngày", "") or not hit.has_year:
            return None
        if opening == "" and hit.start != clause_start:
            return None
        between = text[hit.end : occ.start]
        if not _AFTER_LEADING_DATE.match(between):
            return None
        if any(hit.end <= o.start < occ.start for o in occurrences):
            return None  # another number comes first: the date is its
        if not vocab.verb_re.search(between):
            return None
        return hit.value
    return None


# what follows a leading date before its comma: "Ngày 3-8-2020 vừa qua, …"
_AFTER_LEADING_DATE = re.compile(r"\s*(?:(?:vừa qua|mới đây|vừa rồi|vừa)\s*)?,", re.IGNORECASE)
# a date set off after a number that then opens the next issuing clause:
# "Nghị quyết 52-NQ/TW của Bộ Chính trị, ngày 5/10/2021, Đảng ủy … ban hành Nghị quyết số 120-NQ/ĐU"
_COMMA_SEPARATOR = re.compile(r"[^\n]*,")
_APPOSITION_OPENING = re.compile(r"(?:^|[,;:]\s*|\n\s*)(?:sau đó\s*,?\s*)?(?:vào\s+)?ngày\s*$", re.IGNORECASE)


def _opens_next_clause(
    text: str, occ: _Occurrence, hit: DateHit, later: list[_Occurrence], vocab: _Vocabulary
) -> bool:
    """Whether a date written after a number, set off by commas, leads the next number's clause.

    Only when a comma stands between the number and the date, a comma follows
    the date, and an issuing verb then introduces the next number in the same
    sentence ("…52-NQ/TW của Bộ Chính trị, ngày 5/10/2021, Đảng ủy … đã ban
    hành Nghị quyết số 120-NQ/ĐU").
    """
    if not later or "," not in text[occ.end : hit.start]:
        return False
    nxt = later[0]
    if not _AFTER_LEADING_DATE.match(text, hit.end) or nxt.start - hit.end > 200:
        return False
    between = text[hit.end : nxt.start]
    return not vocab.sentence_end_re.search(between) and bool(vocab.verb_re.search(between))


def _date_in_apposition(
    text: str,
    occ: _Occurrence,
    hits: tuple[DateHit, ...],
    occurrences: list[_Occurrence],
    claimed: set[int],
    vocab: _Vocabulary,
) -> str | None:
    """A date set off by commas before the issuing verb of the number.

    "…của Tỉnh ủy Lào Cai, ngày 08/9/2020, Ban Thường vụ Huyện ủy ban hành
    Kế hoạch số 112-KH/HU"; "Sau đó, ngày 15-10-2020, UBND tỉnh ban hành …".
    A date that already belongs to an earlier number is not taken.
    """
    stop = vocab.sentence_end_re
    for hit in reversed(hits):
        if hit.start >= occ.start or hit.end <= occ.start - 300:
            continue
        if not hit.has_year or hit.core_start in claimed:
            return None
        between = text[hit.end : occ.start]
        if stop.search(between) or not between.lstrip().startswith(","):
            return None
        if any(hit.end <= o.start < occ.start for o in occurrences):
            return None
        if not vocab.verb_re.search(between):
            return None
        if not _APPOSITION_OPENING.search(text, max(0, hit.core_start - 30), hit.core_start):
            return None
        return hit.value
    return None


def _date_later_in_sentence(
    text: str, occ: _Occurrence, hits: tuple[DateHit, ...], occurrences: list[_Occurrence], vocab: _Vocabulary
) -> str | None:
    """A date after "ban hành ngày" later in the number's own sentence.

    "Quyết định số 2289/QĐ-TTg về … được Thủ tướng Chính phủ ban hành ngày
    31/12/2020": only when no other number stands in between.
    """
    limit = min(len(text), occ.end + 250)
    stop = vocab.sentence_end_re.search(text, occ.end, limit)
    if stop:
        limit = stop.start()
    for hit in hits:
        if hit.start < occ.end:
            continue
        if hit.start >= limit or not hit.has_year:
            return None
        if any(occ.end <= o.start < hit.start for o in occurrences):
            return None
        if vocab.issued_on_re.search(text, max(occ.end, hit.start - 40), hit.start):
            return hit.value
        return None
    return None


def _digits_of(doc: DocumentNumber) -> str:
    i = 0
    while i < len(doc.canonical) and doc.canonical[i].isdigit():
        i += 1
    return doc.canonical[:i].lstrip("0") or "0"


def _link_short_forms(text: str, refs: list[DocumentRef], occurrences: list[_Occurrence], vocab: _Vocabulary) -> None:
    """Append [start, end] of each short form to the document it names."""
    if not refs:
        return
    full_spans = [(o.start, o.end) for o in occurrences]
    by_canonical = {r.canonical.casefold(): r for r in refs}
    for m in _short_matches(text, vocab):
        if any(s < m.end() and m.start() < e for s, e in full_spans):
            continue
        codes = vocab.lead_kinds.get(m.group("lead").casefold(), frozenset())
        if m.group("this"):
            before = [o for o in occurrences if o.end <= m.start() and _fits(o.doc, codes)]
            if before:
                ref = by_canonical[before[-1].doc.canonical.casefold()]
                ref.short_forms.append([m.start(), m.end()])
            continue
        first = True
        for nm in re.finditer(r"\d{1,5}", m.group("nums")):
            digits = nm.group().lstrip("0") or "0"
            matches = [r for r in refs if _fits(_as_number(r), codes) and _digits_of(_as_number(r)) == digits]
            if len(matches) != 1:
                first = False
                continue
            start = m.start() if first else m.start("nums") + nm.start()
            matches[0].short_forms.append([start, m.start("nums") + nm.end()])
            first = False


def _fits(doc: DocumentNumber, codes: frozenset[str]) -> bool:
    """Whether a lead word that names ``codes`` (empty: any) can name ``doc``."""
    return not codes or doc.kind in codes


def _short_matches(text: str, vocab: _Vocabulary):
    """Matches of ``vocab.short_re``, tried only where a lead word's tail was found."""
    pos = 0
    for trig in vocab.short_trigger_re.finditer(text):
        start = trig.start() - 1
        if start < pos:
            continue
        m = vocab.short_re.match(text, start)
        if m:
            yield m
            pos = m.end()


_WINDOW_BEFORE = 32  # a number starts at most this far before its first "/"
_WINDOW_AFTER = 48  # and ends at most this far after it


def _number_matches(text: str, vocab: _Vocabulary):
    """Same matches as ``vocab.number_re.finditer(text)``, searched only around slashes."""
    pos = 0
    n = len(text)
    number_re = vocab.number_re
    slash = text.find("/")
    while slash >= 0:
        if slash >= pos:
            lo = max(pos, slash - _WINDOW_BEFORE)
            hi = min(n, slash + _WINDOW_AFTER)
            while lo < hi:
                m = number_re.search(text, lo, hi)
                if m is None or m.start() > slash:
                    break
                full = number_re.match(text, m.start())  # the window may cut a lookahead short
                if full is None:
                    lo = m.start() + 1
                    continue
                yield full
                pos = lo = full.end()
        slash = text.find("/", slash + 1)


_HS = "[ \t\u00a0]*"
_LIST_SEPARATOR = "%s(?:,%s(?:và%s)?|;%s|và%s)" % (_HS, _HS, _HS, _HS, _HS)
# a bare number and its separator, ending right before the next number of a list
_BARE_BEFORE = re.compile(r"(?<![\w/.,\-])(\d{1,5})%s$" % _LIST_SEPARATOR)
_LIST_GAP = re.compile(r"%s\Z" % _LIST_SEPARATOR)
_LEADING_DIGITS = re.compile(r"\d+")


def _expand_shared_codes(text: str, occurrences: list[_Occurrence], vocab: _Vocabulary) -> list[_Occurrence]:
    """Numbers that share the code of the last one: "Nghị quyết số 18, 19-NQ/TW" is 18-NQ/TW and 19-NQ/TW.

    Only after a lead word ("Nghị quyết số"), so a stray count before a
    number ("phòng 18, 19-NQ/TW") is never read as a document.
    """
    out: list[_Occurrence] = []
    for occ in occurrences:
        bare: list[tuple[int, int]] = []
        pos = occ.num_start
        while True:
            m = _BARE_BEFORE.search(text, max(0, pos - 16), pos)
            if m is None:
                break
            bare.append((m.start(1), m.end(1)))
            pos = m.start(1)
        lead = _lead_before(text, pos, vocab) if bare and occ.lead is None else None
        if lead is not None:
            doc = occ.doc
            own = _LEADING_DIGITS.match(doc.canonical)
            written = _LEADING_DIGITS.match(doc.number)
            if own is not None and written is not None:
                for k, (s, e) in enumerate(reversed(bare)):
                    num = text[s:e]
                    twin = DocumentNumber(
                        num + doc.number[written.end() :],
                        num + doc.canonical[own.end() :],
                        doc.kind,
                        doc.kind_name,
                        doc.issuer,
                        doc.issuer_name,
                        doc.year,
                    )
                    out.append(_Occurrence(lead[0] if k == 0 else s, s, e, twin, lead[1], shares_code=True))
        out.append(occ)
    return out


def _share_list_dates(text: str, occurrences: list[_Occurrence]) -> None:
    """The numbers of a shared-code list ("Nghị quyết số 18, 19-NQ/TW ngày 25/10/2017") take the
    date stated after its last number. Full numbers in a row keep theirs: in "52-NQ/TW và 23-NQ/TW
    ngày 22/3/2018" the date is 23-NQ/TW's alone."""
    for k in range(len(occurrences) - 2, -1, -1):
        a, b = occurrences[k], occurrences[k + 1]
        if (
            a.shares_code
            and a.issued is None
            and b.issued is not None
            and a.doc.kind == b.doc.kind
            and a.doc.issuer == b.doc.issuer
            and a.end <= b.num_start
            and _LIST_GAP.match(text, a.end, b.num_start)
        ):
            a.issued = b.issued


def _as_number(ref: DocumentRef) -> DocumentNumber:
    return DocumentNumber(ref.number, ref.canonical, ref.kind, ref.kind_name, ref.issuer or "", ref.issuer_name, ref.year)


def find_documents(text: str, *, dates: list[DateMention] | None = None) -> list[DocumentRef]:
    """Every distinct document number written in full in ``text``, sorted by start.

    ``dates`` (the article's date mentions, if already found) only lends a
    year to a day/month written without one next to a number.
    """
    if not text or "/" not in text:
        return []
    vocab = _vocabulary()
    urls = url_spans(text)
    occurrences: list[_Occurrence] = []
    for m in _number_matches(text, vocab):
        if urls and any(s < m.end() and m.start() < e for s, e in urls):
            continue
        lead = _lead_before(text, m.start(), vocab)
        doc = _read_match(m, vocab, lead[1] if lead else None)
        if doc is None:
            continue
        occurrences.append(_Occurrence(lead[0] if lead else m.start(), m.start(), m.end(), doc, lead[1] if lead else None))
    if not occurrences:
        return []
    occurrences = _expand_shared_codes(text, occurrences, vocab)

    fallback_year = None
    if dates:
        years = [int(d.value[:4]) for d in dates if d.value[:4].isdigit()]
        fallback_year = years[0] if years else None
    hits = scan_dates(text, fallback_year=fallback_year)
    by_core: dict[int, DateHit] = {}
    for hit in hits:
        by_core.setdefault(hit.start, hit)
        by_core.setdefault(hit.core_start, hit)
    after = [_date_after_hit(text, occ.end, by_core, vocab) for occ in occurrences]
    for k, (occ, hit) in enumerate(zip(occurrences, after)):
        if hit is not None and _opens_next_clause(text, occ, hit, occurrences[k + 1 :], vocab):
            after[k] = None
    claimed = {hit.core_start for hit in after if hit is not None}
    for occ, hit in zip(occurrences, after):
        occ.issued = (
            (hit.value if hit else None)
            or _date_leading(text, occ, hits, occurrences, vocab)
            or _date_in_apposition(text, occ, hits, occurrences, claimed, vocab)
            or _date_later_in_sentence(text, occ, hits, occurrences, vocab)
        )
    _share_list_dates(text, occurrences)

    refs: dict[str, DocumentRef] = {}
    for occ in occurrences:
        key = occ.doc.canonical.casefold()
        ref = refs.get(key)
        if ref is None:
            d = occ.doc
            refs[key] = DocumentRef(
                start=occ.start,
                end=occ.end,
                number=d.number,
                canonical=d.canonical,
                kind=d.kind,
                kind_name=d.kind_name,
                issuer=d.issuer,
                issuer_name=d.issuer_name,
                year=d.year,
                issued=occ.issued,
                mention=text[occ.start : occ.end],
            )
        elif ref.issued is None and occ.issued is not None:
            ref.issued = occ.issued
    out = sorted(refs.values(), key=lambda r: r.start)
    _link_short_forms(text, out, occurrences, vocab)
    return out
