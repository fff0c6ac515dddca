"""The search stage of the build: index the passage export for the browser client."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from generator.models import Report
from generator.site import Files

log = logging.getLogger(__name__)
INDEX_DIR = "searchindex"


@dataclass(slots=True)
class SearchFeature:
    """Runs after the exports exist; the index files are written to a scratch folder and
    handed to the writer as paths to move into the docs tree."""

    names: dict[str, str] = field(default_factory=dict)
    scratch: Path = Path("build")
    jobs: int = 0
    stats: dict[str, Any] = field(default_factory=dict)

    def before(self, reports: Sequence[Report], context: dict[str, Any]) -> Files:
        context["nav_links"].append({"title": "全文检索", "url": "search/"})
        return {}

    def after(self, reports: Sequence[Report], context: dict[str, Any]) -> Files:
        from generator.search import write_index

        self.scratch.mkdir(parents=True, exist_ok=True)
        out = Path(tempfile.mkdtemp(prefix=".searchindex-", dir=self.scratch))
        self.stats = write_index(context["passage_records"], context["report_records"], out,
                                 names=self.names, jobs=self.jobs)
        files: Files = {f"{INDEX_DIR}/{p.relative_to(out).as_posix()}": p
                        for p in sorted(out.rglob("*")) if p.is_file()}
        files["search.md"] = resources.files("generator.search").joinpath("page.md").read_text(
            encoding="utf-8")
        return files
