"""Read articles from the inputs researchers have.

Supported: folders of ``.txt`` files, ``.jsonl``/``.ndjson``, ``.csv``/``.tsv``
and saved ``.html``/``.htm`` pages, each optionally gzip-compressed (``.gz``
or gzip magic bytes). :func:`iter_records` never raises for bad input: it
yields a :class:`ReadError` and goes on with the next record or file.

``max_bytes`` bounds a whole document (``.txt``, ``.html``: the file is
checked before it is read, and decompressed data is read only up to the
limit) and one line/record of the streamed formats (JSONL, CSV), which are
read line by line whatever their total size.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Mapping, Sequence

from .encoding import LEGACY_ENCODINGS, DecodeError, decode_bytes, decode_legacy, fix_legacy_text

try:  # optional, faster
    import orjson

    _json_loads: Callable[[bytes], Any] = orjson.loads
except ImportError:  # pragma: no cover
    _json_loads = json.loads

__all__ = [
    "RawRecord",
    "ReadError",
    "expand_inputs",
    "iter_records",
    "extract_html",
    "SUFFIXES",
]


@dataclass
class RawRecord:
    """One article as read: text decoded, not yet normalized."""

    id: str
    source: str
    text: str
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)


@dataclass
class ReadError:
    """A file or record that could not be read; ``stage`` is read/decode/parse."""

    id: str
    source: str
    stage: str
    message: str


SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".html": "html",
    ".htm": "html",
}
_GLOB_CHARS = set("*?[")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def _split_name(path: Path) -> tuple[str, str]:
    """(stem, suffix) ignoring a trailing ``.gz``: ``a.jsonl.gz`` -> (a, .jsonl)."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, "." + suffix.lower()


def _supported(path: Path) -> bool:
    return _split_name(path)[1] in SUFFIXES


def _walk(folder: Path, errors: list[ReadError]) -> list[Path]:
    def onerror(exc: OSError) -> None:
        where = exc.filename or str(folder)
        errors.append(ReadError(str(where), str(where), "read", f"cannot list folder: {exc.strerror or exc}"))

    out = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if not name.startswith(".") and _supported(p):
                out.append(p)
    return out


def _expand(inputs: Sequence[str]) -> Iterator[Path | ReadError]:
    seen: set[str] = set()

    def fresh(p: Path) -> bool:
        key = os.path.abspath(p)
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in inputs:
        inp = str(raw)
        path = Path(inp)
        errors: list[ReadError] = []
        found: list[Path] = []
        if path.is_dir():
            found = _walk(path, errors)
        elif path.exists():
            found = [path]
        elif _GLOB_CHARS & set(inp):
            for m in sorted(glob.glob(inp, recursive=True)):
                mp = Path(m)
                if mp.is_dir():
                    found.extend(_walk(mp, errors))
                elif _supported(mp):
                    found.append(mp)
            if not found and not errors:
                errors.append(ReadError(inp, inp, "read", "no file matches the pattern"))
        else:
            errors.append(ReadError(inp, inp, "read", "no such file or folder"))
        yield from errors
        for p in found:
            if fresh(p):
                yield p


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """Files, folders (recursive, sorted) and globs as a de-duplicated list of
    files. Folders and globs keep supported suffixes only; hidden names are
    skipped. Missing paths are left out (``iter_records`` reports them)."""
    return [p for p in _expand(inputs) if isinstance(p, Path)]


# --------------------------------------------------------------------------
# Low level reading
# --------------------------------------------------------------------------


def _open_raw(path: Path) -> BinaryIO:
    """Open a file for binary reading (one place, so tests can fail it)."""
    return open(path, "rb")


class _Opened:
    """A binary stream of the file's content, gunzipped when needed."""

    def __init__(self, path: Path):
        self.raw = _open_raw(path)
        try:
            head = self.raw.read(2)
            self.raw.seek(0)
            self.gzip = head == _GZIP_MAGIC
            self.stream: BinaryIO = gzip.GzipFile(fileobj=self.raw, mode="rb") if self.gzip else self.raw  # type: ignore[assignment]
        except BaseException:
            self.raw.close()
            raise

    def __enter__(self) -> "_Opened":
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.stream is not self.raw:
                self.stream.close()
        finally:
            self.raw.close()


