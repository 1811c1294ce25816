"""Fuzz the whole pipeline on generated articles and count crashes and offset errors.

    python benchmarks/fuzz.py                      # 10,000 articles
    python benchmarks/fuzz.py -n 500 --seed 1000 --workers 2

Articles come from the generators of ``tests/strategies.py``, driven by a
seeded ``random.Random`` (article *i* is ``random_article(seed + i)``), so a
run is reproducible and needs no hypothesis shrinking. Prints
``N articles, crashes X, offset errors Y`` (plus the articles whose spans cut
a letter from a combining mark, which the map cannot help) and the seeds of
the first failures; exits 1 when there is a crash or an offset error.
"""

from __future__ import annotations

import argparse
import sys
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def check(seed: int) -> tuple[int, int, list[str], list[str], list[str], int]:
    """(seed, characters, crash messages, offset problems, grapheme splits, 0) for article ``seed``."""
    from strategies import crash_messages, grapheme_splits, offset_problems, random_article

    from nq52extract import process
    from nq52extract.tables import article_tables

    text = random_article(seed)
    try:
        article = process(text, id=f"fuzz-{seed}")
        crashes = crash_messages(article)
        article.to_dict()
        article_tables(article)
    except Exception as exc:  # the pipeline must not raise at all
        return seed, len(text), [f"raised {type(exc).__name__}: {exc}"], [], [], 0
    try:
        problems = offset_problems(text, article)
    except Exception as exc:
        problems = [f"checking raised {type(exc).__name__}: {exc}"]
    return seed, len(text), crashes, problems, grapheme_splits(article), 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0, help="seed of the first article")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="failures printed in full")
    args = parser.parse_args(argv)

    seeds = range(args.seed, args.seed + args.articles)
    started = time.perf_counter()
    crashed: list[tuple[int, list[str]]] = []
    wrong: list[tuple[int, list[str]]] = []
    split: list[tuple[int, list[str]]] = []
    chars = 0
    if args.workers > 1:
        pool = get_context("fork").Pool(args.workers)
        results = pool.imap(check, seeds, chunksize=20)
    else:
        pool = None
        results = map(check, seeds)
    for seed, n, crashes, problems, splits, _ in results:
        chars += n
        if crashes:
            crashed.append((seed, crashes))
        if problems:
            wrong.append((seed, problems))
        if splits:
            split.append((seed, splits))
    if pool is not None:
        pool.close()
        pool.join()
    seconds = time.perf_counter() - started
    for label, failures in (("crash", crashed), ("offset error", wrong), ("grapheme split", split)):
        for seed, messages in failures[: args.show]:
            print(f"{label} at seed {seed}: {messages[:3]}")
    print(f"{args.articles} articles, crashes {len(crashed)}, offset errors {len(wrong)}")
    print(
        f"grapheme splits (a span cuts a letter from a leftover combining mark): {len(split)} articles; "
        f"{chars:,} characters in {seconds:.1f}s"
    )
    return 1 if crashed or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
