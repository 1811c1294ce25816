"""The scorer of EXTRACTION.md §4.

Per field, micro-averaged over articles: precision, recall and F1 of the
per-article sets (multisets for percentages and task counts) against the
gold. Text is compared in NFC with white space collapsed and tone-mark
placement folded; document numbers case-folded.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .normalize.unicode import fold_tone_placement

FIELDS = [
    "title", "published", "byline", "localities", "documents", "document_dates", "dates",
    "target_years", "percentages", "percentage_years", "task_counts", "task_items",
    "entities", "entities_PER", "entities_LOC", "entities_ORG",
]

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


def norm_text(value: Any) -> str | None:
    """NFC, tone placement folded, white space collapsed."""
    if value is None:
        return None
    return _SPACE.sub(" ", fold_tone_placement(str(value))).strip()


@dataclass
class Score:
    """Counts of one field, and the rates they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    articles: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, pred: Counter) -> None:
        tp = sum((gold & pred).values())
        self.tp += tp
        self.fp += sum(pred.values()) - tp
        self.fn += sum(gold.values()) - tp
        self.articles += 1

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "articles": self.articles,
        }


def token_f1(a: str, b: str) -> float:
    """Token-overlap F1 of two strings (case and tone placement folded)."""
    ta = Counter(t.lower() for t in _TOKEN.findall(norm_text(a) or ""))
    tb = Counter(t.lower() for t in _TOKEN.findall(norm_text(b) or ""))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def _scalar(value: Any) -> Counter:
    v = norm_text(value)
    return Counter([v]) if v else Counter()


def _gold_entities(gold: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for e in gold.get("entities", []):
        if isinstance(e, dict):
            out.append((e["label"], e["text"]))
        else:
            out.append((e[0], e[1]))
    return out


def _doc_key(doc: dict[str, Any]) -> str:
    return (norm_text(doc.get("canonical") or doc.get("number")) or "").casefold()


def _pct_value(value: Any) -> float:
    return round(float(value), 4)


def _field_counters(record: dict[str, Any], *, gold: bool) -> dict[str, Counter]:
    """The per-field (multi)sets of one article, gold or predicted alike."""
    c: dict[str, Counter] = {}
    c["title"] = _scalar(record.get("title"))
    c["published"] = _scalar(record.get("published"))
    c["byline"] = _scalar(record.get("byline"))
    c["localities"] = Counter({(norm_text(l.get("province")), norm_text(l.get("district"))) for l in record.get("localities") or []})
    docs = record.get("documents") or []
    c["documents"] = Counter({_doc_key(d) for d in docs})
    c["document_dates"] = Counter({(_doc_key(d), d.get("issued")) for d in docs})
    dates = record.get("dates") or []
    c["dates"] = Counter({d if isinstance(d, str) else d["value"] for d in dates})
    years = record.get("target_years") or []
    c["target_years"] = Counter({int(y if isinstance(y, (int, str)) else y["year"]) for y in years})
    pcts = record.get("percentages") or []
    c["percentages"] = Counter(_pct_value(p["value"]) for p in pcts)
    c["percentage_years"] = Counter((_pct_value(p["value"]), p.get("year")) for p in pcts)
    c["task_counts"] = Counter(int(t["count"]) for t in record.get("task_lists") or [])
    ents = _gold_entities(record) if gold else [(e["label"], e["text"]) for e in record.get("entities") or []]
    ent_set = {(label, norm_text(text)) for label, text in ents}
    c["entities"] = Counter(ent_set)
    for label in ("PER", "LOC", "ORG"):
        c[f"entities_{label}"] = Counter({e for e in ent_set if e[0] == label})
    return c


def _score_task_items(gold_lists: list[dict], pred_lists: list[dict], score: Score) -> None:
    """Items by order against the predicted list of the same count that matches best."""
    used: set[int] = set()
    gold_items = sum(len(g.get("items") or []) for g in gold_lists)
    pred_items = sum(len(p.get("items") or []) for p in pred_lists)
    tp = 0
    for g in gold_lists:
        best, best_index = 0, None
        for i, p in enumerate(pred_lists):
            if i in used or int(p["count"]) != int(g["count"]):
                continue
            hits = sum(1 for a, b in zip(g.get("items") or [], p.get("items") or []) if token_f1(a, b) >= 0.8)
            if best_index is None or hits > best:
                best, best_index = hits, i
        if best_index is not None:
            used.add(best_index)
            tp += best
    score.tp += tp
    score.fp += pred_items - tp
    score.fn += gold_items - tp
    score.articles += 1


@dataclass
class CorrectionScore:
    """Word errors of the input fixed, left, and correct words broken."""

    errors: int = 0
    fixed: int = 0
    left: int = 0
    broken: int = 0
    words: int = 0
    articles: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "errors": self.errors, "fixed": self.fixed, "left": self.left, "broken": self.broken,
            "words": self.words, "articles": self.articles,
            "fixed_rate": round(self.fixed / self.errors, 4) if self.errors else 1.0,
        }


