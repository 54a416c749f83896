"""Terms across time on the site: each term page's per-year chart (SVG drawn here, at build time, with a table
beside it) and the data of the "terms over time" comparison page (assets/duizhao/data/timelines.js, loaded by
that page only).

A term's use in a year is the number of its occurrences the annotator tagged in that year's documents: the
occurrences its concordance lists, in either script. `duizhao timeline` counts a query string instead (every
substring hit), so for a term printed inside a longer term the two may differ.
"""
from __future__ import annotations

from html import escape

from build_scripts.archive import Archive
from build_scripts.search.kwic import page_path
from build_scripts.search.timeline import Timeline, Use, make_timeline
from build_scripts.site.ui import t

WIDTH, HEIGHT = 720, 170  # the SVG's own units; it is drawn at the width of the page
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 12, 24


def term_timelines(archive: Archive) -> dict[str, Timeline]:
    """Every glossary term → its timeline over the archive (annotated occurrences, by the document's year)."""
    years = {doc.id: doc.year for doc in archive.docs}
    uses: dict[str, list[Use]] = {term.id: [] for term in archive.glossary}
    block_order: dict[tuple[str, str], int] = {}
    for order, doc in enumerate(archive.docs):
        for place, block in enumerate(doc.blocks):
            block_order[(doc.id, block.anchor)] = place
            for occ in block.occurrences:
                uses.setdefault(occ.term_id, []).append(Use(doc.id, block.anchor, occ.start, order))
    return {term.id: make_timeline(term.term, uses[term.id], years, block_order, term.id) for term in archive.glossary}


def _year_span(rows: list[dict]) -> tuple[int, int]:
    years = [row["year"] for row in rows]
    return (min(years), max(years)) if years else (0, 0)


def chart_svg(tl: Timeline, lang: str) -> str:
    """A bar per year of use; a dot on the axis for a year whose reports do not use the term; nothing for a
    year with no report in the archive. Each bar carries its figure as a tooltip (<title>)."""
    rows = tl.by_year
    first, last = _year_span(rows)
    span = max(1, last - first + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / span
    peak = max((row["hits"] for row in rows), default=0) or 1
    base = TOP + plot_h
    label = t("chart_label", lang, term=tl.query, total=tl.totals.get("hits", 0))
    out = [f'<svg class="dz-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
           f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(label)}</title>",
           f'<line class="dz-chart-axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>',
           f'<text class="dz-chart-tick" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{peak}</text>',
           f'<text class="dz-chart-tick" x="{LEFT - 4}" y="{base}" text-anchor="end">0</text>']
    for decade in range((first // 10 + 1) * 10 if first % 10 else first, last + 1, 10):
        x = LEFT + (decade - first + 0.5) * step
        out.append(f'<text class="dz-chart-tick" x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle">{decade}</text>')
    for row in rows:
        x = LEFT + (row["year"] - first) * step
        tip = escape(t("chart_bar", lang, year=row["year"], n=row["hits"], docs=row["archive_documents"]))
        if row["hits"]:
            h = max(1.5, row["hits"] / peak * plot_h)
            out.append(f'<rect class="dz-chart-bar" x="{x + step * 0.12:.1f}" y="{base - h:.1f}" '
                       f'width="{step * 0.76:.1f}" height="{h:.1f}"><title>{tip}</title></rect>')
        else:
            out.append(f'<circle class="dz-chart-none" cx="{x + step / 2:.1f}" cy="{base}" r="1.8">'
                       f"<title>{tip}</title></circle>")
    out.append("</svg>")
    return "".join(out)


def _use_link(use: dict | None, lang: str) -> str:
    if not use:
        return t("unknown", lang)
    href = "../" + page_path(use["doc_id"], use["anchor"])
    return f'<a href="{href}">{use["year"]} · {escape(use["doc_id"])} §{escape(use["anchor"])}</a>'


def timeline_section(tl: Timeline, lang: str, raw=None) -> list[str]:
    """The term page's "use over time": chart, first and last use, and the figures as a table. With `raw` (a
    site.raw_html.RawBlocks), all but the heading go there: the chart is hundreds of SVG elements."""
    body = timeline_body(tl, lang)
    heading = [f"## {t('over_time', lang)} {{: #over-time data-search-exclude }}", ""]
    return heading + ([raw.mark("\n".join(body)), ""] if raw is not None else body)


def timeline_body(tl: Timeline, lang: str) -> list[str]:
    out = ['<figure class="dz-timeline">', chart_svg(tl, lang),
           f'<figcaption>{t("chart_caption", lang)}</figcaption>', "</figure>", "",
           '<dl class="dz-term-facts">',
           f'<dt>{t("first_use", lang)}</dt><dd>{_use_link(tl.first, lang)}</dd>',
           f'<dt>{t("last_use", lang)}</dt><dd>{_use_link(tl.last, lang)}</dd>',
           f'<dt>{t("years_in_use", lang)}</dt><dd>{sum(1 for r in tl.by_year if r["hits"])} / {len(tl.by_year)}</dd>',
           "</dl>", "",
           f'<p><a href="../terms-over-time.html?terms={escape(tl.term_id or "")}">{t("compare_link", lang)}</a></p>',
           "", f'<details class="dz-timeline-table"><summary>{t("chart_table", lang)}</summary>',
           f'<table><thead><tr><th>{t("year", lang)}</th><th>{t("uses", lang)}</th><th>{t("paragraphs", lang)}</th>'
           f'<th>{t("reports", lang)}</th></tr></thead><tbody>']
    for row in tl.by_year:
        out.append(f'<tr><td>{row["year"]}</td><td>{row["hits"]}</td><td>{row["blocks"]}</td>'
                   f'<td>{row["documents"]} / {row["archive_documents"]}</td></tr>')
    out += ["</tbody></table></details>", ""]
    return out


def comparison_data(archive: Archive, timelines: dict[str, Timeline]) -> dict:
    """What the comparison page draws: the archive's years (with their number of documents and characters)
    and, per term, its non-zero years as [year index, uses] and its first and last use."""
    years = sorted({doc.year for doc in archive.docs if doc.year is not None})
    index = {y: i for i, y in enumerate(years)}
    docs = [0] * len(years)
    chars = [0] * len(years)
    for doc in archive.docs:
        if doc.year is not None:
            docs[index[doc.year]] += 1
            chars[index[doc.year]] += sum(len(b.text or "") for b in doc.blocks)
    terms = {}
    for term in archive.glossary:
        tl = timelines[term.id]
        use = lambda u: [u["year"], u["doc_id"], u["anchor"]] if u else None  # noqa: E731
        terms[term.id] = {"zh": term.term, "py": term.pinyin, "en": term.en["text"],
                          "c": [[index[r["year"]], r["hits"]] for r in tl.by_year if r["hits"] and r["year"] in index],
                          "f": use(tl.first), "l": use(tl.last)}
    return {"years": years, "docs": docs, "chars": chars, "terms": terms}
