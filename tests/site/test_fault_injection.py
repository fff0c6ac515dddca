"""Fault injection (issue 17): kill a real ``python -m generator build`` at random moments.

Each round switches the corpus to the other version (so the site and the anchors lock change),
starts a build, SIGKILLs it after a random delay (anywhere from interpreter start-up to the end
of the build, the startup sweep and the commit included), then runs a build to the end. Checks:

- right after the kill, ``site/`` is byte for byte the previous complete site or the new one
  (no previous site at all in the first round: then absent or the new one);
- ``corpus/anchors.lock`` is the lock of that site: the previous lock beside the previous site;
  beside the new site the new lock, or the previous one while a commit journal is waiting for
  the next build to finish it;
- within a few seconds no process of the killed build is left (workers, MkDocs);
- after the next build no staging folder is left, and its site and lock are the new ones.

``FAULT_KILLS`` sets the number of rounds (default 6), ``FAULT_SEED`` the random seed (printed
on failure, so a failing sequence can be replayed).
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

from tests.site import buildproc as bp

KILLS = int(os.environ.get("FAULT_KILLS", "6"))
SEED = int(os.environ.get("FAULT_SEED", str(random.SystemRandom().randrange(2**32))))


def _state(root: Path) -> tuple[dict[str, str], str | None, bool]:
    """(site snapshot, lock text, whether a dead build's commit journal is waiting)."""
    lock = root / "corpus" / "anchors.lock"
    pending = any((root / "build" / ".staging").glob("*/commit.json"))
    return bp.snapshot(root / "site"), lock.read_text() if lock.exists() else None, pending


def _killed_build(root: Path, delay: float, tag: str) -> None:
    proc = subprocess.Popen(bp.argv("build"), cwd=root, env=bp.env(tag),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    time.sleep(delay)
    bp.sigkill(proc)


def _full_build(root: Path) -> float:
    started = time.monotonic()
    proc = bp.run(root, "build")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return time.monotonic() - started


def test_random_kills_leave_a_whole_site_and_its_lock(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    root = bp.make_project(tmp_path / "project", 1)
    lock = root / "corpus" / "anchors.lock"
    previous: tuple[dict[str, str], str | None] = ({}, None)  # no site before the first round
    lock.unlink()  # …and no lock: the first build makes both
    longest = 4.0
    for round_ in range(KILLS):
        context = f"FAULT_SEED={SEED}, round {round_}"
        bp.set_version(root, 1 + round_ % 2)
        delay = rng.uniform(0.0, longest * 1.1)
        tag = bp.new_tag()
        _killed_build(root, delay, tag)
        assert bp.strays(tag) == [], f"{context}: processes left after a kill at {delay:.2f} s"
        site, lock_text, pending = _state(root)
        longest = max(longest, _full_build(root))
        assert bp.debris(root) == [], f"{context}: staging left after the next build"
        new = (bp.snapshot(root / "site"), lock.read_text())
        assert site in (previous[0], new[0]), f"{context}: partial site after {delay:.2f} s"
        if site == previous[0] and site != new[0]:
            assert lock_text == previous[1], f"{context}: lock ahead of its site"
        else:
            assert lock_text == new[1] or (pending and lock_text == previous[1]), \
                f"{context}: lock does not belong to the site"
        previous = new
