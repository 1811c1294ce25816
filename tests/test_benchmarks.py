"""The benchmark suite works: the corpus generator and run_benchmark, on tiny inputs.

Nothing here measures speed; the benchmark reports figures, tests never assert them.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import inspect
import json
import re
import subprocess
import unicodedata
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gc():
    return _load("generate_corpus")


@pytest.fixture(scope="module")
def generator(gc):
    return gc.build_generator(seed=7)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sources_parsed_into_kinds(generator):
    assert len(generator.sources) >= 5  # the seed corpus at least
    assert all(s.lead for s in generator.sources)
    assert set(generator.kinds) <= {"plan", "review", "guidance", "report"}


def test_deterministic_per_seed(gc, tmp_path):
    a, b, c = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"
    gc.write_corpus(gc.build_generator(seed=3), 25, a, "jsonl.gz")
    gc.write_corpus(gc.build_generator(seed=3), 25, b, "jsonl.gz")
    gc.write_corpus(gc.build_generator(seed=4), 25, c, "jsonl.gz")
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_article_independent_of_position(generator):
    # article i is the same whether generated alone or in a stream: what makes streaming possible
    streamed = list(generator.articles(6))
    assert generator.article(5) == streamed[5]


def test_articles_look_like_vietnamese_news(generator):
    arts = list(generator.articles(40))
    assert len({a["id"] for a in arts}) == 40
    named = 0
    for art in arts:
        text = unicodedata.normalize("NFC", art["text"])  # a few articles are written in NFD
        assert len(text) > 300
        assert len(VIETNAMESE.findall(text)) > 50
        assert len([ln for ln in text.splitlines() if ln.strip()]) >= 3
        named += art["province"] in text
    assert named >= 0.7 * len(arts)  # the province swapped in (OCR noise may damage a few)
    joined = "\n".join(a["text"] for a in arts)
    assert "52-NQ/TW" in joined
    assert re.search(r"\d+-(KH|CTr|HD|NQ|CT|KL)/(TU|HU|TW)", joined)
    assert re.search(r"\d{1,2}/\d{1,2}/20\d\d", joined)
    assert "%" in joined
    # facts vary between articles made from the same sources
    provinces = {a["province"] for a in arts}
    assert len(provinces) > 10


def test_streams_jsonl_gz_and_reader_reads_it(gc, generator, tmp_path):
    assert inspect.isgenerator(generator.articles(3))
    out = tmp_path / "corpus.jsonl.gz"
    count, chars = gc.write_corpus(generator, 120, out, "jsonl.gz")
    assert count == 120 and chars > 0
    with gzip.open(out, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert len(rows) == 120
    assert sum(len(r["text"]) for r in rows) == chars

    from nq52extract.io.readers import RawRecord, iter_records

    records = [r for r in iter_records([str(out)]) if isinstance(r, RawRecord)]
    assert len(records) == 120
    assert records[0].text == rows[0]["text"]


def test_txt_folder_and_cli(tmp_path):
    out = tmp_path / "txt"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "generate_corpus.py"), "-n", "7", "-o", str(out), "--seed", "1", "-q"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.glob("*.txt"))
    assert len(files) == 7
    assert all(VIETNAMESE.search(f.read_text(encoding="utf-8")) for f in files)


def test_run_benchmark_end_to_end(tmp_path):
    report_path = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run_benchmark.py"), "--articles", "5", "--skip-underthesea",
         "--workers", "2", "--json", str(report_path), "--quiet"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert set(report) == {"meta", "rows", "ratios", "targets"}
    assert set(report["rows"]) == {"pipeline", "runner_1w", "runner_2w"}
    for name, row in report["rows"].items():
        assert "error" not in row, (name, row)
        assert row["articles"] == 5
        for key in ("chars", "seconds", "chars_per_s", "articles_per_s", "peak_rss_mib"):
            assert key in row
        assert row["peak_rss_mib"] > 0
    assert {"pipeline_vs_word_tokenize", "workers_speedup"} <= set(report["ratios"])
    assert "| pipeline |" in proc.stdout
