"""Size of the share pages (issue 16): files and bytes per 1,000 reports.

    python3 /work/shared/tools/genre_corpus.py /tmp/c1k 1000 --seed 5
    mv /tmp/c1k/_manifest.json /tmp/            # not part of the corpus
    python -m benchmarks.share_size /tmp/c1k [--write /tmp/share-out]

Reads and anchors the corpus as a build does (the corpus's ``anchors.lock`` is read, never
written), composes every share page in memory and prints: pages, folders, bytes (raw and each
page gzipped on its own, as a server sends it), disk use at 4 KiB blocks (each page and each
folder takes at least one block), and the same scaled to 1,000 reports. ``--write DIR``
also runs the build's share step into DIR and times it.
"""

from __future__ import annotations

import argparse
import logging
import math
import time
import zlib
from pathlib import Path

from generator.anchors.reconcile import reconcile
from generator.gather import gather
from generator.publish.share import settings_from_config, write_share_pages
from generator.site.share import report_share_pages
from generator.validate import validate

ROOT = Path(__file__).resolve().parent.parent
BLOCK = 4096


def measure(corpus: Path, write: Path | None = None, jobs: int = 1) -> dict[str, float]:
    gathered = gather(corpus, jobs=jobs)
    checked = validate(corpus)
    reconciled = reconcile(gathered.reports, checked.lock)
    settings = settings_from_config(ROOT / "mkdocs.yml")
    pages = raw = gz = disk = 0
    folders: set[str] = set()
    passages = sum(len(r.passages) for r in reconciled.reports)
    for report in reconciled.reports:
        for page in report_share_pages(report, reconciled.blocks.get(report.slug), settings):
            data = page.html.encode("utf-8")
            pages += 1
            raw += len(data)
            gz += len(zlib.compress(data, 6)) + 18  # gzip header and trailer
            disk += math.ceil(len(data) / BLOCK) * BLOCK
            folders.add(page.path.rpartition("/")[0])
    reports = len(reconciled.reports)
    figures = {"reports": reports, "passages": passages, "pages": pages,
               "folders": len(folders), "bytes": raw, "gzip bytes": gz,
               "disk bytes (4 KiB blocks, pages + folders)": disk + len(folders) * BLOCK}
    if write is not None:
        write.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        stats = write_share_pages(reconciled.reports, reconciled.blocks, settings, write)
        figures["write seconds"] = round(time.perf_counter() - start, 2)
        assert stats.files == pages and stats.bytes == raw
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--write", type=Path, help="also write the pages here (a new folder)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the corpus's own warnings are not the figures
    figures = measure(args.corpus, args.write, args.jobs)
    per = 1000 / max(figures["reports"], 1)
    print(f"{'figure':44} {'measured':>14} {'per 1,000 reports':>18}")
    for name, value in figures.items():
        scaled = "" if name in ("reports", "write seconds") else f"{value * per:18,.0f}"
        print(f"{name:44} {value:14,} {scaled:>18}")
    print(f"{'bytes per page (raw / gzip)':44} "
          f"{figures['bytes'] / figures['pages']:14,.0f} "
          f"{figures['gzip bytes'] / figures['pages']:18,.0f}")


if __name__ == "__main__":
    main()
