"""The built site for the browser tests: built once per test session from the working tree into
test-output/site (both interface languages), served over HTTP on a free local port, and driven in Debian's
chromium through Playwright."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

from tests.conftest import ROOT

OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# As root in a container, without a network: no sandbox, and none of chromium's own calls home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOC_ID = "lvliang-2020-gwr"
READING = f"documents/{DOC_ID}.html"
PAGE_ID = "lvliang-2020-gwr-p2"  # the seed page: page 2 of the report; its raw text is documents/<page id>.ocr.txt


def build_site(site: Path = OUTPUT / "site", source: Path | None = None, over_previous: bool = False) -> Path:
    """Both interface languages into `site`, from `source` (a source_texts/ folder; default: the working tree's).
    The folder is emptied first, unless `over_previous`: then the new site replaces it as `duizhao build` does."""
    import os

    from build_scripts.build import run_mkdocs
    from build_scripts.site.hooks import SOURCE_ENV

    if not over_previous:
        shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get(SOURCE_ENV)
    if source is not None:
        os.environ[SOURCE_ENV] = str(source)
    try:
        run_mkdocs(site)
    finally:
        if previous is None:
            os.environ.pop(SOURCE_ENV, None)
        else:
            os.environ[SOURCE_ENV] = previous
    return site


class SiteServer:
    def __init__(self, site: Path):
        from build_scripts.site.serve import make_server

        self.server = make_server(site, "127.0.0.1", 0)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def served(site: Path):
    """A fixture body: the site served over HTTP while the fixture lives."""
    server = SiteServer(site)
    try:
        yield server
    finally:
        server.close()
