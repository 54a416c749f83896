"""The reading site in a real browser (Debian's chromium, driven by Playwright), served over HTTP and opened
from disk. Expected values come from the document model and the glossary, never from the HTML itself."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.site_support import DOC_ID, READING, SCREENSHOTS


def open_reading(page, site_server, anchor: str = ""):
    page.bring_to_front()  # the clipboard API only serves the focused page
    page.goto(site_server.url(READING) + (f"#{anchor}" if anchor else ""))
    page.wait_for_selector("body.dz-ready")


def toggle(page, pref: str):
    """Press a reading-aid toggle; its state flips at once (what it draws, each test waits for)."""
    button = f"button[data-pref={pref}]"
    pressed = page.get_attribute(button, "aria-pressed") == "true"
    page.click(button)
    assert page.get_attribute(button, "aria-pressed") == str(not pressed).lower()


def block_text(page, anchor: str) -> str:
    return page.eval_on_selector(f"#{anchor} .dz-text", "n => n.innerText")


# ---- the reading page ---------------------------------------------------------------------------------

def test_reading_page_shows_every_heading_and_paragraph_of_the_document(browser_page, site_server, doc):
    open_reading(browser_page, site_server)
    page = browser_page
    assert page.locator("p.dz-p").count() == len(doc.paragraphs()) == 45
    assert page.locator(".dz-h").count() == len(doc.headings())
    for block in doc.blocks:
        if block.text:
            assert block_text(page, block.anchor) == block.text, block.anchor
    assert page.eval_on_selector("html", "n => n.lang") == "zh-Hans"
    assert page.eval_on_selector("#s2-1-p1", "n => n.lang") == "zh-Hans"


def test_about_panel_gives_the_source_metadata_and_the_continuation(browser_page, site_server):
    open_reading(browser_page, site_server)
    browser_page.click("#about summary")
    about = browser_page.inner_text("#about")
    assert "上接第1版" in about and "下转第3版" in about
    assert "王立伟" in about and "2020-04-21" in about
    assert about.count("不详") == 2  # the newspaper's name and printing date are not known


def test_every_anchor_of_the_document_navigates_to_its_block(browser_page, site_server, doc):
    open_reading(browser_page, site_server)
    page = browser_page
    for block in doc.blocks:
        page.evaluate("a => { location.hash = a; }", block.anchor)
        target = page.evaluate("() => { const t = document.querySelector(':target'); "
                               "const r = t.getBoundingClientRect(); return [t.id, r.top, r.bottom, innerHeight]; }")
        assert target[0] == block.anchor
        assert target[2] > 0 and target[1] < target[3], f"{block.anchor} is not scrolled into view: {target}"


def test_a_permalink_opened_directly_lands_on_its_paragraph(browser_page, site_server):
    open_reading(browser_page, site_server, "s2-4-p6")
    top = browser_page.eval_on_selector("#s2-4-p6", "n => n.getBoundingClientRect().top")
    assert 0 <= top < 900
    assert browser_page.get_attribute("#s2-4-p6 + .dz-tools-row a.dz-permalink", "href") == "#s2-4-p6"


def test_conjectured_character_is_marked_but_the_text_stays_whole(browser_page, site_server, doc):
    open_reading(browser_page, site_server)
    page = browser_page
    conj = page.locator("#s2-4-p6 .dz-conj")
    assert conj.inner_text() == "槃"
    brackets = page.eval_on_selector("#s2-4-p6 .dz-conj", "n => [getComputedStyle(n, '::before').content, "
                                     "getComputedStyle(n, '::after').content]")
    assert brackets == ['"["', '"]"']
    assert "凤凰涅槃" in block_text(page, "s2-4-p6")
    assert "line 856" in conj.get_attribute("title")


def test_source_view_shows_the_raw_ocr_lines_and_the_edits(browser_page, site_server, doc):
    open_reading(browser_page, site_server)
    page = browser_page
    block = doc.block("s2-4-p6")
    page.click("#s2-4-p6 + .dz-tools-row button[data-action=source]")
    panel = page.locator("#src-s2-4-p6")
    panel.wait_for()
    raw = panel.locator("pre.dz-raw").inner_text()
    first, last = block.source_lines
    for number in (first, last):
        assert re.search(rf"^\s*{number}\s", raw, re.M), number
    assert doc.raw_lines[855] in raw  # line 856: 以凤凰涅 的决心, as the OCR gave it
    assert "推测补字" in panel.locator("table.dz-edits").inner_text()  # the conjecture, in the interface's language
    page.click("#s2-4-p6 + .dz-tools-row button[data-action=source]")
    assert page.locator("#src-s2-4-p6").count() == 0


# ---- terms -------------------------------------------------------------------------------------------

def test_every_term_occurrence_is_marked(browser_page, site_server, doc):
    open_reading(browser_page, site_server)
    expected = sorted((b.anchor, o.term_id) for b in doc.blocks for o in b.occurrences)
    found = browser_page.eval_on_selector_all(
        "a.dz-term", "ns => ns.map(n => [n.closest('[data-anchor]').dataset.anchor, n.dataset.term])")
    assert sorted(map(tuple, found)) == expected
    assert len(expected) == 175


@pytest.mark.parametrize("how", ["hover", "focus", "tap"])
def test_term_popup_shows_pinyin_english_and_a_glossary_link(browser_page, site_server, archive, how):
    open_reading(browser_page, site_server)
    page = browser_page
    term = archive.glossary.by_id["sanda-gongjianzhan"]
    link = page.locator("#s2-p1 a.dz-term[data-term=sanda-gongjianzhan]")
    {"hover": link.hover, "focus": link.focus, "tap": link.click}[how]()
    popup = page.locator("#dz-popup")
    popup.wait_for(state="visible")
    assert popup.locator(".dz-popup-en").inner_text() == term.en["text"] == "three critical battles"
    assert popup.locator(".dz-popup-pinyin").inner_text() == term.pinyin
    assert popup.locator("a").get_attribute("href").endswith("glossary/sanda-gongjianzhan.html")
    assert page.url.endswith(READING)  # a tap shows the popup; it does not leave the page
    page.keyboard.press("Escape")
    popup.wait_for(state="hidden")


def test_glossary_term_page_lists_every_occurrence_with_a_link_to_its_paragraph(browser_page, site_server, archive):
    page = browser_page
    page.goto(site_server.url("glossary/sanda-gongjianzhan.html"))
    links = page.eval_on_selector_all("table.dz-kwic a", "ns => ns.map(n => n.getAttribute('href'))")
    expected = [f"../documents/{d.id}.html#{b.anchor}" for d in archive.docs for b in d.blocks for o in b.occurrences
                if o.term_id == "sanda-gongjianzhan"]
    seed = [link for link in links if link.startswith(f"../documents/{DOC_ID}.html#")]
    assert links == expected and len(seed) == 3
    page.click(f"table.dz-kwic a[href='{seed[2]}']")
    page.wait_for_selector("body.dz-ready")
    assert page.evaluate("document.querySelector(':target').id") == "s2-1-p5"


# ---- reading aids ------------------------------------------------------------------------------------

def test_pinyin_toggle_draws_word_level_ruby_and_is_remembered(browser_page, site_server):
    page = browser_page
    open_reading(page, site_server)
    toggle(page, "pinyin")
    page.wait_for_selector("#s2-p1 ruby.w")
    words = page.eval_on_selector_all("#s1-7-c1 ruby.w", "ns => ns.map(n => [n.firstChild.textContent, "
                                      "n.querySelector('rt').dataset.py])")
    assert ["供养", "gōngyǎng"] in [list(w) for w in words]  # an override of the pinyin table, as drawn
    page.reload()
    page.wait_for_selector("body.dz-ready #s2-p1 ruby.w")
    assert page.get_attribute("button[data-pref=pinyin]", "aria-pressed") == "true"
    page.goto(site_server.url("glossary/index.html"))
    page.goto(site_server.url(READING))
    page.wait_for_selector("body.dz-ready #s2-p1 ruby.w")
    toggle(page, "pinyin")
    page.wait_for_function("!document.querySelector('#s2-p1 ruby')")


def test_pinyin_never_enters_the_text_or_a_copy_of_it(browser_page, site_server, doc):
    page = browser_page
    open_reading(page, site_server)
    toggle(page, "pinyin")
    page.wait_for_selector("#s2-p1 ruby.w")
    assert block_text(page, "s2-p1") == doc.block("s2-p1").text
    copied = page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('#s2-p1'));
        getSelection().removeAllRanges(); getSelection().addRange(range);
        const data = new DataTransfer();
        document.dispatchEvent(new ClipboardEvent('copy', {clipboardData: data, bubbles: true, cancelable: true}));
        return data.getData('text/plain') || getSelection().toString();
    }""")
    assert copied.strip() == doc.block("s2-p1").text
    assert not re.search(r"[āáǎàōóǒòēéěè]", copied)


