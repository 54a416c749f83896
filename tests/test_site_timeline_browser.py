"""Terms across time on the site, in Debian's chromium: each term page's chart (SVG drawn at build time, with a
table and the first and last use linked) and the "terms over time" comparison page, whose address holds the
choice. Built from a small archive of national reports (tests/national_archive.py) so that the charts span
seventy years; expected figures come from the document model, never from the HTML."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.site_support import OUTPUT, SCREENSHOTS, SiteServer, build_site

YEARS = {1994, 2001, 2016, 2021}  # with the seed page (2020): 小康社会 in 1994, 2001, 2016; 共同富裕 in 1994, 2016, 2021


@pytest.fixture(scope="module")
def timeline_site():
    from tests.national_archive import CORPUS, write_national_archive

    if not CORPUS.exists():
        pytest.skip(f"the national corpus is not on this machine ({CORPUS})")
    import shutil

    from build_scripts.archive import load_archive

    base = OUTPUT / "timeline-site"
    shutil.rmtree(base, ignore_errors=True)
    root = write_national_archive(base / "source_texts", years=YEARS)
    (root / "translations").mkdir()
    site = build_site(base / "site", source=root)
    server = SiteServer(site)
    yield site, server, load_archive(root)
    server.close()


@pytest.fixture(scope="module")
def timelines(timeline_site):
    from build_scripts.site.timelines import term_timelines

    return term_timelines(timeline_site[2])


def new_page(chromium, width=1366, height=900):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.errors, page.requests = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    return context, page


def test_a_term_page_charts_every_year_of_use_and_links_first_and_last_use(chromium, timeline_site, timelines):
    site, server, archive = timeline_site
    tl = timelines["xiaokang-shehui"]
    context, page = new_page(chromium)
    page.goto(server.url("glossary/xiaokang-shehui.html"))
    chart = page.locator("#over-time ~ figure svg.dz-chart")
    assert chart.count() == 1
    bars = page.eval_on_selector_all("svg.dz-chart rect.dz-chart-bar title", "ns => ns.map(n => n.textContent)")
    used = [row for row in tl.by_year if row["hits"]]
    assert len(bars) == len(used) >= 3
    assert all(f"{row['year']}年：{row['hits']} 处" in bar for row, bar in zip(used, bars))
    # the table fallback has a row per archive year, zeros included
    rows = page.eval_on_selector_all("details.dz-timeline-table tbody tr", "rs => rs.map(r => r.cells[0].textContent)")
    assert [int(y) for y in rows] == [row["year"] for row in tl.by_year]
    # first and last use land on a paragraph that prints the term
    for use in (tl.first, tl.last):
        page.goto(server.url("glossary/xiaokang-shehui.html"))
        page.click(f"a[href='../documents/{use['doc_id']}.html#{use['anchor']}']")
        page.wait_for_url(f"**/documents/{use['doc_id']}.html#{use['anchor']}")
        text = page.eval_on_selector(f"[id='{use['anchor']}']", "n => n.innerText")
        assert "小康" in text
    assert not page.errors, page.errors
    context.close()


def comparison(page, server_or_url, terms="xiaokang-shehui,gongtong-fuyu"):
    base = server_or_url if isinstance(server_or_url, str) else server_or_url.url("terms-over-time.html")
    page.goto(f"{base}?terms={terms}")
    page.wait_for_selector("#dz-compare svg.dz-compare-chart")


def test_the_comparison_page_draws_one_labelled_line_per_chosen_term(chromium, timeline_site, timelines):
    site, server, archive = timeline_site
    context, page = new_page(chromium)
    comparison(page, server)
    assert page.locator("#dz-compare svg.dz-compare-chart").count() == 1
    labels = page.eval_on_selector_all("svg.dz-compare-chart text.dz-line-label", "ns => ns.map(n => n.textContent)")
    assert sorted(labels) == sorted(["小康社会", "共同富裕"])
    legend = page.eval_on_selector_all(".dz-legend li", "ns => ns.map(n => n.dataset.term)")
    assert legend == ["xiaokang-shehui", "gongtong-fuyu"]
    # each point's figure is the term's use that year, as the model counts it
    points = page.eval_on_selector_all("svg.dz-compare-chart circle.dz-point title", "ns => ns.map(n => n.textContent)")
    expected = [f"{archive.glossary.by_id[t].term} {row['year']}: {row['hits']}"
                for t in ("xiaokang-shehui", "gongtong-fuyu") for row in timelines[t].by_year if row["hits"]]
    assert points == expected
    # a year range with no document is drawn as such, not as zero
    assert page.locator("svg.dz-compare-chart rect.dz-nodoc").count() >= 3
    # one chart across the column, readable without a table
    assert page.locator("svg.dz-compare-chart").bounding_box()["width"] >= 0.9 * page.locator("#dz-compare").bounding_box()["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "terms-over-time-desktop.png"), full_page=True)
    assert all(r.startswith(server.origin) for r in page.requests), page.requests
    assert not page.errors, page.errors
    context.close()


def test_adding_and_removing_a_term_is_kept_in_the_address(chromium, timeline_site):
    site, server, _ = timeline_site
    context, page = new_page(chromium)
    comparison(page, server)
    page.fill("#dz-compare-input", "新发展理念")
    page.click(".dz-compare-picker button[type=submit]")
    page.wait_for_function("location.search.includes('xin-fazhan-linian')")
    assert page.evaluate("location.search") == "?terms=xiaokang-shehui,gongtong-fuyu,xin-fazhan-linian"
    assert page.locator(".dz-legend li").count() == 3
    page.click(".dz-legend li[data-term='gongtong-fuyu'] button")
    page.wait_for_function("!location.search.includes('gongtong-fuyu')")
    assert page.locator(".dz-legend li").count() == 2
    cited = page.evaluate("location.href")
    page.goto(cited)  # the address alone gives the same chart
    page.wait_for_selector(".dz-legend li")
    assert page.eval_on_selector_all(".dz-legend li", "ns => ns.map(n => n.dataset.term)") == [
        "xiaokang-shehui", "xin-fazhan-linian"]
    assert not page.errors, page.errors
    context.close()


def test_the_comparison_works_from_disk_and_on_a_phone_without_sideways_scroll(chromium, timeline_site):
    site, _, _ = timeline_site
    context, page = new_page(chromium, 390, 844)
    comparison(page, (site / "terms-over-time.html").resolve().as_uri(), "sange-daibiao,xin-fazhan-linian")
    assert page.locator(".dz-legend li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator("svg.dz-compare-chart").bounding_box()
    assert box["width"] <= 390 and box["height"] > 100
    page.screenshot(path=str(SCREENSHOTS / "terms-over-time-phone.png"), full_page=True)
    page.goto((site / "glossary" / "xiaokang-shehui.html").resolve().as_uri())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("svg.dz-chart rect.dz-chart-bar").count() >= 3
    assert not page.errors, page.errors
    context.close()


def test_the_chart_data_loads_on_the_comparison_page_only(timeline_site):
    site, _, _ = timeline_site
    assert "timelines.js" in (site / "terms-over-time.html").read_text(encoding="utf-8")
    for page in ("glossary/xiaokang-shehui.html", "documents/lvliang-2020-gwr.html", "index.html"):
        assert "timelines.js" not in (site / page).read_text(encoding="utf-8"), page
