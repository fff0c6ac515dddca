"""The spare share pages (``generator.publish.spare``): kept with the keys they were written
for, taken only by a build with the same build key, never half taken."""

from __future__ import annotations

from pathlib import Path

from generator.publish import spare

KEY = {"generator": "a", "taxonomy": "b"}


def _old_site(root: Path) -> Path:
    page = root / "old-site" / "p" / "r1" / "p-abc" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>一是</p>", encoding="utf-8")
    return root / "old-site"


def test_kept_share_pages_are_taken_by_a_build_with_the_same_key(tmp_path: Path) -> None:
    root = tmp_path / "spare"
    assert spare.keep(_old_site(tmp_path), root, KEY, {"r1": "k1"}, tmp_path / "bin")
    assert not (tmp_path / "old-site" / "p").exists()
    target = tmp_path / "staged" / "p"
    target.parent.mkdir()
    got = spare.take(root, KEY, target, tmp_path / "bin")
    assert got is not None and got.keys == {"r1": "k1"} and got.wait() == target
    assert (target / "r1" / "p-abc" / "index.html").read_text(encoding="utf-8") == "<p>一是</p>"
    assert not (root / spare.KEYS).exists()  # taken: a second build cannot take it too
    assert spare.take(root, KEY, tmp_path / "other" / "p", tmp_path / "bin") is None


def test_a_spare_of_another_build_key_is_discarded(tmp_path: Path) -> None:
    root, trash = tmp_path / "spare", tmp_path / "bin"
    trash.mkdir()
    assert spare.keep(_old_site(tmp_path), root, KEY, {"r1": "k1"}, trash)
    staged = tmp_path / "staged"
    staged.mkdir()
    assert spare.take(root, {**KEY, "taxonomy": "c"}, staged / "p", trash) is None
    assert not (staged / "p").exists() and not (root / spare.TREE).exists()
    assert (trash / "share-spare" / "r1" / "p-abc" / "index.html").is_file()


def test_nothing_to_keep_or_take(tmp_path: Path) -> None:
    root = tmp_path / "spare"
    assert not spare.keep(tmp_path / "no-site", root, KEY, {"r1": "k1"}, tmp_path)
    assert spare.take(root, KEY, tmp_path / "p", tmp_path) is None
    (root).mkdir()
    (root / spare.KEYS).write_text("{not json", encoding="utf-8")
    assert spare.take(root, KEY, tmp_path / "p", tmp_path) is None
