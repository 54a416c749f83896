"""The glossary index (by category and in pinyin order) and one page per term, with its renderings and their
sources, its components, and a keyword-in-context concordance of every occurrence."""
from __future__ import annotations

import json
import unicodedata
from html import escape

from build_scripts.archive import Archive
from build_scripts.terms.glossary import RENDERING, Term, rendering_kind, traditional
from build_scripts.search.kwic import page_path
from build_scripts.site.raw_html import RawBlocks
from build_scripts.site.ui import CATEGORIES, category, level, t


def term_path(term_id: str) -> str:
    return f"glossary/{term_id}.md"


def pinyin_key(term: Term) -> tuple:
    """Alphabetical by toneless pinyin, then by tone (ā before á), as pinyin dictionaries order entries."""
    letters = "".join(c for c in unicodedata.normalize("NFD", term.pinyin.lower()) if c.isalnum())
    tones = [unicodedata.normalize("NFD", c) for c in term.pinyin.lower()]
    return (letters, tones, term.term)


def keyword_in_context(text: str, start: int, end: int, width: int = 24) -> tuple[str, str, str]:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return (("…" if start > width else "") + left, text[start:end], right + ("…" if end + width < len(text) else ""))


def concordance(archive: Archive, term_id: str) -> list[dict]:
    rows = []
    for doc, block, occ in archive.term_uses.get(term_id, []):
        left, hit, right = keyword_in_context(block.text, occ.start, occ.end)
        rows.append({"doc": doc.id, "anchor": block.anchor, "left": left, "hit": hit, "right": right})
    return rows


def _status(term: Term, lang: str) -> str:
    key = "status_verified" if term.status == "verified" else "status_unverified"
    return f'<span class="dz-status dz-status-{"ok" if term.status == "verified" else "unverified"}">{t(key, lang)}</span>'


def _source_html(source: dict | None, lang: str) -> str:
    if not source:
        return f'<em>{t("no_source", lang)}</em>'
    bits = [escape(source.get("publisher") or "")]
    if source.get("title"):
        bits.append(f"<cite>{escape(source['title'])}</cite>")
    if source.get("date"):
        bits.append(escape(str(source["date"])))
    if source.get("url"):
        bits.append(f'<a href="{escape(source["url"])}" rel="noreferrer noopener">{escape(source["url"])}</a>')
    quote = f'<blockquote lang="en">{escape(source["quote"])}</blockquote>' if source.get("quote") else ""
    return ". ".join(b for b in bits if b) + quote


def _kind_mark(alternate: dict, lang: str) -> str:
    """An alternate that is not a rendering of the name says what it is: gloss, variant, unofficial."""
    kind = rendering_kind(alternate)
    return "" if kind == RENDERING else f' <span class="dz-rendering-kind">({t("kind_" + kind, lang)})</span>'


def rendering_dates(term: Term, lang: str) -> list[str]:
    """Which rendering was used when: every rendering by its source's date, the preferred one marked."""
    out = [f'<p class="dz-rendering-dates-title"><strong>{t("rendering_dates", lang)}</strong></p>',
           '<ul class="dz-rendering-dates">']
    for date, rendering, preferred in term.dated_renderings():
        source = rendering.get("source") or {}
        when = escape(date) if date else t("undated", lang)
        mark = f' ({t("preferred", lang)})' if preferred else _kind_mark(rendering, lang)
        who = f' — {escape(source["publisher"])}' if source.get("publisher") else ""
        out.append(f'<li><time>{when}</time> <span lang="en">{escape(rendering["text"])}</span>{mark}{who}</li>')
    return out + ["</ul>", ""]


