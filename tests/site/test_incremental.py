"""Incremental builds (ARCHITECTURE.md, "Incremental builds"): after editing, adding, removing
or renaming one report, an incremental build's docs and site equal a full build's of the same
corpus, byte for byte, and files that did not change keep their mtime."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_corpus

REPORT = "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti.txt"
OTHER = "2021-qu-zhengfu-lingdao-banzi-duizhao-jiancha.txt"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (``None``): a folder an incremental build leaves
    behind (a removed report's) differs from a full build's tree too."""
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(root.rglob("*"))}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file()}


def insert_clause(path: Path, clause: str, share: float) -> None:
    """``clause`` before the first 。 past ``share`` of the file's text."""
    text = path.read_text(encoding="utf-8")
    at = text.index("。", int(len(text) * share))
    path.write_text(text[:at] + clause + text[at:], encoding="utf-8")


def edit(corpus: Path) -> None:
    insert_clause(corpus / REPORT, "，并在年内逐项完成整改", 0.5)


def add(corpus: Path) -> None:
    text = (corpus / OTHER).read_text(encoding="utf-8")
    (corpus / "2024-added.txt").write_text(text.replace("对照检查材料", "对照检查材料（新增）", 1)
                                           + "新增一段，说明新增材料的整改安排。\n",
                                           encoding="utf-8")


def remove(corpus: Path) -> None:
    (corpus / OTHER).unlink()


def rename(corpus: Path) -> None:
    (corpus / REPORT).rename(corpus / f"renamed-{REPORT}")


def same_trees(a: Path, b: Path) -> None:
    for part in ("docs", "site"):
        left, right = tree(a / part), tree(b / part)
        assert sorted(left) == sorted(right), part
        assert [k for k in left if left[k] != right[k]] == [], part


@pytest.mark.parametrize("change", [edit, add, remove, rename], ids=lambda f: f.__name__)
def test_incremental_equals_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 change: Callable[[Path], None]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inc = tmp_path / "inc"
    corpus = copy_corpus(inc / "corpus")
    first = build_site(corpus, inc)
    assert first.ok and first.full_because
    shutil.copy(corpus / "anchors.lock", tmp_path / "lock-before")
    before = mtimes(inc / "site")
    change(corpus)
    again = build_site(corpus, inc)
    assert again.ok and again.full_because == "", again.full_because
    # The same corpus (with the lock the first build wrote) built from nothing.
    full = tmp_path / "full"
    shutil.copytree(inc / "corpus", full / "corpus")
    shutil.copy(tmp_path / "lock-before", full / "corpus" / "anchors.lock")
    result = build_site(full / "corpus", full, incremental=False)
    assert result.ok
    same_trees(inc, full)
    after = mtimes(inc / "site")
    kept = [k for k in before if k in after and after[k] == before[k]]
    assert "assets/archive/cite.js" in kept or any(k.startswith("assets/") for k in kept)


