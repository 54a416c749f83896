"""What readers and scholars do on a reading page, in Debian's chromium at desktop (1366×900) and phone (390×844)
widths, over HTTP and opened from disk: links and citations, reference-manager downloads and meta tags,
traditional characters, the OCR-source panel, a search hit's landing, glosses, pinyin layout, implied headings
and the raw OCR text. Expected values come from the document model, the glossary and the Python citation
builders, never from the page itself."""
from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import threading
from functools import partial
from urllib.parse import quote

import pytest

from tests.site_support import DOC_ID, PAGE_ID, READING, SCREENSHOTS

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
WHERE = [("desktop", "http"), ("phone", "http"), ("desktop", "file"), ("phone", "file")]


@pytest.fixture(params=WHERE, ids=[f"{w}-{o}" for w, o in WHERE])
def reader(request, chromium, site_server, built_site):
    """A fresh page at one width, on the site served over HTTP or opened from disk; `page.site(path)` gives the
    address of a page of the site; a script error fails the test."""
    width, origin = request.param
    phone = width == "phone"
    context = chromium.new_context(viewport=WIDTHS[width], is_mobile=phone, has_touch=phone,
                                   device_scale_factor=2 if phone else 1, locale="zh-CN", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.site = site_server.url if origin == "http" else (lambda path="": (built_site / path).as_uri())
    page.where = f"{width}-{origin}"
    page.phone = phone
    yield page
    context.close()
    assert not page.errors, f"script errors: {page.errors}"


def open_reading(page, fragment: str = "", path: str = READING):
    page.bring_to_front()  # the clipboard serves the focused page
    page.goto(page.site(path) + (f"#{fragment}" if fragment else ""))
    page.wait_for_selector("body.dz-ready")


def tools(anchor: str) -> str:
    return f"#{anchor} + .dz-tools-row" if "-p" in anchor or "-c" in anchor else f"#{anchor}"


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def here(page, anchor: str) -> str:
    return page.url.split("#")[0] + "#" + anchor


# ---- 1, 2: links and citations ---------------------------------------------------------------------------

def test_copy_link_gives_the_address_of_the_page_the_reader_is_on(reader):
    open_reading(reader)
    reader.click(f"{tools('s2-3-p2')} button[data-action=copy-link]")
    reader.wait_for_selector("#dz-toast:not([hidden])")
    copied = clipboard(reader)
    assert copied == here(reader, "s2-3-p2")
    assert copied.startswith(("http://127.0.0.1:", "file:///")) and "invalid" not in copied


@pytest.mark.parametrize("anchor", ["s2-1-p3", "s2-1"])
def test_cite_without_a_public_address_gives_the_current_one_says_so_and_copies_nothing(reader, doc, anchor):
    from build_scripts.site.citation import citation_templates, fill

    open_reading(reader)
    reader.evaluate("navigator.clipboard.writeText('before')")
    reader.click(f"{tools(anchor)} button[data-action=cite]")
    dialog = reader.locator("#dz-cite")
    dialog.wait_for(state="visible")
    reader.wait_for_timeout(300)
    assert clipboard(reader) == "before"  # opening the dialog copies nothing
    assert reader.locator("#dz-toast:not([hidden])").count() == 0
    assert dialog.locator(".dz-cite-note").is_visible()
    assert "尚无公开网址" in dialog.locator(".dz-cite-note").inner_text()
    url = here(reader, anchor)
    accessed = dt.date.today().isoformat()
    shown = {pre.get_attribute("data-format"): pre.inner_text() for pre in dialog.locator("pre.dz-citation").all()}
    expected = {k: fill(v, anchor, url, accessed, DOC_ID) for k, v in citation_templates(doc).items() if k != "ris"}
    assert shown == expected
    assert all(url in text and "invalid" not in text for text in shown.values())
    assert list(shown)[0] == "gbt7714"  # the Chinese interface's own standard first
    if reader.where == "phone-http" and anchor == "s2-1-p3":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        reader.screenshot(path=str(SCREENSHOTS / "after-cite-phone-zh.png"))
    reader.click("#dz-cite [data-copy=bibtex]")
    reader.wait_for_selector("#dz-toast:not([hidden])")
    assert clipboard(reader) == expected["bibtex"]
    scroll, client = reader.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client


def test_cite_downloads_ris_and_csl_json_for_the_paragraph(reader, doc, tmp_path):
    from build_scripts.site.citation import citation_templates, csl_json, fill

    open_reading(reader)
    reader.click(f"{tools('s2-1-p3')} button[data-action=cite]")
    reader.locator("#dz-cite").wait_for(state="visible")
    url, accessed = here(reader, "s2-1-p3"), dt.date.today().isoformat()
    files = {}
    for label in ("RIS", "CSL-JSON"):
        with reader.expect_download() as info:
            reader.click(f"#dz-cite a[data-download={label}]")
        download = info.value
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        files[label] = (download.suggested_filename, path.read_bytes().decode("utf-8"))
    assert files["RIS"][0] == f"{DOC_ID}_s2-1-p3.ris"
    assert files["RIS"][1] == fill(citation_templates(doc)["ris"], "s2-1-p3", url, accessed, DOC_ID)
    assert files["RIS"][1].startswith("TY  - RPRT\r\n") and f"UR  - {url}\r\n" in files["RIS"][1]
    assert files["CSL-JSON"][0] == f"{DOC_ID}_s2-1-p3.json"
    assert json.loads(files["CSL-JSON"][1]) == csl_json(doc, "s2-1-p3", url, accessed)


PUBLIC = "https://archive.example.org/duizhao/"


def test_cite_gives_the_public_address_once_the_site_has_one(reader):
    """A build with site_url writes it into the page's data as `base`; here the built page's data gets one before
    the site's script reads it (a second build of the site would take minutes)."""
    reader.add_init_script("""new MutationObserver((records, observer) => {
        const n = document.getElementById('dz-doc'); if (!n) return;
        const d = JSON.parse(n.dataset.doc); d.base = '%s'; n.dataset.doc = JSON.stringify(d); observer.disconnect();
    }).observe(document, {childList: true, subtree: true});""" % PUBLIC)
    open_reading(reader)
    reader.click(f"{tools('s2-1-p3')} button[data-action=cite]")
    reader.locator("#dz-cite").wait_for(state="visible")
    public = f"{PUBLIC}documents/{DOC_ID}.html#s2-1-p3"
    assert reader.locator("#dz-cite .dz-cite-note").count() == 0
    assert reader.inner_text("#dz-cite .dz-cite-url") == public
    assert all(public in t for t in reader.locator("#dz-cite pre.dz-citation").all_inner_texts())
    reader.keyboard.press("Escape")
    reader.click(f"{tools('s2-1-p3')} button[data-action=copy-link]")  # a link copied is still the page's own
    reader.wait_for_selector("#dz-toast:not([hidden])")
    assert clipboard(reader) == here(reader, "s2-1-p3")


def test_every_reading_page_carries_the_meta_tags_zotero_reads(reader, archive):
    from build_scripts.site.citation import meta_tags

    for doc in archive.docs:
        for path in (f"documents/{doc.id}.html", f"en/documents/{doc.id}.html"):
            reader.goto(reader.site(path))
            found = reader.eval_on_selector_all("meta[name^=citation_]", "ns => ns.map(n => [n.name, n.content])")
            assert [tuple(x) for x in found] == meta_tags(doc, None), path
            names = {n for n, _ in found}
            # what the metadata knows is tagged; what it does not (a web text has no printed page) is left out
            known = {"citation_title", "citation_language"}
            known |= {"citation_author"} if (doc.metadata.get("document") or {}).get("issuer") else set()
            known |= {"citation_date"} if (doc.metadata.get("document") or {}).get("delivered") else set()
            known |= {"citation_firstpage"} if any(p.number for p in doc.pages) else set()
            assert known <= names, path
            assert not any("invalid" in c for _, c in found)


# ---- 4: traditional characters without rewording -----------------------------------------------------------

def test_traditional_characters_are_converted_character_by_character_only(reader, doc):
    from build_scripts.chinese_script import converter

    open_reading(reader)
    options = reader.eval_on_selector_all("#dz-script option", "ns => ns.map(n => n.value)")
    assert options == ["simplified", "s2t", "s2tw", "s2hk"]
    for variant in options[1:]:
        reader.select_option("#dz-script", variant)
        reader.wait_for_selector(f"body[data-script={variant}]")
        for anchor in ("s2-p1", "s1-7-c1", "s2-1-p3"):
            shown = reader.eval_on_selector(f"#{anchor} .dz-text", "n => n.innerText")
            assert shown == converter(variant).convert(doc.block(anchor).text)
            assert len(shown) == len(doc.block(anchor).text)  # nothing reworded: character for character
        assert "運行" in reader.eval_on_selector("#s2-p1 .dz-text", "n => n.innerText")  # never 執行


def test_pinyin_over_a_traditional_word_is_that_words_reading(reader, doc):
    from build_scripts.chinese_script import converter
    from build_scripts.site.reading_data import reading_data

    data = reading_data(doc)
    open_reading(reader)
    reader.click("button[data-pref=pinyin]")
    reader.select_option("#dz-script", "s2tw")
    reader.wait_for_selector("body[data-script=s2tw] #s2-p1 ruby.w")
    for anchor in ("s2-p1", "s2-1-p3"):
        drawn = reader.eval_on_selector_all(f"#{anchor} ruby.w", "ns => ns.map(n => [Number(n.dataset.i), "
                                            "n.firstChild.textContent, n.querySelector('rt').dataset.py])")
        assert drawn
        for i, shown, py in drawn:
            word, reading = data[anchor]["t"][i]
            assert shown == converter("s2tw").convert(word) and len(shown) == len(word)
            assert py == reading


# ---- 5: the OCR-source panel -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_panel_speaks_the_interface_language_fits_a_phone_and_scrolls_the_whole_page(reader, doc, lang):
    from build_scripts.site.edit_labels import kind_label, note_text

    open_reading(reader, path=READING if lang == "zh" else f"en/{READING}")
    reader.click(f"{tools('s2-4-p6')} button[data-action=source]")
    panel = reader.locator("#src-s2-4-p6")
    panel.wait_for()
    block = doc.block("s2-4-p6")
    kinds = reader.eval_on_selector_all("#src-s2-4-p6 td.dz-kind", "ns => ns.map(n => n.innerText)")
    expected = [kind_label(e.kind, lang) for e in doc.edits_for(block) if e.kind != "unwrap"]
    assert kinds[:len(expected)] == expected and len(kinds) == len(expected) + 1  # + the joined lines
    notes = reader.eval_on_selector_all("#src-s2-4-p6 tr[data-kind=conjecture] td.dz-note", "ns => ns.map(n => n.innerText)")
    conjecture = next(e for e in doc.edits_for(block) if e.kind == "conjecture")
    assert notes == [note_text(conjecture.note, lang)[0]]
    table = panel.locator("table.dz-edits").inner_text()
    if lang == "zh":
        assert not re.search(r"[A-Za-z]{4,}", table), table  # nothing left in English
    # the whole raw page, line for line, in a box that scrolls; this paragraph's lines marked
    lines = reader.eval_on_selector_all("#src-s2-4-p6 .dz-linetext", "ns => ns.map(n => n.textContent)")
    assert [x.rstrip("\n") for x in lines] == doc.raw_lines
    first, last = block.source_lines
    marked = reader.eval_on_selector_all("#src-s2-4-p6 .dz-here", "ns => ns.map(n => Number(n.dataset.line))")
    assert marked == list(range(first, last + 1))
    box = reader.eval_on_selector("#src-s2-4-p6 pre.dz-raw", "n => [n.scrollHeight, n.clientHeight, n.scrollTop]")
    assert box[0] > box[1] and box[2] > 0  # it scrolls, and opened at this paragraph's lines
    here_top = reader.eval_on_selector("#src-s2-4-p6 pre.dz-raw", "n => { const h = n.querySelector('.dz-here'); "
                                       "return h.getBoundingClientRect().top - n.getBoundingClientRect().top; }")
    assert 0 <= here_top < box[1]
    reader.eval_on_selector("#src-s2-4-p6 pre.dz-raw", "n => { n.scrollTop = n.scrollHeight; }")
    assert reader.eval_on_selector("#src-s2-4-p6 .dz-line:last-child", "n => { const r = n.getBoundingClientRect(); "
                                   "const b = n.parentNode.getBoundingClientRect(); return r.bottom <= b.bottom + 1; }")
    # a wrapped raw line stays beside its number; nothing wider than the screen; headers never one char a line
    beside = reader.evaluate("""() => Array.from(document.querySelectorAll('#src-s2-4-p6 .dz-line')).every(l =>
        l.querySelector('.dz-linetext').getBoundingClientRect().left >= l.querySelector('.dz-lineno').getBoundingClientRect().right)""")
    assert beside
    assert reader.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    cells = reader.eval_on_selector_all("#src-s2-4-p6 th, #src-s2-4-p6 td.dz-kind",
                                        "ns => ns.filter(n => n.offsetParent).map(n => [n.innerText, n.getBoundingClientRect().height, "
                                        "parseFloat(getComputedStyle(n).lineHeight) || 20])")
    assert cells
    for text, height, line in cells:
        assert height < 2.5 * line, (text, height)
    if reader.phone:
        # the box back at this paragraph's marked lines, in the middle of the screen, for the screenshot
        reader.eval_on_selector("#src-s2-4-p6 .dz-here", "n => n.scrollIntoView({block: 'center'})")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if reader.where == "phone-http":
            reader.screenshot(path=str(SCREENSHOTS / f"after-ocr-source-phone-{lang}.png"))


# ---- 6: the search page speaks plain words, in the interface's language -------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_search_page_reads_the_query_back_in_plain_words_and_tells_a_bad_one_in_its_language(reader, lang):
    prefix = "" if lang == "zh" else "en/"
    reader.goto(reader.site(f"{prefix}search.html") + "?q=" + quote("poverty alleviation"))
    reader.wait_for_selector("#dz-search[data-state=done]")
    shown = reader.inner_text(".dz-searched")
    assert "poverty alleviation" in shown and "poverti" not in shown and "allevi " not in shown
    assert ("英文单词，不论词形" if lang == "zh" else "English words, in any form") in shown
    reader.goto(reader.site(f"{prefix}search.html") + "?q=" + quote('脱贫"攻坚'))
    reader.wait_for_selector("#dz-search .dz-search-error:not([hidden])")
    told = reader.inner_text("#dz-search .dz-search-error")
    if lang == "zh":
        assert told == "检索式有误：引号不成对：第 3 个字符处开始的短语没有结束引号"
    else:
        assert told == "Cannot search: unbalanced quotation mark: the phrase opened at position 3 is never closed"


# ---- 6: a search hit lands on its own characters ---------------------------------------------------------------

def occurrences(text: str, word: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]


def test_a_hit_address_marks_the_hits_characters_on_its_paragraph(reader, doc):
    text = doc.block("s2-1-p5").text
    (start, end), = occurrences(text, "三大攻坚战")
    open_reading(reader, f"s2-1-p5:hl={start}-{end}")
    marks = reader.eval_on_selector_all("#s2-1-p5 mark.dz-hit", "ns => ns.map(n => n.textContent)")
    assert "".join(marks) == "三大攻坚战"
    assert reader.eval_on_selector("#s2-1-p5", "n => n.classList.contains('dz-landed')")
    top = reader.eval_on_selector("#s2-1-p5 mark.dz-hit", "n => n.getBoundingClientRect().top")
    assert 0 <= top < reader.viewport_size["height"]
    assert reader.eval_on_selector("#s2-1-p5 .dz-text", "n => n.innerText") == text  # the text is unchanged
    reader.click("button[data-pref=pinyin]")  # the mark survives a reading aid redrawing the text
    reader.wait_for_selector("#s2-1-p5 ruby.w mark.dz-hit, #s2-1-p5 mark.dz-hit ruby, #s2-1-p5 ruby mark.dz-hit")
    assert "".join(reader.eval_on_selector_all("#s2-1-p5 mark.dz-hit", "ns => ns.map(n => n.textContent)")) == "三大攻坚战"
    reader.click("button[data-pref=pinyin]")


def test_each_hit_in_one_paragraph_lands_on_its_own_occurrence(reader, doc):
    text = doc.block("s2-3-p2").text
    hits = occurrences(text, "项目")
    assert len(hits) == 13
    open_reading(reader)
    tops = []
    for start, end in (hits[0], hits[6], hits[-1]):
        reader.evaluate("h => { location.hash = h; }", f"s2-3-p2:hl={start}-{end}")
        reader.wait_for_function("h => location.hash === '#' + h && document.querySelector('#s2-3-p2 mark.dz-hit')",
                                 arg=f"s2-3-p2:hl={start}-{end}")
        marked = reader.evaluate("""() => { const t = document.querySelector('#s2-3-p2 .dz-text');
            const m = t.querySelectorAll('mark.dz-hit'); const r = document.createRange();
            r.setStart(t, 0); r.setEndBefore(m[0]); return [m.length, m[0].textContent, Array.from(r.toString()).length]; }""")
        assert marked == [1, "项目", start]  # this occurrence, and only it
        box = reader.eval_on_selector("#s2-3-p2 mark.dz-hit", "n => { const r = n.getBoundingClientRect(); return [r.top, r.bottom]; }")
        assert 0 <= box[0] and box[1] <= reader.viewport_size["height"]
        tops.append(reader.evaluate("window.scrollY") + box[0])
    assert tops == sorted(tops) and len(set(tops)) == 3  # three different places on the page


def test_a_bad_hit_address_still_lands_on_the_paragraph(reader):
    open_reading(reader, "s2-1-p5:hl=9000-9005")
    assert reader.locator("mark.dz-hit").count() == 0
    assert reader.eval_on_selector("#s2-1-p5", "n => n.classList.contains('dz-landed')")


# ---- 7: glosses, common senses first -----------------------------------------------------------------------------

def test_a_gloss_gives_the_common_sense_before_variants_and_surnames(reader, doc):
    from build_scripts.site.reading_data import reading_data

    anchor, index = next((a, i) for a, entry in reading_data(doc).items() for i, (w, _) in enumerate(entry["t"]) if w == "和")
    open_reading(reader)
    reader.click("button[data-pref=gloss]")
    word = reader.locator(f"#{anchor} .w[data-i='{index}']")
    word.wait_for()
    word.click()
    popup = reader.locator("#dz-popup")
    popup.wait_for(state="visible")
    senses = popup.locator(".dz-popup-en").all_inner_texts()
    assert senses[0].startswith("(joining two nouns) and")
    assert not any(s.startswith(("old variant of", "surname")) for s in senses)


# ---- 8: pinyin layout ------------------------------------------------------------------------------------------

def test_long_words_pinyin_is_written_apart_by_its_words(reader, doc):
    open_reading(reader)
    reader.click("button[data-pref=pinyin]")
    reader.wait_for_selector("#s2-p1 ruby.w")
    words = dict(reader.eval_on_selector_all("ruby.w", "ns => ns.map(n => [n.firstChild.textContent, n.querySelector('rt').dataset.py])"))
    assert words["从严治党"] == "cóngyán zhìdǎng"
    assert words["科研机构"] == "kēyán jīgòu"


def test_wide_pinyin_never_spreads_a_words_characters_and_no_line_starts_with_closing_punctuation(reader, doc):
    open_reading(reader)
    reader.click("button[data-pref=pinyin]")
    reader.wait_for_selector("#s2-p1 ruby.w")
    spread = reader.evaluate("""() => {
        const out = [];
        document.querySelectorAll('.dz-p ruby.w').forEach(r => {
            const text = r.firstChild; if (!text || text.nodeType !== 3 || text.data.length < 2) return;
            const rects = []; for (let k = 0; k < text.data.length; k++) {
                const g = document.createRange(); g.setStart(text, k); g.setEnd(text, k + 1); rects.push(g.getBoundingClientRect()); }
            for (let k = 1; k < rects.length; k++) if (rects[k].left - rects[k - 1].right > 1) out.push(text.data);
        });
        return out; }""")
    assert spread == []
    starts = reader.evaluate("""() => {
        const bad = [];
        document.querySelectorAll('.dz-p .dz-text').forEach(t => {
            const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT); let prev = null;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) for (let k = 0; k < n.data.length; k++) {
                const g = document.createRange(); g.setStart(n, k); g.setEnd(n, k + 1); const r = g.getBoundingClientRect();
                if (prev && r.top > prev.bottom - 2 && /[。，、；：？！）》」』”]/.test(n.data[k])) bad.push(t.dataset.anchor + ':' + n.data[k]);
                prev = r; }
        });
        return bad; }""")
    assert starts == []


# ---- 9: implied headings -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, note", [("zh", "（标题见第1版）"), ("en", "(heading on p. 1)")])
def test_an_implied_heading_shows_its_number_and_a_muted_note_never_a_title(reader, doc, lang, note):
    open_reading(reader, path=READING if lang == "zh" else f"en/{READING}")
    implied = [b for b in doc.blocks if b.kind == "heading" and b.implied]
    assert [b.anchor for b in implied] == ["s1", "s1-7"]
    for block in implied:
        label = f"{block.label}、" if block.level == 1 else block.label
        assert reader.eval_on_selector(f"#{block.anchor} .dz-text", "n => n.innerText") == label
        assert reader.eval_on_selector(f"#{block.anchor} .dz-implied", "n => n.innerText") == note
        muted = reader.eval_on_selector(f"#{block.anchor}", "h => [getComputedStyle(h).color, "
                                        "getComputedStyle(h.querySelector('.dz-implied')).color]")
        assert muted[0] != muted[1]
        toc = reader.eval_on_selector_all(f".md-nav--secondary a[href='#{block.anchor}']",
                                          "ns => ns.map(n => [n.innerText.trim(), n.querySelector('.dz-implied')?.innerText])")
        assert toc and all(entry == [label + note, note] for entry in toc), toc  # Material draws it twice
    assert "标题在前一版" not in reader.content()


# ---- 10: the raw OCR text from any static host --------------------------------------------------------------------

class _PlainTextHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as most are: a .txt goes out as text/plain without a charset."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".txt": "text/plain"}

    def log_message(self, *args):
        pass


def test_raw_ocr_text_reads_right_from_a_host_that_sends_no_charset(reader, built_site, doc):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_PlainTextHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/documents/{PAGE_ID}"
        response = reader.goto(base + ".ocr.txt")
        assert response.headers["content-type"] == "text/plain"
        shown = reader.inner_text("body")
        assert doc.raw_lines[855] in shown and doc.raw_lines[0].strip() in shown
        reader.goto(base + ".ocr.html#L856")
        assert reader.inner_text("#L856").endswith(doc.raw_lines[855] + "\n") or doc.raw_lines[855] in reader.inner_text("#L856")
        assert reader.locator(".l").count() == len(doc.raw_lines)
    finally:
        server.shutdown()
        server.server_close()
    reader.goto(reader.site(f"documents/{PAGE_ID}.ocr.txt"))  # and from this site, or from disk
    assert doc.raw_lines[855] in reader.inner_text("body")
