"""Diacritic and spelling corrector for Vietnamese news text.

``find_corrections(text)`` returns one :class:`Edit` (kind ``"spelling"``)
per word it changes. How it decides:

1. Tokens are whitespace runs; leading/trailing punctuation is peeled off.
   Only all-letter cores are words; numbers, document numbers, acronyms,
   URLs, mixed alphanumerics, camel case and words with ``f j w z`` are left
   alone and cut the context.
2. A word that is a known syllable and forms a known pair (dictionary
   compound, attested n-gram, corpus bigram) with each neighbour is kept
   without further work (fast path).
3. Other words get candidates: every known syllable with the same bare
   skeleton (tone swaps, hook/acute, horn/breve/circumflex, lost or stray
   marks) plus the ``s``/``x`` swap. A small lattice over each run of such
   words is scored by pair strength with neighbours, edit cost and a
   unigram prior; a word is changed only when the best candidate's
   max-marginal beats keeping the word by a margin (larger for capitalized
   words, zero for impossible syllables).
4. A token that is no syllable but splits into two known syllables with
   pair evidence is split (``nghiệptrong`` -> ``nghiệp trong``).

The lexicon lives in ``rules/lexicon/`` and is built by
:mod:`nq52extract.normalize.build_lexicon`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..model import Edit
from ..rules import load_lines, rule_path
from .syllables import canonical, fold, is_syllable, set_tone, split_tone, strip_marks

KIND = "spelling"

# decision margins
MARGIN_LOWER = 1.6  # a real lower-case word must lose by this much
MARGIN_CAPITAL = 3.5  # a capitalized real word: names need very strong evidence
MARGIN_UNKNOWN = 0.6  # a possible syllable missing from the lexicon
UNKNOWN_PENALTY = 2.5  # emission penalty of keeping such a syllable
INVALID_PENALTY = 12.0  # emission penalty of keeping an impossible syllable
MAX_COST = 2.6  # candidates costlier than this are not generated
STRONG_EVIDENCE = 3.5  # pair strength (with a dictionary flag) that may change a real word
RELAXED_EVIDENCE = 1.5  # pair strength that may change a bare (unmarked) word
MARGIN_BARE = 1.0  # margin for a bare word
JOINT_COST = 1.6  # two adjacent real words change together only if this cheap

_LETTERS = "a-zA-Zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" \
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
_TOKEN = re.compile(r"\S+")
_CORE = re.compile(rf"[{_LETTERS}]+")
_WORD_ONLY = re.compile(rf"[{_LETTERS}]+\Z")
_FOREIGN = re.compile(r"[fjwzFJWZ]")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>,.;:!?…–—-*•/\\|"


class Lexicon:
    """Syllable counts, pair strengths and the skeleton index of candidates."""

    def __init__(self) -> None:
        self.uni: dict[str, int] = {}
        self.pair: dict[str, float] = {}
        self.flags: dict[str, int] = {}
        self.seen: set[str] = set()  # pairs seen in running text (attested or counted twice)
        self.protected: frozenset[str] = frozenset(load_lines("lexicon/protected.txt"))
        self.by_skeleton: dict[str, list[str]] = {}
        self._load()

    def _load(self) -> None:
        with rule_path("lexicon/syllables.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                s, n = line.rstrip("\n").split("\t")
                self.uni[s] = int(n)
        with rule_path("lexicon/pairs.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                a, b, n, flags = line.rstrip("\n").split("\t")
                key = a + " " + b
                self.pair[key] = _pair_strength(int(n), int(flags))
                if int(flags):
                    self.flags[key] = int(flags)
                if int(flags) & 4 or int(n) >= 2:
                    self.seen.add(key)
        for s in self.uni:
            self.by_skeleton.setdefault(strip_marks(s), []).append(s)
        # partners of each syllable in pairs strong enough to be evidence
        self.left_of: dict[str, list[tuple[str, float, int]]] = {}
        self.right_of: dict[str, list[tuple[str, float, int]]] = {}
        for key, strength in self.pair.items():
            if strength >= RELAXED_EVIDENCE:
                a, b = key.split(" ")
                f = self.flags.get(key, 0)
                self.left_of.setdefault(b, []).append((a, strength, f))
                self.right_of.setdefault(a, []).append((b, strength, f))

    def prior(self, s: str) -> float:
        """Weak unigram prior."""
        return 0.3 * math.log1p(self.uni.get(s, 0))


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


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, loaded once."""
    return Lexicon()