def _read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    """Up to ``limit`` bytes; None when there is more."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _iter_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) with line endings kept; None for a line over
    ``limit`` bytes (skipped without holding it). A missing final newline is
    fine; a read error propagates after the complete lines before it."""
    lineno = 0
    buf = b""
    skipping = False
    read = getattr(stream, "read1", stream.read)  # read1: keep data before a gzip break
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            break
        buf += chunk
        start = 0
        while True:
            nl = buf.find(b"\n", start)
            if nl < 0:
                break
            lineno += 1
            if skipping:
                skipping = False
                yield lineno, None
            elif nl + 1 - start > limit:
                yield lineno, None
            else:
                yield lineno, buf[start : nl + 1]
            start = nl + 1
        buf = buf[start:]
        if len(buf) > limit:
            skipping = True
            buf = b""
    if skipping or buf:
        lineno += 1
        yield lineno, None if skipping else buf


def _describe(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return f"truncated gzip stream: {exc}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    return f"{type(exc).__name__}: {exc}"


def _text_of(value: Any) -> str | None:
    """A field's value as text (lists of paragraphs are joined)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value if v is not None)
    return str(value)


def _first(mapping: Mapping[str, Any], names: Iterable[str]) -> str | None:
    for name in names:
        text = _text_of(mapping.get(name))
        if text is not None and text.strip():
            return text
    return None


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_DROP_TAGS = [
    "script", "style", "noscript", "template", "nav", "header", "footer",
    "aside", "form", "iframe", "svg", "button", "select", "object", "embed",
]
_BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table "
    "thead tbody tfoot blockquote pre figure figcaption hr address caption "
    "center body html".split()
)
_CELL_TAGS = frozenset({"td", "th"})


def _attr(tree: Any, selector: str, attr: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    value = node.attributes.get(attr)
    return value.strip() if value and value.strip() else None


def _node_text(node: Any) -> str:
    """Text of ``node`` with a newline between block elements."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        cur, leaving = stack.pop()
        if leaving:
            parts.append("\n")
            continue
        if cur.is_text_node:
            parts.append(cur.text_content or "")
            continue
        tag = cur.tag
        if tag is None or tag.startswith("-") or tag.startswith("#"):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag in _CELL_TAGS:
            parts.append(" ")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
            stack.append((cur, True))
        children = list(cur.iter(include_text=True))
        stack.extend((c, False) for c in reversed(children))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _paragraph_len(node: Any) -> int:
    return sum(len(p.text(strip=True)) for p in node.css("p"))


def _main_node(tree: Any) -> Any:
    body = tree.body or tree.root
    articles = tree.css("article")
    if articles:
        best = max(articles, key=_paragraph_len)
        if _paragraph_len(best) > 0 or len(articles) == 1:
            return best
    scores: dict[int, list[Any]] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        entry = scores.setdefault(parent.mem_id, [parent, 0])
        entry[1] += len(p.text(strip=True))
    if scores:
        node, score = max(scores.values(), key=lambda e: e[1])
        if score >= 200 or body is None:
            return node
    return body


def extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata (title, published, url, byline) of a page.

    Drops script/style/nav/header/footer/aside/forms, takes the ``<article>``
    or else the element holding the most paragraph text, and keeps one
    line per block element.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    meta: dict[str, Any] = {}
    og_title = _attr(tree, 'meta[property="og:title"]', "content")
    title_node = tree.css_first("title")
    page_title = title_node.text(strip=True) if title_node is not None else None
    published = (
        _attr(tree, 'meta[property="article:published_time"]', "content")
        or _attr(tree, 'meta[itemprop="datePublished"]', "content")
        or _attr(tree, 'meta[name="pubdate"]', "content")
        or _attr(tree, 'meta[name="publishdate"]', "content")
        or _attr(tree, "time[datetime]", "datetime")
    )
    url = _attr(tree, 'link[rel="canonical"]', "href") or _attr(tree, 'meta[property="og:url"]', "content")
    byline = _attr(tree, 'meta[name="author"]', "content") or _attr(tree, 'meta[property="article:author"]', "content")

    tree.strip_tags(_DROP_TAGS)
    main = _main_node(tree)
    text = _node_text(main) if main is not None else ""

    h1 = None
    for scope in (main, tree):
        node = scope.css_first("h1") if scope is not None else None
        if node is not None and node.text(strip=True):
            h1 = " ".join(node.text().split())
            break
    title = h1 or og_title or page_title
    for key, value in (("title", title), ("published", published), ("url", url), ("byline", byline)):
        if value:
            meta[key] = value
    return text, meta


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------

_ID_KEYS = ("id", "doc_id", "article_id", "uid")
_TEXT_KEYS = ("text", "content", "body")
_HTML_KEYS = ("html", "raw_html")
_META_KEYS = {
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "datetime"),
    "url": ("url", "link", "href"),
    "byline": ("byline", "author", "authors"),
}


