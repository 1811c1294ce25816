"""Bytes to text, including the legacy Vietnamese font encodings.

Order of tries in :func:`decode_bytes`:

1. BOMs (UTF-8, UTF-32, UTF-16), BOM-less UTF-16 by its NUL pattern;
2. strict UTF-8 -- the fast path: ASCII or UTF-8 text without legacy
   marker characters is returned at once;
3. UTF-8 with a handful of broken bytes (a cut multi-byte character) is kept
   with U+FFFD (``"utf-8-lossy"``);
4. otherwise TCVN3 (ABC), VNI and cp1258 are all decoded and scored by how
   many of the resulting non-ASCII words are well-formed Vietnamese syllables;
   the best wins. Nothing sensible -> :class:`DecodeError`.

TCVN3 and VNI text often reaches us already decoded as cp1252/latin-1
mojibake ("NghÞ quyÕt", "Nghò quyeát"); :func:`fix_legacy_text` detects and
converts that in any string. It must run before anything strips U+00AD, which
is TCVN3's "ư". The tables live in ``rules/encodings/{tcvn3,vni}.tsv``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..rules import load_tsv

__all__ = [
    "DecodeError",
    "decode_bytes",
    "fix_legacy_text",
    "decode_legacy",
    "encode_legacy",
    "LEGACY_ENCODINGS",
]

LEGACY_ENCODINGS = ("tcvn3", "vni")
# tie-break order: VNI read as TCVN3 gives plausible words ("phuû" -> "phuỷ")
# far more often than TCVN3 read as VNI does (its ¸ µ ¶ ¹ stay foreign)
_TRY_ORDER = ("vni", "tcvn3")


class DecodeError(ValueError):
    """The bytes are binary or no known encoding reads them sensibly."""


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    decode: dict[str, str]  # legacy sequence (latin-1 chars) -> letter
    encode: dict[str, str]  # letter -> legacy sequence
    pattern: re.Pattern[str] | None  # multi-char sequences first (VNI)
    translate: dict[int, str] | None  # single-char tables (TCVN3)


@lru_cache(maxsize=None)
def _table(name: str) -> _Table:
    if name not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding: {name!r}")
    dec: dict[str, str] = {}
    for row in load_tsv(f"encodings/{name}.tsv"):
        seq = bytes(int(h, 16) for h in row["legacy"].split()).decode("latin-1")
        dec[seq] = row["unicode"]
    enc = {u: s for s, u in dec.items()}
    if all(len(s) == 1 for s in dec):
        return _Table(dec, enc, None, {ord(s): u for s, u in dec.items()})
    keys = sorted(dec, key=len, reverse=True)
    return _Table(dec, enc, re.compile("|".join(map(re.escape, keys))), None)


_ALLCAPS_LINE = re.compile(r"[^\n]+")


def _fix_case(line_match: re.Match[str], originals: set[str]) -> str:
    """TCVN3 has no toned capitals (.VnTimeH fonts draw lower-case bytes as
    capitals): upper-case the letters of a line whose ASCII letters are all
    capitals."""
    line = line_match.group(0)
    letters = [c for c in line if c.isascii() and c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return line
    return "".join(c.upper() if c in originals else c for c in line)


def decode_legacy(text: str, encoding: str, *, fix_case: bool = True) -> str:
    """Convert TCVN3/VNI mojibake (bytes read as latin-1/cp1252) to Unicode."""
    table = _table(encoding)
    if table.translate is not None:
        out = text.translate(table.translate)
        if fix_case and out != text:
            lowers = {u for u in table.decode.values() if u.islower()}
            out = _ALLCAPS_LINE.sub(lambda m: _fix_case(m, lowers), out)
        return out
    assert table.pattern is not None
    return table.pattern.sub(lambda m: table.decode[m.group(0)], text)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode to the legacy form, as latin-1 characters (``.encode("latin-1")``
    gives the bytes). Letters the encoding lacks (TCVN3 toned capitals) fall
    back to their lower-case form; other characters pass unchanged."""
    table = _table(encoding)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        seq = table.encode.get(ch)
        if seq is None and ch.isupper():
            seq = table.encode.get(ch.lower())
        out.append(ch if seq is None else seq)
    return "".join(out)


# --------------------------------------------------------------------------
# Vietnamese syllable check (used only to score candidate decodings)
# --------------------------------------------------------------------------

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VN_BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


