from __future__ import annotations

import os
from pathlib import Path

import pytest

# An unexpected exception in `duizhao` prints one line for users; in tests it is raised, with its traceback, so that a
# bug fails the test that met it (tests of the one line itself unset this).
os.environ["DUIZHAO_TRACEBACK"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "source_texts" / "lvliang-2020-gwr" / "lvliang-2020-gwr-page2.ocr.txt"


@pytest.fixture(scope="session")
def seed_doc():
    from build_scripts.pipeline import parse_file

    return parse_file(SEED_PAGE)


@pytest.fixture(scope="session")
def archive():
    """Every page of source_texts/ parsed and annotated with the glossary."""
    from build_scripts.archive import load_archive

    return load_archive()


@pytest.fixture(scope="session")
def national_root(tmp_path_factory):
    """A source folder with the seed page, the glossary and the 52 national reports (tests/national_archive.py)."""
    from tests.national_archive import CORPUS, write_national_archive

    if not CORPUS.exists():
        pytest.skip(f"the national corpus is not on this machine ({CORPUS})")
    return write_national_archive(tmp_path_factory.mktemp("national") / "source_texts")


@pytest.fixture(scope="session")
def national_archive(national_root):
    """Every page of the national archive parsed and annotated with the glossary."""
    from build_scripts.archive import load_archive

    return load_archive(national_root)


@pytest.fixture(scope="session")
def doc(archive):
    """The seed page's document, annotated."""
    return archive.doc("lvliang-2020-gwr")


@pytest.fixture
def page_file(tmp_path):
    """Write a page (text or bytes) to a file and return its path."""

    def write(content, name: str = "page.txt") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


# ---- the built site in a real browser (tests/test_site_*.py) --------------------------------------------

@pytest.fixture(scope="session")
def built_site():
    from tests.site_support import build_site

    return build_site()


@pytest.fixture(scope="session")
def site_server(built_site):
    from tests.site_support import served

    yield from served(built_site)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    from tests.site_support import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, site_server):
    """A fresh browser context (empty localStorage) on a desktop viewport; every request it makes is recorded,
    and a script error fails the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.origin)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded CI machine is slow; a wait that is never met still fails
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
    assert not page.errors, f"script errors: {page.errors}"
