"""Corpus-wide page sets made again only when their inputs changed (generator/site/pagesets.py):
a set whose key did not change must have exactly the files a fresh build makes, and a change
that moves what a set shows must change its key."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from generator.cache import Cache, digest
from generator.incremental import Plan
from generator.models import Label, Report
from generator.publish.writer import KEEP, file_digest
from generator.site import overview
from generator.site.browse import browse_index
from generator.site.compose import by_anchor
from generator.site.pagesets import PageSets
from generator.site.report_pages import labels_key
from generator.site.taxonomy_pages import build_taxonomy_pages
from generator.taxonomy.classify import classify_all
from generator.taxonomy.index import build_index
from generator.taxonomy.load import Taxonomy

ROOT = Path(__file__).resolve().parents[2]
Labels = dict[str, tuple[Label, ...]]


@pytest.fixture(scope="module")
def labels(seeds: list[Report], taxonomy: Taxonomy) -> Labels:
    return classify_all(seeds, taxonomy)


class Recorder:
    """A memo that always makes the set and remembers it by its parts."""

    def __init__(self) -> None:
        self.sets: dict[tuple[str, ...], dict[str, str]] = {}

    def pages(self, kind: str, parts: Sequence[str], make: Callable[[], dict[str, str]]
              ) -> dict[str, str]:
        files = make()
        self.sets[(kind, *parts)] = files
        return files


def _report_key(report: Report) -> str:
    """Stands for the anchored key: a digest of everything the report is."""
    return digest(repr(report))


def _pages(reports: list[Report], labels: Labels, taxonomy: Taxonomy
           ) -> tuple[dict[str, str], Recorder]:
    index = build_index(reports, labels, taxonomy)
    keys = {r.slug: f"{_report_key(r)}:{labels_key(by_anchor(labels.get(r.slug, ())))}"
            for r in reports}
    recorder = Recorder()
    files = build_taxonomy_pages(index, overview.level_problems(index),
                                 browse_index(index.reports).facets["level"].slugs,
                                 PageSets(recorder, keys))
    return files, recorder


def _same_where_kept(before: Recorder, after: Recorder) -> tuple[int, int]:
    """Every set whose key is unchanged has the same files; (kept, remade) counts."""
    kept = [k for k in after.sets if k in before.sets]
    for key in kept:
        assert after.sets[key] == before.sets[key], key[:3]
    return len(kept), len(after.sets) - len(kept)


def test_sets_change_nothing_in_the_pages(seeds: list[Report], labels: Labels,
                                          taxonomy: Taxonomy) -> None:
    files, recorder = _pages(seeds, labels, taxonomy)
    index = build_index(seeds, labels, taxonomy)
    fresh = build_taxonomy_pages(index, overview.level_problems(index),
                                 browse_index(index.reports).facets["level"].slugs)
    assert files == fresh
    made = {rel for found in recorder.sets.values() for rel in found}
    assert "matrix.md" in made and "themes/index.md" not in made  # indexes: made every time
    assert len(recorder.sets) > len(taxonomy.categories)  # categories, slices, matrix


def test_a_moved_label_remakes_only_the_sets_that_show_its_report(
        seeds: list[Report], labels: Labels, taxonomy: Taxonomy) -> None:
    _, before = _pages(seeds, labels, taxonomy)
    slug = seeds[0].slug
    first = labels[slug][0]
    moved = dict(labels)
    moved[slug] = (dataclasses.replace(first, confidence=first.confidence / 2),
                   *labels[slug][1:])
    _, after = _pages(seeds, moved, taxonomy)
    kept, remade = _same_where_kept(before, after)
    assert kept and remade
    # the sets of a category the report does not raise are kept
    raised = {lb.category for lb in labels[slug]}
    other = [k for k in after.sets if k[1] == "catpage" and k[2] not in raised]
    assert other and all(k in before.sets for k in other)
    assert not any(k in before.sets for k in after.sets
                   if k[1] == "catpage" and k[2] == first.category)


def test_an_edited_report_remakes_its_sets(seeds: list[Report], labels: Labels,
                                           taxonomy: Taxonomy) -> None:
    _, before = _pages(seeds, labels, taxonomy)
    report = seeds[1]
    passage = next(p for p in report.passages if p.kind == "para")
    edited = dataclasses.replace(report, passages=tuple(
        dataclasses.replace(p, text=p.text + "并在年内逐项完成整改。") if p is passage else p
        for p in report.passages))
    reports = [edited if r is report else r for r in seeds]
    _, after = _pages(reports, labels, taxonomy)
    kept, remade = _same_where_kept(before, after)
    assert kept and remade
    assert not any(k in before.sets for k in after.sets if k[1] == "matrix")


def test_quoted_figures_invalidate_every_category(seeds: list[Report], labels: Labels,
                                                  taxonomy: Taxonomy) -> None:
    """Another year's reports move every category's shares: no category set is kept, even
    of categories the changed report does not raise."""
    _, before = _pages(seeds, labels, taxonomy)
    report = seeds[2]
    moved = dataclasses.replace(report, meta=dataclasses.replace(report.meta, year="2019"))
    reports = [moved if r is report else r for r in seeds]
    _, after = _pages(reports, labels, taxonomy)
    _same_where_kept(before, after)
    assert not any(k in before.sets for k in after.sets if k[1] == "catpage")


def test_removed_report(seeds: list[Report], labels: Labels, taxonomy: Taxonomy) -> None:
    _, before = _pages(seeds, labels, taxonomy)
    _, after = _pages(seeds[1:], {k: v for k, v in labels.items() if k != seeds[0].slug},
                      taxonomy)
    assert _same_where_kept(before, after)[1]


def test_unknown_report_key_makes_the_set() -> None:
    sets = PageSets(Recorder(), {"a": "k1", "b": None})
    assert sets.reports(["a"]) == PageSets(None, {"a": "k1"}).reports(["a"])
    assert sets.reports(["a", "b"]) is None
    assert sets.reports(["b", "a"]) is None
    assert sets.reports(["a"]) != PageSets(None, {"a": "k2"}).reports(["a"])
    made = sets.files("taxpages", ["x", None], lambda: {"p.md": "text"})
    assert made == {"p.md": "text"} and not sets.memo.sets  # type: ignore[union-attr]


def test_plan_keeps_a_set_only_when_the_previous_docs_have_its_files(tmp_path: Path) -> None:
    plan = Plan(Cache(tmp_path / "cache"), {"taxonomy": "t"}, {})
    calls = []

    def make() -> dict[str, str]:
        calls.append(1)
        return {"a.md": "A", "b.md": "B"}

    assert plan.pages("taxpages", ["x"], make) == {"a.md": "A", "b.md": "B"}  # full build
    plan.previous = {"a.md": file_digest("A"), "b.md": file_digest("B")}
    assert plan.pages("taxpages", ["x"], make) == {"a.md": KEEP, "b.md": KEEP}
    assert len(calls) == 1 and plan.reused["taxpages"] == 1
    plan.previous = {"a.md": file_digest("A"), "b.md": file_digest("changed")}
    assert plan.pages("taxpages", ["x"], make) == {"a.md": "A", "b.md": "B"}
    plan.previous = {"a.md": file_digest("A"), "b.md": file_digest("B")}
    assert plan.pages("taxpages", ["y"], make) == {"a.md": "A", "b.md": "B"}  # other inputs
    assert plan.pages("taxpages", ["x"], make) == {"a.md": KEEP, "b.md": KEEP}
    plan.key["taxonomy"] = "other"
    assert plan.pages("taxpages", ["x"], make) == {"a.md": "A", "b.md": "B"}
    # the forked process' bookkeeping reaches the build's cache: kept past its clean-up
    touched, reused = plan.pages_done()
    other = Plan(Cache(tmp_path / "cache"), {"taxonomy": "t"}, {})
    other.absorb(touched, reused)
    other.cache.prune()
    assert len(list((tmp_path / "cache" / "taxpages").glob("*/*.pkl"))) == 3


def test_paginated_categories_remake_only_the_page_of_the_report(
        tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of a long category are sets of their own: after a change to one report that
    moves no count, only the page listing it is made again; and pages made with the years
    begun on earlier pages ("（续）") equal a fresh build's."""
    from generator.taxonomy import index as taxonomy_index
    from tests.unit.test_taxonomy_pages import _reports

    monkeypatch.setattr(taxonomy_index, "PAGE_SIZE", 30)
    reports = _reports(tmp_path, 160)
    labels = classify_all(reports, taxonomy)
    files, before = _pages(reports, labels, taxonomy)
    index = build_index(reports, labels, taxonomy)
    assert files == build_taxonomy_pages(index, overview.level_problems(index),
                                         browse_index(index.reports).facets["level"].slugs)
    long = [k for k in before.sets if k[1] == "catpage" and k[3] == "3"]
    assert long  # some category has at least three pages
    # the same report with another title: what its group heading shows, no count moves
    at = 80
    meta = dataclasses.replace(reports[at].meta, title=reports[at].meta.title + "（修订）")
    edited = [dataclasses.replace(r, meta=meta) if i == at else r for i, r in enumerate(reports)]
    _, after = _pages(edited, labels, taxonomy)
    kept, remade = _same_where_kept(before, after)
    cid = long[0][2]
    pages = [k for k in after.sets if k[1] == "catpage" and k[2] == cid]
    assert sum(k in before.sets for k in pages) == len(pages) - 1