@lru_cache(maxsize=1)
def _letters() -> dict[str, tuple[str, int]]:
    """Every Vietnamese lower-case letter -> (toneless letter, has tone)."""
    out: dict[str, tuple[str, int]] = {c: (c, 0) for c in _VN_BASES}
    for base in "aăâeêioôơuưy":
        for tone in _TONE_MARKS:
            ch = unicodedata.normalize("NFC", base + tone)
            if len(ch) == 1:
                out[ch] = (base, 1)
    return out


_NUCLEI = (
    "oai oay oao oeo uây uôi uya uyê uyu ươi ươu iêu yêu uơi "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy "
    "ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:" + "|".join(_NUCLEI) + r")"
    r"(?:ch|ng|nh|[cmnpt])?"
)


@lru_cache(maxsize=65536)
def _is_syllable(token: str) -> bool:
    token = unicodedata.normalize("NFC", token.lower())
    letters = _letters()
    tones = 0
    bare = []
    for ch in token:
        info = letters.get(ch)
        if info is None:
            return False
        bare.append(info[0])
        tones += info[1]
    return tones <= 1 and _SYLLABLE.fullmatch("".join(bare)) is not None


_TOKEN = re.compile(r"[^\s!-/:-@\[-`{-~\u2010-\u2027\u00a0]+")
_SCORE_SAMPLE = 60_000

# frequent syllables: a well-formed but wrong decoding ("cuỷa" for "của")
# rarely hits them, so they break ties between TCVN3 and VNI
_COMMON = frozenset(
    """của và các có được là trong cho những với người một không đã này năm đến
    theo về để ra khi từ thì nhiều phải trên tại nhưng cũng như vào sẽ lại hơn đó
    mới đang cùng việc nước sau số đồng làm hiện nhà nay vì bị đi còn rất hay chỉ
    nên gì mà thể quan công nghiệp kinh tế xã hội phát triển chính trị quốc gia
    thực động dân ngày tháng trường sự hợp hoạt học tin dụng chủ tịch ban hành
    quyết định nghị thành phố tỉnh huyện vụ trung ương bộ đảng biết thông cơ quản
    lý đầu tư nghiên cứu khoa kỹ thuật mạng điện tử hóa chuyển đổi bản toàn diện
    cao mạnh nâng cấp ủy tổ chức ta họ chúng tôi anh chị em ông bà cách lần thứ
    ba hai nhất mỗi bằng dưới giữa trước sáng tạo đối hệ thống chương trình kế
    hoạch giải pháp nội dung văn phòng tiếp tục đảm bảo yêu cầu lãnh đạo chỉ đạo
    triển khai nhiệm vụ nguồn lực""".split()
)


def _score(text: str) -> tuple[int, int, int]:
    """(valid, invalid, common) counts of the non-ASCII words of ``text``."""
    valid = invalid = common = 0
    for tok in _TOKEN.findall(text[:_SCORE_SAMPLE]):
        if tok.isascii():
            continue
        if _is_syllable(tok):
            valid += 1
            if tok.lower() in _COMMON:
                common += 1
        else:
            invalid += 1
    return valid, invalid, common


def _net(score: tuple[int, int, int]) -> int:
    return score[0] + score[2] - 2 * score[1]


# --------------------------------------------------------------------------
# Detection in decoded text
# --------------------------------------------------------------------------

# latin-1 characters that Vietnamese Unicode text does not use: their presence
# is what sends a string to the (slower) legacy check.
_VN_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_MARKER_CHARS = "".join(
    chr(c) for c in range(0xA1, 0x100) if chr(c) not in _VN_LATIN1
)
_MARKERS = re.compile("[" + re.escape(_MARKER_CHARS) + "]")


def _has_markers(text: str) -> bool:
    if text.isascii():
        return False
    if len(text) <= 2000:
        return _MARKERS.search(text) is not None
    count = 0
    for _ in _MARKERS.finditer(text, 0, _SCORE_SAMPLE):
        count += 1
        if count >= 3:
            return True
    return False


