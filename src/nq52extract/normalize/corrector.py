"""Diacritic and spelling corrector for Vietnamese news text.

``find_corrections(text)`` returns one :class:`Edit` (kind ``"spelling"``)
per word it changes. How it decides:

1. Tokens are whitespace runs; leading/trailing punctuation is peeled off.
   Only all-letter cores are words; numbers, document numbers, acronyms,
   URLs, mixed alphanumerics, camel case and words with ``f j w z`` are left
   alone and cut the context.
2. The text itself is a second lexicon: before deciding, the corrector
   counts the (tone-folded) syllables and adjacent pairs of the whole text.
   A scraped article spells a word right far more often than wrong, so a
   pair seen *elsewhere* in the same text is evidence for it (``Ủy ban``
   five times makes the lone ``Úy ban`` an error), and a syllable frequent
   in the text is a likely reading of a doubtful one.
3. A word that is a known syllable and forms a pair seen in running text
   (the static lexicon or elsewhere in this text) with a neighbour is kept
   without further work (fast path); so is a word none of whose candidates
   has any evidence.
4. Other words get candidates (precomputed per syllable when the lexicon
   loads): every known syllable with the same bare skeleton (tone swaps,
   hook/acute, horn/breve/circumflex, lost or stray marks) plus the
   ``s``/``x`` swap. A small lattice over each run of such words scores
   candidates by pair strength with neighbours (static + in-text), edit
   cost and a unigram prior (static + in-text); a word changes only when the
   best candidate's max-marginal beats keeping it by a margin that depends
   on what is known about the word: an impossible syllable is surely wrong,
   an unaccented word in an otherwise accented text is doubtful, a real
   accented word needs strong evidence and a capitalized one more.
5. A token that is no syllable but splits into two known syllables with
   pair evidence is split (``nghiệptrong`` -> ``nghiệp trong``).

The lexicon lives in ``rules/lexicon/`` and is built by
:mod:`nq52extract.normalize.build_lexicon`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..model import Edit
from ..rules import load_lines, load_tsv, rule_path
from .syllables import canonical, fold, is_syllable, set_tone, split_tone, strip_marks

KIND = "spelling"

# decision margins (max-marginal gain a change must reach)
MARGIN_LOWER = 1.6  # a real accented lower-case word
MARGIN_CAPITAL = 3.5  # a capitalized real word: names need very strong evidence
MARGIN_UNKNOWN = 0.6  # a possible syllable missing from the lexicon
MARGIN_BARE = 1.0  # an unmarked word in a text whose words are mostly unmarked
MARGIN_DOUBT = 1.8  # an unmarked word in an accented text
UNKNOWN_PENALTY = 2.5  # emission penalty of keeping a syllable missing from the lexicon
INVALID_PENALTY = 12.0  # emission penalty of keeping an impossible syllable
LOAN_PENALTY = 0.8  # keeping ``top``/``chat``-like bare stop-coda words in unaccented text
DOUBT_PENALTY = 0.6  # keeping an unmarked word in an accented text
SOFT_DOUBT_PENALTY = 4.0  # keeping ``cac``/``mot`` in an accented text
MAX_COST = 2.6  # candidates costlier than this are not generated
STRONG_EVIDENCE = 3.5  # static pair strength (with a dictionary flag) that may change a real word
RELAXED_EVIDENCE = 2.0  # pair strength that may change a doubtful (unmarked) word
JOINT_COST = 1.6  # two adjacent real words change together only if this cheap
PRIOR_W = 0.3  # weight of the static unigram prior (log count)
DOC_UNI_W = 0.5  # weight of the in-text unigram count (log)
DOC_PAIR_W = 3.0  # weight of the in-text pair count (log)
DOC_PAIR_CAP = 3.5  # cap of the in-text pair bonus
ACCENTED_SHARE = 0.5  # share of marked syllables that makes a text "accented"
ACCENTED_MIN_WORDS = 6  # ... counted only over at least this many syllables
SUSPICIOUS_RATIO = 3.0  # log ratio: a real word this much rarer than a cheap candidate is doubtful
SUSPICIOUS_COST = 0.8  # ... a candidate this cheap (lost marks, hook as acute, stray dot)
DOT_COST = 0.8  # a stray dot below removed
RARER_RATIO = 8.0  # a real word becomes a word this many times rarer (static counts) only if it fits both sides better
HOOK_COST = 0.7  # hỏi typed as sắc
ACUTE_COST = 1.1  # sắc typed as hỏi (rarer)
D_COST = 2.7  # d/đ swapped in a word that has other marks

# language model (interpolated absolute-discount bigram over tone-folded syllables) and noisy channel
LM_COMPOUND = 0.5  # pseudo-count of a pair inside a dictionary word
LM_COMMON = 1.0  # ... extra when the word is in the common-word list
LM_ATTESTED = 2.0  # ... of a pair kept as a CRF training n-gram
LM_NAME = 0.5  # ... of a pair inside a place name
LM_PROD_W = 0.05  # unigram pseudo-count per dictionary word containing the syllable
LM_UNI_FLOOR = 0.5  # unigram floor (every known syllable)
LM_DISCOUNT = 0.5  # absolute discount of bigram counts
LM_UNSEEN_LAMBDA = 0.3  # back-off weight of a left syllable with no known continuation
LM_DOC_W = 0.5  # weight of the text's own counts (spot excluded)
# channel: log-probability cost (nats) of each error a writer or a scraper makes
CH_MARKS_LOST = 4.0  # an unmarked word in an accented text whose marks were lost
CH_KEPT_D = 2.5  # ... extra when the word kept its đ
CH_HORN = 7.25  # horn/breve/circumflex lost (tu for tư), hook typed as acute
CH_DOT = 6.0  # a dot below added or lost
CH_SX = 7.0  # s and x swapped at the start of a word (năng xuất)
LM_MAX_COST = 1.3  # candidate edit cost considered by the language-model pass
LM_MARGIN = 0.0  # log-odds a change must win by
DOMINANCE = 3.0  # a pair this much stronger than the written one may override it (năng xuất -> năng suất)


def _in_name_run(words: list, index: int) -> bool:
    """Whether a capitalised word stands right beside another capitalised word."""
    w = words[index]
    for j in (index - 1, index + 1):
        if 0 <= j < len(words):
            other = words[j]
            gap = other.start - w.end if j > index else w.start - other.end
            if other.cap and gap == 1:
                return True
    return False


_LETTERS = "a-zA-Zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" \
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
_TOKEN = re.compile(r"\S+")
NUMBER = "0"  # the token a number stands as, in the lexicon's pairs and in a text's words
NUMBER_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*%?")
_WORD_ONLY = re.compile(rf"[{_LETTERS}]+\Z")
_FOREIGN = re.compile(r"[fjwzFJWZ]")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>,.;:!?…–—-*•/\\|"
_SWAPS = (("s", "x"), ("x", "s"))


class Lexicon:
    """Syllable counts, pair strengths and per-syllable candidate sets."""

    def __init__(self) -> None:
        self.uni: dict[str, int] = {}
        self.run: dict[str, int] = {}  # running-text counts (language-model unigrams)
        self.lm_pair: dict[str, float] = {}  # bigram counts plus pseudo-counts from dictionary/training n-grams
        self.lm_left: dict[str, float] = {}  # per left syllable: summed pair counts
        self.lm_types: dict[str, int] = {}  # per left syllable: number of distinct right syllables
        self.pair: dict[str, float] = {}
        self.flags: dict[str, int] = {}
        self.seen: set[str] = set()  # pairs seen in running text (attested or counted twice)
        self.protected: frozenset[str] = frozenset(load_lines("lexicon/protected.txt"))
        self.place_pairs: frozenset[str] = _place_pairs()
        self.surnames = frozenset(fold(x.lower()) for x in load_lines("surnames.txt"))
        self.middle_names = frozenset(fold(x.lower()) for x in load_lines("lexicon/middle_names.txt"))
        self.by_skeleton: dict[str, list[str]] = {}
        self.prior_of: dict[str, float] = {}
        self.cands: dict[str, tuple[tuple[str, float], ...]] = {}
        self.info: dict[str, tuple] = {}
        self._load()

    def _load(self) -> None:
        uni = self.uni
        run = self.run
        with rule_path("lexicon/syllables.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                if line[0] == "#":
                    continue
                s, n, r = line.rstrip("\n").split("\t")
                uni[s] = int(n)
                if r != "0":
                    run[s] = int(r)
        pair = self.pair
        flags_of = self.flags
        seen = self.seen
        lm_pair, lm_left, lm_types = self.lm_pair, self.lm_left, self.lm_types
        strength_cache: dict[tuple[str, str], float] = {}
        with rule_path("lexicon/pairs.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                if line[0] == "#":
                    continue
                a, b, n, f = line.rstrip("\n").split("\t")
                key = a + " " + b
                st = strength_cache.get((n, f))
                if st is None:
                    st = strength_cache[(n, f)] = _pair_strength(int(n), int(f))
                pair[key] = st
                pc = _pseudo_count(int(n), int(f))
                if pc:
                    lm_pair[key] = pc
                    lm_left[a] = lm_left.get(a, 0.0) + pc
                    lm_types[a] = lm_types.get(a, 0) + 1
                if f != "0":
                    flags_of[key] = int(f)
                if (f != "0" and int(f) & 4) or (n != "0" and n != "1"):
                    seen.add(key)
        skel_of: dict[str, str] = {}
        for s in uni:
            k = strip_marks(s)
            skel_of[s] = k
            self.by_skeleton.setdefault(k, []).append(s)
            self.prior_of[s] = math.log1p(uni[s])
        # language-model unigram mass: running text plus a little per dictionary word
        self.lm_uni = {s: run.get(s, 0) + LM_PROD_W * (n - run.get(s, 0)) + LM_UNI_FLOOR for s, n in uni.items()}
        self.lm_total = sum(self.lm_uni.values())
        # candidate sets, once per syllable
        for s in uni:
            self.cands[s] = self._make_candidates(s, skel_of[s])
            self.info[s] = (s, True, True, False, False, s.isascii() or s.replace("đ", "d").isascii(), skel_of[s])
        # candidates of the language-model pass, with the cost of each error (channel)
        parts = {s: split_tone(s) for s in uni}
        split = parts.__getitem__
        skels = skel_of.__getitem__
        self.lm_cands: dict[str, tuple[tuple[str, float], ...]] = {
            s: self.make_lm_candidates(s, self.info[s][5], split, skels) for s in uni
        }
        # skeleton pairs of strong dictionary pairs: two adjacent words that may both be wrong
        self.skel_pairs: set[str] = set()
        for key, st in pair.items():
            if st >= STRONG_EVIDENCE and flags_of.get(key, 0) & 9:
                a, b = key.split(" ")
                self.skel_pairs.add(skel_of.get(a, a) + " " + skel_of.get(b, b))

    def _make_candidates(self, word: str, skel: str) -> tuple[tuple[str, float], ...]:
        keys = [skel]
        for a, b in _SWAPS:
            if skel.startswith(a):
                keys.append(b + skel[len(a):])
        out = []
        for key in keys:
            for cand in self.by_skeleton.get(key, ()):
                if cand == word:
                    continue
                c = _cost(word, cand)
                if c <= MAX_COST and _plausible_error(word, cand):
                    out.append((cand, c))
        return tuple(out)

    def make_lm_candidates(self, word: str, bare: bool, split=split_tone, skel=strip_marks) -> tuple[tuple[str, float], ...]:
        out = []
        for c, cost in self.cands.get(word) or self.candidates(word):
            if cost <= LM_MAX_COST:
                ch = _channel(word, bare, c, split, skel)
                if ch is not None:
                    out.append((c, ch))
        return tuple(out)

    def candidates(self, word: str) -> tuple[tuple[str, float], ...]:
        """Known syllables reachable from ``word`` (lower, folded) with their cost."""
        got = self.cands.get(word)
        if got is None:
            got = self._make_candidates(word, strip_marks(word))
            if len(self.cands) < 200000:
                self.cands[word] = got
        return got

    def word_info(self, low: str) -> tuple:
        """``(key, valid, known, soft_invalid, hard_invalid, bare, skeleton)`` of a lower-case word."""
        got = self.info.get(low)
        if got is None:
            valid = is_syllable(low)
            key = fold(low) if valid else low
            known = valid and key in self.uni
            bare = low.isascii() or low.replace("đ", "d").isascii()  # no tone, no hat/breve/horn
            # a bare token with a stop coda and no tone (``top``, ``cac``): loanword or lost marks
            soft = not valid and bare and is_syllable(set_tone(low, 2))
            got = (key, valid, known, soft, not valid and not soft, bare, strip_marks(low))
            if len(self.info) < 200000:
                self.info[low] = got
        return got

    def prior(self, s: str) -> float:
        """Weak unigram prior."""
        got = self.prior_of.get(s)
        return PRIOR_W * (got if got is not None else math.log1p(self.uni.get(s, 0)))


def _pair_strength(count: int, flags: int) -> float:
    s = 0.0
    if flags & 1:
        s += 2.0
    if flags & 2:
        s += 1.0
    if flags & 4:
        s += 1.5
    if flags & 8:
        s += 1.5
    if count:
        s += min(3.0, 0.8 + 0.6 * math.log1p(count))
    return min(s, 6.5)


def _pseudo_count(count: int, flags: int) -> float:
    """Language-model count of a pair: running-text count plus pseudo-counts for each kind of attestation."""
    c = float(count)
    if flags & 1:
        c += LM_COMPOUND
    if flags & 2:
        c += LM_COMMON
    if flags & 4:
        c += LM_ATTESTED
    if flags & 8:
        c += LM_NAME
    return c


def _place_pairs() -> frozenset[str]:
    """Adjacent syllables of province and district names (``đà nẵng``, ``sơn trà``), tone-folded."""
    out = set()
    for table in ("gazetteer/provinces.tsv", "gazetteer/districts.tsv", "gazetteer/districts_extra.tsv"):
        for row in load_tsv(table):
            sylls = [fold(t) for t in row["name"].lower().split()]
            out.update(a + " " + b for a, b in zip(sylls, sylls[1:]))
    return frozenset(out)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, loaded once (candidate sets included)."""
    return Lexicon()


