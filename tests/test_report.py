"""The HTML report, built from the real pipeline output of corpus/ (plus one hostile article)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from nq52extract.report import build_report, load_outputs
from nq52extract.report.html import HSpan, highlight_text
from nq52extract.runner import run

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
EVIL = "Tin <script>alert(1)</script> & \"trích dẫn\" <img src=x onerror=alert(2)>\nĐến năm 2025: đạt 50% các xã.\n"
TABLES = ["articles", "documents", "target_years", "percentages", "tasks", "entities", "dates", "corrections", "errors"]


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """The real pipeline over corpus/ and one article full of markup."""
    inputs = tmp_path_factory.mktemp("inputs")
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, inputs / f.name)
    (inputs / "999_evil.txt").write_text(EVIL, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    run([str(inputs)], out, workers=1)
    return out


@pytest.fixture(scope="module")
def report(out_dir, tmp_path_factory) -> tuple[str, HTMLParser]:
    dest = build_report(out_dir, tmp_path_factory.mktemp("report") / "report.html")
    html = dest.read_text(encoding="utf-8")
    return html, HTMLParser(html)


def _ids(tree: HTMLParser) -> set[str]:
    return {n.attributes["id"] for n in tree.css("[id]")}


def test_report_is_one_utf8_file(report):
    html, tree = report
    assert html.startswith("<!DOCTYPE html>")
    assert tree.css_first('meta[charset="utf-8"]') is not None
    assert "Tuyên Quang" in html  # Vietnamese text written as is, not as entities


def test_document_highlights_link_to_existing_rows(report, out_dir):
    html, tree = report
    ids = _ids(tree)
    marks = [m for m in tree.css("mark.f-doc[id]") if "52-NQ/TW" in m.text()]
    assert marks, "no highlight of 52-NQ/TW"
    docs = load_outputs(out_dir)["documents"]
    for mark in tree.css("mark.f-doc[id^=hl-documents-]"):
        row_id = mark.attributes["data-row"]
        assert row_id in ids
        n = int(row_id.rsplit("-", 1)[1])
        assert docs.loc[n, "canonical"] in mark.text() or docs.loc[n, "number"] in mark.text()
        links = [a.attributes["href"] for a in mark.css("a[href]")]
        assert f"#{row_id}" in links
    # and the rows link back to their highlight
    for row in tree.css("#t-documents tbody tr"):
        back = row.css_first("a.back")
        assert back is not None and back.attributes["href"][1:] in ids


def test_highlights_match_offsets(report, out_dir):
    _, tree = report
    records = {r["id"]: r for r in map(json.loads, (out_dir / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    docs = load_outputs(out_dir)["documents"]
    for i, row in docs.iterrows():
        mark = tree.css_first(f"#hl-documents-{i}")
        assert mark is not None
        text = records[row["id"]]["text"]
        assert mark.text() == text[int(row["start"]) : int(row["end"])]


def test_every_internal_link_resolves(report):
    _, tree = report
    ids = _ids(tree)
    hrefs = [a.attributes.get("href") or "" for a in tree.css("a[href]")]
    assert hrefs
    missing = [h for h in hrefs if h.startswith("#") and h[1:] not in ids]
    assert not missing, missing[:5]


def test_tables_present_and_sortable(report, out_dir):
    _, tree = report
    frames = load_outputs(out_dir)
    for name in TABLES:
        table = tree.css_first(f"table#t-{name}.sortable")
        assert table is not None, name
        assert len(table.css("tbody tr")) == len(frames[name]), name
        assert table.css("thead th[data-type]")
    assert len(tree.css("#t-documents tbody tr")) >= 5
    # the summary counts what the tables hold
    assert tree.css_first("#card-documents .n").text() == str(len(frames["documents"]))
    assert tree.css_first("#card-articles .n").text() == "6"


def test_other_fields_highlighted(report):
    _, tree = report
    for cls in ("f-date", "f-year", "f-pct", "f-task", "f-tasklist", "f-ent", "f-corr"):
        assert tree.css(f".art mark.{cls}"), cls
    corr = tree.css_first(".art mark.f-corr")
    assert "corrected from" in corr.attributes["title"]


def test_charts_inline_svg(report):
    _, tree = report
    for fid in ("chart-timeline", "chart-years", "chart-percentages", "chart-tasks", "chart-entities", "chart-corrections"):
        assert tree.css_first(f"#{fid} svg") is not None, fid
    assert tree.css("#chart-timeline svg circle")


def test_article_text_is_escaped(report):
    html, tree = report
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert len(tree.css("script")) == 1  # only the report's own
    assert not tree.css("img")
    evil = [a for a in tree.css("article.art") if a.attributes.get("data-id") == "999_evil"]
    assert evil and "<script>alert(1)</script>" in evil[0].text()


def test_no_external_resources(report):
    html, tree = report
    for node in tree.css("[src], [href], link, iframe, object, embed"):
        for attr in ("src", "href"):
            value = node.attributes.get(attr)
            if value is not None:
                assert value.startswith(("#", "data:")), value
    for style in tree.css("style"):
        assert not re.search(r"url\(|@import", style.text())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
    assert "default-src 'none'" in csp


def test_builds_from_jsonl_only(out_dir, tmp_path):
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(out_dir / "articles.jsonl", only / "articles.jsonl")
    tree = HTMLParser(build_report(only, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert tree.css("mark.f-doc[id^=hl-documents-]")
    assert len(tree.css("#t-documents tbody tr")) == len(load_outputs(out_dir)["documents"])


def test_highlight_text_nesting_and_crossing():
    text = "a <b> c d"
    spans = [
        HSpan(0, 5, "documents", "f-doc", "doc", "hl-1", "row-1"),
        HSpan(2, 9, "entities", "f-ent", "ent", "hl-2", "row-2"),
        HSpan(2, 5, "corrections", "f-corr", "was \"<x>\"", "hl-3", "row-3"),
        HSpan(7, 99, "dates", "f-date", "out of range", "hl-4", "row-4"),
    ]
    html = highlight_text(text, spans)
    tree = HTMLParser(f"<div>{html}</div>")
    assert tree.css_first("div").text() == text
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert html.count('id="hl-2"') == 1 and "cont" in html  # the crossing span is split, its id kept once
    assert 'id="hl-4"' not in html
    assert html.count("<mark") == html.count("</mark>")
    assert not tree.css("a a")
    assert tree.css_first("#hl-3").attributes["title"] == 'was "<x>"'


@pytest.mark.parametrize("seed", range(40))
def test_highlight_text_random_spans_keep_text_and_balance(seed):
    import random

    rng = random.Random(seed)
    text = "".join(rng.choice("ab <>&\"'ệ\n") for _ in range(rng.randint(0, 40)))
    fields = ["task_lists", "tasks", "documents", "dates", "entities", "corrections"]
    spans = []
    for i in range(rng.randint(0, 12)):
        s = rng.randint(-2, len(text) + 2)
        e = rng.randint(s - 2, len(text) + 3)
        spans.append(HSpan(s, e, rng.choice(fields), "f-x", f"t{i}<", f"hl-{i}", rng.choice([None, f"row-{i}"])))
    html = highlight_text(text, spans)
    tree = HTMLParser(f"<div id='root'>{html}</div>")
    assert tree.css_first("#root").text() == text
    assert html.count("<mark") == html.count("</mark>")
    ids = [n.attributes["id"] for n in tree.css("mark[id]")]
    assert len(ids) == len(set(ids))
    valid = {f"hl-{i}" for i, sp in enumerate(spans) if 0 <= sp.start < sp.end <= len(text)}
    assert set(ids) == valid
    assert not tree.css("a a")
