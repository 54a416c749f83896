/* duizhao reading aids: pinyin, traditional characters, word glosses, term popups, permalinks, citations,
 * the OCR source view and the interface-language switch.
 *
 * Everything the aids add is drawn here, in the browser, from data files (assets/duizhao/data/*.js), never
 * written into the page's HTML: the search index and a copy of the Chinese text hold only the printed text.
 * Pinyin is drawn by CSS from an attribute (rt::before), so it is not even text in the document.
 * Data files are <script>s, not fetch()ed JSON, so the site also works opened from disk (file://).
 */
(function () {
  "use strict";

  const SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";
  const ROOT = SCRIPT_SRC.replace(/assets\/duizhao\/reader\.js(\?.*)?$/, "");
  const DATA = ROOT + "assets/duizhao/data/";
  const PREFS_KEY = "duizhao.prefs";
  const DEFAULTS = { pinyin: false, script: "simplified", gloss: false, translation: false };
  // Character-level OpenCC conversions only: a quoted official text is never reworded (s2twp would turn 运行
  // into 執行), and each converted word keeps its length and reading, so its pinyin stays its own.
  const SCRIPTS = ["simplified", "s2t", "s2tw", "s2hk"];
  const SCRIPT_LANG = { simplified: "zh-Hans", s2t: "zh-Hant", s2tw: "zh-Hant-TW", s2hk: "zh-Hant-HK" };
  const RETIRED_SCRIPTS = { s2twp: "s2tw" };  // a choice remembered from an earlier version of the site
  const EN = (document.documentElement.lang || "").startsWith("en");

  const STRINGS = {
    pinyin: ["拼音", "Pinyin"],
    gloss: ["点词释义", "Tap for word gloss"],
    script: ["字形", "Characters"],
    simplified: ["简体", "Simplified"],
    s2t: ["繁體（OpenCC 標準字形）", "Traditional (OpenCC standard forms)"],
    s2tw: ["繁體（臺灣字形）", "Traditional (Taiwan forms)"],
    s2hk: ["繁體（香港字形）", "Traditional (Hong Kong forms)"],
    translation: ["英文对照", "English side by side"],
    aids: ["阅读辅助", "Reading aids"],
    copyLink: ["复制链接", "Copy link"],
    cite: ["引用", "Cite"],
    source: ["OCR 原文", "OCR source"],
    copied: ["已复制", "Copied"],
    copy: ["复制", "Copy"],
    close: ["关闭", "Close"],
    citeTitle: ["引用", "Cite"],
    noPublicUrl: ["本档案尚无公开网址：以下引文中的链接是您现在打开的地址，换一台电脑或服务器可能无法访问。",
      "This archive has no public address yet: the link in these citations is the address you opened, which may not work elsewhere."],
    download: ["下载", "Download"],
    downloadsFor: ["导入文献管理软件（Zotero、EndNote 等）", "For reference managers (Zotero, EndNote…)"],
    plainBibtex: ["BibTeX（通用样式）", "BibTeX (any style)"],
    wholePage: ["整版原文，可滚动；本段所在行已标出", "The whole raw page, scrollable; this paragraph's lines are marked"],
    rawView: ["在新页面逐行查看", "Open line by line in a page of its own"],
    unwrapRow: ["合并分行", "print lines joined"],
    unwrapNote: ["印刷分行已合并为段落", "the print column's line breaks joined into paragraphs"],
    hitMark: ["检索命中", "search hit"],
    permalink: ["永久链接", "Permalink"],
    glossaryPage: ["术语页", "Glossary page"],
    unverified: ["含义未核实，英文为直译", "meaning unverified: literal rendering"],
    rawLines: ["OCR 原文第 {a}–{b} 行", "Raw OCR lines {a}–{b}"],
    edits: ["修订", "Edits"],
    noEdits: ["无修订", "No edits"],
    kind: ["类型", "Kind"],
    where: ["位置", "Line:col"],
    change: ["原文 → 现文", "Raw → cleaned"],
    certainty: ["把握", "Certainty"],
    note: ["说明", "Note"],
    notInDict: ["CC-CEDICT 未收此词", "Not in CC-CEDICT"],
    cedictCredit: ["释义：CC-CEDICT（CC BY-SA 4.0）", "Glosses: CC-CEDICT (CC BY-SA 4.0)"],
    exactSearch: ["精确检索", "Exact search"],
    enLabel: ["非官方编辑译文，以中文为准", "Unofficial editorial translation. The Chinese text is authoritative."],
  };
  function t(key, vars) {
    let s = STRINGS[key][EN ? 1 : 0];
    for (const k in vars || {}) s = s.replace("{" + k + "}", vars[k]);
    return s;
  }

  /* ---- preferences, remembered across pages ------------------------------------------------------ */
  function loadPrefs() {
    try {
      const prefs = Object.assign({}, DEFAULTS, JSON.parse(localStorage.getItem(PREFS_KEY) || "{}"));
      if (SCRIPTS.indexOf(prefs.script) < 0) prefs.script = RETIRED_SCRIPTS[prefs.script] || "simplified";
      return prefs;
    } catch (e) {
      return Object.assign({}, DEFAULTS);
    }
  }
  function savePrefs(prefs) {
    try { localStorage.setItem(PREFS_KEY, JSON.stringify(prefs)); } catch (e) { /* private mode: not remembered */ }
  }

  /* ---- data files, loaded once by <script> --------------------------------------------------------- */
  const loading = {};
  function loadData(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        const s = document.createElement("script");
        s.src = DATA + name + ".js";
        s.onload = function () { resolve(window.DZ); };
        s.onerror = function () { reject(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  /* ---- clipboard ---------------------------------------------------------------------------------- */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }
  function legacyCopy(text) {
    const area = el("textarea", { "aria-hidden": "true", style: "position:fixed;opacity:0" });
    area.value = text;
    // outside an open modal dialog everything is inert, and an inert field cannot be selected
    (document.querySelector("dialog[open]") || document.body).append(area);
    area.select();
    try { document.execCommand("copy"); } finally { area.remove(); }
  }
  let toastTimer;
  function toast(message) {
    let box = document.getElementById("dz-toast");
    if (!box) {
      box = el("div", { id: "dz-toast", class: "dz-toast", role: "status", "aria-live": "polite" });
      document.body.append(box);
    }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 2500);
  }

  /* ---- the reading page -------------------------------------------------------------------------- */
  const docNode = document.getElementById("dz-doc");
  const doc = docNode ? JSON.parse(docNode.dataset.doc) : null;

  /* Addresses. Copy link gives the page the reader is on. A citation gives the public address (site_url) once
     the archive has one; until then the address the reader opened, with a note that says so. */
  function hereUrl(anchor) { return location.href.split("#")[0] + "#" + anchor; }
  function citeUrl(anchor) {
    return doc.base ? doc.base.replace(/\/?$/, "/") + doc.path + "#" + anchor : hereUrl(anchor);
  }

  /* The printed text of a block and what the page's HTML marks in it: terms and OCR marks, by offset. */
  function structureOf(textNode) {
    const terms = [], marks = {};
    let offset = 0;
    (function walk(node, term) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === Node.TEXT_NODE) {
          offset += child.data.length;
        } else if (child.classList.contains("dz-term")) {
          const t0 = { start: offset, id: child.dataset.term, href: child.getAttribute("href") };
          walk(child, t0);
          t0.end = offset;
          terms.push(t0);
        } else if (child.classList.contains("dz-conj") || child.classList.contains("dz-gap")) {
          marks[offset] = { cls: child.className, title: child.title };
          offset += child.textContent.length;
        } else {
          walk(child, term);
        }
      });
    })(textNode);
    return { terms: terms, marks: marks, length: offset };
  }

  const blocks = [];  // {node, anchor, html (as printed), structure}
  function collectBlocks() {
    document.querySelectorAll(".dz-text[data-anchor]").forEach(function (node) {
      blocks.push({ node: node, anchor: node.dataset.anchor, html: node.innerHTML, text: node.textContent,
        structure: structureOf(node) });
    });
  }

  // A line never starts with closing punctuation nor ends with opening punctuation (GB/T 15834, JLREQ): with
  // pinyin on, each word is an unbreakable ruby, so the punctuation is kept with its word by a no-wrap span.
  const CLOSING = /^[。，、；：？！）》」』〕】”’…%·]/;
  const OPENING = /[（《「『〔【“‘]$/;

  function renderBlock(block, data, prefs) {
    const variant = prefs.script === "simplified" ? null : prefs.script;
    const s = block.structure;
    const termAt = {};
    s.terms.forEach(function (term) { termAt[term.start] = term; });
    // units: a whole term, or one word outside terms; each {html, text}
    const units = [];
    let off = 0, term = null, termUnit = null;
    data.t.forEach(function (pair, i) {
      const word = pair[0], py = pair[1];
      if (term && off >= term.end) { units.push(termUnit); term = termUnit = null; }
      if (termAt[off]) {
        term = termAt[off];
        termUnit = { html: '<a class="dz-term" href="' + escapeHtml(term.href) + '" data-term="' + term.id + '">', text: "" };
      }
      let shown = word;
      if (variant) shown = (data[variant] && data[variant][i]) || (variant !== "s2t" && data.s2t[i]) || word;
      let inner = "";
      for (let k = 0; k < shown.length; k++) {
        const mark = shown.length === word.length ? s.marks[off + k] : null;
        inner += mark ? '<span class="' + mark.cls + '" title="' + escapeHtml(mark.title) + '">' + escapeHtml(shown[k]) + "</span>"
          : escapeHtml(shown[k]);
      }
      let html;
      if (prefs.pinyin && py) html = '<ruby class="w" data-i="' + i + '">' + inner + '<rt data-py="' + escapeHtml(py) + '"></rt></ruby>';
      else if (prefs.gloss && py) html = '<span class="w" data-i="' + i + '">' + inner + "</span>";
      else html = inner;
      if (termUnit) { termUnit.html += html; termUnit.text += shown; }
      else units.push({ html: html, text: shown });
      off += word.length;
    });
    if (termUnit) units.push(termUnit);
    units.forEach(function (u) { if (u.html.startsWith("<a ")) u.html += "</a>"; });
    let html = "";
    for (let k = 0; k < units.length;) {
      let end = k + 1;
      if (prefs.pinyin) {
        while (end < units.length && (CLOSING.test(units[end].text) || OPENING.test(units[end - 1].text))) end++;
      }
      const group = units.slice(k, end).map(function (u) { return u.html; }).join("");
      html += end - k > 1 ? '<span class="dz-nb">' + group + "</span>" : group;
      k = end;
    }
    block.node.innerHTML = html;
  }

  /* ---- a search hit's characters, from the address: #<anchor>:hl=<start>-<end>[,<start>-<end>…] ----------
     Offsets count characters (code points) of the block's printed text, end exclusive, as `duizhao search
     --json` gives them. The paragraph is scrolled to and the characters marked; they stay marked when a
     reading aid redraws the text. */
  const HIT_RE = /^#([A-Za-z0-9-]+):hl=(\d+-\d+(?:,\d+-\d+)*)$/;
  let hit = null;  // {anchor, ranges: [[start, end], …]} in code points
  function readHit() {
    const m = HIT_RE.exec(decodeURIComponent(location.hash));
    hit = m ? { anchor: m[1], ranges: m[2].split(",").map(function (r) { return r.split("-").map(Number); }) } : null;
  }
  function markHit() {
    document.querySelectorAll(".dz-landed").forEach(function (n) { n.classList.remove("dz-landed"); });
    document.querySelectorAll("mark.dz-hit").forEach(function (m) {
      const parent = m.parentNode;
      m.replaceWith.apply(m, Array.from(m.childNodes));
      parent.normalize();
    });
    if (!hit) return null;
    const block = blocks.find(function (b) { return b.anchor === hit.anchor; });
    const target = document.getElementById(hit.anchor);
    if (!block || !target) return null;
    target.classList.add("dz-landed");
    const chars = Array.from(block.text);
    const units = function (cp) { return chars.slice(0, cp).join("").length; };  // code points → UTF-16
    const ranges = hit.ranges.filter(function (r) { return r[0] < r[1] && r[1] <= chars.length; })
      .map(function (r) { return [units(r[0]), units(r[1])]; });
    const texts = [];
    const walker = document.createTreeWalker(block.node, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
    let pos = 0;
    texts.forEach(function (node) {
      const a = pos, b = pos + node.data.length;
      pos = b;
      ranges.forEach(function (r) {
        const from = Math.max(r[0], a), to = Math.min(r[1], b);
        if (from >= to) return;
        const range = document.createRange();
        range.setStart(node, from - a);
        range.setEnd(node, to - a);
        const mark = el("mark", { class: "dz-hit", title: t("hitMark") });
        range.surroundContents(mark);
      });
    });
    return block.node.querySelector("mark.dz-hit") || target;
  }
  function landOnHit() {
    const first = markHit();
    if (first) first.scrollIntoView({ block: "center" });
  }

  function applyAids(prefs) {
    const plain = !prefs.pinyin && !prefs.gloss && prefs.script === "simplified";
    document.body.classList.toggle("dz-pinyin-on", prefs.pinyin);
    document.body.classList.toggle("dz-gloss-on", prefs.gloss);
    document.body.classList.toggle("dz-en-on", prefs.translation && doc.translation);
    function shown() {  // once the text is drawn: its language tag, and a mark tests and styles can wait for
      const lang = SCRIPT_LANG[prefs.script] || "zh-Hans";
      document.querySelectorAll(".dz-p, .dz-h, h1#top").forEach(function (node) { node.setAttribute("lang", lang); });
      document.body.dataset.script = prefs.script;
    }
    if (plain) {
      blocks.forEach(function (b) { b.node.innerHTML = b.html; });
      shown();
      markHit();
      return Promise.resolve();
    }
    return loadData(doc.id + ".reading").then(function (DZ) {
      const reading = DZ.reading[doc.id];
      blocks.forEach(function (b) {
        const data = reading[b.anchor];
        const length = data ? data.t.reduce(function (n, p) { return n + p[0].length; }, 0) : -1;
        if (data && length === b.structure.length) renderBlock(b, data, prefs);
      });
      shown();
      markHit();
      document.body.classList.add("dz-aids-ready");
    });
  }

  /* ---- the toolbar of reading aids ------------------------------------------------------------------ */
  function toolbar(prefs) {
    const bar = document.getElementById("dz-toolbar");
    if (!bar) return;
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", t("aids"));
    function toggle(key, label) {
      const button = el("button", { type: "button", class: "dz-toggle", "data-pref": key, "aria-pressed": String(prefs[key]), text: t(label) });
      button.addEventListener("click", function () {
        prefs[key] = !prefs[key];
        button.setAttribute("aria-pressed", String(prefs[key]));
        savePrefs(prefs);
        hidePopup();
        update(prefs);
      });
      return button;
    }
    const select = el("select", { id: "dz-script", "aria-label": t("script") });
    SCRIPTS.forEach(function (s) { select.append(el("option", { value: s, text: t(s) })); });
    select.value = prefs.script;
    select.addEventListener("change", function () {
      prefs.script = select.value;
      savePrefs(prefs);
      hidePopup();
      update(prefs);
    });
    bar.append(toggle("pinyin", "pinyin"), el("label", { class: "dz-select" }, [t("script") + " ", select]),
      toggle("gloss", "gloss"));
    if (doc.translation) bar.append(toggle("translation", "translation"));
    bar.append(el("a", { class: "dz-search-link", href: ROOT + "search.html", text: t("exactSearch") + " →" }));
  }

  function update(prefs) { return applyAids(prefs); }

  /* ---- paragraph and section tools: permalink, copy link, cite, OCR source -------------------------- */
  function toolButton(label, onclick, extra) {
    return el("button", Object.assign({ type: "button", class: "dz-tool", text: t(label), onclick: onclick }, extra || {}));
  }

  function addTools() {
    document.querySelectorAll("p.dz-p[id], .dz-h[id]").forEach(function (node) {
      const anchor = node.id;
      const tools = el("span", { class: "dz-tools", "data-for": anchor });
      tools.append(el("a", { class: "dz-permalink", href: "#" + anchor, title: t("permalink"), text: "¶ " + anchor }));
      tools.append(toolButton("copyLink", function () {
        const url = hereUrl(anchor);
        copyText(url).then(function () { toast(t("copied") + ": " + url); });
      }, { "data-action": "copy-link" }));
      tools.append(toolButton("cite", function (e) { openCite(anchor, e.currentTarget); }, { "data-action": "cite" }));
      if (node.matches("p")) {
        tools.append(toolButton("source", function (e) { toggleSource(node, e.currentTarget); },
          { "data-action": "source", "aria-expanded": "false" }));
        node.after(el("div", { class: "dz-tools-row" }, [tools]));
      } else {
        node.append(tools);
      }
    });
  }

  /* ---- citations -------------------------------------------------------------------------------------- */
  function today() {
    const d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }
  function citation(format, anchor) {
    return doc.cite[format].split("{key}").join(doc.id + ":" + anchor).split("{anchor}").join(anchor)
      .split("{url}").join(citeUrl(anchor)).split("{accessed}").join(today());
  }
  function cslJson(anchor) {  // CSL-JSON: a list of one item, as Zotero and citeproc read it
    const day = today().split("-").map(Number);
    const item = Object.assign({ id: doc.id + ":" + anchor }, doc.csl, { URL: citeUrl(anchor), accessed: { "date-parts": [day] } });
    return JSON.stringify([item], null, 2) + "\n";
  }
  let citeDialog, citeReturn, citeBlobs = [];
  function downloadLink(label, name, type, text) {
    const href = URL.createObjectURL(new Blob([text], { type: type }));
    citeBlobs.push(href);
    return el("a", { class: "dz-tool dz-download", href: href, download: name, "data-download": label, text: t("download") + " " + label });
  }
  function openCite(anchor, opener) {
    citeReturn = opener;
    if (!citeDialog) {
      citeDialog = el("dialog", { id: "dz-cite", class: "dz-dialog", "aria-labelledby": "dz-cite-title" });
      document.body.append(citeDialog);
      citeDialog.addEventListener("close", function () {
        citeBlobs.forEach(function (u) { URL.revokeObjectURL(u); });
        citeBlobs = [];
        if (citeReturn) citeReturn.focus();
      });
    }
    citeDialog.innerHTML = "";
    citeDialog.append(el("h2", { id: "dz-cite-title", text: t("citeTitle") + " · " + anchor }));
    citeDialog.append(el("p", {}, [el("a", { class: "dz-cite-url", href: citeUrl(anchor), text: citeUrl(anchor) })]));
    if (!doc.base) citeDialog.append(el("p", { class: "dz-cite-note", role: "note", text: t("noPublicUrl") }));
    // Nothing is copied until the reader asks: each format has its own copy button.
    const formats = EN ? [["chicago", "Chicago"], ["gbt7714", "GB/T 7714-2015"], ["bibtex", t("plainBibtex")], ["biblatex", "biblatex"]]
      : [["gbt7714", "GB/T 7714-2015"], ["chicago", "Chicago"], ["bibtex", t("plainBibtex")], ["biblatex", "biblatex"]];
    formats.forEach(function (f) {
      const text = citation(f[0], anchor);
      const pre = el("pre", { class: "dz-citation", "data-format": f[0], text: text });
      citeDialog.append(el("section", {}, [
        el("h3", { text: f[1] }), pre,
        toolButton("copy", function () { copyText(text).then(function () { toast(t("copied") + ": " + f[1]); }); },
          { "data-copy": f[0] }),
      ]));
    });
    const file = doc.id + "_" + anchor;
    citeDialog.append(el("section", { class: "dz-downloads" }, [
      el("h3", { text: t("downloadsFor") }),
      downloadLink("RIS", file + ".ris", "application/x-research-info-systems", citation("ris", anchor)),
      " ",
      downloadLink("CSL-JSON", file + ".json", "application/vnd.citationstyles.csl+json", cslJson(anchor)),
    ]));
    citeDialog.append(el("form", { method: "dialog" }, [el("button", { class: "dz-tool", text: t("close") })]));
    citeDialog.showModal();
    citeDialog.querySelector("[data-copy]").focus();
  }

  /* ---- the OCR source view ------------------------------------------------------------------------------ */
  function visible(s) { return s.replace(/ /g, "␣").replace(/\n/g, "↵"); }
  function cell(label, attrs, children) {  // data-label: the column's name, shown on phones where rows stack
    return el("td", Object.assign({ "data-label": t(label) }, attrs || {}), children || []);
  }
  function toggleSource(paragraph, button) {
    const id = "src-" + paragraph.id;
    const open = document.getElementById(id);
    if (open) {
      open.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    loadData(doc.id + ".source").then(function (DZ) {
      const source = DZ.source[doc.id];
      const src = source.blocks[paragraph.id];
      if (!src) return;
      const first = src.lines[0], last = src.lines[1];
      const raw = source.raw[src.page];  // a document made of several pages keeps each page's raw text
      const panel = el("div", { id: id, class: "dz-source", role: "region", "aria-label": t("source") + " " + paragraph.id });
      panel.append(el("h4", { text: t("rawLines", { a: first, b: last }) }));
      panel.append(el("p", { class: "dz-source-hint" }, [t("wholePage") + " · ",
        el("a", { href: src.page + ".ocr.html#L" + first, class: "dz-raw-view", text: t("rawView") })]));
      // the whole raw page, in a box of its own that scrolls; this paragraph's lines marked and scrolled to
      const pre = el("pre", { class: "dz-raw", lang: "zh-Hans", tabindex: "0", "aria-label": t("rawLines", { a: 1, b: raw.length }) });
      raw.forEach(function (line, k) {
        const n = k + 1;
        pre.append(el("span", { class: "dz-line" + (n >= first && n <= last ? " dz-here" : ""), "data-line": String(n) }, [
          el("span", { class: "dz-lineno", text: String(n) }), el("span", { class: "dz-linetext", text: line + "\n" })]));
      });
      panel.append(pre);
      if (src.more) {  // a paragraph cut by the page break goes on on the next page
        panel.append(el("p", { class: "dz-source-hint" }, [el("a", { href: src.more.page + ".ocr.html#L" + src.more.lines[0],
          class: "dz-raw-view", text: t("rawLines", { a: src.more.lines[0], b: src.more.lines[1] }) + " · " + src.more.page })]));
      }
      panel.append(el("h4", { text: t("edits") + " (" + src.edits.length + ")" }));
      const interesting = src.edits.filter(function (e) { return e.kind !== "unwrap"; });
      const table = el("table", { class: "dz-edits" });
      table.append(el("thead", {}, [el("tr", {}, ["kind", "where", "change", "certainty", "note"].map(function (k) {
        return el("th", { text: t(k) });
      }))]));
      const body = el("tbody");
      interesting.forEach(function (e) {
        const note = e.who ? e.who + ": " + (e.why || "") : (e.note_shown || "");  // a reviewer's correction: who and why
        body.append(el("tr", { class: "dz-edit-" + e.kind, "data-kind": e.kind }, [
          cell("kind", { class: "dz-kind" }, [e.label]), cell("where", {}, [e.line + ":" + e.column]),
          cell("change", { lang: "zh-Hans" }, [el("code", { text: visible(e.before) }), " → ", el("code", { text: visible(e.after) || "∅" })]),
          cell("certainty", {}, [e.certainty == null ? "" : String(e.certainty)]),
          cell("note", e.note_lang ? { lang: e.note_lang, class: "dz-note" } : { class: "dz-note" }, [note]),
        ]));
      });
      const unwraps = src.edits.length - interesting.length;
      if (unwraps) {
        body.append(el("tr", { "data-kind": "unwrap" }, [cell("kind", { class: "dz-kind" }, [t("unwrapRow")]),
          cell("where", {}, ["×" + unwraps]), el("td", { colspan: "3", class: "dz-note", text: t("unwrapNote") })]));
      }
      table.append(body);
      panel.append(table);
      paragraph.nextElementSibling.after(panel);
      const here = pre.querySelector(".dz-here");
      if (here) pre.scrollTop = here.offsetTop - 8;  // the box is position:relative
      button.setAttribute("aria-expanded", "true");
    });
  }

  /* ---- popups: glossary terms and word glosses --------------------------------------------------------- */
  let popup, popupFor;
  function ensurePopup() {
    if (!popup) {
      popup = el("div", { id: "dz-popup", class: "dz-popup", role: "tooltip", hidden: "" });
      document.body.append(popup);
    }
    return popup;
  }
  function placePopup(target) {
    const r = target.getBoundingClientRect();
    const width = Math.min(352, document.documentElement.clientWidth - 16);
    popup.style.maxWidth = width + "px";
    let left = r.left + window.scrollX;
    left = Math.max(8 + window.scrollX, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
    popup.style.left = left + "px";
    popup.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function hidePopup() {
    if (popup) popup.hidden = true;
    if (popupFor) popupFor.removeAttribute("aria-describedby");
    popupFor = null;
  }
  function showTerm(link) {
    return loadData("glossary").then(function (DZ) {
      const term = DZ.glossary.terms[link.dataset.term];
      if (!term) return;
      ensurePopup().innerHTML = "";
      popup.append(
        el("div", { class: "dz-popup-term", lang: "zh-Hans", text: term.zh }),
        el("div", { class: "dz-popup-pinyin", lang: "zh-Latn-pinyin", text: term.py }),
        el("div", { class: "dz-popup-en", lang: "en", text: term.en }),
        el("p", { class: "dz-popup-ex", lang: EN ? "en" : "zh-Hans", text: EN ? term.ex_en : term.ex_zh }));
      if (term.status !== "verified") popup.append(el("p", { class: "dz-popup-status", text: t("unverified") }));
      popup.append(el("a", { href: link.getAttribute("href"), text: t("glossaryPage") + " →" }));
      popup.dataset.kind = "term";
      popup.hidden = false;
      popupFor = link;
      link.setAttribute("aria-describedby", "dz-popup");
      placePopup(link);
    });
  }
  function showGloss(word) {
    const block = blocks.find(function (b) { return b.node.contains(word); });
    const data = window.DZ && window.DZ.reading && window.DZ.reading[doc.id][block.anchor];
    const simplified = data.t[Number(word.dataset.i)][0];
    const reading = data.t[Number(word.dataset.i)][1];
    const bare = function (py) { return py.toLowerCase().replace(/[\s'’]/g, ""); };
    return loadData("cedict").then(function (DZ) {
      const dict = DZ.cedict.words;
      ensurePopup().innerHTML = "";
      popup.append(el("div", { class: "dz-popup-term", lang: "zh-Hans", text: simplified }));
      let entries = dict[simplified];
      let parts = [simplified];
      if (!entries) {  // the longest dictionary words inside it, as the build's subset keeps them
        parts = [];
        for (let k = 0; k < simplified.length;) {
          let end = simplified.length;
          while (end > k + 1 && !dict[simplified.slice(k, end)]) end--;
          parts.push(simplified.slice(k, end));
          k = end;
        }
      }
      parts.forEach(function (p) {
        // the dictionary's entries: those read as the word is read here first, surnames and mere variants
        // ("aside") always last; otherwise the build's order (common senses first)
        const rank = function (e) { return (e.aside ? 2 : 0) + (p === simplified && bare(e.pinyin) === bare(reading) ? 0 : 1); };
        const entries = (dict[p] || []).slice().sort(function (a, b) { return rank(a) - rank(b); });
        entries.slice(0, 3).forEach(function (e) {
          popup.append(el("div", { class: "dz-popup-pinyin", lang: "zh-Latn-pinyin", text: (parts.length > 1 ? p + " " : "") + e.pinyin }),
            el("div", { class: "dz-popup-en", lang: "en", text: e.definitions.slice(0, 4).join("; ") }));
        });
        if (!dict[p]) popup.append(el("p", { class: "dz-popup-ex", text: p + ": " + t("notInDict") }));
      });
      popup.append(el("p", { class: "dz-popup-credit", text: t("cedictCredit") }));
      popup.dataset.kind = "gloss";
      popup.hidden = false;
      popupFor = word;
      placePopup(word);
    });
  }

  function wirePopups(prefs) {
    const article = document.querySelector("article") || document.body;
    article.addEventListener("mouseover", function (e) {
      const link = e.target.closest && e.target.closest("a.dz-term");
      if (link && link !== popupFor && !prefs.gloss) showTerm(link);
    });
    article.addEventListener("focusin", function (e) {
      if (e.target.matches && e.target.matches("a.dz-term")) showTerm(e.target);
    });
    article.addEventListener("focusout", function (e) {
      if (e.target.matches && e.target.matches("a.dz-term") && !(popup && popup.contains(e.relatedTarget))) {
        setTimeout(function () { if (!popup.contains(document.activeElement)) hidePopup(); }, 0);
      }
    });
    article.addEventListener("click", function (e) {
      const word = prefs.gloss && e.target.closest && e.target.closest(".w");
      if (word) {  // in gloss mode a tap explains the word, even inside a term
        e.preventDefault();
        showGloss(word);
        return;
      }
      const link = e.target.closest && e.target.closest("a.dz-term");
      if (link && !(popupFor === link && popup && !popup.hidden && popup.dataset.kind === "term")) {
        e.preventDefault();  // first tap shows what the term means; a second tap follows the link
        showTerm(link);
      }
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hidePopup(); });
    document.addEventListener("click", function (e) {
      if (popup && !popup.hidden && !popup.contains(e.target) && !(popupFor && popupFor.contains(e.target))) hidePopup();
    });
  }

  /* ---- a copy of the reading text is the Chinese text only ----------------------------------------------- */
  function wireCopy() {
    document.addEventListener("copy", function (e) {
      const sel = window.getSelection();
      if (!sel.rangeCount || !document.querySelector(".dz-p")) return;
      const box = document.createElement("div");
      for (let k = 0; k < sel.rangeCount; k++) box.append(sel.getRangeAt(k).cloneContents());
      if (!box.querySelector("rt, .dz-tools, .dz-tools-row, .dz-source, .dz-en")) return;
      box.querySelectorAll("rt, .dz-tools, .dz-tools-row, .dz-source, .dz-en").forEach(function (n) { n.remove(); });
      box.querySelectorAll("p, h2, h3").forEach(function (n) { n.append("\n"); });
      e.clipboardData.setData("text/plain", box.textContent.replace(/\n{2,}/g, "\n").trim());
      e.preventDefault();
    });
  }

  /* ---- the interface-language switch keeps the reader on the same page (also from file://) ------------------ */
  function wireLanguageSwitch() {
    const here = location.href.split("#")[0];
    if (!ROOT || !here.startsWith(ROOT)) return;
    const rel = here.slice(ROOT.length);
    const siteRoot = EN ? ROOT.replace(/en\/$/, "") : ROOT;
    document.querySelectorAll("a[hreflang]").forEach(function (a) {
      const target = a.getAttribute("hreflang") === "en" ? siteRoot + "en/" + rel : siteRoot + rel;
      a.setAttribute("href", target + location.hash);
      a.addEventListener("click", function (e) {
        e.stopImmediatePropagation();
        e.preventDefault();
        location.href = target + location.hash;
      }, true);
    });
  }

  function start() {
    wireLanguageSwitch();
    if (!doc) return;
    const prefs = loadPrefs();
    collectBlocks();
    toolbar(prefs);
    addTools();
    wirePopups(prefs);
    wireCopy();
    readHit();
    update(prefs).then(function () {
      landOnHit();
      document.body.classList.add("dz-ready");
    });
    window.addEventListener("hashchange", function () { readHit(); landOnHit(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