# --------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------


def _cost(orig: str, cand: str) -> float:
    """Edit cost from ``orig`` to ``cand`` (same skeleton length, both lower)."""
    o_base, o_tone = split_tone(orig)
    c_base, c_tone = split_tone(cand)
    cost = 0.0
    bare = o_tone == 0 and (o_base.isascii() or o_base.replace("đ", "d").isascii())
    if o_tone != c_tone:
        if o_tone < 0:
            cost += 0.4
        elif o_tone == 2 and c_tone == 3:
            cost += HOOK_COST  # hook read as acute
        elif o_tone == 3 and c_tone == 2:
            cost += ACUTE_COST
        elif o_tone == 0:
            cost += 0.7 if bare else 0.95
        elif o_tone == 5 and c_tone == 0 and o_base == c_base:
            cost += DOT_COST  # a stray dot below (the Telex ``j``)
        elif c_tone == 0:
            cost += 1.3  # dropping a tone the writer typed
        elif {o_tone, c_tone} == {3, 4}:
            cost += 1.0  # hỏi/ngã
        else:
            cost += 1.3
    for a, b in zip(o_base, c_base):
        if a != b:
            if strip_marks(a) != strip_marks(b):
                cost += 1.2  # onset swap s/x
            elif a in "dđ" and not bare:
                cost += D_COST
            else:
                cost += 0.5 if bare else 0.8
    return cost


