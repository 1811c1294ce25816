"""Atomic, streaming writers of the outputs: JSON Lines, CSV, Parquet.

Every writer writes to a temporary file beside the target and renames it over
the target only when closed without an exception, so a killed run leaves the
previous complete file (or none), never a half-written one.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import os
import tempfile
import warnings
from pathlib import Path
from typing import IO, Any, Iterable, Mapping, Sequence

try:  # optional, faster
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]

__all__ = [
    "AtomicWriter",
    "neutralize_cell",
    "JsonlWriter",
    "CsvTableWriter",
    "ParquetTableWriter",
    "open_table_writer",
]


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Flush a folder's entries (a rename) to disk, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicWriter:
    """``with AtomicWriter(path) as fh: ...`` -- temp file in the same folder,
    flushed and fsynced, then ``os.replace``\\ d over ``path``; on an exception
    the temp file is removed and ``path`` is left as it was.

    Also usable without ``with``: :meth:`open`, then :meth:`commit` or
    :meth:`abort`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        mode: str = "w",
        *,
        encoding: str | None = "utf-8",
        newline: str | None = None,
    ):
        if mode not in ("w", "wb"):
            raise ValueError("mode must be 'w' or 'wb'")
        self.path = Path(path)
        self.mode = mode
        self.encoding = None if mode == "wb" else encoding
        self.newline = None if mode == "wb" else newline
        self.tmp_path: Path | None = None
        self.file: IO[Any] | None = None
        self.closed = False

    def open(self) -> IO[Any]:
        """Create the temp file and return its file object."""
        if self.file is not None:
            return self.file
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        self.tmp_path = Path(tmp)
        try:
            try:
                mode = self.path.stat().st_mode & 0o777
            except OSError:
                mode = 0o666 & ~_umask()
            os.chmod(tmp, mode)
            self.file = os.fdopen(fd, self.mode, encoding=self.encoding, newline=self.newline)
        except BaseException:
            os.close(fd)
            os.unlink(tmp)
            raise
        return self.file

    def commit(self) -> None:
        """Flush, fsync and move the temp file over the target."""
        if self.closed:
            return
        fh = self.open()
        try:
            fh.flush()
            os.fsync(fh.fileno())
        except BaseException:
            self.abort()
            raise
        fh.close()
        assert self.tmp_path is not None
        os.replace(self.tmp_path, self.path)
        self.closed = True
        self._fsync_dir()

    def abort(self) -> None:
        """Drop the temp file; the target is untouched."""
        if self.closed:
            return
        self.closed = True
        if self.file is not None:
            try:
                self.file.close()
            except Exception:
                pass
        if self.tmp_path is not None:
            try:
                os.unlink(self.tmp_path)
            except FileNotFoundError:
                pass

    def _fsync_dir(self) -> None:
        fsync_dir(self.path.parent)

    def __enter__(self) -> IO[Any]:
        return self.open()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: Any) -> Any:
    """Prefix ``'`` to a string a spreadsheet would run as a formula (starting
    with = + - @ tab or CR). Non-strings are returned unchanged; idempotent."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Base:
    """Shared commit/abort and context-manager logic."""

    _atomic: AtomicWriter

    def close(self) -> None:
        """Finish the file and move it into place."""
        self._atomic.commit()

    def abort(self) -> None:
        """Drop everything written; the previous file stays."""
        self._atomic.abort()

    @property
    def path(self) -> Path:
        return self._atomic.path

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _json_default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    return str(obj)


def dumps_line(obj: Any) -> bytes:
    """One JSON Lines line (UTF-8, newline included), as the writers write it."""
    return _dumps(obj)


def loads_line(line: bytes | str) -> Any:
    """Parse one JSON Lines line."""
    return orjson.loads(line) if orjson is not None else json.loads(line)


def _dumps(obj: Any) -> bytes:
    if orjson is not None:
        try:
            return orjson.dumps(
                obj, default=_json_default, option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS
            )
        except TypeError:
            pass  # e.g. int over 64 bits: the stdlib copes
    text = json.dumps(obj, ensure_ascii=False, default=_json_default, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


class JsonlWriter(_Base):
    """One JSON object a line, UTF-8, not ASCII-escaped; atomic."""

    def __init__(self, path: str | os.PathLike[str]):
        self._atomic = AtomicWriter(path, "wb")
        self._fh = self._atomic.open()
        self.count = 0

    def write(self, obj: Any) -> None:
        """Write one object as one line."""
        self._fh.write(_dumps(obj))
        self.count += 1

    def write_many(self, objs: Iterable[Any]) -> None:
        for obj in objs:
            self.write(obj)

    def write_raw(self, line: bytes) -> None:
        """Write one line already encoded as JSON (its newline included)."""
        self._fh.write(line if line.endswith(b"\n") else line + b"\n")
        self.count += 1


def _cell_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (dict, list, tuple, set)):
        return _dumps(value if not isinstance(value, set) else sorted(value, key=str)).decode("utf-8").rstrip("\n")
    return value


class CsvTableWriter(_Base):
    """CSV with fixed columns, streamed and atomic.

    ``bom=True`` writes UTF-8 with BOM (Excel); ``neutralize`` guards cells
    against formula injection. Keys not in ``columns`` are ignored; missing
    ones are empty. Lists/dicts are written as JSON.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        columns: Sequence[str],
        *,
        bom: bool = False,
        neutralize: bool = True,
        delimiter: str = ",",
    ):
        self.columns = list(columns)
        self.neutralize = neutralize
        self._atomic = AtomicWriter(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
        fh = self._atomic.open()
        self._writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n" if bom else "\n")
        self._writer.writerow(self.columns)
        self.count = 0

    def _row(self, row: Mapping[str, Any]) -> list[Any]:
        cells = [_cell_text(row.get(c)) for c in self.columns]
        if self.neutralize:
            cells = [neutralize_cell(c) for c in cells]
        return cells

    def write_row(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow(self._row(row))
        self.count += 1

    def write_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.write_row(row)


def _arrow_type(values: list[Any]) -> str:
    """'bool', 'int', 'float' or 'string' for the non-None values."""
    seen = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not seen:
        return "float" if any(isinstance(v, float) for v in values) else "string"
    if all(isinstance(v, bool) for v in seen):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in seen):
        return "int" if all(-(2**63) <= v < 2**63 for v in seen) else "string"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in seen):
        return "float"
    return "string"


