"""Error-injection benchmark for the spelling/diacritic corrector.

Takes clean Vietnamese texts written for this benchmark and never used to
build the lexicon: ``benchmarks/data/clean_vi.txt`` and
``clean_vi_heldout.txt`` (development), ``clean_vi_validation.txt``,
``clean_vi_validation2.txt`` and ``clean_vi_validation3.txt`` (each first
read only as a measure, then used to study errors and tune) and
``clean_vi_validation4.txt`` (read only as the final measure; the README
says which figure came from which), injects
word errors of the kinds seen in scraped news at a given word-error rate
with fixed seeds, runs the corrector and reports, per text, errors fixed /
injected (overall and by kind) and correct words broken per 2,000, plus a
peer row for underthesea's ``text_normalize`` on the same corrupted words.

It also reports the seed articles (``corpus/*.txt`` against their clean
versions, ``--gold``, default ``tests/gold/seeds``), the lexicon load time
and the speed of ``normalize_text(original, correct=True)``: cold (a fresh
process, first call on the text, lexicon load counted separately) and warm.

    python benchmarks/corrector_bench.py [--rate 0.05] [--seed 1] [--runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from nq52extract.model import apply_edits
from nq52extract.normalize import corrector
from nq52extract.normalize.syllables import (
    fold,
    is_syllable,
    set_tone,
    split_tone,
    strip_marks,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_TEXTS = (
    "clean_vi.txt",
    "clean_vi_heldout.txt",
    "clean_vi_validation.txt",
    "clean_vi_validation2.txt",
    "clean_vi_validation3.txt",
    "clean_vi_validation4.txt",
)
KINDS = ("missing_horn", "hook_as_acute", "stray_tone", "marks_lost", "real_word", "glued")

_TONE_COMB = {1: "\u0300", 2: "\u0301", 3: "\u0309", 4: "\u0303", 5: "\u0323"}


def _peel(tok: str) -> tuple[str, str, str]:
    i, j = 0, len(tok)
    while i < j and not tok[i].isalpha():
        i += 1
    while j > i and not tok[j - 1].isalpha():
        j -= 1
    return tok[:i], tok[i:j], tok[j:]


def _case(orig: str, new: str) -> str:
    return new[:1].upper() + new[1:] if orig[:1].isupper() else new


def _corrupt(word: str, kind: str, rng: random.Random, syllables: list[str]) -> str | None:
    """One corrupted form of ``word`` (lower-case syllable) or None if the kind does not apply."""
    base, tone = split_tone(word)
    if kind == "missing_horn":
        if "ư" in base or "ơ" in base:
            return set_tone(base.replace("ư", "u", 1) if "ư" in base else base.replace("ơ", "o", 1), tone)
        if "ă" in base or "â" in base:
            return set_tone(base.replace("ă", "a", 1).replace("â", "a", 1), tone)
        return None
    if kind == "hook_as_acute":
        return set_tone(base, 2) if tone == 3 else None
    if kind == "stray_tone":
        # a second tone mark on an unmarked vowel (``hộỉ``, ``tàỉ``)
        if tone <= 0:
            return None
        vowels = [i for i, c in enumerate(word) if c in "aăâeêioôơuưy"]
        if not vowels:
            return None
        i = rng.choice(vowels)
        return unicodedata.normalize("NFC", word[: i + 1] + _TONE_COMB[rng.choice([1, 2, 3, 5])] + word[i + 1 :])
    if kind == "marks_lost":
        bare = strip_marks(word.replace("đ", "\x00")).replace("\x00", "đ")
        return bare if bare != word else None
    if kind == "real_word":
        # another real word, by the confusions seen in the seeds: s/x (năng xuất),
        # hỏi read as sắc (kế từ), a dot added or lost (trọng/trong)
        options = []
        if word[0] in "sx":
            options.append(("x" if word[0] == "s" else "s") + word[1:])
        if tone == 3:
            options.append(set_tone(base, 2))
        if tone in (0, 5):
            options.append(set_tone(base, 5 - tone))
        options = [o for o in options if o in syllables]
        return rng.choice(options) if options else None
    return None


def inject(words: list[str], rate: float, seed: int, syllables: list[str]):
    """Corrupt about ``rate`` of the words; return new tokens and the injected indices of ``words``."""
    rng = random.Random(seed)
    syl_set = set(syllables)
    syllables = syl_set
    out = list(words)
    injected: dict[int, str] = {}
    glue_into: dict[int, int] = {}
    i = 0
    while i < len(words):
        pre, core, post = _peel(words[i])
        low = core.lower()
        eligible = (
            core and core.isalpha() and (core.islower() or core[1:].islower()) and is_syllable(low) and fold(low) in syl_set
        )
        if eligible and rng.random() < rate:
            kinds = list(KINDS)
            rng.shuffle(kinds)
            for kind in kinds:
                if kind == "glued":
                    if post or i + 1 >= len(words) or i + 1 in injected:
                        continue
                    p2, c2, _ = _peel(words[i + 1])
                    if p2 or not c2.isalpha() or not c2.islower() or not is_syllable(c2):
                        continue
                    out[i] = words[i] + words[i + 1]
                    out[i + 1] = None
                    injected[i] = kind
                    glue_into[i] = i + 1
                    break
                bad = _corrupt(low, kind, rng, syllables)
                if bad and fold(bad) != fold(low):
                    out[i] = pre + _case(core, bad) + post
                    injected[i] = kind
                    break
            if i in glue_into:
                i += 2
                continue
        i += 1
    return [t for t in out if t is not None], injected, glue_into


def score(clean: list[str], output: list[str], injected: dict[int, str], glue_into: dict[int, int]):
    """(fixed per kind, broken count) by aligning output tokens to clean tokens, tone placement folded."""
    a = [fold(t) for t in output]
    b = [fold(t) for t in clean]
    ok = [False] * len(clean)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            for j in range(j1, j2):
                ok[j] = True
    fixed: dict[str, int] = {}
    partner = set(glue_into.values())
    for j, kind in injected.items():
        good = ok[j] and (j not in glue_into or ok[glue_into[j]])
        fixed[kind] = fixed.get(kind, 0) + int(good)
    broken = sum(1 for j in range(len(clean)) if j not in injected and j not in partner and not ok[j])
    return fixed, broken


def _load_syllables() -> list[str]:
    lex = corrector.lexicon()
    return [s for s, n in lex.uni.items() if n >= 2]


def run_corrector(text: str) -> tuple[str, float]:
    """Corrected text and seconds spent in ``find_corrections``."""
    t0 = time.perf_counter()
    edits = corrector.find_corrections(text)
    dt = time.perf_counter() - t0
    return apply_edits(text, edits)[0], dt


def run_underthesea(tokens: list[str]) -> tuple[list[str], float]:
    """underthesea ``text_normalize`` on each corrupted token (keeps token alignment)."""
    from underthesea import text_normalize

    t0 = time.perf_counter()
    out = [text_normalize(t).replace(" ", "") for t in tokens]
    return out, time.perf_counter() - t0


_COLD_SCRIPT = r"""
import json, sys, time
t0 = time.perf_counter()
from nq52extract.normalize import corrector
from nq52extract.normalize.normalizer import normalize_text
t1 = time.perf_counter()
corrector.lexicon()
t2 = time.perf_counter()
normalize_text("Xin chào.", correct=True)  # one line: compiles the normalizer's patterns
t2b = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
t3 = time.perf_counter()
normalize_text(text, correct=True)
t4 = time.perf_counter()
reps = 5
for _ in range(reps):
    normalize_text(text, correct=True)
