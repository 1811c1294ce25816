"""Entities benchmark: our rule-based stage against underthesea's ``ner``.

On the gold articles (``tests/gold/seeds`` with ``corpus/*.txt``, and
``tests/gold/own``), each article is run through the pipeline once to get its
normalized text and byline; then

(a) ``find_entities(text, byline=...)`` (our entities stage) is timed alone,
(b) underthesea's ``ner`` is run line by line on the same normalized text, its
    BIO tags (``B-PER``/``I-PER`` ...) turned into (label, text) spans,

and both are scored the same way as the project's scorer (EXTRACTION.md §4):
per-article sets of (label, text), text folded with
``nq52extract.evaluate.norm_text``, micro-averaged precision/recall/F1 per
label and over all three. Speed is characters of normalized text per second
(best of ``--runs`` runs for ours; one run for underthesea, which is slower
by orders of magnitude), and the speed ratio.

    python benchmarks/ner_bench.py [--limit N] [--runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from nq52extract import process
from nq52extract.evaluate import Score, load_gold, norm_text
from nq52extract.extract.entities import find_entities

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIRS = (ROOT / "tests" / "gold" / "seeds", ROOT / "tests" / "gold" / "own")
LABELS = ("PER", "LOC", "ORG")


# --------------------------------------------------------------------------- data


def load_articles(gold_dirs=GOLD_DIRS, limit: int | None = None) -> list[dict[str, Any]]:
    """Gold articles with their normalized text and byline (from the pipeline)."""
    out = []
    for d in gold_dirs:
        d = Path(d)
        gold = load_gold(d)
        for gid in sorted(gold):
            src = d / f"{gid}.txt"
            if not src.exists():
                src = ROOT / "corpus" / f"{gid}.txt"
            art = process(src.read_text(encoding="utf-8"), id=gid, source=str(src))
            ents = gold[gid].get("entities") or []
            ref = {(e["label"], e["text"]) if isinstance(e, dict) else (e[0], e[1]) for e in ents}
            out.append({"id": gid, "set": d.name, "text": art.text, "byline": art.byline, "gold": ref})
    return out[:limit] if limit else out


# --------------------------------------------------------------------------- systems


def ours(text: str, byline: str | None) -> set[tuple[str, str]]:
    return {(e.label, e.text) for e in find_entities(text, byline=byline)}


def bio_spans(tagged: list[tuple]) -> list[tuple[str, str]]:
    """(label, text) spans from underthesea's tagged tokens (word, pos, chunk, ner)."""
    spans: list[tuple[str, str]] = []
    label, words = None, []
    for tok in tagged:
        word, tag = tok[0], tok[-1]
        if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if label:
                spans.append((label, " ".join(words)))
            label, words = tag[2:], [word]
        elif tag.startswith("I-"):
            words.append(word)
        else:
            if label:
                spans.append((label, " ".join(words)))
            label, words = None, []
    if label:
        spans.append((label, " ".join(words)))
    return [(lb, t) for lb, t in spans if lb in LABELS]


def underthesea_ner() -> Callable[[str, str | None], set[tuple[str, str]]]:
    from underthesea import ner

    def run(text: str, byline: str | None) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for line in text.split("\n"):
            if line.strip():
                out.update(bio_spans(ner(line)))
        return out

    return run


# --------------------------------------------------------------------------- scoring


def score(preds: list[set], golds: list[set]) -> dict[str, dict[str, float]]:
    """Micro P/R/F1 per label and overall, on per-article sets of (label, norm_text(text))."""
    scores = {k: Score() for k in LABELS + ("ALL",)}
    for pred, gold in zip(preds, golds):
        p = {(lb, norm_text(t)) for lb, t in pred}
        g = {(lb, norm_text(t)) for lb, t in gold}
        for k, sc in scores.items():
            sc.add(Counter(x for x in g if k == "ALL" or x[0] == k), Counter(x for x in p if k == "ALL" or x[0] == k))
    return {k: {f: v for f, v in sc.as_dict().items() if f != "articles"} for k, sc in scores.items()}


def _timed(system, articles, runs: int) -> tuple[list[set], float]:
    best = float("inf")
    preds: list[set] = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        preds = [system(a["text"], a["byline"]) for a in articles]
        best = min(best, time.perf_counter() - t0)
    return preds, best


def run(limit: int | None = None, runs: int = 5, gold_dirs=GOLD_DIRS, with_underthesea: bool = True) -> dict[str, Any]:
    """The benchmark as a dict: articles, chars, and per system the scores and the speed."""
    articles = load_articles(gold_dirs, limit)
    chars = sum(len(a["text"]) for a in articles)
    golds = [a["gold"] for a in articles]
    result: dict[str, Any] = {"articles": len(articles), "chars": chars, "systems": {}}
    ours("warm up", None)  # compile the rules outside the timing
    preds, secs = _timed(ours, articles, runs)
    result["systems"]["nq52extract"] = {"scores": score(preds, golds), "seconds": secs, "chars_per_s": chars / secs}
    if with_underthesea:
        system = underthesea_ner()
        system("Khởi động mô hình.", None)  # load the model outside the timing
        preds, secs = _timed(system, articles, 1)
        result["systems"]["underthesea"] = {"scores": score(preds, golds), "seconds": secs, "chars_per_s": chars / secs}
        result["speed_ratio"] = result["systems"]["nq52extract"]["chars_per_s"] / result["systems"]["underthesea"]["chars_per_s"]
    return result


def table(result: dict[str, Any]) -> str:
    head = f"{'system':<14}" + "".join(f"{k + ' P/R/F1':>22}" for k in LABELS + ("ALL",)) + f"{'chars/s':>14}"
    lines = [f"{result['articles']} articles, {result['chars']:,} chars of normalized text", head, "-" * len(head)]
    for name, sysres in result["systems"].items():
        cells = "".join(
            "{:>22}".format("{precision:.3f}/{recall:.3f}/{f1:.3f}".format(**sysres["scores"][k])) for k in LABELS + ("ALL",)
        )
        lines.append(f"{name:<14}{cells}{sysres['chars_per_s']:>14,.0f}")
    if "speed_ratio" in result:
        lines.append(f"speed ratio nq52extract / underthesea: {result['speed_ratio']:,.0f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--runs", type=int, default=5, help="timing runs for our stage (best is kept)")
    ap.add_argument("--no-underthesea", action="store_true", help="score our stage only")
    ap.add_argument("--json", type=Path, default=None, help="also write the result as JSON")
    args = ap.parse_args(argv)
    result = run(args.limit, args.runs, with_underthesea=not args.no_underthesea)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
