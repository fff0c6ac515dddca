"""Bad corpus files through the command line users run: one clear line per bad file, the
good reports still built, ``--strict`` fails and leaves the previous site untouched.

The corpus is ``tests/fixtures/bad/`` (small files, see its README) plus a 20 MB text made
here. Each build runs ``python -m generator`` in a subprocess from a scratch folder, with the
project's ``mkdocs.yml``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

BAD = Path(__file__).parents[1] / "fixtures" / "bad"

#: Bad file → (acceptable line numbers, or None when unknown; what the message must say).
#: YAML errors point where PyYAML noticed the problem: the broken line or the one after it.
EXPECTED: dict[str, tuple[tuple[int, ...] | None, str]] = {
    "empty.txt": (None, r"empty"),
    "blank.txt": (None, r"no text|empty"),
    "image.txt": (None, r"cannot decode|binary|not a text file"),
    "undecodable.txt": (None, r"cannot decode|not .*text"),
    "big.txt": (None, r"20(\.\d)? MB"),
    "broken-front.md": ((2, 3), r"broken YAML in front matter"),
    "broken-sidecar.txt.yml": ((2, 3), r"broken YAML"),
    "list-sidecar.txt.yml": ((1,), r"mapping"),
    "yaml-exploit.md": ((2,), r"broken YAML in front matter: could not determine a constructor"),
    "same-slug.txt": (None, r"slug 'same-slug' is already used by corpus/Same Slug\.txt"),
    "report.pdf": (None, r"unknown format \.pdf"),
    "old.doc": (None, r"unknown format \.doc"),
    "old-renamed.docx": (None, r"\.doc\b.*not \.docx|Word 97"),
    "zip-of-garbage.docx": (None, r"not a readable \.docx"),
}
#: Every message ends by telling the user what to do.
HOW_TO_FIX = re.compile(r"remove|save|fix|rename|split|use one of|open it in Word|add|convert")
#: The reports that must still be built, by slug.
GOOD = ["good", "good-md", "same-slug", "with-space", "a-b", "quweibanziduizhaojiancha"]
_PROBLEM = re.compile(r"^corpus/(?P<name>.+?)(?::(?P<line>\d+))?: (?P<message>.+)$")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def cli(*args: str, cwd: Path) -> Run:
    """``python -m generator ARGS`` as a user runs it (with the project's mkdocs.yml)."""
    config = ["--config", str(ROOT / "mkdocs.yml")]
    proc = subprocess.run([sys.executable, "-m", "generator", *args, *config], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"})
    return Run(proc.returncode, proc.stdout, proc.stderr)


def make_bad_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    shutil.copytree(BAD, corpus)
    line = "正文很长，没有分段。" * 100 + "\n"
    (corpus / "big.txt").write_text("一、存在的问题\n" + line * 7100, encoding="utf-8")
    assert (corpus / "big.txt").stat().st_size > 20 * 10**6
    return corpus


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


@dataclass(frozen=True)
class Runs:
    root: Path
    build: Run
    strict: Run
    check: Run
    before_strict: dict[str, bytes]
    after_strict: dict[str, bytes]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("bad-files")
    make_bad_corpus(root)
    build = cli("build", "--corpus", "corpus", "--site", "site", cwd=root)
    before = site_bytes(root / "site")
    strict = cli("build", "--corpus", "corpus", "--site", "site", "--strict", cwd=root)
    after = site_bytes(root / "site")
    check = cli("check", "--corpus", "corpus", cwd=root)
    return Runs(root, build, strict, check, before, after)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if _PROBLEM.match(line)]


def messages(output: str) -> list[str]:
    """Problem messages: one line each (the CLI never wraps them)."""
    return [re.sub(r"\s+", " ", line.strip()) for line in problem_lines(output)]


def by_name(lines: list[str]) -> dict[str, list[re.Match[str]]]:
    found: dict[str, list[re.Match[str]]] = {}
    for line in lines:
        match = _PROBLEM.match(line)
        assert match, line
        found.setdefault(match.group("name"), []).append(match)
    return found


def test_build_without_strict_succeeds_and_builds_the_good_reports(runs: Runs) -> None:
    assert runs.build.code == 0, runs.build.stderr[-3000:]
    for slug in GOOD:
        assert (runs.root / "site" / "reports" / slug / "index.html").is_file(), slug
    built = sorted(p.name for p in (runs.root / "site" / "reports").iterdir() if p.is_dir())
    assert set(GOOD) <= set(built)
    assert "构建摘要" in runs.build.stderr and "reports built" in runs.build.stderr


def test_every_bad_file_is_named_with_what_is_wrong(runs: Runs) -> None:
    found = by_name(messages(runs.build.stderr))
    assert sorted(found) == sorted(EXPECTED), runs.build.stderr
    for name, (line, pattern) in EXPECTED.items():
        [match] = found[name]
        assert re.search(pattern, match.group("message")), match.group(0)
        if line is not None:
            assert int(match.group("line") or 0) in line, match.group(0)


def test_each_problem_is_exactly_one_line(runs: Runs) -> None:
    lines = problem_lines(runs.build.stderr)
    assert lines == messages(runs.build.stderr)
    assert len(lines) == len(EXPECTED)


def test_every_message_says_how_to_fix_it_once(runs: Runs) -> None:
    for message in messages(runs.build.stderr):
        assert HOW_TO_FIX.search(message), message
        assert message.count("not a readable .docx") <= 1, message


def test_yaml_tags_are_not_executed(runs: Runs) -> None:
    assert not list(runs.root.rglob("yaml-exploit-ran"))


def test_strict_build_fails_and_keeps_the_previous_site(runs: Runs) -> None:
    assert runs.strict.code != 0
    assert "--strict" in runs.strict.stderr
    assert runs.before_strict and runs.after_strict == runs.before_strict
    assert not [p for p in runs.root.iterdir() if p.name.startswith((".site", "site."))]


def test_strict_build_does_not_claim_it_wrote_the_site(runs: Runs) -> None:
    assert "site written to" not in runs.strict.stderr


def test_strict_build_reports_the_same_problems(runs: Runs) -> None:
    assert sorted(messages(runs.strict.stderr)) == sorted(messages(runs.build.stderr))


def test_check_prints_the_same_lines_and_fails(runs: Runs) -> None:
    assert runs.check.code != 0
    printed = messages(runs.check.stdout + "\n" + runs.check.stderr)
    assert sorted(printed) == sorted(messages(runs.build.stderr))
    assert problem_lines(runs.check.stdout + "\n" + runs.check.stderr) == printed


def test_check_on_a_clean_corpus_passes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(BAD / "good.txt", corpus / "good.txt")
    run = cli("check", "--corpus", "corpus", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert not problem_lines(run.stdout + run.stderr)


def test_yaml_error_line_is_inside_the_file(runs: Runs) -> None:
    found = by_name(messages(runs.build.stderr))
    [match] = found["broken-sidecar.txt.yml"]
    lines = (BAD / "broken-sidecar.txt.yml").read_text(encoding="utf-8").count("\n")
    assert 1 <= int(match.group("line")) <= lines, match.group(0)


def test_missing_config_is_one_clear_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(BAD / "good.txt", corpus / "good.txt")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--corpus", "corpus"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "mkdocs.yml" in proc.stderr