def test_unchanged_corpus_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """A build whose inputs are the last build's (files saved again with the same bytes
    included) stops after reading the reports: docs and site keep every file and mtime,
    and the cache keeps what the next build with a change updates from."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    corpus = copy_corpus(tmp_path / "corpus")
    build_site(corpus, tmp_path)
    before = {**{f"docs/{k}": v for k, v in mtimes(tmp_path / "docs").items()},
              **{f"site/{k}": v for k, v in mtimes(tmp_path / "site").items()}}
    saved = corpus / REPORT
    saved.write_bytes(saved.read_bytes())  # an editor's save without a change
    again = build_site(corpus, tmp_path)
    assert again.ok and again.full_because == "" and again.unchanged
    assert len(again.gathered.reports) == 5 and again.files > 0
    after = {**{f"docs/{k}": v for k, v in mtimes(tmp_path / "docs").items()},
             **{f"site/{k}": v for k, v in mtimes(tmp_path / "site").items()}}
    assert [k for k in before if after.get(k) != before[k]] == []
    assert sorted(after) == sorted(before)
    assert list((tmp_path / "cache" / "docs" / "reuse-state").glob("*/*.pkl"))
    # The lock is an input too: without it the anchors are reconciled again.
    (corpus / "anchors.lock").unlink()
    relocked = build_site(corpus, tmp_path)
    assert relocked.ok and not relocked.unchanged and relocked.full_because == ""
    assert relocked.reused.get("docs files changed") == 0
    assert (corpus / "anchors.lock").exists()
    assert build_site(corpus, tmp_path).unchanged


def test_config_change_makes_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    corpus = copy_corpus(tmp_path / "corpus")
    build_site(corpus, tmp_path)
    taxonomy = corpus / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# edited\n",
                        encoding="utf-8")
    again = build_site(corpus, tmp_path)
    assert "taxonomy" in again.full_because
    # The labelled examples the classifier learns from are taxonomy input too.
    assert build_site(corpus, tmp_path).full_because == ""
    examples = corpus / "examples.yml"
    examples.write_text(examples.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert "taxonomy" in build_site(corpus, tmp_path).full_because


def test_per_report_steps_run_on_any_executor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    """The executor seam: a standard ``concurrent.futures`` executor (here a process pool;
    a Dask one has the same interface) gives the same site as the default pools; so do the
    forked page renderers and link checkers (switched on here for five reports)."""
    from concurrent.futures import ProcessPoolExecutor

    from generator.publish import linkcheck
    from generator.site import report_pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    default = build_site(copy_corpus(tmp_path / "a" / "corpus"), tmp_path / "a",
                         incremental=False)
    monkeypatch.setattr(report_pages, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(linkcheck, "_PARALLEL_FROM", 1)
    with ProcessPoolExecutor(2) as pool:
        seam = build_site(copy_corpus(tmp_path / "b" / "corpus"), tmp_path / "b",
                          incremental=False, executor=pool)
    assert default.ok and seam.ok
    same_trees(tmp_path / "a", tmp_path / "b")


def test_share_pages_are_rewritten_for_changed_reports_only(tmp_path: Path) -> None:
    """After a cold build (whose lock blocks were new) an edit rewrites the share pages of
    the edited report alone."""
    corpus = copy_corpus(tmp_path / "corpus")
    (corpus / "anchors.lock").unlink(missing_ok=True)  # a cold start: every block is new
    assert build_site(corpus, tmp_path).ok
    edit(corpus)
    edited = build_site(corpus, tmp_path)
    assert edited.ok and not edited.full_because and edited.share.reports == 1


def test_first_build_without_a_lock_is_reused_whole(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus with no anchors lock yet: the first build reconciles every report against no
    block and writes one; the next build (here after an edit of one report) reconciles
    against those blocks, and still takes every other report's labels and page from the
    cache (they are keyed by the block the report settled with, not the one it was
    reconciled against)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    corpus = copy_corpus(tmp_path / "corpus")
    (corpus / "anchors.lock").unlink(missing_ok=True)
    first = build_site(corpus, tmp_path)
    assert first.ok and (corpus / "anchors.lock").exists()
    edit(corpus)
    again = build_site(corpus, tmp_path)
    assert again.full_because == "" and not again.unchanged
    assert again.reused.get("labels") == 4
    assert again.reused.get("pages", 0) >= 4


def edit_other(corpus: Path) -> None:
    insert_clause(corpus / OTHER, "，并建立问题清单", 1 / 3)


def edit_heading(corpus: Path) -> None:
    """A change the share pages of a subsection's passages show (its heading)."""
    path = corpus / REPORT
    text = path.read_text(encoding="utf-8")
    assert "（一）理论学习方面" in text
    path.write_text(text.replace("（一）理论学习方面", "（一）理论学习和思想武装方面", 1),
                    encoding="utf-8")


def remove_added(corpus: Path) -> None:
    (corpus / "2024-added.txt").unlink()


@pytest.mark.parametrize("first,then", [(edit_heading, edit_other), (add, remove_added),
                                        (rename, edit_other), (remove, edit)],
                         ids=lambda f: f.__name__)
def test_share_pages_from_the_spare_equal_a_full_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        first: Callable[[Path], None], then: Callable[[Path], None]) -> None:
    """The third build starts its share pages from those the first one wrote (the spare the
    second build kept), which miss both later changes: it still arrives at a full build's."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inc = tmp_path / "inc"
    corpus = copy_corpus(inc / "corpus")
    assert build_site(corpus, inc).ok
    first(corpus)
    second = build_site(corpus, inc)
    assert second.ok and "share pages from the spare" not in second.reused
    assert (inc / ".share-spare" / "docs" / "keys.json").is_file()
    shutil.copy(corpus / "anchors.lock", tmp_path / "lock-before")
    then(corpus)
    third = build_site(corpus, inc)
    assert third.ok and third.full_because == ""
    assert third.reused.get("share pages from the spare") == 5  # the first build's reports
    full = tmp_path / "full"
    shutil.copytree(inc / "corpus", full / "corpus")
    shutil.copy(tmp_path / "lock-before", full / "corpus" / "anchors.lock")
    assert build_site(full / "corpus", full, incremental=False).ok
    same_trees(inc, full)