class ParquetTableWriter(_Base):
    """Parquet with fixed columns, written in row groups as batches arrive.

    Column types come from ``types`` (``{"col": "int"|"float"|"bool"|"string"}``)
    or from the first batch: all ints -> int64, numbers -> float64, bools ->
    bool, anything else (or only None) -> string. None is null. A later value
    that does not fit its column (e.g. text in an int column) becomes null
    with a warning; ints fit float columns and anything fits a string column.
    """

    _ARROW = {"bool": "bool_", "int": "int64", "float": "float64", "string": "string"}

    def __init__(
        self,
        path: str | os.PathLike[str],
        columns: Sequence[str],
        *,
        types: Mapping[str, str] | None = None,
        batch_size: int = 10_000,
        compression: str = "zstd",
    ):
        self.columns = list(columns)
        self.types = dict(types or {})
        self.batch_size = batch_size
        self.compression = compression
        self._atomic = AtomicWriter(path, "wb")
        self._fh = self._atomic.open()
        self._buffer: list[Mapping[str, Any]] = []
        self._writer: Any = None
        self._schema: Any = None
        self.count = 0
        self.coerced = 0

    def _make_schema(self, rows: list[Mapping[str, Any]]) -> Any:
        import pyarrow as pa

        fields = []
        for col in self.columns:
            kind = self.types.get(col) or _arrow_type([r.get(col) for r in rows])
            self.types[col] = kind
            fields.append(pa.field(col, getattr(pa, self._ARROW[kind])()))
        return pa.schema(fields)

    def _coerce(self, value: Any, kind: str) -> Any:
        if value is None:
            return None
        if kind == "string":
            if isinstance(value, str):
                return value
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, float) and math.isnan(value):
                return None
            if isinstance(value, (dict, list, tuple, set)):
                return _cell_text(value)
            return str(value)
        if isinstance(value, float) and math.isnan(value):
            return None
        if kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if kind == "int":
            if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
        if kind == "bool" and isinstance(value, bool):
            return value
        self.coerced += 1
        if self.coerced == 1:
            warnings.warn(f"{self.path.name}: value {value!r} does not fit a {kind} column; written as null", stacklevel=4)
        return None

    def _flush(self) -> None:
        if not self._buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._schema is None:
            self._schema = self._make_schema(self._buffer)
            self._writer = pq.ParquetWriter(self._fh, self._schema, compression=self.compression)
        arrays = {
            col: [self._coerce(r.get(col), self.types[col]) for r in self._buffer] for col in self.columns
        }
        self._writer.write_table(pa.table(arrays, schema=self._schema))
        self._buffer = []

    def write_row(self, row: Mapping[str, Any]) -> None:
        self._buffer.append(row)
        self.count += 1
        if len(self._buffer) >= self.batch_size:
            self._flush()

    def write_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Write a batch; the first batch fixes the schema (unless ``types``)."""
        rows = list(rows)
        if self._schema is None and rows and not self._buffer:
            self._buffer = rows
            self.count += len(rows)
            self._flush()
            return
        for row in rows:
            self.write_row(row)

    def close(self) -> None:
        if self._atomic.closed:
            return
        try:
            self._flush()
            if self._writer is None:  # no rows: a valid empty table
                import pyarrow.parquet as pq

                self._schema = self._make_schema([])
                self._writer = pq.ParquetWriter(self._fh, self._schema, compression=self.compression)
            self._writer.close()
        except BaseException:
            self.abort()
            raise
        self._atomic.commit()

    def abort(self) -> None:
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:
                pass
        self._atomic.abort()


def open_table_writer(path: str | os.PathLike[str], columns: list[str], fmt: str = "csv", **opts: Any) -> Any:
    """A table writer by format: ``csv``, ``tsv``, ``parquet`` or ``auto``
    (from the suffix). ``bom`` and ``neutralize`` concern spreadsheets opening
    CSV; Parquet ignores them and keeps values exact."""
    fmt = fmt.lower()
    if fmt == "auto":
        suffix = Path(path).suffix.lower()
        fmt = {".parquet": "parquet", ".pq": "parquet", ".tsv": "tsv"}.get(suffix, "csv")
    if fmt == "csv":
        return CsvTableWriter(path, columns, **opts)
    if fmt == "tsv":
        return CsvTableWriter(path, columns, delimiter="\t", **opts)
    if fmt == "parquet":
        opts.pop("bom", None)
        opts.pop("neutralize", None)
        return ParquetTableWriter(path, columns, **opts)
    raise ValueError(f"unknown table format: {fmt!r}")
