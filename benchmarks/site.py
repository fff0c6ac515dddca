"""A minimal MkDocs-Material site around the search index, for the benchmark.

``make_site`` writes a docs folder with a home page, the search page (``generator/search/page.md``)
and, optionally, one bare page per report whose passages carry their ``p-…`` anchors; then it runs
``mkdocs build``. ``lunr=True`` builds the same pages with Material's built-in search instead
(``plugins: [search: {lang: zh}]``, needs jieba) for comparison.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from generator.search import write_index

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = ["engine.js", "common.js", "box.js", "page.js", "highlight.js"]


def _config(lunr: bool) -> dict:
    config = {
        "site_name": "检索基准",
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(REPO / "overrides"),
            "language": "zh",
            "font": False,
            "features": ["navigation.instant"],
        },
        "nav": [{"首页": "index.md"}, {"全文检索": "search.md"}],
        "not_in_nav": "/reports/\n",
    }
    if lunr:
        config["plugins"] = [{"search": {"lang": "zh"}}]
        # Material's own header and search box, not the archive's overrides.
        config["theme"].pop("custom_dir")
    else:
        config["plugins"] = []
        config["extra_javascript"] = [f"assets/search/{name}" for name in SCRIPTS]
        config["extra_css"] = ["assets/search/search.css"]
    return config


def _report_page(report: dict, passages: list[dict]) -> str:
    body = "\n".join(
        f'<p id="{p["url"].split("#", 1)[1]}">{html.escape(p["text"])}</p>' for p in passages
    )
    return f"# {html.escape(report.get('title') or report['slug'])}\n\n{body}\n"


def load_data(data: Path) -> tuple[list[dict], list[dict]]:
    with (data / "passages.jsonl").open(encoding="utf-8") as fh:
        passages = [json.loads(line) for line in fh if line.strip()]
    return passages, json.loads((data / "reports.json").read_text(encoding="utf-8"))


def make_site(
    data: Path, out: Path, reports_pages: bool = True, lunr: bool = False, index: bool = True
) -> dict:
    """Build the site for ``data`` (passages.jsonl + reports.json) under ``out``/site.

    ``index=False`` keeps an index already written to ``out/docs/searchindex``. Returns the
    index statistics (empty for lunr or ``index=False``)."""
    passages, reports = load_data(data)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 检索基准\n\n[全文检索](search.md)\n", encoding="utf-8")
    stats: dict = {}
    if not lunr:
        (docs / "search.md").write_text(
            (REPO / "generator/search/page.md").read_text(encoding="utf-8"), encoding="utf-8"
        )
        if index:
            stats = write_index(passages, reports, docs / "searchindex")
    else:
        (docs / "search.md").write_text("# 全文检索\n\n使用页眉的搜索框。\n", encoding="utf-8")
    if reports_pages:
        by_report: dict[str, list[dict]] = defaultdict(list)
        for p in passages:
            by_report[p["report"]].append(p)
        for r in reports:
            page = docs / "reports" / r["slug"] / "index.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(_report_page(r, by_report[r["slug"]]), encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(_config(lunr), allow_unicode=True), encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")], check=True
    )
    return stats
