"""Citations of a document, a section or a paragraph: Chicago, GB/T 7714-2015 and BibTeX.

Built from the page's metadata sidecar only. What the sidecar leaves unknown (the newspaper's name, its
printing date) is left out or said to be unknown, never guessed. `{anchor}`, `{url}` and `{accessed}` are
filled in by the site's script when the reader asks for the citation, so one template serves every paragraph.
"""
from __future__ import annotations

import datetime as dt

from build_scripts.model import Document
from build_scripts.search.kwic import link

PLACEHOLDERS = ("{anchor}", "{url}", "{accessed}")


def page_url(site_url: str, doc_id: str) -> str:
    """The stable address of a document's reading page (the same one `duizhao search` links to)."""
    return link(site_url, doc_id)


def anchor_url(site_url: str, doc_id: str, anchor: str) -> str:
    return link(site_url, doc_id, anchor)


def _get(meta: dict, *keys):
    for key in keys:
        meta = (meta or {}).get(key) if isinstance(meta, dict) else None
    return meta


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def citation_templates(doc: Document) -> dict[str, str]:
    """Chicago (notes-bibliography, English), GB/T 7714-2015 (Chinese) and BibTeX, with placeholders."""
    m = doc.metadata
    issuer_zh, issuer_en = _get(m, "document", "issuer", "zh"), _get(m, "document", "issuer", "en")
    title_zh, title_en = _get(m, "title", "zh"), _get(m, "title", "en")
    speaker_zh, speaker_en = _get(m, "document", "speaker", "zh"), _get(m, "document", "speaker", "en")
    occasion_zh, occasion_en = _get(m, "document", "occasion", "zh"), _get(m, "document", "occasion", "en")
    delivered = _date(_get(m, "document", "delivered"))
    paper_zh, paper_en = _get(m, "publication", "name", "zh"), _get(m, "publication", "name", "en")
    printed = _date(_get(m, "publication", "date"))
    page = _get(m, "publication", "page")

    # Chicago: author. "Title" [original]. Occasion, date. Printing. Locator. Archive. URL (accessed …).
    parts = []
    if issuer_en:
        parts.append(f"{issuer_en}.")
    title = f"“{title_en}”" if title_en else ""
    if title_zh:
        title += f" [{title_zh}]" if title else title_zh
    parts.append(f"{title}.")
    delivered_en = f"{delivered:%B} {delivered.day}, {delivered.year}" if delivered else None
    if speaker_en or occasion_en or delivered_en:
        said = "Delivered" + (f" by {speaker_en}" if speaker_en else "") + (f" at the {occasion_en}" if occasion_en else "")
        parts.append(said + (f", {delivered_en}." if delivered_en else "."))
    printing = (paper_en or paper_zh or "Newspaper of unknown title")
    if printed:
        printing += f", {printed:%B} {printed.day}, {printed.year}"
    parts.append(printing + (f", page {page}." if page else "."))
    parts.append("§ {anchor}. 对照 duizhao archive. {url} (accessed {accessed}).")
    chicago = " ".join(parts)

    # GB/T 7714-2015: 主要责任者. 题名: 其他题名信息[文献类型标志/OL]. 出处. (出版日期)[引用日期]. 获取路径.
    other = ""
    if delivered or occasion_zh or speaker_zh:
        other = ": " + "".join([
            f"{delivered.year}年{delivered.month}月{delivered.day}日" if delivered else "",
            f"在{occasion_zh}上" if occasion_zh else "",
            f" {speaker_zh}" if speaker_zh else "",
        ]).strip()
    gbt = f"{issuer_zh or '[责任者不详]'}. {title_zh}{other}[R/OL]. "
    gbt += f"{paper_zh or '[报纸名称不详]'}"
    gbt += f", {printed.isoformat()}" if printed else ""
    gbt += f": 第{page}版" if page else ""
    gbt += ", § {anchor}"
    gbt += f". ({delivered.isoformat()})" if delivered else "."
    gbt += "[{accessed}]. {url}."

    # BibTeX: @misc, braces protect capitals and Chinese; unknown fields are omitted.
    fields = [("author", f"{{{issuer_en}}}" if issuer_en else None),
              ("title", f"{title_en} [{title_zh}]" if title_en else title_zh),
              ("howpublished", (f"Delivered by {speaker_en}" if speaker_en else "") +
               (f" at the {occasion_en}" if occasion_en else "") or None),
              ("year", str(delivered.year) if delivered else None),
              ("month", f"{delivered:%b}".lower() if delivered else None),
              ("note", f"{paper_en or 'Newspaper of unknown title'}, page {page}, § {{anchor}}"
               if page else "§ {anchor}"),
              ("url", "{url}"),
              ("urldate", "{accessed}")]
    body = ",\n".join(f"  {k} = {{{v}}}" if k != "month" else f"  {k} = {v}" for k, v in fields if v)
    bibtex = f"@misc{{{doc.id}:{{anchor}},\n{body}\n}}"
    return {"chicago": chicago, "gbt7714": gbt, "bibtex": bibtex}


def fill(template: str, anchor: str, url: str, accessed: str) -> str:
    """What the site's script does with a template (kept here so it is tested once, in Python)."""
    return template.replace("{anchor}", anchor).replace("{url}", url).replace("{accessed}", accessed)
