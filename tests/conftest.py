"""Shared fixtures: the repository's corpus and gold folders, and processed gold articles."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD = ROOT / "tests" / "gold" / "seeds"
OWN_GOLD = ROOT / "tests" / "gold" / "own"
HELDOUT_GOLD = ROOT / "tests" / "gold" / "heldout"
CORPUS = ROOT / "corpus"


def gold_cases() -> list[tuple[Path, Path]]:
    """(article text, gold JSON) pairs: the seeds, the project's own and the held-out articles."""
    cases = [(CORPUS / f"{p.stem}.txt", p) for p in sorted(SEED_GOLD.glob("*.json"))]
    for folder in (OWN_GOLD, HELDOUT_GOLD):
        cases += [(p.with_suffix(".txt"), p) for p in sorted(folder.glob("*.json"))]
    return cases


@pytest.fixture(scope="session")
def processed_gold():
    """Every gold article run through the pipeline once: {id: (original, Article)}."""
    from nq52extract import process

    out = {}
    for txt, gold in gold_cases():
        original = txt.read_text(encoding="utf-8")
        out[gold.stem] = (original, process(original, id=gold.stem, source=str(txt)))
    return out