@pytest.mark.parametrize("variant, lang, expected", [
    ("s2t", "zh-Hant", "三大攻堅戰"),
    ("s2tw", "zh-Hant-TW", "三大攻堅戰"),
    ("s2hk", "zh-Hant-HK", "三大攻堅戰"),
])
def test_traditional_characters_follow_the_chosen_opencc_variant(browser_page, site_server, doc, variant, lang, expected):
    from build_scripts.chinese_script import converter

    page = browser_page
    open_reading(page, site_server)
    page.select_option("#dz-script", variant)
    page.wait_for_selector(f"body[data-script={variant}]")
    shown = block_text(page, "s2-p1")
    assert shown == converter(variant).convert(doc.block("s2-p1").text)
    assert expected in shown
    assert page.eval_on_selector("#s2-p1", "n => n.lang") == lang
    page.reload()
    page.wait_for_selector("body.dz-ready")
    assert page.input_value("#dz-script") == variant
    assert expected in block_text(page, "s2-p1")
    page.select_option("#dz-script", "simplified")
    page.wait_for_selector("body[data-script=simplified]")
    assert block_text(page, "s2-p1") == doc.block("s2-p1").text


def test_word_gloss_on_tap_comes_from_cc_cedict(browser_page, site_server):
    from build_scripts.terms.cedict import load

    page = browser_page
    open_reading(page, site_server)
    toggle(page, "gloss")
    word = page.locator("#s2-1-p1 .w", has_text="问题").first
    word.click()
    popup = page.locator("#dz-popup")
    popup.wait_for(state="visible")
    definitions = load().by_simplified["问题"][0].definitions
    assert popup.locator(".dz-popup-en").first.inner_text() == "; ".join(definitions[:4])
    assert "CC-CEDICT" in popup.inner_text()
    page.reload()
    page.wait_for_selector("body.dz-ready")
    assert page.get_attribute("button[data-pref=gloss]", "aria-pressed") == "true"


