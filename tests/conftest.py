from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "source_texts" / "lvliang-2020-gwr" / "lvliang-2020-gwr-page2.ocr.txt"


@pytest.fixture(scope="session")
def seed_doc():
    from build_scripts.pipeline import parse_file

    return parse_file(SEED_PAGE)


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