# --------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------


def _char_parts(ch: str) -> tuple[str, str]:
    """(skeleton letter, shaped letter) of a toneless lower-case character."""
    return strip_marks(ch), ch


def _cost(orig: str, cand: str) -> float:
    """Edit cost from ``orig`` to ``cand`` (same skeleton length, both lower)."""
    o_base, o_tone = split_tone(orig)
    c_base, c_tone = split_tone(cand)
    cost = 0.0
    bare = o_base == strip_marks(o_base) and o_tone == 0
    if o_tone != c_tone:
        if o_tone < 0:
            cost += 0.4
        elif {o_tone, c_tone} == {2, 3}:
            cost += 0.7  # hook read as acute
        elif o_tone == 0:
            cost += 0.7 if bare else 0.95
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
            else:
                cost += 0.5 if bare else 0.8
    return cost


_SWAPS = (("s", "x"), ("x", "s"))


@lru_cache(maxsize=50000)
def _candidates(word: str) -> tuple[tuple[str, float], ...]:
    """Known syllables reachable from ``word`` (lower, folded) with their cost."""
    lex = lexicon()
    skel = strip_marks(word)
    keys = [skel]
    for a, b in _SWAPS:
        if skel.startswith(a):
            keys.append(b + skel[len(a):])
    out = []
    for key in keys:
        for cand in lex.by_skeleton.get(key, ()):
            if cand == word:
                continue
            c = _cost(word, cand)
            if c <= MAX_COST:
                out.append((cand, c))
    return tuple(out)


@lru_cache(maxsize=50000)
def _triggers(word: str, bare: bool) -> tuple[frozenset, frozenset]:
    """Skeletons of left/right neighbours that could give a candidate of ``word`` evidence."""
    lex = lexicon()
    left: set[str] = set()
    right: set[str] = set()
    for c, _cost_ in _candidates(word):
        for a, strength, f in lex.left_of.get(c, ()):
            if bare or (strength >= STRONG_EVIDENCE and f & 9):
                left.add(_skel(a))
        for b, strength, f in lex.right_of.get(c, ()):
            if bare or (strength >= STRONG_EVIDENCE and f & 9):
                right.add(_skel(b))
    return frozenset(left), frozenset(right)


@lru_cache(maxsize=100000)
def _skel(word: str) -> str:
    return strip_marks(word)


# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------


class _Word:
    __slots__ = ("start", "end", "text", "low", "key", "valid", "known", "cap", "hard_invalid", "soft_invalid", "bare")

    def __init__(self, start: int, end: int, text: str, lex: Lexicon):
        self.start = start
        self.end = end
        self.text = text
        low = text.lower()
        self.low = low
        self.valid = is_syllable(low)
        self.key = fold(low) if self.valid else low
        self.known = self.valid and self.key in lex.uni
        self.cap = text[0] != low[0]
        # a bare token with a stop coda and no tone (``top``, ``chat``) reads as a loanword
        self.soft_invalid = not self.valid and low.isascii() and is_syllable(set_tone(low, 2))
        self.hard_invalid = not self.valid and not self.soft_invalid
        self.bare = low.isascii()


def _segments(text: str, lex: Lexicon) -> list[list[_Word]]:
    """Runs of correctable words not cut by punctuation or protected tokens."""
    segs: list[list[_Word]] = []
    cur: list[_Word] = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        i, j = 0, len(tok)
        while i < j and tok[i] in _EDGE_PUNCT:
            i += 1
        while j > i and tok[j - 1] in _EDGE_PUNCT:
            j -= 1
        core = tok[i:j]
        ok = bool(core) and _WORD_ONLY.match(core) is not None
        if ok:
            if _FOREIGN.search(core) or (len(core) > 1 and not core[1:].islower()):
                ok = False  # foreign letters, acronyms, camel case
        if not ok:
            if cur:
                segs.append(cur)
                cur = []
            continue
        if i > 0 and cur:
            segs.append(cur)
            cur = []
        cur.append(_Word(m.start() + i, m.start() + j, core, lex))
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


# --------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------


