"""Checkpoints: a killed run leaves the previous output or a complete one, resumes to the
uninterrupted result; re-runs process only new or changed articles; stale temp files go."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nq52extract.runner import PARTS, RunLocked, _Lock, committed_parts, run
from nq52extract.tables import TABLE_COLUMNS

from conftest import CORPUS, OWN_GOLD, ROOT

FINAL = ["articles.jsonl", "manifest.jsonl", "summary.json", *[f"{t}.csv" for t in TABLE_COLUMNS]]
DATA = ["articles.jsonl", *[f"{t}.csv" for t in TABLE_COLUMNS]]  # the dataset proper


def _texts() -> list[str]:
    paths = sorted(CORPUS.glob("*.txt")) + sorted(OWN_GOLD.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _dump(n: int, *, changed: set[int] = frozenset(), new: int = 0, prepend: int = 0) -> list[dict]:
    """``n`` articles ``a000``... from the corpus and gold texts, repeated; ``changed`` get a new
    last line; ``new`` appended and ``prepend`` put first (ids ``n000``...)."""
    texts = _texts()
    records = []
    for i in range(n):
        text = texts[i % len(texts)]
        if i in changed:
            text += "\nBài viết được cập nhật lần hai, ngày 15/3/2021."
        records.append({"id": f"a{i:03d}", "text": text})
    extra = [{"id": f"n{j:03d}", "text": texts[(j * 7) % len(texts)] + f"\nTin bổ sung số {j}."} for j in range(new + prepend)]
    return extra[new:] + records + extra[:new]


def _write(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    tmp.replace(path)
    return path


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FINAL if (out / name).exists()}


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _manifest(out: Path) -> dict[str, str]:
    return {r["id"]: r["hash"] for r in map(json.loads, (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines())}


def _cli(dump: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "nq52extract.cli", "run", str(dump), "-o", str(out), "--workers", "2",
            "--part-size", "50", "--batch-size", "10", "--progress", "off"]


ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _same_dataset_as_sets(a: Path, b: Path) -> None:
    """The same records and table rows, whatever their order."""
    key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)
    assert sorted(map(key, _records(a))) == sorted(map(key, _records(b)))
    for table in TABLE_COLUMNS:
        rows_a, rows_b = _rows(a / f"{table}.csv"), _rows(b / f"{table}.csv")
        assert sorted(map(key, rows_a)) == sorted(map(key, rows_b)), table


# --------------------------------------------------------------------------
# (a) SIGKILL midway, then resume
# --------------------------------------------------------------------------


def test_sigkill_leaves_previous_or_complete_output_and_resume_matches_uninterrupted(tmp_path):
    dump = tmp_path / "in" / "dump.jsonl"
    out, ref, fresh = tmp_path / "out", tmp_path / "ref", tmp_path / "fresh"
    first = _dump(240)
    second = _dump(240, changed=set(range(0, 240, 2)), new=30)  # 150 to process again

    # the previous complete output
    _write(dump, first)
    run([str(dump)], out, workers=2, part_size=50, batch_size=10)
    previous = _snapshot(out)
    parts_before = {p.name for p in committed_parts(out / PARTS)}
    # the uninterrupted result of the second run, from a copy of the previous output
    shutil.copytree(out, ref)
    _write(dump, second)
    run([str(dump)], ref, workers=2, part_size=50, batch_size=10)
    complete = _snapshot(ref)

    # the second run, killed once a part of its own is committed
    proc = subprocess.Popen(_cli(dump, out), env=ENV, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if {p.name for p in committed_parts(out / PARTS)} - parts_before:
                break
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    if proc.returncode != -signal.SIGKILL:
        pytest.fail(f"the run ended (status {proc.returncode}) before it could be killed: {proc.stderr.read()!r}")
    proc.stderr.close()
    assert {p.name for p in committed_parts(out / PARTS)} - parts_before, "no part committed before the kill"

    # every output file is the previous one or the complete new one; nothing partial under a final name
    for name in FINAL:
        if (out / name).exists():
            data = (out / name).read_bytes()
            assert data == previous.get(name) or data == complete.get(name), name
        else:
            assert name not in previous, name
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible <= {*FINAL, PARTS}, visible

    # resume: the same command
    done = subprocess.run(_cli(dump, out), env=ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert 0 < summary["articles"] < 150 and summary["articles"] + summary["skipped"] == 270
    # the same files as the uninterrupted run, byte for byte (parts are appended in input order)
    for name in DATA:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    assert _manifest(out) == _manifest(ref)
    assert not [p for p in out.rglob("*.tmp")], "temp files left behind"
    # and the same dataset as a fresh run over the second dump (as sets: order differs, see below)
    run([str(dump)], fresh, workers=2, part_size=50, batch_size=10)
    _same_dataset_as_sets(out, fresh)


# --------------------------------------------------------------------------
# (b) incremental runs
# --------------------------------------------------------------------------


def test_rerun_processes_only_new_and_changed_articles(tmp_path):
    dump, out, fresh = tmp_path / "in" / "dump.jsonl", tmp_path / "out", tmp_path / "fresh"
    _write(dump, _dump(40))
    first = run([str(dump)], out, workers=1, part_size=15, batch_size=4)
    assert (first.articles, first.skipped) == (40, 0)

    again = run([str(dump)], out, workers=1, part_size=15, batch_size=4)
    assert (again.articles, again.skipped, again.dataset_articles) == (0, 40, 40)

    # grown dump: 5 appended, 2 put first (every line number moves), one article changed
    grown = _dump(40, changed={17}, new=5, prepend=2)
    _write(dump, grown)
    summary = run([str(dump)], out, workers=1, part_size=15, batch_size=4)
    assert (summary.articles, summary.skipped) == (8, 39)
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["articles"] == 8

    run([str(dump)], fresh, workers=1, part_size=15, batch_size=4)
    # The dataset of the incremental run is the fresh run's, reordered: first the articles
    # kept from the earlier run, in their earlier order (here: fresh order), then the ones
    # processed now, in input order. Same for every table's rows, grouped by article id.
    redone = {r["id"] for r in grown if r["id"].startswith("n")} | {"a017"}

    def reorder(items: list[dict]) -> list[dict]:
        return [x for x in items if x["id"] not in redone] + [x for x in items if x["id"] in redone]

    assert _records(out) == reorder(_records(fresh))
    for table in TABLE_COLUMNS:
        assert _rows(out / f"{table}.csv") == reorder(_rows(fresh / f"{table}.csv")), table
    assert _manifest(out) == _manifest(fresh)
    changed = next(r for r in _records(out) if r["id"] == "a017")
    assert "cập nhật lần hai" in changed["text"]


def test_duplicate_ids_keep_the_first_record_on_every_run(tmp_path):
    records = _dump(6)
    records.append({"id": "a002", "text": records[0]["text"] + "\nBản trùng mã."})
    dump, out = _write(tmp_path / "in" / "dump.jsonl", records), tmp_path / "out"
    first = run([str(dump)], out, workers=1)
    assert (first.articles, first.duplicates) == (6, 1)
    kept = (out / "articles.jsonl").read_bytes()
    second = run([str(dump)], out, workers=1)
    assert (second.articles, second.skipped, second.duplicates) == (0, 6, 1)
    assert (out / "articles.jsonl").read_bytes() == kept
    assert [r["id"] for r in _records(out)].count("a002") == 1


# --------------------------------------------------------------------------
# (c) what a killed run leaves behind
# --------------------------------------------------------------------------


def test_stale_temp_parts_and_files_are_ignored_and_cleaned(tmp_path):
    dump, out = _write(tmp_path / "in" / "dump.jsonl", _dump(12)), tmp_path / "out"
    run([str(dump)], out, workers=1, part_size=5, batch_size=5)
    before = _snapshot(out)
    # an unfinished part under the next name, one under a later name, and writer temp files
    for name in (".000004.tmp", ".000099.tmp"):
        stale = out / PARTS / name
        stale.mkdir()
        (stale / "ids.tsv").write_text("a000\tdeadbeef\nzzz\tdeadbeef\n", encoding="utf-8")
        (stale / "records.jsonl").write_text('{"id": "zzz", "text": "half', encoding="utf-8")
    (out / ".articles.jsonl.k3j2h1.tmp").write_text('{"id": "half', encoding="utf-8")
    (out / ".documents.csv.x9y8.tmp").write_text("id,", encoding="utf-8")
    (out / ".notes.tmp").write_text("not ours", encoding="utf-8")

    summary = run([str(dump)], out, workers=1, part_size=5, batch_size=5)
    assert (summary.articles, summary.skipped) == (0, 12)
    assert not list((out / PARTS).glob(".*.tmp"))
    assert not (out / ".articles.jsonl.k3j2h1.tmp").exists() and not (out / ".documents.csv.x9y8.tmp").exists()
    assert (out / ".notes.tmp").exists()  # not a file of ours: left alone
    after = _snapshot(out)
    for name in DATA + ["manifest.jsonl"]:
        assert after[name] == before[name], name


def test_failure_while_writing_the_dataset_leaves_previous_files(tmp_path, monkeypatch):
    import nq52extract.runner as runner

    dump, out = _write(tmp_path / "in" / "dump.jsonl", _dump(8)), tmp_path / "out"
    run([str(dump)], out, workers=1)
    before = _snapshot(out)
    _write(dump, _dump(8, changed={1, 5}, new=2))
    real = runner.open_table_writer
    opened = []

    def failing(path, *args, **kwargs):
        opened.append(path)
        if len(opened) == 3:
            raise OSError("disk full (simulated)")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "open_table_writer", failing)
    with pytest.raises(OSError, match="simulated"):
        run([str(dump)], out, workers=1)
    # nothing moved into place: every file is the previous one, no temp file is left
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(runner, "open_table_writer", real)
    summary = run([str(dump)], out, workers=1)
    assert summary.articles == 0 and summary.dataset_articles == 10  # the parts were committed
    assert len(_records(out)) == 10


def test_a_second_run_on_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with _Lock(out):
        with pytest.raises(RunLocked):
            run([str(CORPUS)], out, workers=1)
    assert run([str(CORPUS)], out, workers=1).articles == 5
