"""The build's search step: index the passage export for the browser client."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from generator.cache import code_version, digest
from generator.incremental import Plan
from generator.publish.writer import KEEP
from generator.search import gzmemo
from generator.search.index import write_index
from generator.site.compose import Exported, Files
from generator.taxonomy.model import Taxonomy

INDEX_DIR = "searchindex"
#: The cache entry of the index's gzip files (one per code version): path → digests, size.
GZ_KIND = "search-gz"


def search_files(site: Exported, taxonomy: Taxonomy, out: Path, jobs: int = 0,
                 plan: Plan | None = None) -> Files:
    """The index files (written to ``out``, an empty scratch folder in the build's staging,
    and handed to the writer as paths to move into the docs tree) and the search page.

    With a ``plan``, the shards and text chunks whose bytes the last build wrote, and the
    previous docs tree still holds, are not compressed again: the writer links them
    (:mod:`generator.search.gzmemo`)."""
    out.mkdir(parents=True, exist_ok=True)
    names = {c.id: c.name for c in taxonomy.categories}
    key = digest(GZ_KIND, code_version())
    known: dict[str, tuple[str, str, int]] = {}
    if plan is not None and plan.previous is not None:
        last = plan.cache.get(GZ_KIND, key)
        if isinstance(last, dict):
            known = {rel: found for rel, found in last.items()
                     if plan.previous.get(f"{INDEX_DIR}/{rel}") == found[1]}
    records: list[gzmemo.Record] | None = [] if plan is not None else None
    write_index(site.passages, site.reports, out, names=names, jobs=jobs, known=known,
                records=records)
    files: Files = {f"{INDEX_DIR}/{p.relative_to(out).as_posix()}": p
                    for p in sorted(out.rglob("*")) if p.is_file()}
    if plan is not None and records is not None:
        files.update({f"{INDEX_DIR}/{rel}": KEEP for rel, *_, kept in records if kept})
        plan.cache.put(GZ_KIND, key, {rel: (raw, gz, size)
                                      for rel, raw, gz, size, _kept in records})
        plan.reused[GZ_KIND] = sum(r[4] for r in records)
    files["search.md"] = resources.files("generator.search").joinpath("page.md").read_text(
        encoding="utf-8")
    return files
