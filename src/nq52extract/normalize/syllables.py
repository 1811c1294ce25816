"""A grammar of the Vietnamese written syllable, and tone/diacritic helpers.

A syllable is onset + (medial) + nucleus + (coda) + one tone. The grammar
here is written out as the set of rimes the orthography allows, the onsets
and the few constraints between them (``k/gh/ngh`` only before front vowels,
stop codas ``c ch p t`` only with sắc or nặng, ...). Tone placement is
folded: ``hòa`` and ``hoà`` are the same syllable.

Tones are numbered 0 ngang, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# --------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------

_TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_TONE_COMBINING = {v: k for k, v in _TONE_MARKS.items()}
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn

VOWELS = frozenset("aăâeêioôơuưy")
_BASE_OF = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}


def _decompose_char(ch: str) -> tuple[str, int, int]:
    """``(toneless char, tone, number of tone marks)`` for one character."""
    got = _CHAR_TABLE.get(ch)
    if got is None:
        got = _decompose_slow(ch)
        if len(_CHAR_TABLE) < 20000:  # memoize, bounded
            _CHAR_TABLE[ch] = got
    return got


def _decompose_slow(ch: str) -> tuple[str, int, int]:
    nfd = unicodedata.normalize("NFD", ch)
    tone = 0
    n = 0
    keep = []
    for c in nfd:
        t = _TONE_MARKS.get(c)
        if t:
            tone = t
            n += 1
        else:
            keep.append(c)
    return unicodedata.normalize("NFC", "".join(keep)), tone, n


def _build_char_table() -> dict[str, tuple[str, int, int]]:
    table: dict[str, tuple[str, int, int]] = {}
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for tone in range(6):
            ch = base if tone == 0 else unicodedata.normalize("NFC", base + _TONE_COMBINING[tone])
            table[ch] = (base, tone, 1 if tone else 0)
    return table


_CHAR_TABLE = _build_char_table()


def split_tone(word: str) -> tuple[str, int]:
    """``(word without tone marks, tone)``; tone is -1 when the word carries two or more."""
    if word.isascii():
        return word, 0
    out = []
    tone = 0
    marks = 0
    for ch in word:
        base, t, n = _decompose_char(ch)
        if n:
            marks += n
            tone = t
        out.append(base)
    return "".join(out), (-1 if marks > 1 else tone)


def strip_tone(word: str) -> str:
    """The word without any tone mark (vowel shapes kept)."""
    return split_tone(word)[0]


def strip_marks(word: str) -> str:
    """The bare Latin skeleton: no tone, no hat/breve/horn, ``đ`` as ``d``."""
    out = []
    for c in strip_tone(word):
        b = _BASE_OF.get(c)
        if b is None:
            low = _BASE_OF.get(c.lower())
            b = low.upper() if low is not None else c
        out.append(b)
    return "".join(out)


def tone_of(word: str) -> int:
    """The word's tone (0-5), or -1 when it carries two or more tone marks."""
    return split_tone(word)[1]


# --------------------------------------------------------------------------
# The grammar
# --------------------------------------------------------------------------

ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)

_SIMPLE_RIMES = """
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oc oi om on ong op ot ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu
""".split()

_MEDIAL_RIMES = """
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
uân uâng uât uây
uê uêch uênh
uơ
uy uya uych uynh uyt uyu uyên uyêt uyn
""".split()

# rimes after ``qu`` (its u is the medial)
_QU_RIMES = """
a ac ach ai am an ang anh ao at ay
ăc ăm ăn ăng ăt
âc ân âng ât ây
e en eo et
ê êch ên ênh êt
i ich inh it
y ynh yt yên yêt ych yu
ơ ơi
ôc
""".split()

SIMPLE_RIMES = frozenset(_SIMPLE_RIMES)
MEDIAL_RIMES = frozenset(_MEDIAL_RIMES)
QU_RIMES = frozenset(_QU_RIMES)
STOP_CODAS = ("ch", "c", "p", "t", "k")
# established spellings outside the grammar: the loan "buýt", the place names
# Bắc Kạn, Đắk Lắk/Đắk Nông/Đăk Glei (a k coda, or k before a back vowel)
_OUTSIDE_GRAMMAR = {"buyt": ("b", "uyt"), "kan": ("k", "an"), "đăk": ("đ", "ăk"), "lăk": ("l", "ăk")}
_FRONT = "ieêy"


