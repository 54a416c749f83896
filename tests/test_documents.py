"""Documents made of pages, and anchors that never break (anchors.lock).

The seed is page 2 of the 2020 Lüliang report. Synthetic pages 1 and 3 of the same report (typeset in the seed's
layout by tests/pagemaker.py) are added around it: the three pages must become one document, the paragraph cut by
the page break one block on both pages, and every anchor ever published for page 2 must still land on its
paragraph, in the model and in the built site.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.anchors import LOCK_FILE, read_lock, resolve, rows_for, update_lock
from build_scripts.errors import UserError
from build_scripts.ocr.audit import unaccounted_changes
from build_scripts.pipeline import load_documents
from tests.conftest import ROOT
from tests.pagemaker import make_page

SEED_DIR = ROOT / "source_texts" / "lvliang-2020-gwr"
REPORT = "lvliang-2020-gwr"
PAGE1 = ["各位代表：", "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
         "一、2019年工作回顾", "过去的一年，全市上下坚持稳中求进工作总基调，经济社会发展取得新成效。",
         "（一）坚持项目为王，经济运行稳中有进。全年实施重点项目320个，完成投资560亿元。",
         "（二）坚持改革创新，发展活力持续增强。新登记市场主体3.5万户，增长12%。",
         "（七）坚持以人民为中心，民生福祉持续增进。城镇新增就业4.2万人，城镇登记失业率控制在4%以内。",
         # cut by the page break: page 2 goes on with 农村建档立卡贫困人口医保政策全面落实，…
         "全市各级财政用于民生的支出占一般公共预算支出的80%，教育、医疗、养老等公共服务水平不断提高，健康扶贫深入推进，"]
PAGE3 = ["（七）扎实推进城市更新，提升城市品质。改造老旧小区120个，惠及居民2.1万户。",
         "全面落实河湖长制，重点河流水质稳定达到国家考核要求。",
         "三、加强政府自身建设", "新时代对政府工作提出了新的更高要求。我们要坚持依法行政，建设人民满意的服务型政府。"]


def write_page(folder: Path, number: int, paragraphs: list[str], from_page, to_page) -> None:
    """A synthetic page of the seed's report, with a sidecar like the seed's (its page and continuation)."""
    text = make_page(paragraphs, seed=number, from_page=from_page, to_page=to_page)
    (folder / f"lvliang-2020-gwr-page{number}.ocr.txt").write_text(text, encoding="utf-8")
    sidecar = (SEED_DIR / "lvliang-2020-gwr-page2.ocr.yml").read_text(encoding="utf-8")
    sidecar = sidecar.replace("id: lvliang-2020-gwr-p2", f"id: lvliang-2020-gwr-p{number}")
    sidecar = sidecar.replace("  page: 2", f"  page: {number}")
    sidecar = sidecar.replace("  from_page: 1\n  to_page: 3", f"  from_page: {from_page or 'null'}\n"
                                                               f"  to_page: {to_page or 'null'}")
    sidecar = sidecar.split("\nnotes:")[0] + "\nnotes: synthetic page for the tests\n"
    (folder / f"lvliang-2020-gwr-page{number}.ocr.yml").write_text(sidecar, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the archive's project with the seed's report grown to pages 1–3 (and the committed lock)."""
    root = tmp_path_factory.mktemp("three-pages")
    shutil.copytree(ROOT / "docs", root / "docs")
    for name in ("lvliang-2020-gwr", "glossary", "translations"):  # the seed's report, alone: a small site
        shutil.copytree(ROOT / "source_texts" / name, root / "source_texts" / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    lines = (ROOT / LOCK_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    (root / LOCK_FILE.name).write_text("".join(line for line in lines if line.startswith(("#", "lvliang-2020-gwr"))),
                                       encoding="utf-8")
    (root / "build_scripts").symlink_to(ROOT / "build_scripts")
    folder = root / "source_texts" / "lvliang-2020-gwr"
    write_page(folder, 1, PAGE1, None, 2)
    write_page(folder, 3, PAGE3, 2, None)
    return root


@pytest.fixture(scope="module")
def three_pages(project):
    return load_documents(project / "source_texts")


@pytest.fixture(scope="module")
def page2_alone():
    """The report as published today: page 2 only."""
    return {d.id: d for d in load_documents(ROOT / "source_texts")}[REPORT]


def report_of(docs):
    return {d.id: d for d in docs}[REPORT]


def test_pages_of_one_report_become_one_document_in_page_order(three_pages):
    doc = report_of(three_pages)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [p.id for p in doc.pages] == ["lvliang-2020-gwr-p1", "lvliang-2020-gwr-p2", "lvliang-2020-gwr-p3"]
    assert doc.continues_from_page is None and doc.continues_to_page is None


def test_headings_printed_on_an_earlier_page_are_no_longer_implied(three_pages, page2_alone):
    assert [b.anchor for b in page2_alone.blocks if b.implied] == ["s1", "s1-7"]
    doc = report_of(three_pages)
    assert not [b for b in doc.blocks if b.implied]
    assert doc.block("s1").text == "一、2019年工作回顾"
    assert doc.block("s1-7").title == "坚持以人民为中心，民生福祉持续增进"


def test_a_paragraph_cut_by_the_page_break_is_one_block_on_both_pages(three_pages, page2_alone):
    doc = report_of(three_pages)
    cut = [b for b in doc.blocks if len(b.pages) > 1]
    assert len(cut) == 1
    block = cut[0]
    assert block.pages == ["lvliang-2020-gwr-p1", "lvliang-2020-gwr-p2"]
    assert doc.page_numbers(block) == [1, 2]
    first_on_page2 = page2_alone.block("s1-7-c1")
    assert block.text == PAGE1[-1] + first_on_page2.text
    assert block.continued_lines == first_on_page2.source_lines


def test_every_edit_of_every_page_still_replays_to_the_text(three_pages):
    doc = report_of(three_pages)
    assert unaccounted_changes(doc) is None
    for edit in doc.edits:
        block = doc.block(edit.anchor)
        assert edit.page in block.pages
        if edit.after.strip("\n"):
            assert block.text[edit.offset:edit.offset + len(edit.after)] == edit.after
        else:  # a paragraph break or a removal: a place in the text, not characters of it
            assert 0 <= edit.offset <= len(block.text)


def test_the_sections_of_page3_follow_on_from_page2(three_pages):
    doc = report_of(three_pages)
    anchors = [b.anchor for b in doc.blocks]
    assert anchors.index("s2-6") < anchors.index("s2-7") < anchors.index("s3")
    assert doc.block("s2-7").pages == ["lvliang-2020-gwr-p3"]


def test_a_one_page_document_keeps_the_anchors_it_was_parsed_with(page2_alone, seed_doc):
    assert [b.anchor for b in page2_alone.blocks] == [b.anchor for b in seed_doc.blocks]


# ---- anchors.lock ----------------------------------------------------------------------------------

def test_the_committed_lock_publishes_every_anchor_of_the_archive(archive):
    locked = {(r.document, r.anchor) for r in read_lock(ROOT / LOCK_FILE)}
    missing = [(d, a) for d, a, *_ in rows_for(archive.docs) if (d, a) not in locked]
    assert not missing, f"run `duizhao lock`: {missing[:5]}"


def test_every_published_anchor_of_page2_lands_on_its_paragraph_when_pages_1_and_3_arrive(three_pages, page2_alone,
                                                                                        project):
    locked = read_lock(project / LOCK_FILE)
    resolution = resolve(three_pages, locked)
    assert resolution.problems == []
    doc = report_of(three_pages)
    for row in locked:
        if row.page != "lvliang-2020-gwr-p2":
            continue
        doc_id, anchor = resolution.target(row.document, row.anchor)
        assert doc_id == REPORT
        old, new = page2_alone.block(row.anchor), doc.block(anchor)
        assert old.kind == new.kind
        if old.implied:
            assert (new.level, new.number) == (old.level, old.number)
        else:
            assert old.text in new.text, (row.document, row.anchor, anchor)


def test_the_old_page_address_is_a_moved_document_and_the_cut_paragraph_an_alias(three_pages, project):
    resolution = resolve(three_pages, read_lock(project / LOCK_FILE))
    assert resolution.moved_documents == {"lvliang-2020-gwr-p2": REPORT}
    assert resolution.aliases[REPORT] == {"s1-7-c1": "s1-7-p2"}


def test_a_row_naming_any_line_of_a_block_lands_on_that_block_and_only_a_block_of_its_kind(tmp_path, three_pages):
    """A lock row pins the block's first line, but a block holds every line it covers (on both pages of a cut
    paragraph): whichever line a row names, it lands on the block holding it, the anchor unchanged."""
    doc = report_of(three_pages)
    rows = []
    for block in doc.blocks:
        spans = [(block.page, block.source_lines)] if block.source_lines else []
        if block.continued_lines:
            spans.append((block.pages[1], block.continued_lines))
        for page, (first, last) in spans:
            rows += [f"{REPORT}\t{block.anchor}\t{block.kind}\t{page}\t{line}\n" for line in range(first, last + 1)]
    assert any(b.continued_lines for b in doc.blocks) and len(rows) > len(doc.blocks)
    lock = tmp_path / "anchors.lock"
    lock.write_text("".join(rows), encoding="utf-8")
    resolution = resolve(three_pages, read_lock(lock), lock)
    assert (resolution.problems, resolution.aliases) == ([], {})
    paragraph = next(b for b in doc.blocks if b.kind == "paragraph" and b.source_lines)
    lock.write_text(f"{REPORT}\t{paragraph.anchor}\theading\t{paragraph.page}\t{paragraph.source_lines[0]}\n",
                    encoding="utf-8")
    assert "would disappear" in str(resolve(three_pages, read_lock(lock), lock).problems[0])


def test_an_anchor_that_would_disappear_stops_check(tmp_path, page2_alone):
    lock = tmp_path / "anchors.lock"
    lock.write_text(f"{REPORT}\ts2-1-p2\tparagraph\tlvliang-2020-gwr-p2\t5000\n", encoding="utf-8")
    problems = resolve([page2_alone], read_lock(lock), lock).problems
    assert [str(p) for p in problems] == [
        f"{lock}:1: published anchor {REPORT}#s2-1-p2 would disappear: no block holds page 'lvliang-2020-gwr-p2' "
        "line 5000 any more"]


def test_an_anchor_that_would_name_another_paragraph_stops_check(tmp_path, page2_alone):
    block = page2_alone.block("s2-1-p2")
    other = page2_alone.block("s2-1-p3")
    lock = tmp_path / "anchors.lock"
    lock.write_text(f"{REPORT}\ts2-1-p2\tparagraph\tlvliang-2020-gwr-p2\t{other.source_lines[0]}\n", encoding="utf-8")
    problems = resolve([page2_alone], read_lock(lock), lock).problems
    assert len(problems) == 1 and "now names another block" in str(problems[0]) and "#s2-1-p3" in str(problems[0])
    assert block.anchor == "s2-1-p2"


def test_a_malformed_lock_row_is_one_line_naming_the_file_and_line(tmp_path):
    lock = tmp_path / "anchors.lock"
    lock.write_text("# comment\nlvliang-2020-gwr\ts1\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_lock(lock)
    assert str(err.value).startswith(f"{lock}:2: expected five tab-separated fields")


def test_lock_adds_only_new_anchors_and_never_removes_rows(tmp_path, page2_alone, three_pages):
    lock = tmp_path / "anchors.lock"
    assert update_lock([page2_alone], lock) == len(page2_alone.blocks)
    before = lock.read_text(encoding="utf-8")
    assert update_lock([page2_alone], lock) == 0
    assert lock.read_text(encoding="utf-8") == before
    added = update_lock(three_pages, lock)
    after = lock.read_text(encoding="utf-8")
    assert after.startswith(before)
    new_anchors = {b.anchor for b in report_of(three_pages).blocks} - {b.anchor for b in page2_alone.blocks}
    assert added == len(new_anchors)


def test_duizhao_check_reports_a_broken_published_anchor(project, tmp_path):
    broken = tmp_path / "project"
    shutil.copytree(project / "source_texts", broken / "source_texts")
    (broken / LOCK_FILE.name).write_text("gone-report\ts9-p1\tparagraph\tgone-report-p9\t1\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "build_scripts", "check"], cwd=broken, capture_output=True, text=True)
    assert run.returncode == 2
    assert ("duizhao: anchors.lock:1: published anchor gone-report#s9-p1 would disappear: neither document "
            "'gone-report' nor page 'gone-report-p9' is in the archive") in run.stderr.splitlines()


def test_a_translation_written_for_a_published_anchor_follows_it_where_it_moved(three_pages, project):
    """The seed's translation has a segment for s1-7-c1 (the paragraph page 2 begins with); once page 1 arrives
    that paragraph is s1-7-p2, and the segment goes with it: checked against it, shown with it."""
    from build_scripts.terms.glossary import load_glossary
    from build_scripts.translation.translations import archive_resolution, check_translations, translations_for

    root = project / "source_texts"
    translation = translations_for(root, "en", archive_resolution(three_pages, root))[REPORT]
    assert "s1-7-c1" not in translation.segments
    moved = translation.segments["s1-7-p2"]
    assert moved.written == "s1-7-c1" and moved.text.startswith("Medical insurance policies")
    problems, _ = check_translations(three_pages, load_glossary(root / "glossary"), root)
    # checked against the paragraph it now belongs to: its first half, printed on page 1, is not translated yet
    where = f"{root / 'translations' / 'en' / 'lvliang-2020-gwr.yml'}:10: s1-7-c1 (now s1-7-p2)"
    assert problems == [f"{where}: 80%: the English has no 80"]


def test_without_the_lock_a_segment_for_a_vanished_anchor_is_a_problem_naming_its_line(three_pages, project,
                                                                                       tmp_path):
    """The same files with no lock to say where s1-7-c1 went: the segment names a block that does not exist."""
    from build_scripts.terms.glossary import load_glossary
    from build_scripts.translation.translations import check_translations

    root = tmp_path / "source_texts"
    shutil.copytree(project / "source_texts", root)
    problems, _ = check_translations(three_pages, load_glossary(root / "glossary"), root)
    assert any(p.startswith(str(root / "translations" / "en" / "lvliang-2020-gwr.yml") + ":")
               and ": s1-7-c1: no heading or paragraph of lvliang-2020-gwr has this anchor" in p for p in problems)


# ---- in the built site -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def three_page_site(project) -> Path:
    site = project / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir",
                          str(site)], cwd=project, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return site


def test_the_built_site_shows_the_moved_segment_with_its_paragraph(three_page_site):
    from bs4 import BeautifulSoup

    html = (three_page_site / "documents" / f"{REPORT}.html").read_text(encoding="utf-8")
    english = BeautifulSoup(html, "html.parser").find(id="s1-7-p2-en")
    assert english is not None and english.get_text().startswith("Medical insurance policies")


@pytest.mark.parametrize("how", ["file", "http"])
def test_every_published_anchor_lands_on_its_paragraph_in_the_built_site(three_page_site, project, page2_alone,
                                                                          chromium, how):
    from tests.site_support import SiteServer

    server = SiteServer(three_page_site) if how == "http" else None
    base = server.url() if server else three_page_site.as_uri() + "/"
    context = chromium.new_context(viewport={"width": 390, "height": 844} if how == "file" else
                                   {"width": 1366, "height": 900})
    page = context.new_page()
    try:
        for row in read_lock(project / LOCK_FILE):
            if row.page != "lvliang-2020-gwr-p2":
                continue
            page.goto(f"{base}documents/{row.document}.html#{row.anchor}")
            page.wait_for_url(f"**/documents/{REPORT}.html#*")
            landed = page.evaluate("""() => {
                const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
                const block = target && (target.classList.contains('dz-alias') ? target.nextElementSibling : target);
                return block && block.querySelector('.dz-text, .dz-implied') ? block.innerText : null;
            }""")
            old = page2_alone.block(row.anchor)
            assert landed is not None, (row.document, row.anchor, page.url)
            expected = old.text if old.text else old.label
            assert expected[:12] in landed.replace("\n", ""), (row.document, row.anchor, page.url)
    finally:
        context.close()
        if server:
            server.close()
