#!/usr/bin/env python3
"""Speed and memory of nq52extract against bare underthesea, on the same generated text.

One run generates a corpus (or takes ``--corpus``), then measures each row in
a fresh subprocess, so every row's peak memory is its own:

* ``pipeline``       -- ``process_text`` in a loop on one core (no file I/O)
* ``runner_1w``      -- ``runner.run`` with 1 worker: read, process, write
* ``runner_<N>w``    -- ``runner.run`` with ``--workers`` processes
* ``word_tokenize``  -- underthesea ``word_tokenize`` per article (the floor)
* ``ner``            -- underthesea ``ner`` per sentence, on ``--sample`` articles

``--memory-run N`` instead generates N articles to a temporary JSONL.gz and
runs ``nq52extract run`` over it in a subprocess, sampling the peak resident
memory of that process tree.  ``--profile N`` profiles the pipeline on one core.

No figure here is asserted: targets are reported as met or not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

MIB = 1024 * 1024
TARGETS = {
    "pipeline_chars_per_s": 150_000,
    "pipeline_vs_word_tokenize": 0.8,
    "workers_speedup": 1.8,
    "memory_run_peak_mib": 1024,
}


# --------------------------------------------------------------------------
# Memory
# --------------------------------------------------------------------------


class TreeMemory:
    """Samples the resident memory (RSS, and PSS where the OS has it) of a process and its children."""

    def __init__(self, pid: int | None = None, interval: float = 0.2):
        try:
            import psutil
        except ImportError:  # no sampling: peaks come from ru_maxrss alone
            psutil = None
        self.psutil = psutil
        self.proc = psutil.Process(pid or os.getpid()) if psutil else None
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._t0 = time.perf_counter()
        self._pss_ok = True

    def _procs(self) -> list:
        if self.psutil is None:
            return []
        try:
            return [self.proc, *self.proc.children(recursive=True)]
        except self.psutil.Error:
            return []

    def sample(self, with_pss: bool = False) -> None:
        """One measurement of the tree."""
        rss = pss = 0
        for p in self._procs():
            try:
                rss += p.memory_info().rss
                if with_pss and self._pss_ok:
                    pss += p.memory_full_info().pss
            except (self.psutil.Error, AttributeError):
                if with_pss:
                    self._pss_ok = self._pss_ok and self.proc.is_running()
        if rss:
            self.peak_rss = max(self.peak_rss, rss)
            self.samples.append((time.perf_counter() - self._t0, rss))
        if pss:
            self.peak_pss = max(self.peak_pss, pss)

    def _loop(self) -> None:
        n = 0
        while not self._stop.is_set():
            self.sample(with_pss=n % 10 == 0)
            n += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeMemory":
        if self.psutil is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.sample(with_pss=True)

    def timeline(self, points: int = 4) -> list[float]:
        """Tree RSS in MiB at evenly spaced moments of the run (flat means streaming works)."""
        if not self.samples:
            return []
        out = []
        for k in range(1, points + 1):
            idx = min(len(self.samples) - 1, int(len(self.samples) * k / points) - 1)
            out.append(round(self.samples[max(0, idx)][1] / MIB, 1))
        return out


def cores() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its waited-for children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _maxrss_mib(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss  # KiB on Linux
    return round(kb * (1 if sys.platform.startswith("linux") else 1 / 1024) / 1024, 1)


# --------------------------------------------------------------------------
# Rows (each runs in its own subprocess)
# --------------------------------------------------------------------------


def load_texts(corpus: str, limit: int | None = None) -> list[tuple[str, str]]:
    """(id, text) of the corpus as the project's reader sees it."""
    from nq52extract.io.readers import RawRecord, iter_records

    out = []
    for rec in iter_records([corpus]):
        if isinstance(rec, RawRecord):
            out.append((rec.id, rec.text))
            if limit and len(out) >= limit:
                break
    return out


def _row_pipeline(corpus: str, args: argparse.Namespace) -> dict:
    from nq52extract.pipeline import process_text

    texts = load_texts(corpus)
    t0 = time.perf_counter()
    process_text(texts[0][1], id="warmup")
    startup = time.perf_counter() - t0
    errors = 0
    c0, t0 = _cpu(), time.perf_counter()
    for aid, text in texts:
        if process_text(text, id=aid).errors:
            errors += 1
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"articles": len(texts), "chars": sum(len(t) for _, t in texts), "seconds": seconds, "cpu_s": cpu,
            "startup_s": round(startup, 3), "articles_with_errors": errors, "workers": 1}


