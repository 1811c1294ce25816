"""A thin command line over the Python API."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from .pipeline import Options


def _options(args: argparse.Namespace) -> Options:
    return Options(tone=args.tone, correct=not args.no_correct, max_chars=args.max_chars, time_budget=args.time_budget)


def _add_pipeline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tone", choices=["old", "new"], default="old", help="tone-mark convention: old (hòa, thủy) or new (hoà, thuỷ)")
    p.add_argument("--no-correct", action="store_true", help="do not run the diacritic/spelling corrector")
    p.add_argument("--max-chars", type=int, default=Options().max_chars, help="longest article processed (characters)")
    p.add_argument("--time-budget", type=float, default=Options().time_budget, help="seconds per article before later stages are skipped")


def cmd_extract(args: argparse.Namespace) -> int:
    from .io.readers import ReadError, iter_records
    from .runner import process_record

    status = 0
    for record in iter_records([args.file]):
        if isinstance(record, ReadError):
            print(json.dumps(record.__dict__, ensure_ascii=False), file=sys.stderr)
            status = 1
            continue
        obj, _ = process_record(record, _options(args))
        if args.with_original:
            obj["original"] = record.text
        print(json.dumps(obj, ensure_ascii=False, indent=None if args.compact else 1))
        status = status or (1 if obj["errors"] else 0)
    return status


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def _show_progress(args: argparse.Namespace) -> bool:
    """The bar is drawn on stderr: on a terminal, not in CI, not when stderr is piped or TERM=dumb."""
    if args.progress == "on":
        return True
    if args.progress == "off":
        return False
    return sys.stderr.isatty() and not _in_ci() and os.environ.get("TERM") != "dumb"


EXIT_STATUS = """exit status:
  0  every article processed without an error
  1  finished, but error rows were written (unreadable inputs or articles
     with a stage error; see OUT/errors.csv)
  2  --strict: stopped at the first error; the dataset files were not rebuilt
     (parts committed so far are kept, and the next run resumes from them)
  3  could not run: another run is writing OUT
  (argparse reports command-line usage errors with status 2 as well)
  130 interrupted (Ctrl-C); the next run resumes from the committed parts
"""


def cmd_run(args: argparse.Namespace) -> int:
    from .runner import run

    kwargs = dict(
        options=_options(args),
        workers=args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        fmt=args.format,
        bom=args.bom,
        neutralize=not args.no_neutralize,
        batch_size=args.batch_size,
        part_size=args.part_size,
        strict=args.strict,
        fresh=args.fresh,
    )
    from .runner import RunLocked, StrictStop

    try:
        if _show_progress(args):
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("[bold]nq52extract[/]"), BarColumn(), TextColumn("{task.completed} articles"),
                TextColumn("{task.fields[rate]:.1f}/s"), TimeElapsedColumn(), transient=True,
                console=Console(stderr=True),
            ) as progress:
                task = progress.add_task("run", total=None, rate=0.0)
                started = time.perf_counter()

                def update(summary) -> None:
                    done = summary.articles + summary.skipped + summary.read_errors + summary.duplicates
                    progress.update(task, completed=done, rate=done / max(1e-9, time.perf_counter() - started))

                summary = run(args.inputs, args.out, on_progress=update, **kwargs)
        else:
            summary = run(args.inputs, args.out, **kwargs)
    except StrictStop as exc:
        print(f"nq52extract: stopped at the first error: {exc}", file=sys.stderr)
        return 2
    except RunLocked as exc:
        print(f"nq52extract: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("nq52extract: interrupted; run again to resume", file=sys.stderr)
        return 130
    print(summary.line(), file=sys.stderr)
    return 1 if summary.errors else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_files

    report = evaluate_files(args.predictions, args.gold, clean_dir=args.clean)
    print(report.table())
    if args.json:
        Path(args.json).write_text(json.dumps(report.as_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import build_report

    path = build_report(args.out_dir, args.output, title=args.title)
    print(path, file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nq52extract", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print one article's JSON")
    p.add_argument("file")
    p.add_argument("--compact", action="store_true", help="one line of JSON")
    p.add_argument("--with-original", action="store_true", help="include the original text")
    _add_pipeline_args(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "run", help="process files, folders or globs into OUT/articles.jsonl and tables",
        description="Process files, folders or globs into OUT/articles.jsonl and tables. Results are "
        "checkpointed under OUT/parts: a re-run processes only new or changed articles, and a killed run "
        "resumes where it stopped.",
        epilog=EXIT_STATUS, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+")
    p.add_argument("-o", "--out", required=True)
    p.add_argument("--format", choices=["csv", "parquet"], default="csv")
    p.add_argument("--bom", action="store_true", help="write CSV as UTF-8 with BOM (for Excel)")
    p.add_argument("--no-neutralize", action="store_true", help="keep cells that start with = + - @ as they are")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local processes or a Dask cluster")
    p.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster started for the run)")
    p.add_argument("--batch-size", type=int, default=64, help="articles handed to the workers at a time")
    p.add_argument("--part-size", type=int, default=2000, help="articles per checkpoint part")
    p.add_argument("--fresh", action="store_true", help="forget earlier parts in OUT and process everything")
    p.add_argument("--progress", choices=["auto", "on", "off"], default="auto", help="progress bar (auto: on a terminal, not in CI)")
    p.add_argument("--strict", action="store_true", help="stop at the first error (exit status 2)")
    _add_pipeline_args(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("evaluate", help="precision/recall/F1 per field against gold (EXTRACTION.md §4)")
    p.add_argument("predictions", help="articles.jsonl")
    p.add_argument("--gold", required=True, help="folder of ID.json gold files")
    p.add_argument("--clean", help="folder of ID.clean.txt error-free texts, to score corrections")
    p.add_argument("--json", help="also write the scores as JSON here")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("report", help="one self-contained HTML report of a run's output")
    p.add_argument("out_dir", help="the OUT folder of a run")
    p.add_argument("-o", "--output", default="report.html")
    p.add_argument("--title", default="nq52extract report")
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nq52extract`` command."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
