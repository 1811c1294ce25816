"""benchmarks/ner_bench.py works on two articles: keys, spans from BIO tags, and that our stage beats
underthesea's ``ner`` on the gold. Nothing here measures or asserts speed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load():
    spec = importlib.util.spec_from_file_location("ner_bench", ROOT / "benchmarks" / "ner_bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["ner_bench"] = module
    spec.loader.exec_module(module)
    return module


nb = _load()


def test_bio_spans():
    tagged = [
        ("Ông", "Nc", "B-NP", "O"),
        ("Nguyễn Văn", "Np", "B-NP", "B-PER"),
        ("An", "Np", "I-NP", "I-PER"),
        ("tại", "E", "B-PP", "O"),
        ("Hà Nội", "Np", "B-NP", "B-LOC"),
        ("UBND", "Np", "B-NP", "I-ORG"),  # an I- without a B- starts a span
        ("tỉnh", "N", "B-NP", "I-ORG"),
        ("x", "N", "B-NP", "B-MISC"),  # labels other than PER/LOC/ORG are dropped
    ]
    assert nb.bio_spans(tagged) == [("PER", "Nguyễn Văn An"), ("LOC", "Hà Nội"), ("ORG", "UBND tỉnh")]


def test_score_folds_like_the_scorer():
    s = nb.score([{("LOC", "Khánh Hoà"), ("ORG", "x")}], [{("LOC", "Khánh  Hòa"), ("PER", "y")}])
    assert s["LOC"]["f1"] == 1.0 and s["ORG"]["precision"] == 0.0 and s["PER"]["recall"] == 0.0
    assert s["ALL"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}


def test_two_articles(tmp_path, capsys):
    pytest.importorskip("underthesea")
    result = nb.run(limit=2, runs=1)
    assert result["articles"] == 2 and result["chars"] > 0
    assert set(result["systems"]) == {"nq52extract", "underthesea"}
    for sysres in result["systems"].values():
        assert set(sysres) == {"scores", "seconds", "chars_per_s"}
        assert set(sysres["scores"]) == {"PER", "LOC", "ORG", "ALL"}
        for row in sysres["scores"].values():
            assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(row)
    assert result["speed_ratio"] > 0
    ours, theirs = result["systems"]["nq52extract"]["scores"], result["systems"]["underthesea"]["scores"]
    assert ours["ALL"]["f1"] > theirs["ALL"]["f1"]
    assert "nq52extract" in nb.table(result)
    out = tmp_path / "ner.json"
    assert nb.main(["--limit", "2", "--runs", "1", "--no-underthesea", "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["articles"] == 2
    assert "chars/s" in capsys.readouterr().out
