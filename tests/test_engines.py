"""Engines: Dask on a LocalCluster and a local pool write what one local worker writes;
per-article limits become error rows on every engine."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from nq52extract.io.readers import RawRecord
from nq52extract.pipeline import STAGES, Options
from nq52extract.runner import process_record, run
from nq52extract.tables import TABLE_COLUMNS

from conftest import CORPUS, OWN_GOLD

FILES = ["articles.jsonl", "manifest.jsonl", *[f"{t}.csv" for t in TABLE_COLUMNS]]


def _same_files(a: Path, b: Path) -> None:
    produced = {p.name for p in a.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert produced == {p.name for p in b.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert produced == {*FILES, "summary.json"}
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def local_one(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local1")
    summary = run([str(CORPUS), str(OWN_GOLD)], out, workers=1, batch_size=4)
    assert summary.errors == 0 and summary.articles == 25
    return out


def test_dask_local_cluster_writes_the_same_dataset(local_one, tmp_path):
    pytest.importorskip("distributed")
    summary = run([str(CORPUS), str(OWN_GOLD)], tmp_path / "dask", engine="dask", workers=2, batch_size=4)
    assert summary.engine == "dask" and summary.workers == 2 and summary.errors == 0
    _same_files(local_one, tmp_path / "dask")


def test_two_local_workers_write_the_same_dataset(local_one, tmp_path):
    summary = run([str(CORPUS), str(OWN_GOLD)], tmp_path / "two", workers=2, batch_size=7, part_size=6)
    assert summary.workers == 2
    # parts differ (part_size), the dataset does not
    for name in [f for f in FILES if f != "manifest.jsonl"]:
        assert (local_one / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    ids = [json.loads(line)["id"] for line in (tmp_path / "two" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == sorted(p.stem for p in CORPUS.glob("*.txt")) + sorted(p.stem for p in OWN_GOLD.glob("*.txt"))


def _errors(out: Path) -> list[dict]:
    with (out / "errors.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("workers", [1, 2])
def test_limits_become_error_rows(tmp_path, workers):
    long_ids = {p.stem for p in CORPUS.glob("*.txt") if len(p.read_text(encoding="utf-8")) > 3000}
    assert long_ids
    summary = run([str(CORPUS)], tmp_path / "chars", workers=workers, options=Options(max_chars=3000))
    rows = _errors(tmp_path / "chars")
    assert {r["id"] for r in rows} == long_ids and all("exceeds the limit" in r["message"] for r in rows)
    assert summary.articles_with_errors == len(long_ids)

    summary = run([str(CORPUS)], tmp_path / "time", workers=workers, options=Options(time_budget=0.0))
    rows = _errors(tmp_path / "time")
    assert len(rows) == 5 and all("time budget" in r["message"] for r in rows)
    assert summary.articles_with_errors == 5
    # articles with errors are tried again by the next run
    assert run([str(CORPUS)], tmp_path / "time", workers=workers, options=Options(time_budget=0.0)).articles == 5


def test_a_stage_that_never_returns_is_stopped(monkeypatch):
    """The budget is checked between stages; a stage stuck inside is interrupted by an alarm."""
    import nq52extract.runner as runner

    def stuck(article, options):
        while True:
            time.sleep(0.05)

    text = (CORPUS / "001_4f3f4f42e8b072a3.txt").read_text(encoding="utf-8")
    process_record(RawRecord("warm", "x.txt", text))  # resources loaded
    monkeypatch.setattr(runner, "_hard_limit", lambda options: 0.5)
    import nq52extract.pipeline as pipeline

    stages = [(name, stuck if name == "entities" else stage) for name, stage in STAGES]
    monkeypatch.setattr(pipeline, "STAGES", stages)
    record_json, tables = process_record(RawRecord("x", "x.txt", text), Options(time_budget=30))
    stages = [e["stage"] for e in record_json["errors"]]
    assert "entities" in stages or "timeout" in stages, record_json["errors"]
    assert record_json["documents"] and tables["errors"]  # earlier stages kept their results
    assert all(d["orig_start"] >= 0 for d in record_json["documents"])


# --------------------------------------------------------------------------
# the command line: progress bar only on a terminal, exit statuses documented
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting, tty, ci, shown",
    [("auto", True, None, True), ("auto", False, None, False), ("auto", True, "true", False),
     ("auto", True, "1", False), ("auto", True, "false", True), ("off", True, None, False), ("on", False, "true", True)],
)
def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch, setting, tty, ci, shown):
    import argparse

    from nq52extract import cli

    monkeypatch.delenv("TERM", raising=False)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: tty, raising=False)
    assert cli._show_progress(argparse.Namespace(progress=setting)) is shown


def test_run_help_documents_exit_statuses(capsys):
    from nq52extract import cli

    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    text = capsys.readouterr().out
    for line in ("0  every article processed", "1  finished, but error rows", "2  --strict: stopped"):
        assert line in text


def test_strict_stops_with_status_2_and_errors_give_1(tmp_path, capsys):
    from nq52extract import cli

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text((CORPUS / "001_4f3f4f42e8b072a3.txt").read_text(encoding="utf-8"), encoding="utf-8")
    args = ["run", str(src), "-o", str(tmp_path / "out"), "--workers", "1", "--progress", "off"]
    assert cli.main(args) == 0
    (src / "b.txt").write_text(" \n", encoding="utf-8")
    assert cli.main(args) == 1
    assert cli.main([*args, "--strict"]) == 2
    err = capsys.readouterr().err
    assert "stopped at the first error" in err and "articles processed" in err