_TONE_SLIPS = frozenset({(2, 3), (5, 0), (0, 5)})  # (typed, meant): hook read as acute, a dot added or lost


def _plausible_error(typed: str, meant: str) -> bool:
    """Could a writer or OCR have produced ``typed`` for ``meant`` by the errors scraped news shows?

    A word with no marks at all may have lost any of them. A marked word
    keeps the marks it has: only a hook read as acute, a dot below added or
    lost, a horn/breve/circumflex missing, or an s/x swap. So ``mỗi`` never
    becomes ``môi``, ``nghỉ`` never ``nghĩ``, ``trông`` never ``trong``,
    ``sổ`` never ``số``.
    """
    t_base, t_tone = split_tone(typed)
    if t_tone < 0 or not is_syllable(typed):
        return True  # stacked tone marks or no syllable: the lattice weighs every reading
    if t_tone == 0 and (t_base.isascii() or t_base.replace("đ", "d").isascii()):
        return True
    m_base, m_tone = split_tone(meant)
    if t_tone != m_tone and (t_tone, m_tone) not in _TONE_SLIPS:
        return False
    for a, b in zip(t_base, m_base):
        if a != b and strip_marks(a) == strip_marks(b) and (strip_marks(a) != a or a == "d"):
            return False  # a mark the writer typed is gone or changed, or d/đ swapped
    return True


def _candidates(word: str) -> tuple[tuple[str, float], ...]:
    """Known syllables reachable from ``word`` (lower, folded) with their cost."""
    return lexicon().candidates(word)


# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------


class _Word:
    __slots__ = ("bare", "cap", "end", "hard_invalid", "key", "known", "low", "name", "skel", "soft_invalid", "start", "text", "valid")

    def __init__(self, start: int, end: int, text: str, lex: Lexicon | None):
        self.start = start
        self.end = end
        self.text = text
        if lex is None:  # a number: context for its neighbours ("năm 2025"), never changed
            self.low = self.key = self.skel = NUMBER
            self.valid = self.soft_invalid = self.hard_invalid = self.bare = self.cap = self.name = False
            self.known = True
            return
        low = text.lower()
        self.low = low
        self.key, self.valid, self.known, self.soft_invalid, self.hard_invalid, self.bare, self.skel = lex.word_info(low)
        self.cap = text[0] != low[0]
        self.name = self.cap  # capitalized inside a sentence (set by ``_segments``)