def _fix_meta(meta: dict[str, Any], legacy: str | None) -> None:
    """Title/byline in the article's legacy encoding, else detected alone."""
    for key in ("title", "byline"):
        value = meta.get(key)
        if isinstance(value, str) and value:
            meta[key] = decode_legacy(value, legacy) if legacy else fix_legacy_text(value)[0]


def _legacy_of(encoding: str) -> str | None:
    tail = encoding.rpartition("+")[2]
    return tail if tail in LEGACY_ENCODINGS else None


def _finish(
    rid: str, source: str, text: str, encoding: str, meta: dict[str, Any]
) -> RawRecord | ReadError:
    if not text.strip():
        return ReadError(rid, source, "read", "empty article")
    fixed, legacy = fix_legacy_text(text)
    if legacy is not None:
        text = fixed
        encoding = legacy if encoding in ("utf-8", "utf-8-sig") else f"{encoding}+{legacy}"
    _fix_meta(meta, _legacy_of(encoding))
    return RawRecord(rid, source, text, encoding, meta)


def _from_mapping(
    obj: Mapping[str, Any], default_id: str, source: str, encoding: str, extra: dict[str, Any]
) -> RawRecord | ReadError:
    """A record from a JSON object or CSV row (keys matched case-insensitively)."""
    fields = {str(k).strip().lower().lstrip("\ufeff"): v for k, v in obj.items() if k is not None}
    rid_value = _first(fields, _ID_KEYS)
    rid = rid_value.strip() if rid_value else default_id
    meta: dict[str, Any] = {}
    for key, names in _META_KEYS.items():
        value = _first(fields, names)
        if value is not None:
            meta[key] = value.strip()
    text = _first(fields, _TEXT_KEYS)
    if text is None:
        html = _first(fields, _HTML_KEYS)
        if html is not None:
            try:
                text, page_meta = extract_html(html)
            except Exception as exc:  # selectolax is tolerant; still guard
                return ReadError(rid, source, "parse", f"HTML extraction failed: {_describe(exc)}")
            for key, value in page_meta.items():
                meta.setdefault(key, value)
            meta["html"] = True
    meta.update(extra)
    return _finish(rid, source, text or "", encoding, meta)


def _read_document(path: Path, stem: str, kind: str, max_bytes: int) -> Iterator[RawRecord | ReadError]:
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        yield ReadError(stem, source, "read", f"file too large: {size} bytes > max_bytes {max_bytes}")
        return
    with _Opened(path) as f:
        try:
            data = _read_limited(f.stream, max_bytes)
        except Exception as exc:
            yield ReadError(stem, source, "read", _describe(exc))
            return
    if data is None:
        yield ReadError(stem, source, "read", f"decompressed data larger than max_bytes {max_bytes}")
        return
    if not data.strip():
        yield ReadError(stem, source, "read", "empty article")
        return
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        yield ReadError(stem, source, "decode", str(exc))
        return
    meta: dict[str, Any] = {}
    if kind == "html":
        try:
            text, meta = extract_html(text)
        except Exception as exc:
            yield ReadError(stem, source, "parse", f"HTML extraction failed: {_describe(exc)}")
            return
        meta["html"] = True
    # decode_bytes already fixed legacy text of the whole file
    if not text.strip():
        yield ReadError(stem, source, "read", "empty article")
        return
    if kind == "html":
        fixed, legacy = fix_legacy_text(text)
        if legacy is not None:
            text, encoding = fixed, f"{encoding}+{legacy}"
        _fix_meta(meta, _legacy_of(encoding))
    yield RawRecord(stem, source, text, encoding, meta)


def _decode_line(line: bytes) -> tuple[str, str]:
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_bytes(line)


def _read_jsonl(path: Path, stem: str, max_bytes: int) -> Iterator[RawRecord | ReadError]:
    source = str(path)
    with _Opened(path) as f:
        try:
            for lineno, line in _iter_lines(f.stream, max_bytes):
                default_id = f"{stem}:{lineno}"
                if line is None:
                    yield ReadError(default_id, source, "read", f"line {lineno} longer than max_bytes {max_bytes}")
                    continue
                if not line.strip():
                    continue
                encoding = "utf-8"
                try:
                    try:
                        obj = _json_loads(line)
                    except ValueError:
                        text, encoding = _decode_line(line)
                        obj = json.loads(text)
                except DecodeError as exc:
                    yield ReadError(default_id, source, "decode", f"line {lineno}: {exc}")
                    continue
                except (ValueError, RecursionError) as exc:
                    yield ReadError(default_id, source, "parse", f"line {lineno}: invalid JSON: {exc}")
                    continue
                if not isinstance(obj, dict):
                    yield ReadError(default_id, source, "parse", f"line {lineno}: not a JSON object")
                    continue
                yield _from_mapping(obj, default_id, source, encoding, {"line": lineno})
        except Exception as exc:
            yield ReadError(stem, source, "read", _describe(exc))


