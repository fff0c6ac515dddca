"""The one writer: puts generated files on disk and runs MkDocs, always into staging folders
(:mod:`generator.publish.staging`); :mod:`generator.publish.commit` moves them into place only
when everything succeeded, so a failed build leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.workers import WATCH_SOURCE

log = logging.getLogger(__name__)


class BuildFailed(Exception):
    """MkDocs failed, or produced a site with broken links."""


class Keep:
    """A file of the previous docs tree that this build knows to be unchanged (its report's
    page cache entry matched): linked, not composed again."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


@dataclass(slots=True)
class Written:
    """What :func:`write_tree` did: each file's digest, and which files differ from the
    previous docs tree (all of them without one)."""

    manifest: dict[str, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def file_digest(content: str | bytes | Path) -> str:
    if isinstance(content, Path):
        h = hashlib.blake2b(digest_size=16)
        with content.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_tree(files: Mapping[str, str | bytes | Path | Keep], root: Path,
               previous: Path | None = None, manifest: Mapping[str, str] | None = None
               ) -> Written:
    """Write ``files`` (relative path → content) under a new, empty ``root``. A ``Path``
    value is a file a stage already wrote to scratch space: it is moved, not copied.

    With the ``previous`` docs tree and its ``manifest`` (path → digest), a file whose bytes
    did not change is hard-linked from there instead (same bytes, same mtime: MkDocs' dirty
    mode and a web server's caches see it unchanged), and so is a :data:`KEEP` file."""
    moved_from: set[Path] = set()
    out = Written()
    old = manifest if previous is not None and manifest is not None else {}
    made: set[Path] = set()
    for rel in sorted(files):
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        content = files[rel]
        if isinstance(content, Keep):
            if rel not in old or not _link(previous / rel, path):  # type: ignore[operator]
                raise BuildFailed(f"internal error: kept file {rel} is not in the previous "
                                  "docs; remove build/cache and build again")
            out.manifest[rel] = old[rel]
            continue
        digest = file_digest(content)
        out.manifest[rel] = digest
        if old.get(rel) == digest and _link(previous / rel, path):  # type: ignore[operator]
            if isinstance(content, Path):
                moved_from.add(content.parent)
            continue
        out.changed.append(rel)
        if isinstance(content, Path):
            shutil.move(content, path)
            moved_from.add(content.parent)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="\n")
        else:
            path.write_bytes(content)
    out.removed = sorted(set(old) - set(files))
    for folder in sorted(moved_from, key=lambda p: len(p.parts), reverse=True):
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def site_path(docs_rel: str) -> str:
    """Where MkDocs (``use_directory_urls``) puts the output of docs file ``docs_rel``."""
    if not docs_rel.endswith(".md"):
        return docs_rel
    stem = docs_rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


#: Written by MkDocs on every build, whatever changed.
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")


def clone_site(previous: Path, staged: Path, changed: list[str], removed: list[str],
               skip: frozenset[str] = frozenset()) -> list[str]:
    """Fill the empty ``staged`` site with hard links to ``previous``'s files, less the outputs
    of changed and removed docs files, the files MkDocs always writes (so MkDocs' dirty
    mode rebuilds exactly those, into new files: the previous site's files are never written
    through a link) and the top-level folders ``skip`` (the share pages, which the commit
    carries over instead). Returns the site paths left out.

    A folder is made only for what it holds (a removed page leaves none). The work is a
    ``mkdir`` and ``link`` call per folder and file: the folders below the second level are
    done by threads (the calls release the GIL), each walking with ``scandir``."""
    out = {site_path(rel) for rel in (*changed, *removed)} | set(ALWAYS_WRITTEN)
    below: list[str] = []
    _clone_folder(str(previous), str(staged), "", out, below, depth=2, skip=skip)
    def clone_all(rels: list[str]) -> None:
        for rel in rels:
            _clone_folder(str(previous), str(staged), rel, out, None, 0)

    if below:
        with ThreadPoolExecutor(_CLONE_THREADS) as pool:
            for _ in pool.map(clone_all, [below[i:i + 512] for i in range(0, len(below), 512)]):
                pass
    return sorted(out)


