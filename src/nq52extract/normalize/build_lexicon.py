"""Builds the corrector's lexicon (``rules/lexicon/``) from data underthesea installs.

Sources, all inside the installed ``underthesea`` package (nothing downloaded):

* ``corpus/data/Viet74K.txt`` and ``Viet22K.txt`` and the word-segmenter's
  ``dictionary.bin``: dictionary words; each pair of adjacent syllables
  inside a word is a *compound pair*.
* ``pipeline/pos_tag/models/*/test_output.txt``: running text (VLSP 2013
  POS test set); gives syllable unigram and bigram counts.
* ``rules/lexicon/corpus/*.txt``: the project's own running text, news
  articles written for this lexicon on every beat a provincial paper covers
  (the VLSP text alone is thin legal and political prose); counted the same
  way.
* the CRF models' attribute strings (``T[-1,0]=xã hội`` ...): n-grams that
  occurred in the segmenter's and tagger's training text; each adjacent
  syllable pair in them is *attested*.
* ``datasets/stopwords/stopwords.txt``: function words, kept as they are
  when they are real words (``protected.txt``).
* place names from ``underthesea/address`` and the ``vietnam_provinces``
  package: adjacent syllables of a name are a *name pair*.

A number (``2025``, ``38%``, ``12,5``, ``5/6``) counts as the one token
``0``, so that ``năm 2025`` and ``tăng 38%`` are pairs the corrector can use.

Outputs ``syllables.tsv`` (syllable, count: occurrences in the running text
plus the number of dictionary words and training n-grams that contain it;
then the occurrences in running text alone, the language model's unigrams) and ``pairs.tsv`` (left, right,
count, flags) where flags is a bit set: 1 compound, 2 common compound
(Viet22K), 4 attested in training n-grams, 8 place name. Run::

    python -m nq52extract.normalize.build_lexicon [--out rules/lexicon]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import joblib

from .corrector import NUMBER, NUMBER_TOKEN
from .syllables import fold, is_syllable

COMPOUND, COMMON, ATTESTED, NAME = 1, 2, 4, 8


def _uts_dir() -> Path:
    import underthesea

    return Path(underthesea.__file__).resolve().parent


def _syllables(text: str) -> list[str]:
    """Lower-case, tone-folded syllables of a phrase; a number becomes NUMBER, anything else None."""
    out = []
    for tok in unicodedata.normalize("NFC", text).split():
        low = tok.lower()
        out.append(fold(low) if is_syllable(low) else NUMBER if NUMBER_TOKEN.fullmatch(low) else None)
    return out


def _pairs(sylls: list) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(sylls, sylls[1:]) if a and b]


def _collect_strings(obj, out: set[str]) -> None:
    """Every string with a space in a parsed JSON document (keys included)."""
    if isinstance(obj, str):
        if " " in obj:
            out.add(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _collect_strings(k, out)
            _collect_strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _collect_strings(v, out)


_CORPUS_TOKEN = re.compile(NUMBER_TOKEN.pattern + r"|\w+|[^\w\s]")


def _corpus_sentences(line: str) -> list[list]:
    """Syllable runs of one line of the corpus: punctuation and non-syllables break pairs."""
    sylls = _syllables(" ".join(_CORPUS_TOKEN.findall(line)))
    return [sylls] if sylls else []


def build(out_dir: Path, corpus_dir: Path | None = None) -> dict[str, int]:
    """Write the lexicon files; return a few sizes."""
    uts = _uts_dir()
    corpus_dir = corpus_dir if corpus_dir is not None else out_dir / "corpus"
    flags: dict[tuple[str, str], int] = {}
    pair_count: Counter = Counter()
    uni: Counter = Counter()
    run: Counter = Counter()  # occurrences in running text only (the language model's unigrams)
    in_dict: set[str] = set()

    def mark(pairs, flag):
        for p in pairs:
            flags[p] = flags.get(p, 0) | flag

    # dictionary words
    words: set[str] = set()
    for name in ("Viet74K.txt", "Viet39K.txt", "Viet22K.txt", "Viet11K.txt"):
        path = uts / "corpus" / "data" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line:
                    words.add(line)
    common: set[str] = set()
    for name in ("Viet22K.txt", "Viet11K.txt"):
        path = uts / "corpus" / "data" / name
        if path.exists():
            common.update(x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip())
    ws_dict = uts / "pipeline" / "word_tokenize" / "models" / "ws_crf_vlsp2013_20230727" / "dictionary.bin"
    if ws_dict.exists():
        words.update(str(w) for w in joblib.load(ws_dict))
    for w in words:
        s = _syllables(w)
        if all(s):
            in_dict.update(s)
            uni.update(set(s))  # productivity: number of dictionary words with the syllable
            mark(_pairs(s), COMPOUND | (COMMON if w in common else 0))

    # running text
    for path in sorted((uts / "pipeline" / "pos_tag").rglob("test_output.txt")):
        sent: list = []
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if not line.strip():
                uni.update(s for s in sent if s)
                run.update(s for s in sent if s)
                pair_count.update(_pairs(sent))
                sent = []
                continue
            sent.extend(_syllables(line.split("\t")[0]))

    # the project's own news corpus
    for path in sorted(corpus_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sent in _corpus_sentences(line):
                uni.update(s for s in sent if s)
                run.update(s for s in sent if s)
                pair_count.update(_pairs(sent))

    # n-grams kept as CRF attributes
    attr = re.compile(rb"T\[-?\d,-?\d\](?:\.lower)?=([^\x00]+)\x00")
    for path in sorted((uts / "pipeline").rglob("*.bin")):
        data = path.read_bytes()
        if not data.startswith(b"lCRF"):
            continue
        for m in attr.finditer(data):
            try:
                text = m.group(1).decode("utf-8")
            except UnicodeDecodeError:
                continue
            sylls = _syllables(text)
            mark(_pairs(sylls), ATTESTED)
            uni.update(x for x in set(sylls) if x)

    # place names
    names: set[str] = set()
    sources = [uts / "address" / "data" / "mapping.json"]
    try:
        import vietnam_provinces

        sources += sorted((Path(vietnam_provinces.__file__).resolve().parent / "data").glob("*.json"))
    except ImportError:  # pragma: no cover - optional source
        pass
    for path in sources:
        if path.exists():
            _collect_strings(json.loads(path.read_text(encoding="utf-8")), names)
    for name in names:
        s = _syllables(name)
        if len(s) > 1:
            mark(_pairs(s), NAME)

    for p, n in pair_count.items():
        flags.setdefault(p, 0)

    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "syllables.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# syllable\tcount (running text + dictionary words + training n-grams containing it)\trunning-text count; built by build_lexicon.py\n")
        for s, n in sorted(uni.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{s}\t{n}\t{run.get(s, 0)}\n")
    with (out_dir / "pairs.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# left\tright\tcount\tflags (1 compound, 2 common compound, 4 attested n-gram, 8 place name)\n")
        for (a, b) in sorted(flags):
            fh.write(f"{a}\t{b}\t{pair_count.get((a, b), 0)}\t{flags[(a, b)]}\n")
    # function words (underthesea's stop-word list): never changed as real words
    stop = uts / "datasets" / "stopwords" / "stopwords.txt"
    protected = sorted({fold(x.strip().lower()) for x in stop.read_text(encoding="utf-8").split("\n") if x.strip() and is_syllable(x.strip().lower())}) if stop.exists() else []
    with (out_dir / "protected.txt").open("w", encoding="utf-8") as fh:
        fh.write("# function words never changed as real words (underthesea stop-word list); built by build_lexicon.py\n")
        fh.write("\n".join(protected) + "\n")
    return {"syllables": len(uni), "pairs": len(flags), "dictionary_words": len(words)}


def main(argv: list[str] | None = None) -> None:
    """Command line entry: build into ``--out``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[3] / "rules" / "lexicon")
    args = ap.parse_args(argv)
    print(build(args.out))


if __name__ == "__main__":
    main()