def _split_glued(w: _Word, left: str | None, right: str | None, lex: Lexicon) -> str | None:
    """``a b`` if the non-syllable ``w`` splits into two known syllables.

    A token with Vietnamese marks that is no syllable but two known ones is
    split on the best-scoring boundary; a bare Latin token also needs pair
    evidence (it may be a foreign word).
    """
    low = w.low
    best = None
    best_score = 0.0
    pair = lex.pair
    for k in range(1, len(low)):
        a, b = low[:k], low[k:]
        if not (is_syllable(a) and is_syllable(b)):
            continue
        fa, fb = fold(a), fold(b)
        if fa not in lex.uni or fb not in lex.uni:
            continue
        inner = pair.get(fa + " " + fb, 0.0)
        outer = (pair.get(left + " " + fa, 0.0) if left else 0.0) + (pair.get(fb + " " + right, 0.0) if right else 0.0)
        if min(lex.uni[fa], lex.uni[fb]) < 3:
            continue
        if low.isascii() and inner + outer < 1.5:
            continue  # bare Latin: may be a foreign word, needs pair evidence
        score = inner + outer + lex.prior(fa) + lex.prior(fb)
        if score > best_score:
            best, best_score = fa + " " + fb, score
    return best


def _decide_run(words: list[_Word], i0: int, j0: int, lex: Lexicon) -> list[tuple[_Word, str]]:
    """Lattice over ``words[i0:j0+1]`` (each with candidates) between fixed neighbours."""
    pair = lex.pair
    run = words[i0 : j0 + 1]
    left = words[i0 - 1].key if i0 > 0 else None
    right = words[j0 + 1].key if j0 + 1 < len(words) else None
    cands: list[list[str]] = []
    emis: list[list[float]] = []
    for w in run:
        cs = [w.key]
        if w.hard_invalid:
            es = [-INVALID_PENALTY]
        elif not w.known:
            es = [-UNKNOWN_PENALTY]
        else:
            es = [lex.prior(w.key)]
        for c, cost in _candidates(w.key):
            cs.append(c)
            es.append(lex.prior(c) - cost)
        cands.append(cs)
        emis.append(es)
    n = len(run)
    alpha: list[list[float]] = []
    prev_vals: list[float] = []
    for i in range(n):
        row = []
        for c, e in zip(cands[i], emis[i]):
            if i == 0:
                best = pair.get(left + " " + c, 0.0) if left else 0.0
            else:
                best = max(pv + pair.get(p + " " + c, 0.0) for p, pv in zip(cands[i - 1], prev_vals))
            row.append(best + e)
        alpha.append(row)
        prev_vals = row
    beta: list[list[float]] = [[] for _ in range(n)]
    for i in range(n - 1, -1, -1):
        if i == n - 1:
            beta[i] = [pair.get(c + " " + right, 0.0) if right else 0.0 for c in cands[i]]
        else:
            nxt = list(zip(cands[i + 1], emis[i + 1], beta[i + 1]))
            beta[i] = [max(pair.get(c + " " + nx, 0.0) + ne + nb for nx, ne, nb in nxt) for c in cands[i]]
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
        if not w.known and not w.soft_invalid:
            if gains[i] >= MARGIN_UNKNOWN:
                out.append((w, c))
            continue
        need = MARGIN_CAPITAL if w.cap else (MARGIN_BARE if w.bare else MARGIN_LOWER)
        if gains[i] >= need and _evidence(words, value, i0 + i, c, lex):
            out.append((w, c))
    return out


