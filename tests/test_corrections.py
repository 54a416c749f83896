"""Human corrections as data: `<page>.corrections.yml` changes the parse, never the raw file; every applied
correction is an Edit of kind `correction` with who and why; a stale one is reported as file:line: problem."""
import shutil

import pytest

from build_scripts.errors import UserError
from build_scripts.ocr.audit import unaccounted_changes
from build_scripts.pipeline import parse_file
from tests.conftest import SEED_PAGE

HEADER = "schema: duizhao-corrections/1\ncorrections:\n"
READING_856 = ("  - line: 856\n    column: 15\n    was: ' '\n    reads: 槃\n    who: 王编辑\n"
               "    why: the glyph is legible in the printed page\n")
BOUNDARY_220 = "  - boundary_after: 220\n    who: 王编辑\n    why: a one-line paragraph in the print\n"


@pytest.fixture
def page(tmp_path):
    """A copy of the seed page (with its sidecar) in its own collection folder."""
    folder = tmp_path / "lvliang-2020-gwr"
    folder.mkdir()
    target = folder / SEED_PAGE.name
    shutil.copy(SEED_PAGE, target)
    shutil.copy(SEED_PAGE.with_suffix(".yml"), folder / SEED_PAGE.with_suffix(".yml").name)
    return target


def write_corrections(page, body: str):
    path = page.with_suffix(".corrections.yml")
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_character_reading_replaces_the_conjecture_and_names_who_and_why(page, seed_doc):
    raw_before = page.read_bytes()
    write_corrections(page, READING_856)
    doc = parse_file(page)
    (edit,) = [e for e in doc.edits if e.kind == "correction"]
    assert (edit.line, edit.column, edit.before, edit.after) == (856, 15, " ", "槃")
    assert (edit.who, edit.why) == ("王编辑", "the glyph is legible in the printed page")
    assert edit.certainty is None and edit.anchor == "s2-4-p6"
    assert not [e for e in doc.edits if e.kind == "conjecture"]
    assert [(b.anchor, b.text) for b in doc.blocks] == [(b.anchor, b.text) for b in seed_doc.blocks]
    assert unaccounted_changes(doc) is None
    assert page.read_bytes() == raw_before  # the raw file is never edited


def test_a_forced_boundary_splits_the_ambiguous_join_and_leaves_the_review_list(page, seed_doc):
    write_corrections(page, BOUNDARY_220)
    doc = parse_file(page)
    (edit,) = [e for e in doc.edits if e.kind == "correction"]
    assert edit.line == 220 and edit.who == "王编辑"
    assert doc.block("s2-p2").text.endswith("4.5%以内。")
    assert doc.block("s2-p3").text == "各项约束性指标不折不扣完成省下达任务。"
    assert len(doc.paragraphs()) == len(seed_doc.paragraphs()) + 1
    assert not [e for e in doc.edits if e.kind == "unwrap" and e.certainty is not None]
    assert unaccounted_changes(doc) is None

    from build_scripts.ocr.review import review_lines
    assert not [line for line in review_lines(doc, 0.9) if ":220:" in line]
    assert [line for line in review_lines(seed_doc, 0.9) if ":220:27: unwrap (0.5)" in line]


def test_a_forced_join_and_a_forced_heading_change_the_structure(page):
    write_corrections(page, "  - join_after: 218\n    who: 李\n    why: test\n"
                            "  - heading: 222\n    who: 李\n    why: test\n")
    doc = parse_file(page)
    corrections = [e for e in doc.edits if e.kind == "correction"]
    assert sorted({e.line for e in corrections}) == [218, 220, 222]
    heading = next(b for b in doc.headings() if b.source_lines == (222, 222))
    assert heading.text == "各项约束性指标不折不扣完成省下达任务"  # its closing 。 is the heading's end
    assert unaccounted_changes(doc) is None


def test_a_correction_that_no_longer_applies_is_reported_by_check_at_its_line(page):
    from build_scripts.check import run_checks

    path = write_corrections(page, BOUNDARY_220 + READING_856.replace("was: ' '", "was: 槃"))
    problems, _ = run_checks(page.parent.parent)
    assert problems == [f"{path}:6: line 856 column 15 reads ' ', not '槃': the correction no longer applies"]
    doc = parse_file(page)  # the build goes on without it
    assert [e.kind for e in doc.edits if e.line == 856 and e.kind in ("correction", "conjecture")] == ["conjecture"]
    assert any("correction not applied" in note for note in doc.notes)


def test_a_correction_past_the_end_of_the_page_is_stale(page):
    from build_scripts.check import run_checks

    path = write_corrections(page, "  - boundary_after: 5000\n    who: 李\n    why: test\n")
    problems, _ = run_checks(page.parent.parent)
    assert problems == [f"{path}:3: line 5000 is past the end of the page (1073 lines)"]


@pytest.mark.parametrize("body, line, problem", [
    ("  - boundary_after: 220\n", 3, "missing required key 'who'"),
    ("  - boundary_after: 220\n    heading: 221\n    who: a\n    why: b\n", 3, "a correction is one of"),
    ("  - line: 856\n    reads: 槃\n    who: a\n    why: b\n", 3, "a character reading needs column, was"),
    ("  - boundary_after: 0\n    who: a\n    why: b\n", 3, "must be 1 or more"),
])
def test_a_malformed_corrections_file_is_a_user_error_at_its_line(page, body, line, problem):
    path = write_corrections(page, body)
    with pytest.raises(UserError) as err:
        parse_file(page)
    assert (err.value.path, err.value.line) == (str(path), line)
    assert problem in err.value.problem


def test_the_ocr_source_view_data_carries_the_correction_with_who_and_why(page):
    from build_scripts.site.reading_data import source_data

    write_corrections(page, READING_856)
    data = source_data(parse_file(page))
    (edit,) = [e for e in data["blocks"]["s2-4-p6"]["edits"] if e["kind"] == "correction"]
    assert (edit["after"], edit["who"], edit["why"]) == ("槃", "王编辑", "the glyph is legible in the printed page")
