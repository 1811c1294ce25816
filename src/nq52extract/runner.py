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
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .io.readers import RawRecord, ReadError, iter_records
from .io.writers import JsonlWriter, open_table_writer
from .model import Article
from .pipeline import Options, process_article
from .tables import TABLE_COLUMNS, article_tables

PARTS = "parts"
IDS_FILE = "ids.tsv"
READ_ERROR_HASH = "-"  # never equal to a content hash: failed inputs are retried


@dataclass
class RunSummary:
    """What a run did: counts, errors and speed."""

    articles: int = 0
    skipped: int = 0
    read_errors: int = 0
    articles_with_errors: int = 0
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
            f"{self.errors} with errors ({self.read_errors} unreadable); {self.seconds:.1f}s, "
            f"{rate:.1f} articles/s, {cps:,.0f} chars/s on {self.workers} {self.engine} worker(s); "
            f"dataset: {self.dataset_articles} articles"
        )


def article_from_record(record: RawRecord) -> Article:
    """A fresh article for a record that was read."""
    return Article(id=record.id, source=record.source, original=record.text, given=dict(record.meta or {}))


def process_record(record: RawRecord, options: Options | None = None) -> tuple[dict[str, Any], dict[str, list[dict]]]:
    """One record through the pipeline: its JSON object and its table rows."""
    article = process_article(article_from_record(record), options or Options())
    return article.to_dict(), article_tables(article)


def content_hash(record: RawRecord, options_key: str) -> str:
    """A hash of what decides an article's output: its text, given metadata and the options."""
    h = hashlib.blake2b(digest_size=16)
    h.update(options_key.encode())
    h.update(json.dumps(record.meta or {}, sort_keys=True, ensure_ascii=False, default=str).encode())
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
        self.files = {t: (self.tmp / f"{t}.jsonl").open("w", encoding="utf-8") for t in self.TABLES}
        self.records = (self.tmp / "records.jsonl").open("w", encoding="utf-8")
        self.ids = (self.tmp / IDS_FILE).open("w", encoding="utf-8")
        self.count = 0
        self.entries: dict[str, str] = {}

    def add(self, record_id: str, digest: str, record_json: dict[str, Any] | None, tables: dict[str, list[dict]]) -> None:
        if record_json is not None:
            self.records.write(json.dumps(record_json, ensure_ascii=False) + "\n")
        for name, rows in tables.items():
            fh = self.files[name]
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        self.ids.write(f"{_escape(record_id)}\t{digest}\n")
        self.entries[record_id] = digest
        self.count += 1

    def commit(self) -> bool:
        """Make the part visible; False (and nothing kept) when it is empty."""
        for fh in [*self.files.values(), self.records, self.ids]:
            fh.flush()
            fh.close()
        if not self.count:
            shutil.rmtree(self.tmp)
            return False
        self.tmp.rename(self.final)
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


def write_dataset(out: Path, *, fmt: str = "csv", bom: bool = False, neutralize: bool = True) -> int:
    """Rebuild ``articles.jsonl`` and the tables from the parts; returns the article count."""
    parts_dir = out / PARTS
    manifest = load_manifest(parts_dir)
    winner = {rid: part for rid, (_, part) in manifest.items()}
    parts = committed_parts(parts_dir)
    ext = "parquet" if fmt == "parquet" else "csv"
    count = 0
    jsonl = JsonlWriter(out / "articles.jsonl")
    try:
        for part in parts:
            with (part / "records.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    record = json.loads(line)
                    if winner.get(record["id"]) == part.name:
                        jsonl.write(record)
                        count += 1
        jsonl.close()
    except BaseException:
        jsonl.abort()
        raise
    for name, columns in TABLE_COLUMNS.items():
        writer = open_table_writer(out / f"{name}.{ext}", columns, fmt, bom=bom, neutralize=neutralize)
        try:
            for part in parts:
                rows = []
                with (part / f"{name}.jsonl").open(encoding="utf-8") as fh:
                    for line in fh:
                        row = json.loads(line)
                        if winner.get(row["id"]) == part.name:
                            rows.append(row)
                            if len(rows) >= 1000:
                                writer.write_rows(rows)
                                rows = []
                if rows:
                    writer.write_rows(rows)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    manifest_writer = JsonlWriter(out / "manifest.jsonl")
    for rid, (digest, part) in manifest.items():
        manifest_writer.write({"id": rid, "hash": digest, "part": part})
    manifest_writer.close()
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
    """Process ``inputs`` into ``out_dir``: parts first, then the dataset files."""
    from .engines import make_engine

    options = options or Options()
    out = Path(out_dir)
    parts_dir = out / PARTS
    if fresh and parts_dir.exists():
        shutil.rmtree(parts_dir)
    parts_dir.mkdir(parents=True, exist_ok=True)
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
        for batch in _batches(iter_records(inputs, max_bytes=max_bytes), batch_size):
            todo: list[tuple[RawRecord, str]] = []
            for item in batch:
                if isinstance(item, ReadError):
                    summary.read_errors += 1
                    if strict:
                        raise RuntimeError(f"{item.source}: {item.stage}: {item.message}")
                    row = {"id": item.id, "source": item.source, "stage": item.stage, "message": item.message}
                    part.add(item.id, READ_ERROR_HASH, None, {"errors": [row]})
                    continue
                digest = content_hash(item, options_key)
                if manifest.get(item.id, ("",))[0] == digest:
                    summary.skipped += 1
                    continue
                todo.append((item, digest))
            results = runner_engine.map([record for record, _ in todo]) if todo else []
            for (record, digest), (record_json, tables) in zip(todo, results):
                summary.articles += 1
                summary.characters += len(record.text)
                if record_json["errors"]:
                    summary.articles_with_errors += 1
                    if strict:
                        first = record_json["errors"][0]
                        raise RuntimeError(f"{record.source}: {first['stage']}: {first['message']}")
                # an article that met an error is tried again by the next run
                part.add(record.id, READ_ERROR_HASH if record_json["errors"] else digest, record_json, tables)
            if part.count >= part_size:
                part.commit()
                next_index += 1
                part = PartWriter(parts_dir, f"{next_index:06d}")
            if on_progress:
                on_progress(summary)
        part.commit()
        ok = True
    finally:
        if not ok:
            part.abort()
            getattr(runner_engine, "terminate", runner_engine.close)()
        else:
            runner_engine.close()
    summary.dataset_articles = write_dataset(out, fmt=fmt, bom=bom, neutralize=neutralize)
    summary.seconds = time.perf_counter() - started
    summary.outputs = sorted(p.name for p in out.iterdir() if p.is_file())
    summary_path = out / "summary.json"
    payload = {**asdict(summary), "errors": summary.errors}
    tmp = summary_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    tmp.replace(summary_path)
    return summary
