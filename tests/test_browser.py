"""The report in a real browser: headless Chromium runs its script, we read the DOM and take a screenshot."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from nq52extract.report import build_report
from nq52extract.runner import run

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="module")
def chromium() -> Path:
    """The browser, installed if we can; a skip (or, in CI, a failure) if not."""
    subprocess.run([str(ROOT / "scripts" / "ensure-chromium")], timeout=900, check=False)
    if not CHROMIUM.exists():
        reason = "/usr/bin/chromium is not installed and scripts/ensure-chromium could not install it"
        if _in_ci():
            pytest.fail(reason + " (CI=true: a browser is required)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def report_path(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    run([str(ROOT / "corpus")], out, workers=1)
    return build_report(out, tmp_path_factory.mktemp("report") / "report.html")


def _browse(chromium: Path, tmp: Path, *args: str, timeout: float = 120) -> str:
    """Run headless Chromium once; return its stdout. The whole process group dies afterwards."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    profile.mkdir()
    cmd = [
        str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"chromium did not finish within {timeout}s: {' '.join(args)}")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # leftover helpers of the browser we started
        except ProcessLookupError:
            pass
    return stdout.decode("utf-8", "replace")


def test_report_in_headless_chromium(chromium, report_path, tmp_path):
    url = report_path.resolve().as_uri()
    dom = _browse(chromium, tmp_path, "--virtual-time-budget=5000", "--dump-dom", url + "?sort=documents:0:desc")
    tree = LexborHTMLParser(dom)
    html = tree.css_first("html")
    assert html is not None and html.attributes.get("data-report") == "ready", "the report's script did not run"
    tables = tree.css("table.sortable")
    assert len(tables) >= 8
    assert all(t.attributes.get("data-sortable") == "ready" for t in tables)
    marks = [m for m in tree.css("mark.f-doc[id^=hl-documents-]") if "52-NQ/TW" in m.text()]
    assert marks and all(m.css_first("a[href^='#row-documents-']") for m in marks)
    assert tree.css(".art mark.f-year") and tree.css(".art mark.f-corr")
    # ?sort=documents:0:desc made the script sort the documents table by its first column, descending
    table = tree.css_first("#t-documents")
    assert table.attributes.get("data-sorted") == "0:descending"
    numbers = [int(r.css_first("td").attributes["data-sort"]) for r in table.css("tbody tr")]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 1
    assert "Tuyên Quang" in tree.body.text()

    ARTIFACTS.mkdir(exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    _browse(chromium, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", "--virtual-time-budget=5000", url)
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