def _rime_ok(onset: str, rime: str) -> bool:
    if not rime:
        return False
    if onset == "qu":
        return rime in QU_RIMES
    if rime in MEDIAL_RIMES:
        # medial o/u: not after labials, nor after k/gh/ngh
        return onset not in ("b", "m", "p", "ph", "v", "gh", "k", "ngh")
    if rime not in SIMPLE_RIMES:
        return False
    first = rime[0]
    if onset in ("k", "gh", "ngh"):
        return first in _FRONT
    if onset == "c":
        return first not in _FRONT
    if onset in ("g", "ng"):
        return first not in _FRONT
    if rime.startswith("yê") and onset:
        return False
    return True


@lru_cache(maxsize=65536)
def _parse(toneless: str) -> tuple[str, str] | None:
    """``(onset, rime)`` of a toneless lower-case syllable, or None."""
    if toneless in _OUTSIDE_GRAMMAR:
        return _OUTSIDE_GRAMMAR[toneless]
    if toneless.startswith("gi"):
        rest = toneless[2:]
        if rest == "" or (rest[0] not in VOWELS and ("i" + rest) in SIMPLE_RIMES):
            return "gi", "i" + rest  # gì, gìn, gịt
        if rest.startswith("ê") and ("iê" + rest[1:]) in SIMPLE_RIMES:
            return "gi", "iê" + rest[1:]  # giết, giếng
        if rest in SIMPLE_RIMES and not rest.startswith(("i", "y")):
            return "gi", rest
    for onset in ONSETS:
        if onset == "gi":
            continue
        if toneless.startswith(onset):
            rime = toneless[len(onset):]
            if _rime_ok(onset, rime):
                return onset, rime
    return None


@lru_cache(maxsize=200000)
def is_syllable(word: str) -> bool:
    """True if ``word`` (any case) is a possible Vietnamese syllable."""
    if not word or len(word) > 8:
        return False
    toneless, tone = split_tone(word.lower())
    if tone < 0:
        return False
    parsed = _parse(toneless)
    if parsed is None:
        return False
    rime = parsed[1]
    if rime.endswith(STOP_CODAS) and tone not in (2, 5):
        return False
    return True


# --------------------------------------------------------------------------
# Tone placement
# --------------------------------------------------------------------------


def _tone_index(toneless: str, new_style: bool = False) -> int:
    """Index of the vowel that carries the tone in a toneless syllable."""
    low = toneless.lower()
    start = 0
    if low.startswith("qu") and len(low) > 2 and low[2] in VOWELS:
        start = 2
    elif low.startswith("gi") and len(low) > 2 and low[2] in VOWELS:
        start = 2
    while start < len(low) and low[start] not in VOWELS:
        start += 1
    end = start
    while end < len(low) and low[end] in VOWELS:
        end += 1
    if start >= len(low):
        return -1
    cluster = low[start:end]
    has_coda = end < len(low)
    shaped = [i for i, c in enumerate(cluster) if c in "ăâêôơư"]
    if shaped:
        return start + shaped[-1]
    if len(cluster) == 1:
        return start
    if has_coda:
        return start + len(cluster) - 1
    if len(cluster) == 2:
        if cluster in ("oa", "oe", "uy"):
            return start + (1 if new_style else 0)
        return start
    return start + 1


def set_tone(word: str, tone: int, new_style: bool = False) -> str:
    """``word`` with its tone marks replaced by ``tone`` on the main vowel.

    ``new_style`` puts the tone of open ``oa oe uy`` on the second vowel
    (``hoà``); the default is the old style (``hòa``) the news sites use.
    """
    toneless = strip_tone(word)
    if tone <= 0:
        return toneless
    i = _tone_index(toneless, new_style)
    if i < 0:
        return toneless
    ch = unicodedata.normalize("NFC", toneless[i] + _TONE_COMBINING[tone])
    return toneless[:i] + ch + toneless[i + 1:]


@lru_cache(maxsize=200000)
def canonical(word: str) -> str:
    """The word with its single tone moved to the main vowel, old style."""
    toneless, tone = split_tone(word)
    if tone <= 0:
        return toneless if tone == 0 else word
    return set_tone(toneless, tone)


@lru_cache(maxsize=200000)
def fold(word: str) -> str:
    """Lower-case, tone placement folded: ``Hoà`` and ``hòa`` give the same key."""
    return canonical(word.lower())
