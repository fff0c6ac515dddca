"""The share pages of the build before last, kept to start the next build's from.

The share pages' folder ``p/`` (a folder and a page per passage: ~420,000 of each at 10,000
reports) is most of the site's files. A new site is staged as a whole and exchanged with the
published one (:mod:`generator.publish.commit`), so an incremental build needs a complete
``p/`` in its staged site: hard-linking the published one costs a ``mkdir`` and a ``link``
per passage (35–45 s of kernel time at 10,000 reports), and removing the replaced site after
the commit as much again.

Instead, after a commit, the replaced site's ``p/`` (the share pages of the build before,
whose report keys the cache's state holds) is moved to ``build/.share-spare/<docs folder>/``
with those keys (:func:`keep`), and the next incremental build with the same build key moves
it into its staged site (:func:`take`) and rewrites the folders of the reports whose key is
not the spare's (changed since either build, added, renamed), drops those of reports that are
gone, and so arrives at what a full build writes. Its pages are hard links shared with the
published site, which is why every share page is written as a new file (never through an
existing link), as with a cloned ``p/``. A build that cannot take the spare (none, another
build key, another file system, a second build running at the same time) clones ``p/`` as
before (:class:`generator.publish.writer.LinkTree`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.publish.staging import remove
from generator.site.urls import SHARE_ROOT

HOME = ".share-spare"
KEYS = "keys.json"
TREE = SHARE_ROOT


@dataclass(slots=True)
class Spare:
    """Share pages taken from the spare into the staged site (same interface as
    :class:`~generator.publish.writer.LinkTree`)."""

    target: Path
    keys: dict[str, str] = field(default_factory=dict)
    """Report slug → the key each report's share pages in ``target`` were written for."""

    def wait(self) -> Path:
        return self.target

    def stop(self) -> None:
        """Nothing runs; the staged copy goes with the staging folder."""


def spare_root(build_dir: Path, docs: Path) -> Path:
    return build_dir / HOME / docs.name


def take(root: Path, build_key: dict[str, str], target: Path, bin_folder: Path
         ) -> Spare | None:
    """Move the spare share pages to ``target`` (the staged site's share folder, which must
    not exist) when a build with ``build_key`` kept them; ``None`` otherwise (a spare of
    another build key goes to ``bin_folder``, removed with the staging)."""
    try:
        meta = json.loads((root / KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("key") != build_key or \
            not isinstance(meta.get("reports"), dict):
        discard(root, bin_folder)
        return None
    try:
        os.rename(root / TREE, target)  # fails when another build took it first
    except OSError:
        return None
    (root / KEYS).unlink(missing_ok=True)
    return Spare(target, {str(k): str(v) for k, v in meta["reports"].items()})


def discard(root: Path, bin_folder: Path) -> None:
    """Move a spare that no build can use into ``bin_folder`` (removed with the staging)."""
    (root / KEYS).unlink(missing_ok=True)
    if (root / TREE).is_dir():
        try:
            os.rename(root / TREE, bin_folder / "share-spare")
        except OSError:
            remove(root / TREE)


def keep(old_site: Path, root: Path, build_key: dict[str, str], reports: dict[str, str],
         bin_folder: Path) -> bool:
    """After a commit: the replaced site's share pages (``old_site/p``, written for the
    report keys ``reports`` by a build with ``build_key``) become the spare; a spare no build
    took goes to ``bin_folder``. False when they cannot be kept (another file system)."""
    source = old_site / TREE
    if not source.is_dir() or not reports:
        return False
    try:  # after the commit: a spare that cannot be kept must not fail the build
        discard(root, bin_folder)
        root.mkdir(parents=True, exist_ok=True)
        os.rename(source, root / TREE)
        tmp = root / f"{KEYS}.tmp"
        tmp.write_text(json.dumps({"key": build_key, "reports": reports}, sort_keys=True),
                       encoding="utf-8")
        tmp.replace(root / KEYS)
    except OSError:
        return False
    return True