def fix_legacy_text(text: str) -> tuple[str, str | None]:
    """Detect TCVN3/VNI mojibake in ``text`` and convert it.

    Returns ``(text, "tcvn3" | "vni")`` when converted, else ``(text, None)``.
    Plain Unicode text without legacy marker characters returns at once.
    """
    if not _has_markers(text):
        return text, None
    base = _net(_score(text))
    best: tuple[int, str, str] | None = None
    for enc in _TRY_ORDER:
        cand = decode_legacy(text, enc)
        if cand == text:
            continue
        score = _score(cand)
        net = _net(score)
        valid, invalid = score[0], score[1]
        if valid > invalid and net >= base + 2 and (best is None or net > best[0]):
            best = (net, cand, enc)
    if best is None:
        return text, None
    return best[1], best[2]


# --------------------------------------------------------------------------
# Bytes
# --------------------------------------------------------------------------

# cp1252 for 0x80-0x9F where defined, latin-1 elsewhere (never fails)
_CP1252_C1 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1_TRANSLATE = {b: ch for b, ch in _CP1252_C1.items()}

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _latin(data: bytes) -> str:
    return data.decode("latin-1").translate(_C1_TRANSLATE)


def _check_controls(text: str) -> None:
    if "\x00" in text:
        raise DecodeError("binary data (NUL characters)")
    if _CONTROL.search(text) is None:
        return
    n = len(_CONTROL.findall(text))
    if n > 8 and n > 0.02 * len(text):
        raise DecodeError(f"binary data ({n} control characters)")


def _sniff_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16 by its NUL bytes (mostly-ASCII text)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    ze, zo = even.count(0), odd.count(0)
    if zo > 0.3 * half and ze < 0.05 * half:
        return "utf-16-le"
    if ze > 0.3 * half and zo < 0.05 * half:
        return "utf-16-be"
    return None


def _finish(text: str, encoding: str) -> tuple[str, str]:
    _check_controls(text)
    fixed, legacy = fix_legacy_text(text)
    if legacy is None:
        return text, encoding
    return fixed, f"{encoding}+{legacy}"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding name)``; raise :class:`DecodeError` for binary
    or undecodable input.

    Names: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-32``, ``utf-8-lossy``,
    ``tcvn3``, ``vni``, ``cp1258``; ``utf-8+tcvn3`` etc. when UTF-8 text held
    legacy mojibake. cp1258 text keeps its decomposed tone marks (the
    normalizer NFCs).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    try:
        if data.startswith(codecs.BOM_UTF8):
            return _finish(data[3:].decode("utf-8"), "utf-8-sig")
        if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            return _finish(data.decode("utf-32"), "utf-32")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return _finish(data.decode("utf-16"), "utf-16")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"invalid data after byte order mark: {exc.reason}") from None
    if b"\x00" in data:
        enc = _sniff_utf16(data)
        if enc is None:
            raise DecodeError("binary data (NUL bytes)")
        try:
            return _finish(data.decode(enc), "utf-16")
        except UnicodeDecodeError:
            raise DecodeError("binary data (NUL bytes)") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if text.isascii():  # fast path
            _check_controls(text)
            return text, "utf-8"
        return _finish(text, "utf-8")
    return _decode_legacy_bytes(data)


def _decode_as(data: bytes, encoding: str) -> str:
    if encoding == "cp1258":
        return data.decode("cp1258")
    return decode_legacy(_latin(data), encoding)


def _decode_legacy_bytes(data: bytes) -> tuple[str, str]:
    lossy = data.decode("utf-8", "replace")
    bad = lossy.count("\ufffd")
    if bad <= max(1, len(lossy) // 2000):
        nonascii = len(lossy) - len(lossy.encode("ascii", "ignore")) - bad
        if nonascii >= 4 * bad:
            return _finish(lossy, "utf-8-lossy")

    _check_controls(_latin(data))
    sample = data[: 2 * _SCORE_SAMPLE]  # score on a sample, decode the winner
    scored = []
    for order, enc in enumerate(("cp1258",) + _TRY_ORDER):
        try:
            score = _score(_decode_as(sample, enc))
        except UnicodeDecodeError:
            continue  # cp1258 leaves a few bytes undefined
        scored.append((_net(score), -order, score[0] > score[1], enc))
    scored.sort(reverse=True)
    for net, _, plausible, enc in scored:
        if enc == "cp1258" or plausible:
            try:
                return _decode_as(data, enc), enc
            except UnicodeDecodeError:
                continue
    raise DecodeError("not UTF-8, and no legacy encoding reads it sensibly")
