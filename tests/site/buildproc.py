"""Helpers for tests that run, interrupt and kill real ``python -m generator`` processes.

A build runs in a scratch project folder (``corpus/``, ``site/``, ``build/``) with the
project's ``mkdocs.yml``. ``PATCH`` lets a test stop the build at a named point: a small
``python -c`` wrapper replaces one function so that, when it is reached, the build kills
itself (SIGKILL: no cleanup runs) or sends Ctrl-C to its process group.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.conftest import CORPUS, ROOT

#: Pinned so that two builds of one corpus are byte-identical (the sitemap's date).
EPOCH = "1700000000"
REPORT = "2023-qu-wei-banzi-zhuti-jiaoyu-zhuanti.txt"


def make_project(root: Path, version: int = 1) -> Path:
    """A project folder holding a copy of the corpus at ``version`` (1 = as committed)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CORPUS, root / "corpus")
    set_version(root, version)
    return root


def set_version(root: Path, version: int) -> None:
    """Version 2 edits one passage and adds one, so the site and the lock change."""
    text = (CORPUS / REPORT).read_text(encoding="utf-8")
    if version == 2:
        lines = text.splitlines(keepends=True)
        i = next(n for n, line in enumerate(lines) if len(line) > 60)
        lines[i] = lines[i].replace("，", "，切实", 1)
        lines.insert(i + 1, "这是第二版新增的一段说明文字，用于检验锚点文件与站点同步更新。\n")
        text = "".join(lines)
    (root / "corpus" / REPORT).write_text(text, encoding="utf-8")


def env(tag: str = "") -> dict[str, str]:
    """The environment of a build subprocess; ``tag`` marks its processes (see strays)."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120",
            "SOURCE_DATE_EPOCH": EPOCH, "GENERATOR_TEST_TAG": tag}


def argv(*args: str, patch: str = "") -> list[str]:
    """``python -m generator ARGS --config …``, or the same behind a ``patch`` wrapper."""
    cli = [*args, "--config", str(ROOT / "mkdocs.yml")]
    if not patch:
        return [sys.executable, "-m", "generator", *cli]
    code = f"import sys\n{patch}\nfrom generator.cli import main\nsys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, *cli]


def run(root: Path, *args: str, patch: str = "", tag: str = "",
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    # Its own session: a Ctrl-C it sends to its process group must not reach pytest.
    return subprocess.run(argv(*args, patch=patch), cwd=root, env=env(tag), text=True,
                          capture_output=True, timeout=timeout, start_new_session=True)


def kill_when(target: str, action: str = "kill", call: int = 1) -> str:
    """Wrapper code: at the ``call``-th call of ``target`` (``module:function``) the build is
    killed (``kill``: SIGKILL itself after the call returns, ``kill-before``: before it; no
    cleanup runs) or interrupted (``int``: Ctrl-C to its process group before the call, as a
    terminal does)."""
    module, _, name = target.partition(":")
    act = {"kill": "result = original(*args, **kwargs); os.kill(os.getpid(), signal.SIGKILL)",
           "kill-before": "os.kill(os.getpid(), signal.SIGKILL)",
           "int": "os.killpg(os.getpgrp(), signal.SIGINT); time.sleep(5)"}[action]
    return (f"import importlib, os, signal, time\n"
            f"mod = importlib.import_module({module!r})\n"
            f"original = getattr(mod, {name!r})\n"
            f"calls = []\n"
            f"def patched(*args, **kwargs):\n"
            f"    calls.append(1)\n"
            f"    if len(calls) == {call}:\n"
            f"        {act}\n"
            f"    return original(*args, **kwargs)\n"
            f"setattr(mod, {name!r}, patched)\n")


#: Wrapper code: SIGKILL the build half a second into the MkDocs run (its first child is
#: running).
KILL_DURING_MKDOCS = """
import os, signal, subprocess, time
import generator.publish.writer as writer
class _Patched:
    def __getattr__(self, name):
        return getattr(subprocess, name)
    def Popen(self, cmd, **kwargs):
        proc = subprocess.Popen(cmd, **kwargs)
        if "mkdocs" in " ".join(map(str, cmd)):
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGKILL)
        return proc
writer.subprocess = _Patched()
"""


def new_tag() -> str:
    return uuid.uuid4().hex


def strays(tag: str, wait: float = 5.0) -> list[str]:
    """Command lines of processes still carrying ``tag`` after up to ``wait`` seconds (a
    build's children get ``wait`` to notice their parent is gone)."""
    deadline = time.monotonic() + wait
    while True:
        found = _tagged(tag)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _tagged(tag: str) -> list[str]:
    needle = f"GENERATOR_TEST_TAG={tag}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0"):
                state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
                if state not in ("Z", "X"):
                    found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder`` ({} when it does not exist)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def debris(root: Path, wait: float = 5.0) -> list[str]:
    """Staging left anywhere in the project after up to ``wait`` seconds (a committed build
    hands the trees it replaced to a detached remover): build/.staging, .generator-staging,
    old names."""
    deadline = time.monotonic() + wait
    while True:
        try:
            found = _debris(root)
        except OSError:  # a folder vanished under the walk: a remover is at work
            found = ["(being removed)"]
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _debris(root: Path) -> list[str]:
    names = [".staging", ".generator-staging"]
    found = [p for name in names for p in root.rglob(name)]
    found += [p for p in root.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name
              or p.name.startswith(".searchindex-")]
    return sorted(str(p.relative_to(root)) for p in found)


def sigkill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(root: Path, port: int) -> tuple[subprocess.Popen[str], list[str]]:
    """``python -m generator serve`` in ``root``, and its output up to "serving …" (the first
    build runs before the server starts)."""
    proc = subprocess.Popen(argv("serve", "--addr", f"127.0.0.1:{port}"), cwd=root,
                            env=env(), text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("serving ") or proc.poll() is not None:
            break
    return proc, lines


def stop_serve(proc: subprocess.Popen[str]) -> str:
    """Ctrl-C, and the rest of its output."""
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    return out
