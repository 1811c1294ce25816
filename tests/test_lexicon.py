"""The corrector's lexicon: rebuilt from its sources it equals what is shipped; its own corpus is clean text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from nq52extract.normalize.build_lexicon import _corpus_sentences, build
from nq52extract.normalize.syllables import fold, is_syllable

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "rules" / "lexicon"
CORPUS = sorted((LEXICON / "corpus").glob("*.txt"))


def test_corpus_sentences_break_at_punctuation_and_non_syllables() -> None:
    (sylls,) = _corpus_sentences("Ngày 5/6, tỉnh tổ chức hội nghị (lần thứ 2) về COVID-19.")
    pairs = {(a, b) for a, b in zip(sylls, sylls[1:]) if a and b}
    assert ("tổ", "chức") in pairs and ("hội", "nghị") in pairs
    assert ("tỉnh", "tổ") in pairs
    # a comma, a bracket or a number stands between: no pair across it
    assert ("ngày", "tỉnh") not in pairs and ("nghị", "lần") not in pairs and ("thứ", "về") not in pairs
    assert _corpus_sentences("") == []
    # a number is one token, 0, so "năm 2025" and "tăng 38%" are pairs
    (sylls,) = _corpus_sentences("Năm 2025 doanh thu tăng 38%, đạt 12,5 tỷ đồng vào ngày 5/6.")
    pairs = {(a, b) for a, b in zip(sylls, sylls[1:]) if a and b}
    assert {("năm", "0"), ("0", "doanh"), ("tăng", "0"), ("đạt", "0"), ("0", "tỷ"), ("ngày", "0")} <= pairs


def test_rebuilt_lexicon_equals_shipped(tmp_path: Path) -> None:
    """rules/lexicon is exactly what build_lexicon makes from underthesea's data and rules/lexicon/corpus."""
    build(tmp_path, corpus_dir=LEXICON / "corpus")
    for name in ("syllables.tsv", "pairs.tsv", "protected.txt"):
        assert (tmp_path / name).read_bytes() == (LEXICON / name).read_bytes(), name


def test_corpus_is_counted() -> None:
    """Pairs that occur only in the project's corpus reach the shipped counts."""
    assert CORPUS, "rules/lexicon/corpus is empty"
    counts: dict[tuple[str, str], int] = {}
    for line in (LEXICON / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        a, b, n, _flags = line.split("\t")
        counts[(a, b)] = int(n)
    text = CORPUS[0].read_text(encoding="utf-8")
    (sylls,) = _corpus_sentences(text.splitlines()[1])
    pairs = [(a, b) for a, b in zip(sylls, sylls[1:]) if a and b]
    assert pairs and all(counts.get(p, 0) >= 1 for p in pairs)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_is_clean_vietnamese(path: Path) -> None:
    """NFC, and nearly every word a Vietnamese syllable (beside place names, units and loans) in the usual tone convention."""
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    words = [w.strip(".,;:!?\"'“”()[]…-–—%/").lower() for w in text.split()]
    words = [w for w in words if w and w.isalpha()]
    assert len(words) > 1000
    bad = [w for w in words if not is_syllable(w)]
    assert len(bad) <= 0.02 * len(words), sorted(set(bad))[:40]  # place names (Krông, Ea), units (kg), loans
    # one tone convention: folding changes (almost) nothing
    refolded = [w for w in words if is_syllable(w) and fold(w) != w]
    assert len(refolded) <= 0.002 * len(words), sorted(set(refolded))[:40]
