"""Loads the data files of ``rules/`` once.

Patterns and lexicons live as data (YAML, TSV, plain word lists) so that a
researcher can extend them without touching code. The directory is found
from ``NQ52_RULES`` if set, else the project's ``rules/`` beside ``src/``,
else the copy installed inside the package.
"""

from __future__ import annotations

import csv
import os
from re import escape as regex_escape
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    """The directory that holds the rule files."""
    env = os.environ.get("NQ52_RULES")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [here.parents[2] / "rules", here.parent / "rules"]
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError("rules/ not found; set NQ52_RULES to its path")


def rule_path(name: str) -> Path:
    """Path of one rule file, e.g. ``rule_path("documents.yaml")``."""
    path = rules_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"rule file missing: {path}")
    return path


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML rule file, parsed."""
    with rule_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """A word list: one entry a line, blank lines and ``#`` comments skipped."""
    out = []
    with rule_path(name).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """A TSV rule file with a header row, as dicts; ``#`` lines skipped."""
    with rule_path(name).open(encoding="utf-8", newline="") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    return tuple(dict(r) for r in csv.DictReader(rows, delimiter="\t"))


def alternation(words) -> str:
    """A regex alternation of literal words, longest first (so the longest wins)."""
    return "|".join(regex_escape(str(w)) for w in sorted(words, key=lambda w: len(str(w)), reverse=True))
