"""The one writer: puts generated files on disk and runs MkDocs, always into staging folders
(:mod:`generator.publish.staging`); :mod:`generator.publish.commit` moves them into place only
when everything succeeded, so a failed build leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

from generator.workers import WATCH_SOURCE

log = logging.getLogger(__name__)


class BuildFailed(Exception):
    """MkDocs failed, or produced a site with broken links."""


def write_tree(files: Mapping[str, str | bytes | Path], root: Path) -> None:
    """Write ``files`` (relative path → content) under a new, empty ``root``. A ``Path``
    value is a file a stage already wrote to scratch space: it is moved, not copied."""
    moved_from: set[Path] = set()
    for rel in sorted(files):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = files[rel]
        if isinstance(content, Path):
            shutil.move(content, path)
            moved_from.add(content.parent)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="\n")
        else:
            path.write_bytes(content)
    for folder in sorted(moved_from, key=lambda p: len(p.parts), reverse=True):
        shutil.rmtree(folder, ignore_errors=True)


def mkdocs_build(config: Path, docs: Path, site: Path, strict: bool = True) -> None:
    """Run ``mkdocs build`` on ``docs`` into ``site`` (a subprocess, so MkDocs' global
    state and logging stay out of ours; it exits when the build is killed). Raises
    :class:`BuildFailed` with its output.

    The nav is ``mkdocs.yml``'s, less entries whose page this build did not generate (a
    build without the taxonomy stage has no theme pages), so strict mode stays meaningful.
    """
    code = WATCH_SOURCE + (
        "import sys,json;from mkdocs.config import load_config;from mkdocs.commands.build "
        "import build;cfg=load_config(config_file=sys.argv[1],docs_dir=sys.argv[2],"
        "site_dir=sys.argv[3],strict=sys.argv[4]=='1',nav=json.loads(sys.argv[5]));"
        "build(cfg)")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.setdefault("SOURCE_DATE_EPOCH", _source_date(config.parent))
    nav = json.dumps(_present_nav(config, docs), ensure_ascii=False)
    proc = subprocess.run(
        [sys.executable, "-c", code, str(config), str(docs.resolve()), str(site.resolve()),
         "1" if strict else "0", nav], capture_output=True, text=True, env=env,
        cwd=config.parent)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr + proc.stdout).strip().splitlines()[-20:])
        raise BuildFailed(f"mkdocs build failed:\n{tail}")


def _present_nav(config: Path, docs: Path) -> list:
    nav = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("nav") or []

    def keep(item: object) -> object | None:
        if isinstance(item, str):
            return item if (docs / item).exists() else None
        if isinstance(item, dict):
            kept = {k: keep(v) for k, v in item.items()}
            kept = {k: v for k, v in kept.items() if v not in (None, [])}
            return kept or None
        if isinstance(item, list):
            return [x for x in (keep(v) for v in item) if x is not None]
        return item

    return keep(nav) or []


def _source_date(root: Path) -> str:
    """The build date MkDocs stamps into the sitemap: the last commit's, so two builds of
    one commit are byte-identical (a fixed date outside a git checkout)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, text=True,
                             capture_output=True, check=True).stdout.strip()
        return out or "1700000000"
    except (OSError, subprocess.CalledProcessError):
        return "1700000000"
