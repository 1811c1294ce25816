"""Atomic streaming writers: JSONL, CSV, Parquet."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq52extract.io.writers import (
    AtomicWriter,
    CsvTableWriter,
    JsonlWriter,
    ParquetTableWriter,
    neutralize_cell,
    open_table_writer,
)

NQ52 = "Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- AtomicWriter

def test_atomic_commit(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    with AtomicWriter(target) as fh:
        fh.write(NQ52)
        assert not target.exists()  # nothing visible before commit
    assert target.read_text(encoding="utf-8") == NQ52
    assert leftovers(target.parent) == []


def test_atomic_abort_keeps_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old complete file")
    with pytest.raises(RuntimeError):
        with AtomicWriter(target) as fh:
            fh.write("half")
            raise RuntimeError("killed")
    assert target.read_text() == "old complete file"
    assert leftovers(tmp_path) == []


def test_atomic_abort_leaves_no_file(tmp_path):
    target = tmp_path / "new.bin"
    w = AtomicWriter(target, "wb")
    w.open().write(b"x")
    w.abort()
    assert not target.exists() and leftovers(tmp_path) == []


def test_atomic_keeps_mode_of_existing(tmp_path):
    target = tmp_path / "m.txt"
    target.write_text("a")
    os.chmod(target, 0o640)
    with AtomicWriter(target) as fh:
        fh.write("b")
    assert target.stat().st_mode & 0o777 == 0o640


# ---------------------------------------------------------------- neutralize

@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+84 912", "'+84 912"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Nghị quyết = 52", "Nghị quyết = 52"),
        ("", ""),
        ("'=already", "'=already"),
        (-1, -1),
        (3.5, 3.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralize_cell(value, expected):
    assert neutralize_cell(value) == expected


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none()))
def test_neutralize_idempotent(value):
    once = neutralize_cell(value)
    assert neutralize_cell(once) == once
    if isinstance(value, str):
        assert once.endswith(value) and not once[:1] in ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------- JSONL

def test_jsonl_writer(tmp_path):
    path = tmp_path / "out.jsonl"
    with JsonlWriter(path) as w:
        w.write({"id": "a", "text": NQ52, "n": 1, "tags": ("x", "y"), "p": Path("/tmp/x")})
        w.write_many([{"id": "b"}, {"id": "c", "nested": {"k": [1, 2]}}])
        assert w.count == 3
    raw = path.read_text(encoding="utf-8")
    assert NQ52 in raw  # not ASCII-escaped
    rows = [json.loads(line) for line in raw.splitlines()]
    assert rows[0]["tags"] == ["x", "y"] and rows[0]["p"] == "/tmp/x"
    assert [r["id"] for r in rows] == ["a", "b", "c"]


def test_jsonl_abort_keeps_previous(tmp_path):
    path = tmp_path / "out.jsonl"
    with JsonlWriter(path) as w:
        w.write({"run": 1})
    with pytest.raises(KeyboardInterrupt):
        with JsonlWriter(path) as w:
            w.write({"run": 2})
            raise KeyboardInterrupt
    assert path.read_text() == '{"run":1}\n'
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- CSV

def test_csv_writer_neutralizes_and_reads_back(tmp_path):
    path = tmp_path / "t.csv"
    rows = [
        {"id": 1, "title": "=cmd|' /C calc'!A0", "score": -0.5, "tags": ["a", "b"], "extra": "ignored"},
        {"id": 2, "title": NQ52, "score": None, "ok": True},
        {"id": 3, "title": 'dòng một\ndòng "hai"', "score": 1.25},
    ]
    with CsvTableWriter(path, ["id", "title", "score", "tags", "ok"]) as w:
        w.write_rows(rows)
    got = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert got[0] == {"id": "1", "title": "'=cmd|' /C calc'!A0", "score": "-0.5", "tags": '["a","b"]', "ok": ""}
    assert got[1]["title"] == NQ52 and got[1]["ok"] == "true" and got[1]["score"] == ""
    assert got[2]["title"] == 'dòng một\ndòng "hai"'


def test_csv_bom_and_no_neutralize(tmp_path):
    path = tmp_path / "excel.csv"
    with open_table_writer(path, ["a"], "csv", bom=True, neutralize=False) as w:
        w.write_rows([{"a": "=1+1"}])
    assert path.read_bytes() == b"\xef\xbb\xbfa\r\n=1+1\r\n"


def test_csv_abort_keeps_old(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("old\n")
    w = CsvTableWriter(path, ["a"])
    w.write_rows([{"a": "new"}])
    w.abort()
    assert path.read_text() == "old\n" and leftovers(tmp_path) == []


# ---------------------------------------------------------------- Parquet

def test_parquet_writer_schema_and_batches(tmp_path):
    path = tmp_path / "t.parquet"
    with ParquetTableWriter(path, ["id", "n", "score", "flag", "empty", "obj"], batch_size=2) as w:
        w.write_rows([
            {"id": "a", "n": 1, "score": 1, "flag": True, "empty": None, "obj": {"k": 1}},
            {"id": "b", "n": None, "score": 2.5, "flag": None, "obj": None},
        ])
        for i in range(5):
            w.write_rows([{"id": f"c{i}", "n": i, "score": i, "flag": False, "empty": 7}])
    table = pq.read_table(path)
    assert [str(t) for t in table.schema.types] == ["string", "int64", "double", "bool", "string", "string"]
    rows = table.to_pylist()
    assert len(rows) == 7
    assert rows[0] == {"id": "a", "n": 1, "score": 1.0, "flag": True, "empty": None, "obj": '{"k":1}'}
    assert rows[1]["n"] is None and rows[6]["empty"] == "7"


def test_parquet_mismatch_becomes_null(tmp_path):
    path = tmp_path / "t.parquet"
    with pytest.warns(UserWarning):
        with ParquetTableWriter(path, ["n"]) as w:
            w.write_rows([{"n": 1}])
            w.write_rows([{"n": "not a number"}, {"n": 2.0}])
    assert pq.read_table(path).column("n").to_pylist() == [1, None, 2]
    assert w.coerced == 1


def test_parquet_explicit_types_and_empty(tmp_path):
    path = tmp_path / "e.parquet"
    with open_table_writer(path, ["a", "b"], "parquet", types={"b": "int"}):
        pass
    table = pq.read_table(path)
    assert table.num_rows == 0 and [str(t) for t in table.schema.types] == ["string", "int64"]


def test_parquet_abort_keeps_old(tmp_path):
    path = tmp_path / "t.parquet"
    with ParquetTableWriter(path, ["a"]) as w:
        w.write_rows([{"a": "old"}])
    with pytest.raises(ValueError):
        with ParquetTableWriter(path, ["a"], batch_size=1) as w:
            w.write_rows([{"a": "new"}, {"a": "new2"}])
            raise ValueError("crash")
    assert pq.read_table(path).column("a").to_pylist() == ["old"]
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name, fmt, kind", [("x.csv", "auto", CsvTableWriter), ("x.parquet", "auto", ParquetTableWriter), ("x.tsv", "auto", CsvTableWriter)])
def test_open_table_writer(tmp_path, name, fmt, kind):
    w = open_table_writer(tmp_path / name, ["a"], fmt)
    assert isinstance(w, kind)
    w.close()
    assert (tmp_path / name).exists()


def test_open_table_writer_same_options_for_parquet(tmp_path):
    path = tmp_path / "x.parquet"
    with open_table_writer(path, ["a"], "parquet", bom=True, neutralize=True) as w:
        w.write_rows([{"a": "=1"}])
    assert pq.read_table(path).column("a").to_pylist() == ["=1"]


def test_open_table_writer_unknown(tmp_path):
    with pytest.raises(ValueError):
        open_table_writer(tmp_path / "x", ["a"], "xlsx")