def _row_runner(corpus: str, args: argparse.Namespace, workers: int) -> dict:
    from nq52extract.pipeline import process_text
    from nq52extract.runner import run

    first = load_texts(corpus, limit=1)
    t0 = time.perf_counter()
    process_text(first[0][1], id="warmup")  # rules loaded once; forked workers inherit them
    startup = time.perf_counter() - t0
    out = tempfile.mkdtemp(prefix="nq52bench-out-")
    try:
        c0, t0 = _cpu(), time.perf_counter()
        me0 = resource.getrusage(resource.RUSAGE_SELF)
        summary = run([corpus], out, workers=workers)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
        me1 = resource.getrusage(resource.RUSAGE_SELF)
        parent = me1.ru_utime + me1.ru_stime - me0.ru_utime - me0.ru_stime
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"articles": summary.articles, "chars": summary.characters, "seconds": seconds, "cpu_s": cpu,
            "parent_cpu_s": round(parent, 3),
            "startup_s": round(startup, 3), "articles_with_errors": summary.errors, "workers": workers}


def _row_word_tokenize(corpus: str, args: argparse.Namespace) -> dict:
    from underthesea import word_tokenize

    texts = load_texts(corpus, limit=args.tokenize_sample or None)
    t0 = time.perf_counter()
    word_tokenize(texts[0][1][:200])
    startup = time.perf_counter() - t0
    c0, t0 = _cpu(), time.perf_counter()
    for _, text in texts:
        word_tokenize(text)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"articles": len(texts), "chars": sum(len(t) for _, t in texts), "seconds": seconds, "cpu_s": cpu,
            "startup_s": round(startup, 3), "workers": 1}


def _row_ner(corpus: str, args: argparse.Namespace) -> dict:
    from underthesea import ner, sent_tokenize

    texts = load_texts(corpus, limit=args.sample)
    t0 = time.perf_counter()
    ner("Tỉnh ủy Tuyên Quang ban hành Kế hoạch.")
    startup = time.perf_counter() - t0
    c0, t0 = _cpu(), time.perf_counter()
    for _, text in texts:
        for sentence in sent_tokenize(text):  # whole articles make ner far slower
            ner(sentence)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"articles": len(texts), "chars": sum(len(t) for _, t in texts), "seconds": seconds, "cpu_s": cpu,
            "startup_s": round(startup, 3), "workers": 1}


def run_row(name: str, corpus: str, args: argparse.Namespace) -> dict:
    """Measure one row in this process: speed and peak memory of the process tree."""
    fn: Callable[[], dict]
    if name == "pipeline":
        fn = lambda: _row_pipeline(corpus, args)  # noqa: E731
    elif name.startswith("runner_"):
        workers = int(name[len("runner_"):-1])
        fn = lambda: _row_runner(corpus, args, workers)  # noqa: E731
    elif name == "word_tokenize":
        fn = lambda: _row_word_tokenize(corpus, args)  # noqa: E731
    elif name == "ner":
        fn = lambda: _row_ner(corpus, args)  # noqa: E731
    else:
        raise SystemExit(f"unknown row {name}")
    load_before = os.getloadavg()[0]
    with TreeMemory() as mem:
        result = fn()
    secs = result["seconds"] or 1e-9
    result.update(
        chars_per_s=round(result["chars"] / secs, 1),
        # CPU time is what the row would take with its cores to itself: robust to a busy machine
        chars_per_cpu_s=round(result["chars"] / max(result["cpu_s"], 1e-9), 1),
        cpu_s=round(result["cpu_s"], 3),
        loadavg_1m=[round(load_before, 2), round(os.getloadavg()[0], 2)],
        articles_per_s=round(result["articles"] / secs, 2),
        seconds=round(secs, 3),
        peak_rss_mib=round(max(mem.peak_rss / MIB, _maxrss_mib(resource.RUSAGE_SELF)), 1),
        peak_pss_mib=round(mem.peak_pss / MIB, 1) if mem.peak_pss else None,
        maxrss_self_mib=_maxrss_mib(resource.RUSAGE_SELF),
        maxrss_children_mib=_maxrss_mib(resource.RUSAGE_CHILDREN),
    )
    return result