def _segments(text: str, lex: Lexicon) -> list[list[_Word]]:
    """Runs of correctable words not cut by punctuation or protected tokens; a number stays in as ``0``."""
    segs: list[list[_Word]] = []
    cur: list[_Word] = []
    edge = _EDGE_PUNCT
    word_only = _WORD_ONLY.match
    number_token = NUMBER_TOKEN.fullmatch
    initial = True  # the next word starts a sentence
    for m in _TOKEN.finditer(text):
        tok = m.group()
        starts = initial or (m.start() > 0 and text[m.start() - 1] == "\n")
        initial = tok[-1] in ".!?" or tok[-1] in "\"”" and len(tok) > 1 and tok[-2] in ".!?"
        i, j = 0, len(tok)
        while i < j and tok[i] in edge:
            i += 1
        while j > i and tok[j - 1] in edge:
            j -= 1
        core = tok[i:j] if (i or j < len(tok)) else tok
        ok = bool(core) and word_only(core) is not None
        if ok and ((len(core) > 1 and not core[1:].islower()) or _FOREIGN.search(core)):
            ok = False  # foreign letters, acronyms, camel case
        number = not ok and bool(core) and core[0].isdigit() and number_token(core) is not None
        if not ok and not number:
            if cur:
                segs.append(cur)
                cur = []
            continue
        if i > 0 and cur:
            segs.append(cur)
            cur = []
        w = _Word(m.start() + i, m.start() + j, core, None if number else lex)
        if starts and w.cap:
            w.name = False
        cur.append(w)
        if j < len(tok):
            segs.append(cur)
            cur = []
    if cur:
        segs.append(cur)
    return segs