def term_markdown(archive: Archive, term: Term, lang: str, timeline=None, raw: RawBlocks | None = None,
                  rows: list[dict] | None = None) -> str:
    """The term's page; `timeline` (build_scripts/site/timelines.py) adds its chart of use over the years. With
    `raw`, the concordance table goes there (raw_html.py): it has a row per use, thousands for some terms.
    `rows`: its concordance, where the caller has it already."""
    rows = concordance(archive, term.id) if rows is None else rows
    out = ["---", f"title: {json.dumps(term.term + ' ' + term.en['text'], ensure_ascii=False)}", "---", "",
           f'# <span lang="zh-Hans">{escape(term.term)}</span> {{: #top }}', "",
           f'<p lang="zh-Hans">{escape(term.explanation_zh)}</p>', "",
           f'<p lang="en">{escape(term.explanation_en)}</p>', "",
           # Pinyin, traditional forms and renderings stay out of Material's search index: its results show
           # the printed text, never reading aids (exact search covers pinyin, traditional and English).
           f"## {t('reading', lang)} {{: #reading data-search-exclude }}", "",
           '<dl class="dz-term-facts">',
           f'<dt>{t("pinyin", lang)}</dt><dd lang="zh-Latn-pinyin">{escape(term.pinyin)}</dd>',
           f'<dt>{t("traditional", lang)}</dt><dd lang="zh-Hant">{escape(traditional(term.term))}</dd>',
           f'<dt>{t("english", lang)}</dt><dd lang="en">{escape(term.en["text"])} {_status(term, lang)}</dd>',
           f'<dt>{t("level", lang)}</dt><dd>{level(term.level, lang)}</dd>',
           f'<dt>{t("by_category", lang)}</dt><dd>{category(term.category, lang)}</dd>']
    if term.variants:
        out.append(f'<dt>{t("variants", lang)}</dt><dd lang="zh-Hans">{escape("、".join(term.variants))}</dd>')
    out += ["</dl>", ""]
    out += [f"## {t('renderings', lang)} {{: #renderings data-search-exclude }}", "", '<ol class="dz-renderings">',
            f'<li><strong lang="en">{escape(term.en["text"])}</strong> ({t("preferred", lang)}). '
            f'{_source_html(term.en.get("source"), lang)}</li>']
    for alt in term.en_alternates:
        out.append(f'<li><span lang="en">{escape(alt["text"])}</span> ({t("alternate", lang)}){_kind_mark(alt, lang)}. '
                   f'{_source_html(alt.get("source"), lang)}</li>')
    out += ["</ol>", ""]
    if term.en_alternates:
        out += rendering_dates(term, lang)
    if term.note:
        out += [f'<p class="dz-note"><strong>{t("note", lang)}:</strong> <span lang="en">{escape(term.note)}</span></p>', ""]
    if term.components:
        out += [f"## {t('components', lang)} {{: #components data-search-exclude }}", "", '<ol class="dz-components">']
        out += [f'<li><span lang="zh-Hans">{escape(c.get("zh", ""))}</span> — <span lang="en">{escape(c.get("en", ""))}</span></li>'
                for c in term.components]
        out += ["</ol>", ""]
    if timeline is not None:
        from build_scripts.site.timelines import timeline_section

        out += timeline_section(timeline, lang, raw)
    # The concordance repeats the reading text: it stays out of Material's search index (exact search has it).
    out += [f"## {t('concordance', lang)} {{: #concordance data-search-exclude }}", "",
            f'<p>{t("occurrences", lang, n=len(rows))}</p>', ""]
    table = ['<table class="dz-kwic"><tbody>']
    for row in rows:
        href = "../" + page_path(row["doc"], row["anchor"])
        table.append(f'<tr><td class="dz-kwic-left" lang="zh-Hans">{escape(row["left"])}</td>'
                     f'<td class="dz-kwic-hit" lang="zh-Hans"><mark>{escape(row["hit"])}</mark></td>'
                     f'<td class="dz-kwic-right" lang="zh-Hans">{escape(row["right"])}</td>'
                     f'<td><a href="{href}">{row["anchor"]}</a></td></tr>')
    table.append("</tbody></table>")
    out += [raw.mark("\n".join(table)) if raw is not None else "\n".join(table), ""]
    return "\n".join(out)


def _term_row(archive: Archive, term: Term, lang: str, counts: dict[str, int]) -> str:
    return (f'<tr><td lang="zh-Hans"><a href="{term.id}.html">{escape(term.term)}</a></td>'
            f'<td lang="zh-Latn-pinyin">{escape(term.pinyin)}</td><td lang="en">{escape(term.en["text"])}</td>'
            f'<td>{_status(term, lang)}</td><td>{counts.get(term.id, 0)}</td></tr>')


def index_markdown(archive: Archive, lang: str) -> str:
    counts = {term_id: len(uses) for term_id, uses in archive.term_uses.items()}
    head = (f'<thead><tr><th>{t("term", lang)}</th><th>{t("pinyin", lang)}</th><th>{t("english", lang)}</th>'
            f'<th></th><th>{t("occurrences", lang, n="").strip()}</th></tr></thead>')
    terms = list(archive.glossary)
    verified = sum(1 for x in terms if x.status == "verified")
    intro = (f"{len(terms)} 个术语，{verified} 个已核实译法来源，{len(terms) - verified} 个含义未核实（英文为直译）。"
             if lang == "zh" else
             f"{len(terms)} terms: {verified} with a verified source for their English, "
             f"{len(terms) - verified} whose meaning is unverified (literal rendering).")
    out = ["---", f"title: {t('glossary', lang)}", "---", "", f"# {t('glossary', lang)}", "", intro, "",
           f"## {t('by_category', lang)} {{: #by-category data-search-exclude }}", ""]
    for key in CATEGORIES:
        members = sorted((x for x in terms if x.category == key), key=pinyin_key)
        if not members:
            continue
        out += [f"### {category(key, lang)} {{: #{key} data-search-exclude }}", "", f'<table class="dz-glossary">{head}<tbody>']
        out += [_term_row(archive, x, lang, counts) for x in members]
        out += ["</tbody></table>", ""]
    # The tables hold pinyin and renderings: kept out of Material's search, like the term pages' facts.
    out += [f"## {t('by_pinyin', lang)} {{: #by-pinyin data-search-exclude }}", "", f'<table class="dz-glossary">{head}<tbody>']
    out += [_term_row(archive, x, lang, counts) for x in sorted(terms, key=pinyin_key)]
    out += ["</tbody></table>", ""]
    return "\n".join(out)


def glossary_data(archive: Archive) -> dict:
    """What a term popup shows, for every term (assets/duizhao/data/glossary.js)."""
    return {x.id: {"zh": x.term, "py": x.pinyin, "en": x.en["text"], "ex_en": x.explanation_en,
                   "ex_zh": x.explanation_zh, "status": x.status} for x in archive.glossary}
