"""The build's search step: index the passage export for the browser client."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from generator.search.index import write_index
from generator.site.compose import Files, Site
from generator.taxonomy.model import Taxonomy

INDEX_DIR = "searchindex"


def search_files(site: Site, taxonomy: Taxonomy, out: Path, jobs: int = 0) -> Files:
    """The index files (written to ``out``, an empty scratch folder in the build's staging,
    and handed to the writer as paths to move into the docs tree) and the search page."""
    out.mkdir(parents=True, exist_ok=True)
    names = {c.id: c.name for c in taxonomy.categories}
    write_index(site.passages, site.reports, out, names=names, jobs=jobs)
    files: Files = {f"{INDEX_DIR}/{p.relative_to(out).as_posix()}": p
                    for p in sorted(out.rglob("*")) if p.is_file()}
    files["search.md"] = resources.files("generator.search").joinpath("page.md").read_text(
        encoding="utf-8")
    return files