#: Threads for the clone's system calls (more than the cores only contend in the kernel).
_CLONE_THREADS = min(os.cpu_count() or 1, 4)


def _clone_folder(previous: str, staged: str, rel: str, out: set[str],
                  below: list[str] | None, depth: int, skip: frozenset[str] = frozenset()
                  ) -> None:
    """Link folder ``rel``'s files (and, recursively, its folders' files but those named in
    ``skip``: up to ``depth`` levels down here, below that appended to ``below`` when
    given)."""
    src = os.path.join(previous, rel) if rel else previous
    dst = os.path.join(staged, rel) if rel else staged
    made = not rel  # the staged root exists
    folders = []
    with os.scandir(src) as entries:
        for entry in entries:
            name = entry.name
            path = f"{rel}/{name}" if rel else name
            if entry.is_dir(follow_symlinks=False):
                if path not in skip:
                    folders.append(path)
            elif path not in out:
                if not made:
                    os.makedirs(dst, exist_ok=True)
                    made = True
                os.link(entry.path, os.path.join(dst, name))
    for folder in folders:
        if below is not None and depth <= 0:
            below.append(folder)
        else:
            _clone_folder(previous, staged, folder, out, below, depth - 1)


#: ``python -c`` code: hard-link a copy of folder ``sys.argv[1]`` at ``sys.argv[2]`` (new),
#: walking by directory file descriptors (no path is looked up twice).
_LINK_TREE = """
import os, sys
def tree(src, dst):
    folders = []
    with os.scandir(src) as entries:
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                folders.append(e.name)
            else:
                os.link(e.name, e.name, src_dir_fd=src, dst_dir_fd=dst, follow_symlinks=False)
    for name in folders:
        os.mkdir(name, dir_fd=dst)
        a = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=src)
        b = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=dst)
        try:
            tree(a, b)
        finally:
            os.close(a)
            os.close(b)
os.mkdir(sys.argv[2])
tree(os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY),
     os.open(sys.argv[2], os.O_RDONLY | os.O_DIRECTORY))
"""


class LinkTree:
    """Hard-link a copy of the folder ``source`` at ``target`` in a child process, started
    now, while the build goes on: an incremental build clones the previous site's share pages
    (``p/``: a folder and a file per passage, ~280,000 system calls at 3,000 reports, all kernel
    time) while the other core is mostly idle (parsing one report, shared phrasing), instead
    of after MkDocs. :meth:`wait` before using ``target``; :meth:`stop` if the build fails."""

    def __init__(self, source: Path, target: Path) -> None:
        self.target = target
        self._log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - see stop
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-c", WATCH_SOURCE + _LINK_TREE, str(source), str(target)],
            stdout=self._log, stderr=subprocess.STDOUT)

    def wait(self) -> Path:
        """``target``, once complete; raises :class:`BuildFailed` with the child's output."""
        if self._proc is not None:
            status, self._proc = self._proc.wait(), None
            self._log.seek(0)
            tail = "\n".join(self._log.read().strip().splitlines()[-5:])
            self._log.close()
            if status != 0:
                raise BuildFailed(f"copying the share pages into the new site failed:\n{tail}")
        return self.target

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
            self._log.close()


def relink_unchanged(previous: Path, staged: Path, rels: list[str]) -> list[str]:
    """After a dirty MkDocs run: a rewritten file whose bytes equal the previous site's is
    linked back to it (keeps its mtime). Returns the files that really changed."""
    changed = []
    for rel in rels:
        new, old = staged / rel, previous / rel
        if not new.exists():
            continue
        try:
            same = new.stat().st_size == old.stat().st_size and \
                new.read_bytes() == old.read_bytes()
        except OSError:
            same = False
        if same:
            tmp = new.with_name(f".{new.name}.relink")
            os.link(old, tmp)
            os.replace(tmp, new)
        else:
            changed.append(rel)
    return changed


