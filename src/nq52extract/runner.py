"""Batch runs: read inputs, process them on an engine, write the dataset.

Records stream through in bounded batches, so memory stays flat however large
the dump. Results are checkpointed as *parts* (``OUT/parts/NNNNNN/``), each
committed by renaming a finished folder, with the ids and content hashes it
holds. A later run skips every article whose hash a part already holds, so
re-running over a grown dump processes only what is new or changed, and a
run killed midway resumes where its last part ended. The dataset files
(``articles.jsonl`` and the tables) are then rebuilt from the parts, each
written atomically.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .io.readers import RawRecord, ReadError, iter_records
from .io.writers import AtomicWriter, JsonlWriter, dumps_line, fsync_dir, loads_line, open_table_writer
from .model import Article, StageError
from .pipeline import Options, process_article
from .tables import TABLE_COLUMNS, article_tables

PARTS = "parts"
IDS_FILE = "ids.tsv"
READ_ERROR_HASH = "-"  # never equal to a content hash: failed inputs are retried
LOCK_FILE = ".lock"
_THIS_RUN = "\0this run"  # manifest mark of an id already met in the running pass
# position of a record in its file: not part of its output, so not of its hash
_POSITION_KEYS = ("line", "row")


class StrictStop(RuntimeError):
    """``strict=True`` and an input could not be read or an article met an error."""


class RunLocked(RuntimeError):
    """Another run is writing the same output folder."""


@dataclass
class RunSummary:
    """What a run did: counts, errors and speed."""

    articles: int = 0
    skipped: int = 0
    read_errors: int = 0
    articles_with_errors: int = 0
    duplicates: int = 0  # records whose id an earlier record of the run had (the first is kept)
    characters: int = 0
    seconds: float = 0.0
    workers: int = 1
    engine: str = "local"
    dataset_articles: int = 0
    outputs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.read_errors + self.articles_with_errors

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        cps = self.characters / self.seconds if self.seconds else 0.0
        return (
            f"{self.articles} articles processed, {self.skipped} unchanged skipped, "
            f"{self.errors} with errors ({self.read_errors} unreadable)"
            + (f", {self.duplicates} duplicate ids dropped" if self.duplicates else "")
            + f"; {self.seconds:.1f}s, "
            f"{rate:.1f} articles/s, {cps:,.0f} chars/s on {self.workers} {self.engine} worker(s); "
            f"dataset: {self.dataset_articles} articles"
        )


def article_from_record(record: RawRecord) -> Article:
    """A fresh article for a record that was read."""
    return Article(id=record.id, source=record.source, original=record.text, given=dict(record.meta or {}))


class _Overtime(Exception):
    """Raised by the alarm inside a stage that ran far past the time budget."""


def _hard_limit(options: Options) -> float:
    """Seconds after which a still-running article is interrupted.

    The pipeline checks ``time_budget`` between stages; this stops a stage
    that never returns (a pathological regex, say). It is generous, so that a
    worker's first article, which loads the resources, is not cut short.
    """
    budget = max(0.0, float(options.time_budget))
    return max(2 * budget, budget + 10.0)


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Overtime("time budget far exceeded")


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def process_record(record: RawRecord, options: Options | None = None) -> tuple[dict[str, Any], dict[str, list[dict]]]:
    """One record through the pipeline: its JSON object and its table rows.

    In a process's main thread (one local worker, or the pool's processes) a
    stage still running at :func:`_hard_limit` is interrupted and becomes an
    error row; elsewhere (Dask worker threads) only the budget checks between
    stages apply.
    """
    options = options or Options()
    article = article_from_record(record)
    limit = _hard_limit(options)
    armed = _alarm_usable()
    if armed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        try:
            process_article(article, options)
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
    except _Overtime:
        article.errors.append(
            StageError("timeout", f"stopped after {limit:g}s (time budget {options.time_budget:g}s per article)")
        )
        try:
            from .pipeline import _map_offsets

            _map_offsets(article)
        except Exception:
            pass
    try:
        return article.to_dict(), article_tables(article)
    except Exception as exc:  # never lose the run over one article's output
        failed = article_from_record(record)
        failed.errors.append(StageError("output", f"{type(exc).__name__}: {exc}"))
        return failed.to_dict(), article_tables(failed)


@dataclass(slots=True)
class EncodedResult:
    """An article's output as bytes, encoded where it was processed.

    Workers encode their own output, so the parent process only writes bytes:
    JSON encoding no longer runs serially in the one process that feeds them.
    """

    id: str
    errors: list[dict[str, str]]
    record: bytes
    tables: dict[str, bytes]


def encode_result(record_json: dict[str, Any], tables: dict[str, list[dict]]) -> EncodedResult:
    """JSON Lines bytes of an article's record and of each table's rows."""
    return EncodedResult(
        id=record_json["id"],
        errors=record_json["errors"],
        record=dumps_line(record_json),
        tables={name: b"".join(dumps_line(row) for row in rows) for name, rows in tables.items() if rows},
    )


def process_record_encoded(record: RawRecord, options: Options | None = None) -> EncodedResult:
    """:func:`process_record`, encoded (what the engines run)."""
    return encode_result(*process_record(record, options))


def content_hash(record: RawRecord, options_key: str) -> str:
    """A hash of what decides an article's output: its text, source, given metadata and the options.

    The record's place in its file (JSONL line, CSV row) is left out, so an
    article that moves in a grown dump is not processed again."""
    h = hashlib.blake2b(digest_size=16)
    h.update(options_key.encode())
    meta = {k: v for k, v in (record.meta or {}).items() if k not in _POSITION_KEYS}
    h.update(json.dumps([record.source, meta], sort_keys=True, ensure_ascii=False, default=str).encode())
    h.update(b"\0")
    h.update(record.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _options_key(options: Options) -> str:
    from . import __version__

    return json.dumps({"version": __version__, **asdict(options)}, sort_keys=True)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --------------------------------------------------------------------------
# parts: checkpoints committed by a folder rename
# --------------------------------------------------------------------------


class PartWriter:
    """Collects results into a folder and commits it under its final name."""

    TABLES = ["articles", *TABLE_COLUMNS]

    def __init__(self, parts_dir: Path, name: str):
        self.final = parts_dir / name
        self.tmp = parts_dir / f".{name}.tmp"
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir(parents=True)
        self.files = {t: (self.tmp / f"{t}.jsonl").open("wb") for t in self.TABLES}
        self.records = (self.tmp / "records.jsonl").open("wb")
        self.ids = (self.tmp / IDS_FILE).open("w", encoding="utf-8")
        self.count = 0

    def add(self, record_id: str, digest: str, record: bytes | None, tables: dict[str, bytes]) -> None:
        """One article's encoded output (``record`` None for an unreadable input)."""
        if record is not None:
            self.records.write(record)
        for name, lines in tables.items():
            self.files[name].write(lines)
        self.ids.write(f"{_escape(record_id)}\t{digest}\n")
        self.count += 1

    def commit(self) -> bool:
        """Make the part visible; False (and nothing kept) when it is empty."""
        for fh in [*self.files.values(), self.records, self.ids]:
            fh.flush()
            if self.count:
                os.fsync(fh.fileno())
            fh.close()
        if not self.count:
            shutil.rmtree(self.tmp)
            return False
        self.tmp.rename(self.final)
        fsync_dir(self.final.parent)
        return True

    def abort(self) -> None:
        for fh in [*self.files.values(), self.records, self.ids]:
            fh.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append({"t": "\t", "n": "\n", "\\": "\\"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def committed_parts(parts_dir: Path) -> list[Path]:
    """Committed part folders, oldest first."""
    if not parts_dir.is_dir():
        return []
    return sorted(p for p in parts_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_manifest(parts_dir: Path) -> dict[str, tuple[str, str]]:
    """``id -> (content hash, part name)``; a later part wins."""
    manifest: dict[str, tuple[str, str]] = {}
    for part in committed_parts(parts_dir):
        with (part / IDS_FILE).open(encoding="utf-8") as fh:
            for line in fh:
                rid, _, digest = line.rstrip("\n").rpartition("\t")
                manifest[_unescape(rid)] = (digest, part.name)
    return manifest


def _output_names() -> list[str]:
    names = ["articles.jsonl", "manifest.jsonl", "summary.json"]
    for table in TABLE_COLUMNS:
        names += [f"{table}.csv", f"{table}.parquet"]
    return names


_NAMES = "|".join(map(re.escape, _output_names()))
# writers' temp files (".articles.jsonl.XXXX.tmp"), staged tables (".documents.csv.staged") and theirs
_STALE_OUTPUT = re.compile(r"\.(?:(?:%s)\..*\.tmp|(?:%s)\.staged|\.(?:%s)\.staged\..*\.tmp)" % (_NAMES, _NAMES, _NAMES))


def clean_stale(out: Path) -> list[Path]:
    """Remove what a killed run left behind: unfinished part folders (``parts/.NNNNNN.tmp``),
    temp files of the dataset writers (``.articles.jsonl.XXXX.tmp`` ...) and staged
    tables (``.documents.csv.staged``). Returns them."""
    removed: list[Path] = []
    parts_dir = out / PARTS
    if parts_dir.is_dir():
        for entry in parts_dir.iterdir():
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed.append(entry)
    if out.is_dir():
        for entry in out.iterdir():
            if _STALE_OUTPUT.fullmatch(entry.name) and entry.is_file():
                entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


class _Lock:
    """An exclusive lock on ``OUT/.lock`` for the length of a run (released by the OS if the run dies)."""

    def __init__(self, out: Path):
        self.path = out / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> "_Lock":
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return self
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise RunLocked(f"another run is writing {self.path.parent}") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
            self.fd = None


def _part_wins_whole(part: Path, manifest: dict[str, tuple[str, str]]) -> bool:
    """Whether every id of a part is still its own (no later part holds a newer version)."""
    with (part / IDS_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            rid = _unescape(line.rstrip("\n").rpartition("\t")[0])
            if manifest.get(rid, ("", ""))[1] != part.name:
                return False
    return True


def _write_table(
    out: Path, name: str, fmt: str, bom: bool, neutralize: bool, parts: list[Path], owner: dict[str, str] | None
) -> Path:
    """Write one table from the parts into a staging file beside it; returns its path.

    ``owner`` maps ids to the part that holds their latest version, for the
    parts that are not wholly current (None: every part is).
    """
    ext = "parquet" if fmt == "parquet" else "csv"
    staging = out / f".{name}.{ext}.staged"
    writer = open_table_writer(staging, TABLE_COLUMNS[name], fmt, bom=bom, neutralize=neutralize)
    try:
        for part in parts:
            rows = []
            check = owner is not None and part.name in (owner.get("\0parts") or ())
            with (part / f"{name}.jsonl").open("rb") as fh:
                for line in fh:
                    row = loads_line(line)
                    if check and owner.get(row["id"]) != part.name:  # type: ignore[union-attr]
                        continue
                    rows.append(row)
                    if len(rows) >= 1000:
                        writer.write_rows(rows)
                        rows = []
            if rows:
                writer.write_rows(rows)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return staging


def write_dataset(
    out: Path, *, fmt: str = "csv", bom: bool = False, neutralize: bool = True, processes: int = 1
) -> int:
    """Rebuild ``articles.jsonl``, the tables and ``manifest.jsonl`` from the parts; returns the article count.

    Every file is written beside its target and all are moved into place
    together at the end, so a run killed here leaves each file either as the
    previous run left it or complete (never half written). Rows come in part
    order, and within a part in input order; of an id held by several parts
    only the latest part's rows are kept. With ``processes`` > 1 the tables
    are written in that many processes at once.
    """
    parts_dir = out / PARTS
    manifest = load_manifest(parts_dir)
    parts = committed_parts(parts_dir)
    whole = {part.name: _part_wins_whole(part, manifest) for part in parts}
    stale = [name for name, ok in whole.items() if not ok]
    owner: dict[str, Any] | None = None
    if stale:
        owner = {rid: part for rid, (_, part) in manifest.items()}
        owner["\0parts"] = frozenset(stale)
    writers: list[Any] = []
    staged: list[Path] = []
    count = 0
    try:
        jsonl = JsonlWriter(out / "articles.jsonl")
        writers.append(jsonl)
        for part in parts:
            with (part / "records.jsonl").open("rb") as fh:
                for line in fh:
                    if whole[part.name]:
                        jsonl.write_raw(line)
                        count += 1
                        continue
                    record = loads_line(line)
                    if manifest.get(record["id"], ("", ""))[1] == part.name:
                        jsonl.write(record)
                        count += 1
        names = list(TABLE_COLUMNS)
        args = (fmt, bom, neutralize, parts, owner)
        if processes > 1 and len(parts) > 0:
            # a fresh interpreter per process: no fork of a process with threads running
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(min(processes, len(names)), mp_context=ctx) as pool:
                futures = [pool.submit(_write_table, out, name, *args) for name in names]
                staged = [f.result() for f in futures]
        else:
            staged = [_write_table(out, name, *args) for name in names]
        manifest_writer = JsonlWriter(out / "manifest.jsonl")
        writers.append(manifest_writer)
        for rid, (digest, part_name) in manifest.items():
            manifest_writer.write({"id": rid, "hash": digest, "part": part_name})
    except BaseException:
        for writer in writers:
            writer.abort()
        for path in out.glob(".*.staged"):
            path.unlink(missing_ok=True)
        raise
    # every file complete: move them all into place
    ext = "parquet" if fmt == "parquet" else "csv"
    for name, path in zip(TABLE_COLUMNS, staged):
        os.replace(path, out / f"{name}.{ext}")
    for writer in writers:
        writer.close()
    fsync_dir(out)
    return count


# --------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------


def run(
    inputs: Sequence[str],
    out_dir: Path | str,
    *,
    options: Options | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    fmt: str = "csv",
    bom: bool = False,
    neutralize: bool = True,
    batch_size: int = 64,
    part_size: int = 2000,
    max_bytes: int = 50_000_000,
    strict: bool = False,
    fresh: bool = False,
    on_progress: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Process ``inputs`` into ``out_dir``: parts first, then the dataset files.

    Articles whose id and content hash a committed part already holds are
    skipped; the first record of an id in the inputs wins (later ones are
    counted in ``duplicates``). Raises :class:`StrictStop` (``strict``) at
    the first error and :class:`RunLocked` when another run holds ``out_dir``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with _Lock(out):
        return _run_locked(
            inputs, out, options=options or Options(), workers=workers, engine=engine, scheduler=scheduler,
            fmt=fmt, bom=bom, neutralize=neutralize, batch_size=max(1, batch_size), part_size=max(1, part_size),
            max_bytes=max_bytes, strict=strict, fresh=fresh, on_progress=on_progress,
        )


def _run_locked(
    inputs: Sequence[str], out: Path, *, options: Options, workers: int | None, engine: str, scheduler: str | None,
    fmt: str, bom: bool, neutralize: bool, batch_size: int, part_size: int, max_bytes: int, strict: bool,
    fresh: bool, on_progress: Callable[[RunSummary], None] | None,
) -> RunSummary:
    from .engines import make_engine

    parts_dir = out / PARTS
    clean_stale(out)
    if fresh and parts_dir.exists():
        shutil.rmtree(parts_dir)
    parts_dir.mkdir(parents=True, exist_ok=True)
    # id -> (hash, part); ids met in this pass are marked _THIS_RUN (the only per-article state kept)
    manifest = load_manifest(parts_dir)
    options_key = _options_key(options)
    next_index = max((int(p.name) for p in committed_parts(parts_dir) if p.name.isdigit()), default=0) + 1

    summary = RunSummary(engine=engine)
    started = time.perf_counter()
    runner_engine = make_engine(engine, options, workers=workers, address=scheduler)
    summary.workers = runner_engine.workers
    part = PartWriter(parts_dir, f"{next_index:06d}")
    ok = False
    try:
        def write_batch(entries: list[ReadError | None], todo: list[tuple[RawRecord, str]], handle: Any) -> None:
            """Write one batch's results into the current part, in input order."""
            nonlocal part, next_index
            results = runner_engine.collect(handle) if todo else []
            if len(results) != len(todo):  # pragma: no cover - an engine bug
                raise RuntimeError(f"engine returned {len(results)} results for {len(todo)} records")
            processed = iter(zip(todo, results))
            for entry in entries:
                if entry is not None:  # an input that could not be read
                    row = {"id": entry.id, "source": entry.source, "stage": entry.stage, "message": entry.message}
                    part.add(entry.id, READ_ERROR_HASH, None, {"errors": dumps_line(row)})
                    continue
                (record, digest), result = next(processed)
                if result.id != record.id:  # pragma: no cover - an engine bug
                    raise RuntimeError(f"engine returned results out of order ({result.id!r} for {record.id!r})")
                summary.articles += 1
                summary.characters += len(record.text)
                if result.errors:
                    summary.articles_with_errors += 1
                    if strict:
                        first = result.errors[0]
                        raise StrictStop(f"{record.source}: {first['stage']}: {first['message']}")
                # an article that met an error is tried again by the next run
                part.add(record.id, READ_ERROR_HASH if result.errors else digest, result.record, result.tables)
            if part.count >= part_size:
                part.commit()
                next_index += 1
                part = PartWriter(parts_dir, f"{next_index:06d}")
            if on_progress:
                on_progress(summary)

        # one batch is processed while the one before it is written: the
        # workers never wait for the parent to read, hash and write
        pending: tuple[list[ReadError | None], list[tuple[RawRecord, str]], Any] | None = None
        for batch in _batches(iter_records(inputs, max_bytes=max_bytes), batch_size):
            entries: list[ReadError | None] = []
            todo: list[tuple[RawRecord, str]] = []
            for item in batch:
                if isinstance(item, ReadError):
                    summary.read_errors += 1
                    if strict:
                        raise StrictStop(f"{item.source}: {item.stage}: {item.message}")
                    entries.append(item)
                    continue
                known = manifest.get(item.id)
                if known is not None and known[1] == _THIS_RUN:
                    summary.duplicates += 1
                    continue
                digest = content_hash(item, options_key)
                manifest[item.id] = ("", _THIS_RUN)
                if known is not None and known[0] == digest:
                    summary.skipped += 1
                    continue
                entries.append(None)
                todo.append((item, digest))
            handle = runner_engine.submit([record for record, _ in todo]) if todo else None
            if pending is not None:
                write_batch(*pending)
            pending = (entries, todo, handle)
        if pending is not None:
            write_batch(*pending)
            pending = None
        part.commit()
        ok = True
    finally:
        if not ok:
            part.abort()
            getattr(runner_engine, "terminate", runner_engine.close)()
        else:
            runner_engine.close()
    del manifest
    summary.dataset_articles = write_dataset(
        out, fmt=fmt, bom=bom, neutralize=neutralize, processes=summary.workers if engine == "local" else 1
    )
    summary.seconds = time.perf_counter() - started
    summary.outputs = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
    if "summary.json" not in summary.outputs:
        summary.outputs = sorted([*summary.outputs, "summary.json"])
    payload = {**asdict(summary), "errors": summary.errors}
    with AtomicWriter(out / "summary.json") as fh:
        fh.write(json.dumps(payload, indent=1))
    return summary