t5 = time.perf_counter()
t6 = time.perf_counter()
for _ in range(reps):
    corrector.find_corrections(text)
t7 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_line_s": t2b - t2, "chars": len(text),
                  "cold_chars_per_s": len(text) / (t4 - t3),
                  "warm_chars_per_s": len(text) * reps / (t5 - t4),
                  "corrector_warm_chars_per_s": len(text) * reps / (t7 - t6)}))
"""


def speed(path: Path) -> dict[str, float]:
    """``normalize_text(correct=True)`` on ``path`` in a fresh process: load time, cold and warm chars/s."""
    out = subprocess.run([sys.executable, "-c", _COLD_SCRIPT, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def seeds(gold_dir: Path) -> dict[str, object]:
    """Seed articles: word errors (tone-folded word diff), fixed, broken, with details."""
    errors = fixed = broken = 0
    details = []
    for src_path in sorted((ROOT / "corpus").glob("*.txt")):
        gold_path = gold_dir / (src_path.stem + ".clean.txt")
        if not gold_path.exists():
            continue
        src = src_path.read_text(encoding="utf-8")
        gold = gold_path.read_text(encoding="utf-8")
        out = apply_edits(src, corrector.find_corrections(src))[0]
        s, g, o = ([fold(t) for t in x.split()] for x in (src, gold, out))
        # each gold token: was it wrong in the source, is it right in the output?
        src_ok = _ok_mask(s, g)
        out_ok = _ok_mask(o, g)
        for j in range(len(g)):
            if not src_ok[j]:
                errors += 1
                fixed += out_ok[j]
                if not out_ok[j]:
                    details.append(f"{src_path.stem[:3]} missed: {' '.join(g[max(0, j - 2):j + 3])}")
            elif not out_ok[j]:
                broken += 1
                details.append(f"{src_path.stem[:3]} broken: {' '.join(g[max(0, j - 2):j + 3])}")
    return {"errors": errors, "fixed": fixed, "broken": broken, "details": details}


def _ok_mask(a: list[str], b: list[str]) -> list[bool]:
    ok = [False] * len(b)
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            for j in range(j1, j2):
                ok[j] = True
    return ok


def _new_row() -> dict:
    return {"injected": 0, "fixed": 0, "broken": 0, "words": 0, "seconds": 0.0, "chars": 0, "by_kind": {}}


def injection(path: Path, args, syllables: list[str]) -> dict[str, dict]:
    """Injection rows (corrector and peer) for one clean text."""
    clean = path.read_text(encoding="utf-8").split()
    rows = {"corrector": _new_row()}
    if not args.no_peer:
        rows["underthesea.text_normalize"] = _new_row()
    for run in range(args.runs):
        tokens, injected, glue_into = inject(clean, args.rate, args.seed + run, syllables)
        corrupted = " ".join(tokens)
        outputs = {}
        out_text, dt = run_corrector(corrupted)
        outputs["corrector"] = (out_text.split(), dt)
        if not args.no_peer:
            outputs["underthesea.text_normalize"] = run_underthesea(tokens)
        for name, (out_tokens, dt) in outputs.items():
            fixed, broken = score(clean, out_tokens, injected, glue_into)
            row = rows[name]
            row["injected"] += len(injected)
            row["fixed"] += sum(fixed.values())
            row["broken"] += broken
            row["words"] += len(clean) - len(injected)
            row["seconds"] += dt
            row["chars"] += len(corrupted)
            for kind in KINDS:
                tot = sum(1 for k in injected.values() if k == kind)
                prev = row["by_kind"].get(kind, [0, 0])
                row["by_kind"][kind] = [prev[0] + fixed.get(kind, 0), prev[1] + tot]
            if args.verbose and name == "corrector":
                _show(clean, out_tokens, tokens, injected)
    for row in rows.values():
        row["fixed_pct"] = 100.0 * row["fixed"] / max(1, row["injected"])
        row["broken_per_2000"] = 2000.0 * row["broken"] / max(1, row["words"])
        row["chars_per_s"] = row["chars"] / max(row["seconds"], 1e-9)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (and JSON if asked)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=Path, action="append", help="clean text(s); default: the six texts in benchmarks/data")
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5, help="number of seeds (seed, seed+1, ...) pooled")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "seeds")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    texts = args.text or [HERE / "data" / n for n in DEFAULT_TEXTS]

    report: dict = {"rate": args.rate, "seed": args.seed, "runs": args.runs, "texts": {}}
    sd = seeds(args.gold)
    report["seeds"] = sd
    print(f"seed articles: fixed {sd['fixed']}/{sd['errors']} word errors, broken {sd['broken']}")
    for line in sd["details"]:
        print("  " + line)
    syllables = _load_syllables()
    print(f"\ninjection at {args.rate:.0%}, seeds {args.seed}..{args.seed + args.runs - 1}")
    print(f"{'text':20} {'system':28} {'fixed/injected':>16} {'fixed %':>8} {'broken/2000':>12} {'chars/s':>10}")
    for path in texts:
        rows = injection(path, args, syllables)
        report["texts"][path.name] = rows
        for name, row in rows.items():
            print(
                f"{path.stem:20} {name:28} {row['fixed']:>7}/{row['injected']:<8} {row['fixed_pct']:>8.1f} "
                f"{row['broken_per_2000']:>12.2f} {row['chars_per_s']:>10,.0f}"
            )
        print(f"{'':20} by kind (corrector): " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in rows["corrector"]["by_kind"].items()))
    if not args.no_speed:
        print("\nnormalize_text(correct=True), fresh process per text (cold = first call on the text):")
        report["speed"] = {}
        for path in texts:
            sp = speed(path)
            report["speed"][path.name] = sp
            print(
                f"  {path.stem:20} lexicon load {sp['load_s']:.3f} s (import {sp['import_s']:.3f} s, "
                f"first one-line call {sp['first_line_s']:.3f} s); "
                f"cold {sp['cold_chars_per_s']:,.0f} chars/s, warm {sp['warm_chars_per_s']:,.0f} chars/s "
                f"(corrector alone warm {sp['corrector_warm_chars_per_s']:,.0f})"
            )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _show(clean, out_tokens, tokens, injected):
    a = [fold(t) for t in out_tokens]
    b = [fold(t) for t in clean]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            inj = [injected.get(j) for j in range(j1, j2)]
            print(f"  {tag:8} out={' '.join(out_tokens[i1:i2])!r} clean={' '.join(clean[j1:j2])!r} ctx={' '.join(clean[max(0, j1 - 2):j2 + 2])!r} {inj}")


if __name__ == "__main__":
    sys.exit(main())