# ---- citations and links ---------------------------------------------------------------------------------

# Copy link, Cite, the downloads and the meta tags: tests/test_site_readers_browser.py, at both widths, over
# HTTP and from disk.


def test_keyboard_alone_reaches_the_aids_the_terms_and_the_cite_dialog(browser_page, site_server):
    page = browser_page
    open_reading(page, site_server)
    page.focus("button[data-pref=pinyin]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#s2-p1 ruby.w")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dz-script"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.pref") == "gloss"
    page.keyboard.press("Tab")  # then the permalink of the first heading, its copy-link and cite buttons
    for _ in range(20):
        if page.evaluate("document.activeElement.matches('a.dz-term')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.dz-term')")
    page.locator("#dz-popup").wait_for(state="visible")
    page.focus("#s2-1 button[data-action=cite]")
    page.keyboard.press("Enter")
    page.locator("#dz-cite").wait_for(state="visible")
    page.keyboard.press("Escape")
    page.locator("#dz-cite").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.action") == "cite"  # focus returns to the button


# ---- interface languages ---------------------------------------------------------------------------------------

def test_language_switch_opens_the_same_page_with_an_english_interface(browser_page, site_server):
    page = browser_page
    open_reading(page, site_server)
    page.goto(page.get_attribute("a[hreflang=en]", "href"))
    page.wait_for_selector("body.dz-ready")
    assert page.url.startswith(site_server.url(f"en/{READING}"))
    assert page.eval_on_selector("html", "n => n.lang") == "en"
    assert page.inner_text("button[data-pref=pinyin]") == "Pinyin"
    assert page.eval_on_selector("#s2-1-p1", "n => n.lang") == "zh-Hans"  # the text stays Chinese
    page.goto(page.get_attribute("a[hreflang=zh]", "href"))
    assert page.url.startswith(site_server.url(READING))


# ---- phones, privacy, file:// -----------------------------------------------------------------------------------

def test_phone_viewport_has_no_horizontal_scroll(chromium, site_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                   has_touch=True)
    page = context.new_page()
    try:
        open_reading(page, site_server)
        page.screenshot(path=str(SCREENSHOTS / "reading-phone.png"))
        widths = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        scroll, client = page.evaluate(widths)
        assert scroll <= client, (scroll, client)
        page.tap("button[data-pref=pinyin]")
        page.wait_for_selector("#s2-p1 ruby.w")
        page.locator("#s2-4-p6").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "reading-phone-pinyin.png"))
        scroll, client = page.evaluate(widths)
        assert scroll <= client, (scroll, client)
        page.tap("#s2-1-p3 + .dz-tools-row button[data-action=cite]")
        page.locator("#dz-cite").wait_for(state="visible")
        scroll, client = page.evaluate(widths)
        assert scroll <= client, (scroll, client)
    finally:
        context.close()