def _match_case(orig: str, new: str) -> str:
    if orig[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


class _Doc:
    """Counts of the text's own syllables and adjacent pairs (tone-folded keys)."""

    __slots__ = ("accented", "lm", "pairs", "uni")

    def __init__(self, segs: list[list[_Word]]):
        uni: dict[str, int] = {}
        pairs: dict[str, int] = {}
        marked = total = 0
        for seg in segs:
            prev = None
            for w in seg:
                if w.valid:
                    total += 1
                    if not w.bare:
                        marked += 1
                if w.known:
                    k = w.key
                    uni[k] = uni.get(k, 0) + 1
                    if prev is not None:
                        pk = prev + " " + k
                        pairs[pk] = pairs.get(pk, 0) + 1
                    prev = k
                else:
                    prev = None
        self.uni = uni
        self.pairs = pairs
        self.accented = total >= ACCENTED_MIN_WORDS and marked >= ACCENTED_SHARE * total
        self.lm = None


# --------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------


def _split_glued(w: _Word, left: str | None, right: str | None, lex: Lexicon, doc: _Doc) -> str | None:
    """``a b`` if the non-syllable ``w`` splits into two known syllables.

    A token with Vietnamese marks that is no syllable but two known ones is
    split on the best-scoring boundary; a bare Latin token also needs pair
    evidence (it may be a foreign word).
    """
    low = w.low
    best = None
    best_score = 0.0
    pair = lex.pair
    dp = doc.pairs
    for k in range(1, len(low)):
        a, b = low[:k], low[k:]
        if not (is_syllable(a) and is_syllable(b)):
            continue
        fa, fb = fold(a), fold(b)
        if fa not in lex.uni or fb not in lex.uni:
            continue
        inner = pair.get(fa + " " + fb, 0.0) + (1.5 if dp.get(fa + " " + fb) else 0.0)
        outer = (pair.get(left + " " + fa, 0.0) if left else 0.0) + (pair.get(fb + " " + right, 0.0) if right else 0.0)
        if min(lex.uni[fa], lex.uni[fb]) < 3:
            continue
        if low.isascii() and inner + outer < 1.5:
            continue  # bare Latin: may be a foreign word, needs pair evidence
        score = inner + outer + lex.prior(fa) + lex.prior(fb)
        if score > best_score:
            best, best_score = fa + " " + fb, score
    return best


class _Scorer:
    """Pair and unigram scores: static lexicon plus the text's own counts (minus the spot scored)."""

    __slots__ = ("dpairs", "duni", "lex", "pair")

    def __init__(self, lex: Lexicon, doc: _Doc):
        self.lex = lex
        self.pair = lex.pair
        self.dpairs = doc.pairs
        self.duni = doc.uni

    def trans(self, a: str, b: str, own: bool) -> float:
        """Strength of the pair ``a b``; ``own``: it is the pair observed at this spot."""
        k = a + " " + b
        s = self.pair.get(k, 0.0)
        n = self.dpairs.get(k, 0) - own
        if n > 0:
            s += min(DOC_PAIR_CAP, DOC_PAIR_W * math.log1p(n))
        return s

    def doc_other(self, a: str, b: str, own: bool) -> int:
        return self.dpairs.get(a + " " + b, 0) - own

    def prior(self, s: str, own: bool) -> float:
        n = self.duni.get(s, 0) - own
        p = self.lex.prior(s)
        if n > 0:
            p += DOC_UNI_W * math.log1p(n)
        return p


def _rarer(w: str, c: str, lex: Lexicon, sc: _Scorer) -> float:
    """How many times more frequent ``c`` is than ``w`` (log; static counts and counts in the text)."""
    po = lex.prior_of
    return po.get(c, 0.0) - po.get(w, 0.0) + math.log1p(sc.duni.get(c, 0)) - math.log1p(sc.duni.get(w, 1) - 1)


def _max_rarer(w: str, lex: Lexicon, sc: _Scorer) -> float:
    return max((_rarer(w, c, lex, sc) for c, cost in lex.candidates(w) if cost <= SUSPICIOUS_COST), default=0.0)


def _keep_penalty(w: _Word, doc: _Doc) -> float:
    if w.hard_invalid:
        return -INVALID_PENALTY
    if w.soft_invalid:
        return -SOFT_DOUBT_PENALTY if doc.accented else -LOAN_PENALTY
    if not w.known:
        return -UNKNOWN_PENALTY
    if w.bare and doc.accented:
        return -DOUBT_PENALTY
    return 0.0


def _decide_run(words: list[_Word], i0: int, j0: int, lex: Lexicon, doc: _Doc, sc: _Scorer) -> list[tuple[_Word, str]]:
    """Lattice over ``words[i0:j0+1]`` (each with candidates) between fixed neighbours."""
    run = words[i0 : j0 + 1]
    left = words[i0 - 1].key if i0 > 0 else None
    right = words[j0 + 1].key if j0 + 1 < len(words) else None
    trans = sc.trans
    cands: list[list[str]] = []
    emis: list[list[float]] = []
    for w in run:
        cs = [w.key]
        es = [sc.prior(w.key, True) + _keep_penalty(w, doc)]
        for c, cost in lex.candidates(w.key):
            cs.append(c)
            es.append(sc.prior(c, False) - cost)
        cands.append(cs)
        emis.append(es)
    n = len(run)
    alpha: list[list[float]] = []
    prev_vals: list[float] = []
    for i in range(n):
        row = []
        for k, (c, e) in enumerate(zip(cands[i], emis[i])):
            if i == 0:
                best = trans(left, c, k == 0) if left else 0.0
            else:
                best = max(pv + trans(p, c, kp == 0 and k == 0) for kp, (p, pv) in enumerate(zip(cands[i - 1], prev_vals)))
            row.append(best + e)
        alpha.append(row)
        prev_vals = row
    beta: list[list[float]] = [[] for _ in range(n)]
    for i in range(n - 1, -1, -1):
        if i == n - 1:
            beta[i] = [trans(c, right, k == 0) if right else 0.0 for k, c in enumerate(cands[i])]
        else:
            nxt = list(zip(cands[i + 1], emis[i + 1], beta[i + 1]))
            beta[i] = [
                max(trans(c, nx, k == 0 and kn == 0) + ne + nb for kn, (nx, ne, nb) in enumerate(nxt))
                for k, c in enumerate(cands[i])
            ]
    chosen: list[int] = []
    gains: list[float] = []
    for i in range(n):
        marg = [a + b for a, b in zip(alpha[i], beta[i])]
        k = max(range(len(marg)), key=marg.__getitem__)
        chosen.append(k)
        gains.append(marg[k] - marg[0])
    value = [w.key for w in words]
    for i in range(n):
        value[i0 + i] = cands[i][chosen[i]]
    out = []
    for i, w in enumerate(run):
        k = chosen[i]
        if k == 0:
            continue
        c = cands[i][k]
        if w.hard_invalid:
            out.append((w, c))
            continue
        if w.cap and _in_name_run(words, i0 + i):
            # a possible syllable beside another capitalised word is part of a name ("Minh Thu", "Vừ Thị Sua"):
            # only the name mends of _mend_name apply ("Đà Nãng", "Nguyễn Van Hùng", "Vũ Đuc Lợi")
            fix = _mend_name(words, value, i0 + i, c, lex)
            if fix is not None:
                out.append((w, fix))
            continue
        doubtful = w.bare and doc.accented and not w.name
        if w.soft_invalid:
            need = MARGIN_DOUBT if doc.accented else MARGIN_BARE
            if gains[i] >= need and _soft_evidence(words, value, i0 + i, c, lex, sc, doc):
                out.append((w, c))
            continue
        if not w.known:
            if gains[i] >= MARGIN_UNKNOWN:
                out.append((w, c))
            continue
        suspicious = not w.name and _cost(w.key, c) <= SUSPICIOUS_COST and _rarer(w.key, c, lex, sc) >= SUSPICIOUS_RATIO
        if w.name:
            need = MARGIN_CAPITAL
        elif doubtful or suspicious:
            need = MARGIN_DOUBT
        elif w.bare:
            need = MARGIN_BARE
        else:
            need = MARGIN_LOWER
        relaxed = doubtful or suspicious or (w.bare and not w.name)
        if gains[i] >= need and _evidence(words, value, i0 + i, c, lex, sc, relaxed, suspicious):
            out.append((w, c))
    return out


def _mend_name(words: list[_Word], value: list[str], i: int, c: str, lex: Lexicon) -> str | None:
    """The one change allowed to a word inside a run of capitals, or None.

    A word impossible as written takes the lattice's choice; a look-alike of
    ``Văn``/``Thị`` after a surname, or of a surname before ``Văn``/``Thị``,
    becomes it ("Nguyễn Van Hùng", "Le Văn Thắng"); a province or district name
    may be mended (see :func:`_mends_place_name`).
    """
    w = words[i]
    if w.soft_invalid:
        return c
    fit = _name_part_fix(words, value, i, lex)
    if fit is not None:
        return fit
    return c if _mends_place_name(words, value, i, c, lex) else None


def _name_part_fix(words: list[_Word], value: list[str] | None, i: int, lex: Lexicon) -> str | None:
    """``văn``/``thị`` for a look-alike after a surname, or the surname for a look-alike before them.

    ``value``: the words' current readings (None: as written)."""
    w = words[i]
    if not w.cap or w.hard_invalid:
        return None
    n = len(words)
    left_cap = i > 0 and words[i - 1].cap
    right_cap = i + 1 < n and words[i + 1].cap
    if not right_cap:
        return None
    left = (value[i - 1] if value is not None else words[i - 1].key) if left_cap else None
    right = value[i + 1] if value is not None else words[i + 1].key
    if left is not None and left in lex.surnames and w.key not in lex.middle_names:
        wanted = lex.middle_names
    elif right in lex.middle_names and w.key not in lex.surnames and i + 2 < n and words[i + 2].cap:  # "Bà Pham Thị Lan"
        wanted = lex.surnames
    else:
        return None
    fits = [x for x, _cost in lex.candidates(w.key) if x in wanted and _plausible_error(w.key, x)]
    return fits[0] if len(fits) == 1 else None


def _mends_place_name(words: list[_Word], value: list[str], i: int, c: str, lex: Lexicon) -> bool:
    """Does ``c`` join a capitalised neighbour in a province or district name ("Đà Nãng", "Xơn Trà")?

    Only where the word as written forms no known pair with that neighbour,
    and the neighbour is not already bound in a name on its other side:
    "Báo Lâm Đồng" is the newspaper, not the district Bảo Lâm.
    """
    w = words[i]
    if not _plausible_error(w.key, c):
        return False
    places = lex.place_pairs
    n = len(words)
    for j in (i - 1, i + 1):
        if not 0 <= j < n or not words[j].cap or value[j] != words[j].key:
            continue
        new = (value[j] + " " + c) if j < i else (c + " " + value[j])
        old = (words[j].key + " " + w.key) if j < i else (w.key + " " + words[j].key)
        if new not in places or old in lex.pair:
            continue
        k = j - 1 if j < i else j + 1
        if 0 <= k < n and words[k].cap:
            bound = (value[k] + " " + value[j]) if k < j else (value[j] + " " + value[k])
            if bound in places or lex.flags.get(bound, 0) & 1:
                continue
        return True
    return False


def _soft_evidence(words: list[_Word], value: list[str], i: int, c: str, lex: Lexicon, sc: _Scorer, doc: _Doc) -> bool:
    """A bare stop-coda token (``cac``, ``top``) becomes ``c`` only with pair evidence on some side."""
    lv = value[i - 1] if i > 0 else None
    rv = value[i + 1] if i + 1 < len(words) else None
    total = (sc.trans(lv, c, False) if lv else 0.0) + (sc.trans(c, rv, False) if rv else 0.0)
    if doc.accented:
        return total > 0 or sc.duni.get(c, 0) > 0 or lex.uni.get(c, 0) >= 100
    return total >= 2 * RELAXED_EVIDENCE


def _evidence(
    words: list[_Word],
    value: list[str],
    i: int,
    c: str,
    lex: Lexicon,
    sc: _Scorer,
    relaxed: bool,
    suspicious: bool = False,
) -> bool:
    """May the real word ``words[i]`` become ``c``?

    The word must form no attested pair (static lexicon) and no dictionary
    compound with a neighbour that stays. Pairs the word forms elsewhere in
    the text do *not* keep it: scraped articles repeat their errors
    (``tố chức`` three times). ``c`` must not be far rarer than the word
    unless it fits both neighbours better (``năng suất lao``, not ``trường
    phái mời``).

    A relaxed (unmarked, or suspiciously rare) word needs ``c`` to fit each
    side at least as well and pair evidence summed over both sides (a
    suspicious one: to fit some side better). Otherwise ``c`` must form a
    strong pair with a neighbour on a side where the word forms no pair at
    all: a dictionary pair, or a pair seen elsewhere in the text. That
    neighbour must not already be bound in a dictionary word with its other
    neighbour (``địa bàn tỉnh`` never becomes ``bàn tính``); if the
    neighbour changes too, both changes must be cheap.
    """
    w = words[i]
    flags = lex.flags
    pair = lex.pair
    seen = lex.seen
    n = len(words)
    lw = words[i - 1] if i > 0 else None
    rw = words[i + 1] if i + 1 < n else None
    # the word as written is bound to a neighbour: attested pair or dictionary compound
    if lw is not None:
        k = lw.key + " " + w.key
        if k in seen or (flags.get(k, 0) & 1 and value[i - 1] == lw.key):
            return False
    if rw is not None:
        k = w.key + " " + rw.key
        if k in seen or (flags.get(k, 0) & 1 and value[i + 1] == rw.key):
            return False
    # never towards a much rarer word, unless it fits both neighbours better
    if lex.uni.get(c, 0) * RARER_RATIO < lex.uni.get(w.key, 0):
        if lw is None or rw is None:
            return False
        if not (sc.trans(value[i - 1], c, False) > sc.trans(lw.key, w.key, True)
                and sc.trans(c, value[i + 1], False) > sc.trans(w.key, rw.key, True)):
            return False
    if relaxed:
        lv = value[i - 1] if lw is not None else None
        rv = value[i + 1] if rw is not None else None
        sides = 0
        total = orig = 0.0
        attested = wins = False
        for nb, a, b, oa, ob in (
            (lv, lv, c, lw.key if lw is not None else None, w.key),
            (rv, c, rv, w.key, rw.key if rw is not None else None),
        ):
            if nb is None:
                continue
            sides += 1
            t_new = sc.trans(a, b, False)
            t_old = sc.trans(oa, ob, True)  # type: ignore[arg-type]
            if t_new < t_old:
                return False  # the word as written fits this side better
            wins = wins or t_new > t_old
            total += t_new
            orig += t_old
            k = a + " " + b
            if k in seen or sc.doc_other(a, b, False) > 0:
                attested = True
        if suspicious and (wins or _rarer(w.key, c, lex, sc) >= SUSPICIOUS_RATIO + 2):
            return True  # far more frequent, and fits both sides at least as well
        if sides == 1 and (not attested or _sx_swap(w.key, c)):
            return False  # one side only: the candidate's pair must be attested, and an s/x swap needs both
        return total >= 2 * RELAXED_EVIDENCE and total >= orig + RELAXED_EVIDENCE
    need_flags = 1 | 8 if w.name else 1
    for step in (-1, 1):
        j = i + step
        if not 0 <= j < n:
            continue
        nv = value[j]
        key = (nv + " " + c) if step < 0 else (c + " " + nv)
        orig_key = (words[j].key + " " + w.key) if step < 0 else (w.key + " " + words[j].key)
        strength = pair.get(key, 0.0)
        if orig_key in pair and pair[orig_key] + DOMINANCE > strength:
            continue  # the word as written pairs with this neighbour too (unless far more weakly)
        in_text = (sc.doc_other(nv, c, False) if step < 0 else sc.doc_other(c, nv, False)) > 0 and nv == words[j].key
        if not in_text and (strength < STRONG_EVIDENCE or not flags.get(key, 0) & need_flags):
            continue
        if nv != words[j].key:
            if _cost(w.key, c) + _cost(words[j].key, nv) > JOINT_COST:
                continue
        else:
            jj = j + step
            if 0 <= jj < n and not in_text:
                other = (words[jj].key + " " + nv) if step < 0 else (nv + " " + words[jj].key)
                if flags.get(other, 0) & 1:
                    continue
        return True
    return False


def _needs_work(words: list[_Word], i: int, lex: Lexicon, doc: _Doc, sc: _Scorer) -> bool:
    """Fast path: only words that are no known syllable, or whose candidates have evidence, enter the lattice."""
    w = words[i]
    if not w.known:
        return True
    doubtful = w.bare and doc.accented
    if not doubtful and w.key in lex.protected:
        return False  # a real function word stays
    left = words[i - 1].key if i > 0 else None
    right = words[i + 1].key if i + 1 < len(words) else None
    seen = lex.seen
    dpairs = doc.pairs
    if left is not None:
        k = left + " " + w.key
        if k in seen:
            return False
    if right is not None:
        k = w.key + " " + right
        if k in seen:
            return False
    pair = lex.pair
    flags = lex.flags
    if not w.name and _max_rarer(w.key, lex, sc) >= SUSPICIOUS_RATIO:
        return True
    sp = lex.skel_pairs
    if (i > 0 and words[i - 1].skel + " " + w.skel in sp and words[i - 1].key + " " + w.key not in lex.pair) or (
        i + 1 < len(words) and w.skel + " " + words[i + 1].skel in sp and w.key + " " + words[i + 1].key not in lex.pair
    ):
        return True  # the word and a neighbour may both be wrong
    if w.cap and _name_part_fix(words, None, i, lex):
        return True  # a look-alike of a surname or of Văn/Thị inside a name
    strong = doubtful or (w.bare and not w.name)
    for c, _cost_ in lex.candidates(w.key):
        if left is not None:
            k = left + " " + c
            if k in dpairs:
                return True
            s = pair.get(k)
            if s is not None and (strong or (s >= STRONG_EVIDENCE and flags.get(k, 0) & 9)):
                return True
        if right is not None:
            k = c + " " + right
            if k in dpairs:
                return True
            s = pair.get(k)
            if s is not None and (strong or (s >= STRONG_EVIDENCE and flags.get(k, 0) & 9)):
                return True
    return False


def find_corrections(text: str) -> list[Edit]:
    """Spelling/diacritic corrections for ``text``: one Edit per changed word."""
    if not text:
        return []
    lex = lexicon()
    segs = _segments(text, lex)
    if not segs:
        return []
    doc = _Doc(segs)
    sc = _Scorer(lex, doc)
    doc.lm = _LM(lex, doc)
    edits: list[Edit] = []
    for seg in segs:
        # glued words first: they are replaced and cut the segment
        pieces: list[list[_Word]] = [[]]
        for idx, w in enumerate(seg):
            marked = not w.low.isascii()
            if w.hard_invalid and (len(w.low) >= 4 or marked and len(w.low) == 3) and not lex.candidates(w.low):
                left = seg[idx - 1].key if idx > 0 and seg[idx - 1].known else None
                right = seg[idx + 1].key if idx + 1 < len(seg) and seg[idx + 1].known else None
                # a capitalised token alone is split only where a sentence starts and it has Vietnamese marks
                # ("Cụthể," but not a brand or a name written in one piece)
                alone_ok = not w.cap or (marked and not w.name)
                split = _split_glued(w, left, right, lex, doc) if alone_ok or left or right else None
                if split:
                    if w.name:  # inside a sentence a capital marks a name: "Vănan" is "Văn An"
                        split = " ".join(part[:1].upper() + part[1:] for part in split.split(" "))
                    edits.append(Edit(w.start, w.end, _match_case(w.text, split), KIND))
                if pieces[-1]:
                    pieces.append([])
                continue
            pieces[-1].append(w)
        for piece in pieces:
            if piece:
                edits.extend(_correct_piece(piece, lex, doc, sc))
    edits.sort(key=lambda e: e.start)
    return edits


class _LM:
    """Interpolated absolute-discount bigram model: static counts plus the text's own (the spot excluded)."""

    __slots__ = ("dpairs", "duni", "lex", "total")

    def __init__(self, lex: Lexicon, doc: _Doc):
        self.lex = lex
        self.dpairs = doc.pairs
        self.duni = doc.uni
        self.total = lex.lm_total + LM_DOC_W * sum(doc.uni.values())

    def uni(self, b: str, own: int) -> float:
        return (self.lex.lm_uni.get(b, LM_UNI_FLOOR) + LM_DOC_W * (self.duni.get(b, 0) - own)) / self.total

    def prob(self, a: str, b: str, own_a: int, own_b: int, own_pair: int) -> float:
        """P(b | a); ``own_*``: occurrences at the spot being scored (not evidence)."""
        lex = self.lex
        k = a + " " + b
        dn = self.dpairs.get(k, 0) - own_pair
        cab = lex.lm_pair.get(k, 0.0) + LM_DOC_W * dn
        ca = lex.lm_left.get(a, 0.0) + LM_DOC_W * (self.duni.get(a, 0) - own_a)
        pu = self.uni(b, own_b)
        if ca <= 0:
            return LM_UNSEEN_LAMBDA * pu  # no continuations known: back off as a typical rare word does
        types = lex.lm_types.get(a, 0) + (1 if dn > 0 else 0)
        lam = min(1.0, LM_DISCOUNT * max(types, 1) / ca)
        return max(cab - LM_DISCOUNT, 0.0) / ca + lam * pu

    def score(self, left: str | None, x: str, right: str | None, own: bool, lown: bool, rown: bool) -> float:
        """log P(x | left) + log P(right | x); ``own``: x is the word written at the spot."""
        o = 1 if own else 0
        if left is not None:
            s = math.log(self.prob(left, x, 0, o, 1 if (own and lown) else 0))
        else:
            s = math.log(self.uni(x, o))
        if right is not None:
            s += math.log(self.prob(x, right, o, 0, 1 if (own and rown) else 0))
        return s


def _sx_swap(word: str, c: str) -> bool:
    """``c`` is ``word`` with s and x swapped at the start (năng xuất for năng suất), nothing else."""
    return len(word) == len(c) and word[1:] == c[1:] and {word[0], c[0]} == {"s", "x"}


def _channel(word: str, bare: bool, c: str, split=split_tone, skel=strip_marks) -> float | None:
    """Cost (nats) of the writer typing ``word`` for ``c``; None: an error this pass does not consider."""
    if _sx_swap(word, c):
        return CH_SX
    if bare:
        if skel(c) != skel(word):
            return None
        # the writer typed đ: marks were hardly lost
        return CH_MARKS_LOST + (CH_KEPT_D if "đ" in word else 0.0)
    o_base, o_tone = split(word)
    c_base, c_tone = split(c)
    if o_base == c_base:
        if o_tone == 2 and c_tone == 3:
            return CH_HORN  # hook typed as acute
        if {o_tone, c_tone} == {0, 5}:
            return CH_DOT
        return None  # other tone swaps: left to the lattice
    if o_tone != c_tone:
        return None
    if o_base[0] != c_base[0] and strip_marks(o_base[0]) != strip_marks(c_base[0]):
        return None  # s/x swaps: left to the lattice and its gates
    # hats/horns/breves only: lost (tu for tư) or added
    diff = [(a, b) for a, b in zip(o_base, c_base) if a != b]
    if len(diff) == 1 and strip_marks(diff[0][0]) == diff[0][0] and diff[0][0] != "d":
        return CH_HORN
    return None


def _lm_candidates(lex: Lexicon, word: str, bare: bool) -> tuple[tuple[str, float], ...]:
    """Candidates of the language-model pass with their channel cost (precomputed per known syllable)."""
    got = lex.lm_cands.get(word)
    if got is None:
        got = lex.make_lm_candidates(word, bare)
    return got


def _no_side_worse(lm: _LM, left: str | None, w: str, c: str, right: str | None, lown: bool, rown: bool) -> bool:
    """A real accented word changes only if the candidate fits each neighbour at least as well."""
    if left is not None and lm.prob(left, c, 0, 0, 0) < lm.prob(left, w, 0, 1, 1 if lown else 0):
        return False
    if right is not None and lm.prob(c, right, 0, 0, 0) < lm.prob(w, right, 1, 0, 1 if rown else 0):
        return False
    return True


def _lm_pass(words: list[_Word], value: list[str], changed: set[int], lex: Lexicon, doc: _Doc, lm: _LM) -> list[tuple[int, str]]:
    """Noisy-channel decisions on real words the lattice kept: change when the language model's
    likelihood ratio pays for the cost of the error."""
    out = []
    n = len(words)
    seen = lex.seen
    for i, w in enumerate(words):
        if i in changed or not w.known or w.hard_invalid or w.soft_invalid:
            continue
        if w.cap and (w.name or _in_name_run(words, i)):  # a capitalised word inside a sentence or a name
            continue
        if w.bare and not doc.accented:
            continue  # an unaccented text: nothing to compare with
        cands = _lm_candidates(lex, w.key, w.bare)
        if not cands:
            continue
        left = value[i - 1] if i > 0 else None
        right = value[i + 1] if i + 1 < n else None
        lown = i > 0 and value[i - 1] == words[i - 1].key
        rown = i + 1 < n and value[i + 1] == words[i + 1].key
        seen_left = lown and left + " " + w.key in seen
        seen_right = rown and w.key + " " + right in seen
        if (seen_left and seen_right) or ((seen_left or seen_right) and (left is None or right is None)):
            continue  # the word as written forms attested pairs with all its neighbours: the model would not outvote them
        base = None
        best, best_gain = None, LM_MARGIN
        for c, ch in cands:
            if base is None:
                base = lm.score(left, w.key, right, True, lown, rown)
            g = lm.score(left, c, right, False, lown, rown) - base - ch
            if g > best_gain and (w.bare or _no_side_worse(lm, left, w.key, c, right, lown, rown)):
                best, best_gain = c, g
        if best is not None:
            out.append((i, best))
    return out


def _correct_piece(words: list[_Word], lex: Lexicon, doc: _Doc, sc: _Scorer) -> list[Edit]:
    n = len(words)
    work = []
    cands = lex.candidates
    for i, w in enumerate(words):
        work.append((w.hard_invalid or bool(cands(w.key))) and _needs_work(words, i, lex, doc, sc))
    edits: list[Edit] = []
    i = 0
    while i < n:
        if not work[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and work[j + 1]:
            j += 1
        for w, new in _decide_run(words, i, j, lex, doc, sc):
            if fold(new) != w.key:
                edits.append(Edit(w.start, w.end, _match_case(w.text, new), KIND))
        i = j + 1
    if doc.lm is not None:
        pos = {w.start: k for k, w in enumerate(words)}
        value = [w.key for w in words]
        changed = set()
        for e in edits:
            k = pos[e.start]
            value[k] = fold(e.replacement.lower())
            changed.add(k)
        for k, new in _lm_pass(words, value, changed, lex, doc, doc.lm):
            w = words[k]
            edits.append(Edit(w.start, w.end, _match_case(w.text, new), KIND))
    # tone on a wrong vowel (neither convention): move it, nothing else
    done = {e.start for e in edits}
    for w in words:
        if w.valid and w.low != w.key and not w.bare and w.start not in done:
            toneless, tone = split_tone(w.low)
            if tone > 0 and w.low != canonical(w.low) and w.low != set_tone(toneless, tone, True):
                edits.append(Edit(w.start, w.end, _match_case(w.text, canonical(w.low)), KIND))
    return edits
