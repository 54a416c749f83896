"""The site's OCR-source view shows a reviewer's correction with who and why, in Debian's chromium. The page's
source data is what the build writes for the seed page with a corrections file beside it (served in place of
the built file, so the rest of the site stays as built)."""
from __future__ import annotations

import shutil

from build_scripts.pipeline import parse_file
from build_scripts.site.edit_labels import EDIT_KINDS
from build_scripts.site.reading_data import script, source_data
from tests.conftest import SEED_PAGE
from tests.site_support import DOC_ID, READING
from tests.test_corrections import HEADER, READING_856


def test_the_source_view_lists_a_correction_with_who_and_why(browser_page, site_server, tmp_path):
    folder = tmp_path / "lvliang-2020-gwr"
    folder.mkdir()
    page_file = folder / SEED_PAGE.name
    shutil.copy(SEED_PAGE, page_file)
    shutil.copy(SEED_PAGE.with_suffix(".yml"), page_file.with_suffix(".yml"))
    page_file.with_suffix(".corrections.yml").write_text(HEADER + READING_856, encoding="utf-8")
    doc = parse_file(page_file)
    body = script("source", doc.id, source_data(doc))

    page = browser_page
    page.route(f"**/{DOC_ID}.source.js", lambda route: route.fulfill(
        status=200, content_type="application/javascript; charset=utf-8", body=body))
    page.goto(site_server.url(READING))
    page.click("#s2-4-p6 + .dz-tools-row button[data-action=source]")
    row = page.locator("#src-s2-4-p6 table.dz-edits tr.dz-edit-correction")
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    # the Chinese interface labels the kind in Chinese
    assert cells[0] == EDIT_KINDS["correction"][0] and cells[1] == "856:15"
    assert "槃" in cells[2]
    assert cells[4] == "王编辑: the glyph is legible in the printed page"
    assert page.locator("#src-s2-4-p6 tr.dz-edit-conjecture").count() == 0
