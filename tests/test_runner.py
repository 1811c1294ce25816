"""`nq52extract run` end to end: the dataset, error rows for bad inputs, atomic outputs."""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nq52extract.runner import run
from nq52extract.tables import TABLE_COLUMNS

from conftest import CORPUS, ROOT

GOOD = (CORPUS / "001_4f3f4f42e8b072a3.txt").read_text(encoding="utf-8")


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_run_over_corpus_writes_contract_and_tables(tmp_path):
    summary = run([str(CORPUS)], tmp_path / "out", workers=1)
    out = tmp_path / "out"
    assert summary.articles == 5 and summary.errors == 0
    records = [json.loads(l) for l in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == sorted(p.stem for p in CORPUS.glob("*.txt"))
    for key in ("id", "source", "title", "published", "byline", "localities", "text", "corrections",
                "documents", "dates", "target_years", "percentages", "task_lists", "entities", "warnings"):
        assert key in records[0]
    for name in TABLE_COLUMNS:
        assert (out / f"{name}.csv").exists(), name
    docs = _rows(out / "documents.csv")
    row = next(r for r in docs if r["id"] == "001_4f3f4f42e8b072a3" and r["canonical"] == "402-KH/TU")
    assert row["issued"] == "2020-06-26" and "402-KH/TU" in row["sentence"]
    tasks = [r for r in _rows(out / "tasks.csv") if r["id"] == "001_4f3f4f42e8b072a3"]
    assert len(tasks) == 7 and tasks[0]["count"] == "7"
    years = _rows(out / "target_years.csv")
    assert any(r["year"] == "2025" and "100%" in r["statement"] for r in years)


def test_workers_give_identical_output(tmp_path):
    run([str(CORPUS)], tmp_path / "one", workers=1, batch_size=2)
    run([str(CORPUS)], tmp_path / "two", workers=2, batch_size=2)
    for name in ["articles.jsonl", *[f"{t}.csv" for t in TABLE_COLUMNS]]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def _bad_inputs(folder: Path) -> dict[str, str]:
    """One of each bad input of the robustness issue, beside good articles; name -> expected stage."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "invalid.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x81\x00")
    (folder / "huge.txt").write_text("Nghị quyết số 52-NQ/TW. " * 2_200_000, encoding="utf-8")
    (folder / "broken.html").write_text("<html><body><div><p>Ngày 26/6/2020, Tỉnh ủy ban hành Kế hoạch số 402-KH/TU<p><b>chưa đóng", encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": GOOD}, ensure_ascii=False), "{not json", json.dumps({"id": "j3", "text": "Ngày 5/5/2020 tỉnh ban hành Kế hoạch số 185-KH/TU."}, ensure_ascii=False)]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "nocol.csv").write_text("id,headline\n1,Tiêu đề\n", encoding="utf-8")
    data = gzip.compress(("\n".join([json.dumps({"id": f"g{i}", "text": GOOD}, ensure_ascii=False) for i in range(3)]) + "\n").encode())
    (folder / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    return {"empty": "read", "binary": "decode", "huge": "read", "nocol": "parse"}


def test_bad_inputs_become_error_rows_and_good_articles_are_extracted(tmp_path):
    _bad_inputs(tmp_path / "in")
    summary = run([str(tmp_path / "in")], tmp_path / "out", workers=1, max_bytes=20_000_000)
    errors = _rows(tmp_path / "out" / "errors.csv")
    sources = " ".join(e["source"] + " " + e["message"] for e in errors)
    for name in ("empty.txt", "binary.txt", "invalid.txt", "huge.txt", "nocol.csv", "cut.jsonl.gz", "dump.jsonl"):
        assert name in sources, (name, errors)
    ids = {json.loads(l)["id"] for l in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()}
    assert {"good", "j1", "j3", "broken"} <= ids
    docs = _rows(tmp_path / "out" / "documents.csv")
    assert {("good", "402-KH/TU"), ("j1", "402-KH/TU"), ("j3", "185-KH/TU"), ("broken", "402-KH/TU")} <= {
        (r["id"], r["canonical"]) for r in docs
    }
    assert summary.errors >= 7


def test_cli_exit_status_and_spreadsheet_safety(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps({"id": "=cmd|' /C calc'!A0", "title": "+SUM(A1)", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "nq52extract.cli", "run", str(src), "-o", str(tmp_path / "out"), "--bom", "--workers", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / "out" / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    row = _rows(tmp_path / "out" / "articles.csv")[0]
    assert row["id"].startswith("'=") and row["title"].startswith("'+")
    (src / "empty.txt").write_text("   \n", encoding="utf-8")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert done.returncode == 1
    strict = subprocess.run(cmd + ["--strict"], capture_output=True, text=True, env=env)
    assert strict.returncode not in (0, 1) or "empty" in strict.stderr


def test_parquet_tables(tmp_path):
    pd = pytest.importorskip("pandas")
    run([str(CORPUS)], tmp_path / "out", workers=1, fmt="parquet")
    frame = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert {"id", "canonical", "issued", "sentence"} <= set(frame.columns)
    assert "52-NQ/TW" in set(frame["canonical"])
