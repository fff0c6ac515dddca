"""The mkdocs stage on generated Markdown pages: the fast hook against plain Python-Markdown.

    python -m benchmarks.mkdocs_stage CORPUS [--runs 1] [--plain]

Generates the docs tree for CORPUS once (the build up to the write step, without search), then
runs ``mkdocs build`` on it with the project's ``mkdocs.yml`` (pages rendered by
``generator/publish/fast_markdown.py``) and, with ``--plain``, with the hook removed (every page
through Python-Markdown). Prints wall time, the subprocess's CPU time (user + sys, less sensitive
to other load on the machine) and its peak RSS, per configuration (median of ``--runs``).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.build import BuildOptions, run_build

REPO = Path(__file__).resolve().parents[1]
CODE = ("import sys;from mkdocs.config import load_config;from mkdocs.commands.build import build;"
        "build(load_config(config_file=sys.argv[1],docs_dir=sys.argv[2],site_dir=sys.argv[3]))")


def _docs(corpus: Path, work: Path) -> Path:
    shutil.copytree(corpus, work / "corpus")
    (work / "corpus" / "anchors.lock").unlink(missing_ok=True)
    result = run_build(BuildOptions(corpus=work / "corpus", site=work / "site",
                                    docs=work / "docs", config=REPO / "mkdocs.yml",
                                    run_mkdocs=False, search=False))
    assert result.ok, result.gathered.errors[:3]
    return work / "docs"


def _config(work: Path, name: str, hooks: str) -> Path:
    """The project's config, not strict (the docs have no search page: no search step)."""
    path = work / f"{name}.yml"
    path.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\nhooks: {hooks}\nstrict: false\n"
                    f"theme:\n  custom_dir: {REPO / 'overrides'}\n", encoding="utf-8")
    return path


def _run(config: Path, docs: Path, site: Path) -> tuple[float, float, float]:
    shutil.rmtree(site, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", CODE, str(config), str(docs), str(site)], check=True,
                   cwd=REPO, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--plain", action="store_true", help="also time plain Python-Markdown")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the corpus' own warnings are not this benchmark's output
    with tempfile.TemporaryDirectory(prefix="mkdocs-stage-") as tmp:
        work = Path(tmp)
        docs = _docs(args.corpus, work)
        pages = sum(1 for _ in docs.rglob("*.md"))
        hook = REPO / "generator" / "publish" / "fast_markdown.py"
        configs = [("fast hook", _config(work, "fast", f"[{hook}]"))]
        if args.plain:
            configs.append(("Python-Markdown", _config(work, "plain", "[]")))
        print(f"{pages} pages, load average {os.getloadavg()[0]:.1f}")
        for name, config in configs:
            runs = [_run(config, docs, work / "site") for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"{name:16} wall {wall:7.1f} s   cpu {cpu:7.1f} s   peak {runs[-1][2]:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