def _spawn_row(name: str, corpus: str, args: argparse.Namespace) -> dict:
    """Run one row in a fresh interpreter and return its result (or its error)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        result_path = tmp.name
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_row", name, "--corpus", corpus,
           "--_result", result_path, "--sample", str(args.sample),
           "--tokenize-sample", str(args.tokenize_sample or 0)]
    if not args.quiet:
        print(f"  measuring {name} ...", file=sys.stderr, flush=True)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            return {"error": (proc.stderr or proc.stdout).strip()[-2000:]}
        return json.loads(Path(result_path).read_text(encoding="utf-8"))
    finally:
        Path(result_path).unlink(missing_ok=True)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

COLUMNS = [("row", "row"), ("workers", "workers"), ("articles", "articles"), ("chars", "chars"),
           ("seconds", "s"), ("chars_per_s", "chars/s"), ("articles_per_s", "articles/s"),
           ("cpu_s", "CPU s"), ("chars_per_cpu_s", "chars/CPU s"),
           ("peak_rss_mib", "peak RSS MiB"), ("peak_pss_mib", "peak PSS MiB"),
           ("articles_with_errors", "with errors")]


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(report: dict) -> str:
    """The rows, ratios and targets as a Markdown table."""
    lines = ["| " + " | ".join(h for _, h in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for name, row in report["rows"].items():
        if "error" in row:
            lines.append(f"| {name} | error: {row['error'].splitlines()[-1][:120]} |")
            continue
        lines.append("| " + " | ".join(_cell(name if k == "row" else row.get(k)) for k, _ in COLUMNS) + " |")
    lines.append("")
    for key, value in report["ratios"].items():
        lines.append(f"- {key}: {_cell(value) if value is not None else 'n/a'}")
    for key, ok in report["targets"].items():
        lines.append(f"- target {key}: {'met' if ok else 'NOT met' if ok is not None else 'n/a'}")
    cores = os.cpu_count() or 1
    busy = [n for n, r in report["rows"].items() if max(r.get("loadavg_1m") or [0]) > cores + 0.5]
    if busy:
        lines.append(f"- note: the machine was busy (1-min load above {cores} cores) during {', '.join(busy)}; "
                     "wall-clock figures there are low, chars/CPU s is the fairer one")
    return "\n".join(lines)


def _ratio(a: dict | None, b: dict | None, key: str = "chars_per_s") -> float | None:
    if not a or not b or "error" in a or "error" in b or not b.get(key):
        return None
    return round(a[key] / b[key], 3)


def benchmark(args: argparse.Namespace) -> dict:
    """All rows over one corpus; returns the report dict."""
    workdir = tempfile.mkdtemp(prefix="nq52bench-")
    try:
        if args.corpus:
            corpus = args.corpus
            gen_info: dict[str, Any] = {"corpus": corpus}
        else:
            corpus = os.path.join(workdir, "corpus.jsonl.gz")
            gen = generate_corpus.build_generator(args.seed)
            n, chars = generate_corpus.write_corpus(gen, args.articles, corpus, "jsonl.gz")
            gen_info = {"generated_articles": n, "generated_chars": chars, "seed": args.seed,
                        "fingerprint": gen.fingerprint(), "sources": len(gen.sources)}
            if not args.quiet:
                print(f"generated {n} articles, {chars:,} characters (seed {args.seed})", file=sys.stderr)
        names = ["pipeline", "runner_1w"]
        if args.workers > 1:
            names.append(f"runner_{args.workers}w")
        if not args.skip_underthesea:
            names += ["word_tokenize", "ner"]
        rows = {name: _spawn_row(name, corpus, args) for name in names}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    pipe, wt = rows.get("pipeline"), rows.get("word_tokenize")
    multi = rows.get(f"runner_{args.workers}w")
    ratios = {
        "pipeline_vs_word_tokenize": _ratio(pipe, wt),
        "pipeline_vs_word_tokenize_cpu": _ratio(pipe, wt, "chars_per_cpu_s"),
        "pipeline_vs_ner": _ratio(pipe, rows.get("ner")),
        "workers_speedup": _ratio(multi, rows.get("runner_1w")),
        "runner_1w_vs_pipeline": _ratio(rows.get("runner_1w"), pipe),
    }
    pcps = pipe.get("chars_per_s") if pipe and "error" not in pipe else None
    pcpu = pipe.get("chars_per_cpu_s") if pipe and "error" not in pipe else None
    targets = {
        "pipeline >= 150,000 chars/s": None if pcps is None else pcps >= TARGETS["pipeline_chars_per_s"],
        "pipeline >= 150,000 chars/CPU s": None if pcpu is None else pcpu >= TARGETS["pipeline_chars_per_s"],
        "pipeline >= 0.8x word_tokenize": None if ratios["pipeline_vs_word_tokenize"] is None
        else ratios["pipeline_vs_word_tokenize"] >= TARGETS["pipeline_vs_word_tokenize"],
        f"{args.workers} workers >= 1.8x 1 worker": None if ratios["workers_speedup"] is None
        else ratios["workers_speedup"] >= TARGETS["workers_speedup"],
    }
    return {"meta": _meta(args, gen_info), "rows": rows, "ratios": ratios, "targets": targets}


def _meta(args: argparse.Namespace, extra: dict) -> dict:
    try:
        import nq52extract

        version = nq52extract.__version__
    except Exception:  # pragma: no cover
        version = None
    try:
        from importlib.metadata import version as dist_version

        uts = dist_version("underthesea")
    except Exception:
        uts = None
    return {"nq52extract": version, "underthesea": uts, "python": platform.python_version(),
            "machine": platform.machine(), "cpus": os.cpu_count(), "workers": args.workers,
            "ner_sample": args.sample, "time": time.strftime("%Y-%m-%dT%H:%M:%S"), **extra}


# --------------------------------------------------------------------------
# Memory run and profile
# --------------------------------------------------------------------------


def memory_run(args: argparse.Namespace) -> dict:
    """Generate N articles, run ``nq52extract run`` over them in a subprocess, report its peak memory."""
    workdir = Path(tempfile.mkdtemp(prefix="nq52mem-"))
    try:
        corpus = workdir / "corpus.jsonl.gz"
        t0 = time.perf_counter()
        gen = generate_corpus.build_generator(args.seed)
        n, chars = generate_corpus.write_corpus(gen, args.memory_run, corpus, "jsonl.gz")
        gen_s = time.perf_counter() - t0
        if not args.quiet:
            print(f"generated {n} articles, {chars:,} characters in {gen_s:.0f}s; running nq52extract ...",
                  file=sys.stderr, flush=True)
        out = workdir / "out"
        cmd = [sys.executable, "-m", "nq52extract.cli", "run", str(corpus), "-o", str(out),
               "--workers", str(args.workers)]
        with open(workdir / "stderr.txt", "w") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            with TreeMemory(proc.pid, interval=0.25) as mem:
                _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = (workdir / "stderr.txt").read_text(errors="replace").strip()
        peak = max(mem.peak_rss / MIB, usage.ru_maxrss / 1024)  # ru_maxrss alone without psutil
        return {
            "articles": n, "chars": chars, "seconds": round(seconds, 1), "workers": args.workers,
            "chars_per_s": round(chars / seconds, 1), "articles_per_s": round(n / seconds, 2),
            "peak_rss_mib": round(peak, 1),
            "peak_pss_mib": round(mem.peak_pss / MIB, 1) if mem.peak_pss else None,
            "maxrss_one_process_mib": round(usage.ru_maxrss / 1024, 1),
            "rss_timeline_mib": mem.timeline(8),
            "under_1_gib": peak < TARGETS["memory_run_peak_mib"],
            "exit_code": proc.returncode, "summary": stderr.splitlines()[-1] if stderr else "",
            "output_bytes": sum(p.stat().st_size for p in out.glob("*")) if out.exists() else 0,
        }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}", file=sys.stderr)


def profile(args: argparse.Namespace) -> dict:
    """cProfile of the pipeline on one core: time per stage and the hottest functions."""
    import cProfile
    import pstats

    from nq52extract.pipeline import STAGES, process_text

    if args.corpus:
        texts = load_texts(args.corpus, limit=args.profile)
    else:
        gen = generate_corpus.build_generator(args.seed)
        texts = [(a["id"], a["text"]) for a in gen.articles(args.profile)]
    process_text(texts[0][1])  # rules and lexicons loaded outside the profile
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for aid, text in texts:
        process_text(text, id=aid)
    prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    stage_funcs = {fn.__code__.co_name: name for name, fn in STAGES}
    stages: dict[str, float] = {}
    funcs = []
    for (file, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if func in stage_funcs and file.endswith("pipeline.py"):
            stages[stage_funcs[func]] = stages.get(stage_funcs[func], 0.0) + ct
        short = file.split("site-packages/")[-1].split("/src/")[-1]
        funcs.append({"function": f"{short}:{line}({func})", "calls": nc, "tottime": round(tt, 3),
                      "cumtime": round(ct, 3)})
    funcs.sort(key=lambda f: f["tottime"], reverse=True)
    if args.profile_out:
        prof.dump_stats(args.profile_out)
    chars = sum(len(t) for _, t in texts)
    return {
        "articles": len(texts), "chars": chars, "wall_s_profiled": round(wall, 2),
        "stages_cumtime_s": {k: round(v, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])},
        "top_tottime": funcs[: args.top],
    }


def _profile_text(p: dict) -> str:
    lines = [f"profiled {p['articles']} articles, {p['chars']:,} chars, {p['wall_s_profiled']}s (under cProfile)", "",
             "| stage | cumulative s | share |", "|---|---|---|"]
    total = sum(p["stages_cumtime_s"].values()) or 1
    for name, secs in p["stages_cumtime_s"].items():
        lines.append(f"| {name} | {secs:.2f} | {secs / total:.0%} |")
    lines += ["", "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
    for f in p["top_tottime"]:
        lines.append(f"| {f['function']} | {f['calls']:,} | {f['tottime']:.2f} | {f['cumtime']:.2f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The benchmark's options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=2000, help="articles to generate (default 2000)")
    p.add_argument("--seed", type=int, default=52)
    p.add_argument("--corpus", help="use this corpus (any input nq52extract reads) instead of generating one")
    p.add_argument("--workers", type=int, default=cores(), help="workers of the multi-process row (default: all cores)")
    p.add_argument("--sample", type=int, default=100, help="articles for the ner row (default 100)")
    p.add_argument("--tokenize-sample", type=int, default=0, help="articles for the word_tokenize row (default: all)")
    p.add_argument("--skip-underthesea", action="store_true", help="no word_tokenize / ner rows")
    p.add_argument("--json", help="also write the report as JSON here")
    p.add_argument("--memory-run", type=int, metavar="N", help="generate N articles and measure `nq52extract run` peak memory")
    p.add_argument("--keep", action="store_true", help="keep the memory run's temporary folder")
    p.add_argument("--profile", type=int, metavar="N", help="profile the pipeline over N articles on one core")
    p.add_argument("--profile-out", help="write the cProfile stats here (for snakeviz/pstats)")
    p.add_argument("--top", type=int, default=10, help="functions listed by --profile")
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("--_row", help=argparse.SUPPRESS)
    p.add_argument("--_result", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    if args._row:
        result = run_row(args._row, args.corpus, args)
        Path(args._result).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if args.profile:
        report: dict = {"profile": profile(args)}
        print(_profile_text(report["profile"]))
    elif args.memory_run:
        report = {"memory_run": memory_run(args)}
        m = report["memory_run"]
        print("| articles | chars | workers | s | chars/s | peak RSS MiB (tree) | peak PSS MiB | max one process MiB | under 1 GiB |")
        print("|---|---|---|---|---|---|---|---|---|")
        print(f"| {m['articles']:,} | {m['chars']:,} | {m['workers']} | {m['seconds']} | {m['chars_per_s']:,.0f} | "
              f"{m['peak_rss_mib']} | {_cell(m['peak_pss_mib'])} | {m['maxrss_one_process_mib']} | {m['under_1_gib']} |")
        print(f"\nRSS over the run (MiB): {m['rss_timeline_mib']}\nexit {m['exit_code']}: {m['summary']}")
    else:
        report = benchmark(args)
        print(table(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