def test_desktop_screenshots_of_the_reading_page(browser_page, site_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page
    open_reading(page, site_server)
    page.screenshot(path=str(SCREENSHOTS / "reading-desktop.png"))
    toggle(page, "pinyin")
    page.select_option("#dz-script", "s2t")
    page.wait_for_selector("#s2-p1 ruby.w")
    page.hover("#s2-p1 a.dz-term[data-term=sanda-gongjianzhan]")
    page.locator("#dz-popup").wait_for(state="visible")
    page.screenshot(path=str(SCREENSHOTS / "reading-desktop-pinyin-traditional-popup.png"))
    assert (SCREENSHOTS / "reading-desktop.png").stat().st_size > 10_000


def test_no_request_leaves_the_site(browser_page, site_server):
    page = browser_page
    open_reading(page, site_server)
    for pref in ("pinyin", "gloss"):
        toggle(page, pref)
    page.select_option("#dz-script", "s2hk")
    page.hover("#s2-p1 a.dz-term >> nth=0")
    page.click("#s2-4-p6 + .dz-tools-row button[data-action=source]")
    page.locator("#src-s2-4-p6").wait_for()
    for path in ("index.html", "glossary/index.html", "glossary/liuwen.html", "en/index.html", "citing.html"):
        page.goto(site_server.url(path))
    page.wait_for_timeout(1500)  # anything a page would fetch after load
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(site_server.origin).netloc}, hosts
    assert not any(u.endswith("search_index.json") for u in page.requests)  # Material's lunr index is not built


def test_reading_aids_work_from_disk(chromium, built_site, doc):
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((built_site / READING).as_uri())
        page.wait_for_selector("body.dz-ready")
        toggle(page, "pinyin")
        page.wait_for_selector("#s2-p1 ruby.w")
        page.select_option("#dz-script", "s2t")
        page.wait_for_selector("body[data-script=s2t]")
        assert page.eval_on_selector("#s2-p1", "n => n.lang") == "zh-Hant"
        page.hover("#s2-p1 a.dz-term[data-term=sanda-gongjianzhan]")
        assert page.locator("#dz-popup .dz-popup-en").inner_text() == "three critical battles"
        page.reload()
        page.wait_for_selector("body.dz-ready #s2-p1 ruby.w")  # remembered, from file:// too
        page.goto(page.get_attribute("a[hreflang=en]", "href"))
        page.wait_for_selector("body.dz-ready")
        assert page.url == (built_site / "en" / READING).as_uri()
        assert not errors, errors
    finally:
        context.close()


# ---- the English translation (issue: parallel translation) -------------------------------------------------------

def test_translation_is_side_by_side_on_wide_screens_and_remembered(browser_page, site_server, doc):
    from build_scripts.translation.translations import translations_for

    translation = translations_for()[DOC_ID]
    page = browser_page
    open_reading(page, site_server)
    assert not page.locator("#s2-1-p3-en").is_visible()  # off until the reader asks for it
    toggle(page, "translation")
    english = page.locator("#s2-1-p3-en")
    english.wait_for(state="visible")
    assert english.inner_text().startswith(translation.segments["s2-1-p3"].text[:60])
    assert english.get_attribute("lang") == "en"
    zh, en = (page.eval_on_selector(sel, "n => { const r = n.getBoundingClientRect(); return [r.left, r.right, r.top]; }")
              for sel in ("#s2-1-p3", "#s2-1-p3-en"))
    assert en[0] >= zh[1] and abs(en[2] - zh[2]) < 40, (zh, en)  # beside it, level with it
    shown = page.eval_on_selector_all(".dz-en", "ns => ns.filter(n => n.offsetParent).map(n => n.dataset.enFor)")
    assert sorted(shown) == sorted(b.anchor for b in doc.blocks if not b.implied)
    page.reload()
    page.wait_for_selector("body.dz-ready")
    assert page.locator("#s2-1-p3-en").is_visible()
    page.click("#about summary")
    assert translation.label in page.inner_text("#about")


def test_translation_is_interleaved_on_a_phone(chromium, site_server):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_reading(page, site_server, "s2-1-p3")
        page.tap("button[data-pref=translation]")
        page.locator("#s2-1-p3-en").wait_for(state="visible")
        zh_bottom = page.eval_on_selector("#s2-1-p3", "n => n.getBoundingClientRect().bottom")
        en_top = page.eval_on_selector("#s2-1-p3-en", "n => n.getBoundingClientRect().top")
        assert en_top >= zh_bottom
        page.locator("#s2-1-p3").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "reading-phone-translation.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()


def test_the_header_search_box_finds_the_paragraph_and_shows_no_reading_aid(browser_page, site_server):
    page = browser_page
    open_reading(page, site_server)
    toggle(page, "pinyin")  # an aid switched on must not reach the search results either
    page.wait_for_selector("#s2-p1 ruby.w")
    page.fill("#dz-head-q", "三大攻坚战")
    page.press("#dz-head-q", "End")
    page.wait_for_function("() => document.getElementById('dz-head-search').dataset.state === 'done'")
    assert page.locator(".dz-head-hit").count() > 0
    shown = page.inner_text("#dz-head-results")
    assert "三大攻坚战" in shown
    assert not re.search(r"[āáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜ]", shown)
    assert "question; problem; issue" not in shown  # no CC-CEDICT gloss
