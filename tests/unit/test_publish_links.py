"""The incremental build's staged site: the share pages' hard-linked copy made by a child
process, and the link check that looks only at the pages a build rewrote."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.publish.linkcheck import check_site
from generator.publish.writer import BuildFailed, LinkTree


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_link_tree_copies_every_file_as_a_hard_link(tmp_path: Path) -> None:
    source = tmp_path / "site" / "p"
    for slug, anchors in (("a", ["p-aaaaaa", "p-bbbbbb"]), ("b", ["p-cccccc"])):
        (source / slug).mkdir(parents=True)
        (source / slug / "index.html").write_text(f"<p>{slug}</p>")
        for anchor in anchors:
            (source / slug / anchor).mkdir()
            (source / slug / anchor / "index.html").write_text(f"{slug} {anchor}")
    (source / "empty").mkdir()
    target = tmp_path / "staged" / "p"
    target.parent.mkdir()
    assert LinkTree(source, target).wait() == target
    assert _tree(target) == _tree(source)
    assert (target / "empty").is_dir()
    for rel in _tree(source):
        assert os.path.samefile(source / rel, target / rel)


def test_link_tree_failure_names_the_step(tmp_path: Path) -> None:
    target = tmp_path / "staged" / "p"
    target.parent.mkdir()
    with pytest.raises(BuildFailed, match="share pages"):
        LinkTree(tmp_path / "no such folder", target).wait()


def test_stopped_link_tree_leaves_nothing_running(tmp_path: Path) -> None:
    (tmp_path / "p" / "a").mkdir(parents=True)
    clone = LinkTree(tmp_path / "p", tmp_path / "copy")
    clone.stop()
    clone.stop()  # twice is harmless
    assert clone.wait() == tmp_path / "copy"  # nothing to wait for


def test_rewritten_pages_are_checked_against_the_files_on_disk(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "r").mkdir(parents=True)
    (site / "index.html").write_text('<a href="r/">r</a> <a href="gone/">x</a>')
    (site / "r" / "index.html").write_text(
        '<a href="../">home</a> <a href="../../outside.html">out</a> <a href="#top">t</a>'
        '<h1 id="top">r</h1>')
    (tmp_path / "outside.html").write_text("a file beside the site is not in it")
    assert check_site(site, only=["r/index.html", "removed/index.html"]) == [
        "r/index.html: missing ../../outside.html"]
    assert check_site(site, only=["index.html"]) == ["index.html: missing gone/"]
    assert check_site(site) == ["index.html: missing gone/",
                                "r/index.html: missing ../../outside.html"]