#: In dirty mode MkDocs writes through ``open(path, "wb")``: unlink first, so a file linked
#: from the previous site is replaced, never changed in place.
_UNLINK_FIRST = (
    "import os,mkdocs.utils as _u\n"
    "def _fresh(f):\n"
    "    def g(a,b):\n"
    "        try: os.unlink(b)\n"
    "        except OSError: pass\n"
    "        return f(a,b)\n"
    "    return g\n"
    "_u.write_file=_fresh(_u.write_file);_u.copy_file=_fresh(_u.copy_file)\n"
    # Dirty mode warns that navigation may be inaccurate: ours is not (the build key holds
    # the nav's inputs; a change makes a full build), and strict mode would fail on it.
    "import logging as _l;_l.getLogger('mkdocs.commands.build').addFilter("
    "lambda r: 'dirty' not in r.getMessage())\n")


#: Shard ``k`` of ``n`` MkDocs processes (``sys.argv[6:8]``): every process reads the nav's
#: pages (their titles appear on every page), the pages outside the nav are read and written
#: by one process each (by a hash of their path), and only shard 0 copies the theme's files
#: and writes 404.html and the sitemap. The site folder is new or dirty-cloned: nobody cleans.
_SHARD = (
    "import zlib,mkdocs.commands.build as _b,mkdocs.structure.files as _f\n"
    "_n,_k=int(sys.argv[6]),int(sys.argv[7])\n"
    "def _mine(p):return zlib.crc32(p.file.src_uri.encode())%_n==_k\n"
    "def _read(p):return _mine(p) or not p.file.inclusion.is_not_in_nav()\n"
    "_pp,_bp=_b._populate_page,_b._build_page\n"
    "_b._populate_page=lambda p,*a,**k:_pp(p,*a,**k) if _read(p) else None\n"
    "_b._build_page=lambda p,*a,**k:_bp(p,*a,**k) if _mine(p) else None\n"
    "_u.clean_directory=lambda d:None\n"
    "if _k:\n"
    " _b._build_theme_template=_b._build_extra_template=lambda *a,**k:None\n"
    " _f.Files.copy_static_files=lambda *a,**k:None\n")


def mkdocs_build(config: Path, docs: Path, site: Path, strict: bool = True,
                 dirty: bool = False, jobs: int = 1) -> None:
    """Run ``mkdocs build`` on ``docs`` into ``site`` (subprocesses, so MkDocs' global
    state and logging stay out of ours; they exit when the build is killed). Raises
    :class:`BuildFailed` with their output.

    With ``jobs`` > 1 and a ``site`` that is empty (or ``dirty``: cloned from the previous
    site), ``jobs`` MkDocs processes each build a share of the pages (:data:`_SHARD`): MkDocs
    itself uses one core. The nav is ``mkdocs.yml``'s, less entries whose page this build
    did not generate (a build without the taxonomy stage has no theme pages), so strict
    mode stays meaningful.
    """
    shards = jobs if jobs > 1 and (dirty or not any(site.iterdir())) else 1
    code = "import sys\n" + WATCH_SOURCE + _UNLINK_FIRST + (_SHARD if shards > 1 else "") + (
        "import json;from mkdocs.config import load_config;from mkdocs.commands.build "
        "import build;cfg=load_config(config_file=sys.argv[1],docs_dir=sys.argv[2],"
        "site_dir=sys.argv[3],strict=sys.argv[4]=='1',nav=json.loads(sys.argv[5]));"
        f"build(cfg,dirty={dirty!r})")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.setdefault("SOURCE_DATE_EPOCH", _source_date(config.parent))
    nav = json.dumps(_present_nav(config, docs), ensure_ascii=False)
    args = [sys.executable, "-c", code, str(config), str(docs.resolve()), str(site.resolve()),
            "1" if strict else "0", nav, str(shards)]
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
                for _ in range(shards)]
        procs = [subprocess.Popen([*args, str(k)], stdout=log, stderr=subprocess.STDOUT,
                                  env=env, cwd=config.parent) for k, log in enumerate(logs)]
        try:
            codes = [proc.wait() for proc in procs]
        except BaseException:  # Ctrl-C, or the build is being stopped: stop them all now
            for proc in procs:
                proc.kill()
                proc.wait()
            raise
        for status, log in zip(codes, logs, strict=True):
            if status != 0:
                log.seek(0)
                tail = "\n".join(log.read().strip().splitlines()[-20:])
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
