"""Command line: ``python -m generator build | serve | check | outline``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from generator.build import BuildOptions, BuildResult, docs_folder, run_build
from generator.gather import gather
from generator.parse.outline_text import outline_text
from generator.parse.report import parse_report
from generator.publish.commit import COMMITTED
from generator.publish.writer import BuildFailed
from generator.readers import read_source
from generator.serve import serve
from generator.validate import validate

console = Console(stderr=True, width=None if sys.stderr.isatty() else 120)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except KeyboardInterrupt as exc:
        # One line, no traceback; 130 = 128 + SIGINT, as shells report it.
        where = f"; {_kept(args.site, exc)}" if args.func is cmd_build else ""
        print(f"interrupted{where}", file=sys.stderr, flush=True)
        return 130


def _kept(site: Path, exc: BaseException | None = None) -> str:
    """What a build that stopped early left in ``site``, truthfully."""
    if exc is not None and COMMITTED in exc.args:
        return f"the new {site}/ was already in place"
    if site.exists():
        return f"the previous {site}/ is unchanged"
    return f"no site was written (there is no previous {site}/)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="对照检查材料档案库 site generator")
    sub = parser.add_subparsers(required=True, metavar="command")
    build = sub.add_parser("build", help="generate pages, run mkdocs build, verify links")
    _common(build)
    build.add_argument("--site", type=Path, default=Path("site"), help="output (default site/)")
    build.add_argument("--strict", action="store_true", help="fail the build on any error")
    build.add_argument("--jobs", type=int, default=0, help="parser processes (0 = all cores)")
    build.add_argument("--no-share-pages", dest="share", action="store_false",
                       help="leave out the share pages p/<slug>/<anchor>/ (one file per passage; "
                            "for hosts that limit the number of files)")
    build.add_argument("--full", action="store_true",
                       help="rebuild everything, not only what changed since the last build")
    build.add_argument("--timings", type=Path, help="write the per-stage times (JSON) here")
    build.set_defaults(func=cmd_build)
    check = sub.add_parser("check", help="parse and validate the corpus only")
    _common(check)
    check.set_defaults(func=cmd_check)
    serve = sub.add_parser("serve", help="preview, rebuilding when the corpus changes")
    _common(serve)
    serve.add_argument("--addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    outline = sub.add_parser("outline", help="print a report's outline (golden-file format)")
    outline.add_argument("file", type=Path)
    outline.set_defaults(func=cmd_outline)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="default corpus/")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))


def _options(args: argparse.Namespace, **extra: object) -> BuildOptions:
    return BuildOptions(corpus=args.corpus, config=args.config, **extra)  # type: ignore[arg-type]


def _missing_config(args: argparse.Namespace) -> bool:
    if args.config.is_file():
        return False
    print(f"{args.config}: no MkDocs config here; run from the project folder or pass "
          "--config path/to/mkdocs.yml", file=sys.stderr)
    return True


def cmd_build(args: argparse.Namespace) -> int:
    if _missing_config(args):
        return 2
    options = _options(args, site=args.site, docs=docs_folder(args.site), strict=args.strict,
                       jobs=args.jobs, share=args.share, incremental=not args.full)
    try:
        result = _with_progress(options)
    except BuildFailed as exc:
        console.print(f"[red]build failed[/red]: {exc}\n{_kept(args.site)}")
        return 1
    _print_problems(result)
    if result.stopped:
        kept = _kept(args.site) if args.site.exists() else f"and there is no previous {args.site}/"
        console.print(f"[red]--strict: {len(result.gathered.errors)} error(s); nothing was "
                      f"written, {kept}[/red]")
        return 1
    _report(result, options)
    if args.timings:
        args.timings.write_text(json.dumps({k: round(v, 2) for k, v in result.timings.items()}))
    return 0


def _print_problems(result: BuildResult) -> None:
    # Plain lines, never wrapped: editors and CI annotate `file:line: message`.
    for problem in result.gathered.problems:
        print(problem, file=sys.stderr, flush=True)


def _with_progress(options: BuildOptions) -> BuildResult:
    columns = (TextColumn("读取与解析"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("parse", total=None)
        return run_build(options, tick=lambda: progress.advance(task),
                         on_total=lambda n: progress.update(task, total=n))


def _report(result: BuildResult, options: BuildOptions) -> None:
    reports = result.gathered.reports
    table = Table(title="构建摘要 build summary", title_justify="left")
    for column in ("", "count"):
        table.add_column(column, justify="right" if column else "left")
    rows = [("reports built", len(reports)),
            ("errors (files skipped)", len(result.gathered.errors)),
            ("warnings", len(result.gathered.problems) - len(result.gathered.errors)),
            ("passages", sum(len(r.passages) for r in reports)),
            ("points", sum(r.points for r in reports)),
            ("furniture lines removed", sum(len(r.source.furniture) for r in reports)),
            ("files generated", result.files)]
    if result.anchors:
        a = result.anchors
        rows += [("anchors kept", a.kept), ("anchors kept by similarity", a.moved),
                 ("anchors forwarded", a.forwarded), ("anchors new", a.new),
                 ("reports renamed (redirects)", len(a.renamed))]
    if result.share:
        rows += [("share pages", result.share.files),
                 ("share pages (MB)", f"{result.share.bytes / 1e6:.1f}")]
    rows.append(("build", f"full ({result.full_because})" if result.full_because
                 else "nothing changed since the last build: left as it was"
                 if result.unchanged else "incremental"))
    rows += [(f"reused: {what}" if what != "docs files changed" else what, n)
             for what, n in result.reused.items()]
    rows += [(f"time: {stage} (s)", f"{seconds:.2f}") for stage, seconds in
             result.timings.items()]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    if len(reports) <= 40:
        console.print(_per_report(reports))
    console.print(f"site written to {options.site}/")


def _per_report(reports) -> Table:  # noqa: ANN001
    table = Table(title="材料 reports", title_justify="left")
    for column in ("slug", "sections", "subsections", "points", "passages", "year", "meeting"):
        table.add_column(column)
    for r in reports:
        subs = sum(len(s.subsections) for s in r.sections)
        table.add_row(r.slug, str(len(r.sections)), str(subs), str(r.points),
                      str(len(r.passages)), r.meta.year or "—", r.meta.meeting or "—")
    return table


def cmd_check(args: argparse.Namespace) -> int:
    gathered = gather(args.corpus)
    problems = [*gathered.problems, *validate(args.corpus).problems]
    for problem in problems:
        print(problem)
    errors = [p for p in problems if p.severity == "error"]
    print(f"{len(gathered.reports)} reports ok, {len(errors)} errors", file=sys.stderr)
    return 1 if errors else 0


def cmd_serve(args: argparse.Namespace) -> int:
    if _missing_config(args):
        return 2
    return serve(_options(args), args.addr)


def cmd_outline(args: argparse.Namespace) -> int:
    report = parse_report(read_source(args.file, args.file.parent))
    sys.stdout.write(outline_text(report))
    return 0
