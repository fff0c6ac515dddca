"""Shared fixtures: a site built from a corpus into a temp folder, served on localhost,
and a headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import functools
import http.server
import shutil
import signal
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildResult, run_build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "tests" / "screenshots"

# A shell starts a background job (``cmd &`` without job control) with SIGINT ignored, and an
# ignored signal stays ignored across fork and exec: the Ctrl-C tests' builds would never see
# theirs. Caught here, it is back to the default in every process the tests start.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def build_site(corpus: Path, out: Path, **options: object) -> BuildResult:
    """Build ``corpus`` into ``out/site`` (docs in ``out/docs``) with the project's config."""
    opts = BuildOptions(corpus=corpus, site=out / "site", docs=out / "docs",
                        config=ROOT / "mkdocs.yml", **options)  # type: ignore[arg-type]
    return run_build(opts)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus, built once per test session."""
    out = tmp_path_factory.mktemp("seed-build")
    result = build_site(copy_corpus(out / "corpus"), out)
    assert result.ok, result.gathered.problems
    return out / "site"


def make_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    """A corpus folder with the given files (text is written as UTF-8)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root


def seed_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # Tests rewrite files in a folder already served (a sitemap, a rebuilt page): without
        # this, Chromium's heuristic freshness (a tenth of a file's age) can serve the old copy.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@functools.cache
def _serve(directory: str) -> str:
    handler = functools.partial(_QuietHandler, directory=directory)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def serve(site: Path) -> str:
    """Base URL of a static server for ``site`` (one per folder, for the session)."""
    return _serve(str(site))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def copy_corpus(dest: Path) -> Path:
    shutil.copytree(CORPUS, dest)
    return dest


def page_html(docs_path: str, text: str) -> str:
    """A generated Markdown page (or fragment) rendered the way MkDocs does: Python-Markdown
    with the site's extensions, links to ``.md`` files rewritten to the pages' URLs."""
    import posixpath
    import re

    import markdown

    from generator.site.urls import page_url, relative

    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    html = markdown.markdown(body, extensions=["attr_list", "tables"])
    here = page_url(docs_path)

    def fix(match: re.Match[str]) -> str:
        target, _, frag = match.group(1).partition("#")
        if not target.endswith(".md"):
            return match.group(0)
        docs = posixpath.normpath(posixpath.join(posixpath.dirname(docs_path), target))
        return f'href="{relative(here, page_url(docs) + (f"#{frag}" if frag else ""))}"'

    return re.sub(r'href="([^"]+)"', fix, html)