def _csv_lines(
    f: _Opened, max_bytes: int, pending: list[str], state: dict[str, Any]
) -> Iterator[str]:
    """Decoded lines for the csv module; undecodable bytes kept as surrogates."""
    head = f.stream.read(4)
    f.stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        state["encoding"] = "utf-16"
        for line in io.TextIOWrapper(f.stream, encoding="utf-16", newline=""):  # type: ignore[arg-type]
            yield line
        return
    first = True
    for lineno, line in _iter_lines(f.stream, max_bytes):
        if line is None:
            pending.append(f"line {lineno} longer than max_bytes {max_bytes}; skipped")
            continue
        if first:
            first = False
            if line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
                state["encoding"] = "utf-8-sig"
        yield line.decode("utf-8", "surrogateescape")


def _unescape(value: str) -> tuple[str, str | None]:
    """A CSV field with undecodable bytes, decoded by :func:`decode_bytes`."""
    try:
        value.encode("utf-8")
        return value, None
    except UnicodeEncodeError:
        pass
    data = value.encode("utf-8", "surrogateescape")
    try:
        return decode_bytes(data)
    except DecodeError:
        return data.decode("utf-8", "replace"), "utf-8-lossy"


def _sniff_delimiter(header_line: str, default: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts.get(default, 0) else default


def _read_csv(path: Path, stem: str, suffix: str, max_bytes: int) -> Iterator[RawRecord | ReadError]:
    source = str(path)
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)
    pending: list[str] = []
    state: dict[str, Any] = {"encoding": "utf-8"}
    with _Opened(path) as f:
        try:
            lines = _csv_lines(f, max_bytes, pending, state)
            first = next(lines, None)
            if first is None:
                yield ReadError(stem, source, "read", "empty file")
                return
            delimiter = _sniff_delimiter(first, "\t" if suffix == ".tsv" else ",")

            def all_lines() -> Iterator[str]:
                yield first
                yield from lines

            reader = csv.reader(all_lines(), delimiter=delimiter)
            header = [h.strip().lower().lstrip("\ufeff") for h in next(reader)]
            if not any(h in header for h in _TEXT_KEYS + _HTML_KEYS):
                yield ReadError(
                    stem, source, "parse",
                    f"no text column ({'/'.join(_TEXT_KEYS + _HTML_KEYS)}) in header: {header}",
                )
                return
            rowno = 0
            while True:
                row: list[str] | csv.Error | None
                try:
                    row = next(reader)
                except StopIteration:
                    row = None
                except csv.Error as exc:
                    row = exc
                while pending:
                    yield ReadError(f"{stem}:{rowno + 1}", source, "read", pending.pop(0))
                if row is None:
                    break
                if isinstance(row, csv.Error):
                    rowno += 1
                    yield ReadError(f"{stem}:{rowno}", source, "parse", f"row {rowno}: {row}")
                    continue
                if not row or not any(cell.strip() for cell in row):
                    continue
                rowno += 1
                encoding = state["encoding"]
                cells = []
                for cell in row:
                    cell, enc = _unescape(cell)
                    if enc is not None:
                        encoding = enc.replace("utf-8+", "")
                    cells.append(cell)
                yield _from_mapping(dict(zip(header, cells)), f"{stem}:{rowno}", source, encoding, {"row": rowno})
        except Exception as exc:
            yield ReadError(stem, source, "read", _describe(exc))


def _read_file(path: Path, max_bytes: int) -> Iterator[RawRecord | ReadError]:
    stem, suffix = _split_name(path)
    kind = SUFFIXES.get(suffix, "txt")
    try:
        if kind in ("txt", "html"):
            yield from _read_document(path, stem, kind, max_bytes)
        elif kind == "jsonl":
            yield from _read_jsonl(path, stem, max_bytes)
        else:
            yield from _read_csv(path, stem, suffix, max_bytes)
    except Exception as exc:  # last line of defence: never raise out
        yield ReadError(stem, str(path), "read", _describe(exc))


def iter_records(
    inputs: Sequence[str], *, max_bytes: int = 20_000_000
) -> Iterator[RawRecord | ReadError]:
    """Every article of ``inputs`` (files, folders, globs) in a deterministic
    order, as :class:`RawRecord`, or :class:`ReadError` for what failed."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]  # type: ignore[list-item]
    for item in _expand([str(i) for i in inputs]):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from _read_file(item, max_bytes)
