"""notebooks/explore.ipynb runs top to bottom on the real pipeline output of corpus/."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

from nq52extract.runner import run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _execute(monkeypatch, out: Path) -> "nbformat.NotebookNode":
    monkeypatch.setenv("NQ52_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    return nb


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _texts(nb) -> str:
    parts = []
    for o in _outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        for mime in ("text/html", "text/plain"):
            parts.append(str(o.get("data", {}).get(mime, "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run([str(ROOT / "corpus")], out, workers=1)
    return out


def test_notebook_runs_on_corpus_output(monkeypatch, corpus_out):
    nb = _execute(monkeypatch, corpus_out)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) >= 5, "expected the timeline, target-year, percentage, task and entity figures"
    tables = [str(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {})]
    assert any("<table" in t and "Tuyên Quang" in t for t in tables)
    assert any("<table" in t and "Khánh Hòa" in t for t in tables)
    text = _texts(nb)
    assert str(corpus_out) in text  # it read the folder it was given
    assert "402-KH/TU" in text  # Tuyên Quang's plan of 26/6/2020 on the timeline table
    assert "2045" in text


def test_notebook_runs_the_pipeline_when_out_is_missing(monkeypatch, tmp_path):
    nb = _execute(monkeypatch, tmp_path / "missing")
    text = _texts(nb)
    assert "ran the pipeline over corpus/" in text
    assert "Tuyên Quang" in text