def _evidence(words: list[_Word], value: list[str], i: int, c: str, lex: Lexicon) -> bool:
    """May the real word ``words[i]`` become ``c``?

    The word must form no pair seen in running text with either neighbour,
    and ``c`` must form a strong dictionary pair with one of them, on a side
    where the word forms no pair at all (any known pair for a
    bare, unmarked word). That neighbour must not already be bound in a
    dictionary word with its other neighbour (``địa bàn tỉnh`` never
    becomes ``bàn tính``); if the neighbour changes too, both changes must
    be cheap.
    """
    w = words[i]
    flags = lex.flags
    pair = lex.pair
    seen = lex.seen
    n = len(words)
    if i > 0 and (words[i - 1].key + " " + w.key) in seen:
        return False
    if i + 1 < n and (w.key + " " + words[i + 1].key) in seen:
        return False
    need_flags = 1 | 8 if w.cap else 1
    if w.bare and not w.cap:
        # a bare word: no pair at all with its neighbours, and the candidate fits both sides
        lv = value[i - 1] if i > 0 else None
        rv = value[i + 1] if i + 1 < n else None
        if (lv and (words[i - 1].key + " " + w.key) in pair) or (rv and (w.key + " " + words[i + 1].key) in pair):
            return False
        total = (pair.get(lv + " " + c, 0.0) if lv else 0.0) + (pair.get(c + " " + rv, 0.0) if rv else 0.0)
        return total >= 2 * RELAXED_EVIDENCE
    for step in (-1, 1):
        j = i + step
        if not 0 <= j < n:
            continue
        nv = value[j]
        key = (nv + " " + c) if step < 0 else (c + " " + nv)
        strength = pair.get(key, 0.0)
        orig_key = (words[j].key + " " + w.key) if step < 0 else (w.key + " " + words[j].key)
        if orig_key in pair:
            continue
        if w.bare and not w.cap:
            if strength < RELAXED_EVIDENCE:
                continue
        elif strength < STRONG_EVIDENCE or not flags.get(key, 0) & need_flags:
            continue
        if nv != words[j].key:
            if _cost(w.key, c) + _cost(words[j].key, nv) > JOINT_COST:
                continue
        else:
            jj = j + step
            if 0 <= jj < n:
                other = (words[jj].key + " " + nv) if step < 0 else (nv + " " + words[jj].key)
                if flags.get(other, 0) & 1:
                    continue
        return True
    return False


def _needs_work(words: list[_Word], i: int, pair: dict[str, float]) -> bool:
    """Fast path: only words that are no known syllable, or could meet evidence, enter the lattice."""
    w = words[i]
    if not w.known:
        return True
    if w.key in lexicon().protected and not w.bare:
        return False  # a real function word stays
    left = words[i - 1].key if i > 0 else None
    right = words[i + 1].key if i + 1 < len(words) else None
    seen = lexicon().seen
    if left is not None and (left + " " + w.key) in seen:
        return False
    if right is not None and (w.key + " " + right) in seen:
        return False
    lt, rt = _triggers(w.key, w.bare and not w.cap)
    return (left is not None and _skel(left) in lt) or (right is not None and _skel(right) in rt)


def find_corrections(text: str) -> list[Edit]:
    """Spelling/diacritic corrections for ``text``: one Edit per changed word."""
    if not text:
        return []
    lex = lexicon()
    pair = lex.pair
    edits: list[Edit] = []
    for seg in _segments(text, lex):
        # glued words first: they are replaced and cut the segment
        pieces: list[list[_Word]] = [[]]
        for idx, w in enumerate(seg):
            if w.hard_invalid and len(w.low) >= 4 and not _candidates(w.low):
                left = seg[idx - 1].key if idx > 0 and seg[idx - 1].known else None
                right = seg[idx + 1].key if idx + 1 < len(seg) and seg[idx + 1].known else None
                split = _split_glued(w, left, right, lex) if not w.cap or left or right else None
                if split:
                    edits.append(Edit(w.start, w.end, _match_case(w.text, split), KIND))
                if pieces[-1]:
                    pieces.append([])
                continue
            pieces[-1].append(w)
        for piece in pieces:
            if piece:
                edits.extend(_correct_piece(piece, pair, lex))
    edits.sort(key=lambda e: e.start)
    return edits


def _correct_piece(words: list[_Word], pair: dict[str, float], lex: Lexicon) -> list[Edit]:
    n = len(words)
    work = []
    for i, w in enumerate(words):
        work.append((w.hard_invalid or bool(_candidates(w.key))) and _needs_work(words, i, pair))
    edits: list[Edit] = []
    i = 0
    while i < n:
        if not work[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and work[j + 1]:
            j += 1
        for w, new in _decide_run(words, i, j, lex):
            if fold(new) != w.key:
                edits.append(Edit(w.start, w.end, _match_case(w.text, new), KIND))
        i = j + 1
    # tone on a wrong vowel (neither convention): move it, nothing else
    done = {e.start for e in edits}
    for w in words:
        if w.valid and w.start not in done:
            toneless, tone = split_tone(w.low)
            if tone > 0 and w.low != canonical(w.low) and w.low != set_tone(toneless, tone, True):
                edits.append(Edit(w.start, w.end, _match_case(w.text, canonical(w.low)), KIND))
    return edits