def _words(text: str) -> list[str]:
    return (norm_text(text) or "").split()


def _mismatched(words: list[str], clean: list[str]) -> set[int]:
    """Indices of clean words that ``words`` has replaced by something else.

    Inside a replaced block words are paired one to one from its start; what
    one side has beyond the other was inserted or removed (site chrome), not
    misspelt.
    """
    out: set[int] = set()
    matcher = difflib.SequenceMatcher(None, words, clean, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "replace":
            out.update(b0 + k for k in range(min(a1 - a0, b1 - b0)) if words[a0 + k] != clean[b0 + k])
    return out


def score_corrections(original: str, predicted: str, clean: str, score: CorrectionScore) -> None:
    """Count errors of ``original`` that ``predicted`` still has, and words it broke."""
    clean_words = _words(clean)
    errors = _mismatched(_words(original), clean_words)
    wrong = _mismatched(_words(predicted), clean_words)
    score.errors += len(errors)
    score.left += len(errors & wrong)
    score.fixed += len(errors - wrong)
    score.broken += len(wrong - errors)
    score.words += len(clean_words)
    score.articles += 1


@dataclass
class Report:
    """Scores of every field over a set of articles."""

    fields: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    corrections: CorrectionScore | None = None
    missing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: s.as_dict() for name, s in self.fields.items()}
        if self.corrections is not None:
            out["corrections"] = self.corrections.as_dict()
        out["missing_predictions"] = self.missing
        return out

    def table(self) -> str:
        lines = [f"{'field':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for name, s in self.fields.items():
            lines.append(f"{name:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
        if self.corrections is not None:
            c = self.corrections
            lines.append(
                f"{'corrections':<18} fixed {c.fixed}/{c.errors}, left {c.left}, broken {c.broken} (of {c.words} words)"
            )
        if self.missing:
            lines.append(f"missing predictions: {', '.join(self.missing)}")
        return "\n".join(lines)


def load_gold(gold_dir: Path | str) -> dict[str, dict[str, Any]]:
    """Gold records by id from ``ID.json`` files."""
    out = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        out[record.get("id") or path.stem] = record
    return out


def load_predictions(path: Path | str) -> dict[str, dict[str, Any]]:
    """Predicted records by id from a JSON Lines file."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[record["id"]] = record
    return out


def evaluate(
    predictions: dict[str, dict[str, Any]],
    gold: dict[str, dict[str, Any]],
    *,
    clean_dir: Path | str | None = None,
    originals: dict[str, str] | None = None,
) -> Report:
    """Score predictions against gold, by the rules of EXTRACTION.md §4."""
    report = Report()
    if clean_dir is not None:
        report.corrections = CorrectionScore()
    for gid, g in gold.items():
        p = predictions.get(gid)
        if p is None:
            report.missing.append(gid)
            p = {}
        gc, pc = _field_counters(g, gold=True), _field_counters(p, gold=False)
        for name in FIELDS:
            if name == "task_items":
                _score_task_items(g.get("task_lists") or [], p.get("task_lists") or [], report.fields[name])
            else:
                report.fields[name].add(gc[name], pc[name])
        if report.corrections is not None and p:
            clean_path = Path(clean_dir) / f"{gid}.clean.txt"  # type: ignore[arg-type]
            original = (originals or {}).get(gid)
            if original is None and p.get("source") and Path(p["source"]).exists():
                original = Path(p["source"]).read_text(encoding="utf-8")
            if clean_path.exists() and original is not None:
                score_corrections(original, p.get("text", ""), clean_path.read_text(encoding="utf-8"), report.corrections)
    return report


def evaluate_files(pred_path: Path | str, gold_dir: Path | str, *, clean_dir: Path | str | None = None) -> Report:
    """Score a JSON Lines file of predictions against a folder of gold files."""
    return evaluate(load_predictions(pred_path), load_gold(gold_dir), clean_dir=clean_dir)

