"""The tricky-sentence corpus: false-hit bait and unusual phrasings, through the whole pipeline."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from nq52extract import process

CASES = yaml.safe_load((Path(__file__).parent / "data" / "tricky_sentences.yaml").read_text(encoding="utf-8"))


def _id(case):
    return (case.get("note") or case["text"])[:60]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_tricky_sentence(case):
    article = process(case["text"], options=None)
    assert not article.errors, article.errors
    got = {
        "documents": sorted(d.canonical.casefold() for d in article.documents),
        "dates": sorted(d.value for d in article.dates),
        "target_years": sorted(y.year for y in article.target_years),
        "percentages": Counter(round(p.value, 4) for p in article.percentages),
    }
    if "documents" in case:
        assert got["documents"] == sorted(n.casefold() for n in case["documents"])
    if "issued" in case:
        issued = {d.canonical.casefold(): d.issued for d in article.documents}
        for number, date in case["issued"].items():
            assert issued.get(number.casefold()) == date, (number, issued)
    if "dates" in case:
        assert got["dates"] == sorted(case["dates"])
    if "target_years" in case:
        assert got["target_years"] == sorted(case["target_years"])
    if "percentages" in case:
        assert got["percentages"] == Counter(round(float(v), 4) for v in case["percentages"])
    if "task_count" in case:
        counts = [t.count for t in article.task_lists]
        assert counts == ([] if case["task_count"] is None else [case["task_count"]])
