"""Citations of a document, a section or a paragraph: Chicago, GB/T 7714-2015, BibTeX, biblatex, RIS, CSL-JSON,
and the `citation_*` meta tags that Zotero and Google Scholar read from the reading page.

Built from the page's metadata sidecar only. What the sidecar leaves unknown (the newspaper's name, its printing
date) is left out, never guessed: the delivery date of a report is not the date a newspaper printed it.

Two kinds of source:
- the newspaper's name is known: a newspaper article (GB/T [N/OL], RIS NEWS, CSL article-newspaper), dated by
  its printing, with its page;
- it is not: the report itself (GB/T [R/OL], RIS RPRT, CSL report), dated by its delivery, issued by its issuer.

`{anchor}`, `{url}` and `{accessed}` are filled in by the site's script when the reader asks for the citation,
so one template serves every paragraph; `fill` below does the same in Python.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from build_scripts.model import Document
from build_scripts.search.kwic import link

PLACEHOLDERS = ("{anchor}", "{url}", "{accessed}")


def page_url(site_url: str | None, doc_id: str) -> str:
    """The stable address of a document's reading page (the same one `duizhao search` links to); relative to
    the site's root when the site has no public address yet."""
    return link(site_url or None, doc_id)


def anchor_url(site_url: str | None, doc_id: str, anchor: str) -> str:
    return link(site_url or None, doc_id, anchor)


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


class Source:
    """The sidecar's facts a citation may use; None where unknown."""

    def __init__(self, doc: Document):
        m = doc.metadata
        self.id = doc.id
        self.issuer_zh, self.issuer_en = _get(m, "document", "issuer", "zh"), _get(m, "document", "issuer", "en")
        self.title_zh, self.title_en = _get(m, "title", "zh"), _get(m, "title", "en")
        self.speaker_zh, self.speaker_en = _get(m, "document", "speaker", "zh"), _get(m, "document", "speaker", "en")
        self.occasion_zh = _get(m, "document", "occasion", "zh")
        self.occasion_en = _get(m, "document", "occasion", "en")
        self.delivered = _date(_get(m, "document", "delivered"))
        self.paper_zh, self.paper_en = _get(m, "publication", "name", "zh"), _get(m, "publication", "name", "en")
        self.printed = _date(_get(m, "publication", "date"))
        # a document made of several pages is cited by their range (its pages' numbers: see assemble.py)
        pages = [n for n in (_get(m, "publication", "pages") or []) if n]
        self.page = _get(m, "publication", "page") or (f"{pages[0]}–{pages[-1]}" if len(pages) > 1 else
                                                         (pages[0] if pages else None))
        self.language = m.get("language") or "zh-Hans"

    @property
    def in_newspaper(self) -> bool:
        """Cited as a newspaper article only when the newspaper is known; otherwise as the report itself."""
        return bool(self.paper_zh or self.paper_en)

    @property
    def date(self) -> dt.date | None:
        """The date a citation gives: the printing for a newspaper article, the delivery for a report."""
        return self.printed if self.in_newspaper else self.delivered

    def subtitle_zh(self) -> str:
        """The report's printed subtitle, without its speaker: 2020年4月21日在…会议上."""
        d = self.delivered
        return (f"{d.year}年{d.month}月{d.day}日" if d else "") + (f"在{self.occasion_zh}上" if self.occasion_zh else "")

    def delivered_en(self) -> str | None:
        d = self.delivered
        return f"{d:%B} {d.day}, {d.year}" if d else None

    def delivery_en(self) -> str:
        """Delivered by …, at the …, on …: what is known of it."""
        said = "Delivered" + (f" by {self.speaker_en}" if self.speaker_en else "")
        said += f" at the {self.occasion_en}" if self.occasion_en else ""
        said += f", {self.delivered_en()}" if self.delivered else ""
        return said if said != "Delivered" else ""


def chicago(s: Source) -> str:
    """Chicago notes-bibliography (English): author. "Title" [original]. Delivery. Printing. Locator. URL."""
    parts = [f"{s.issuer_en}."] if s.issuer_en else []
    title = f"“{s.title_en}”" if s.title_en else ""
    if s.title_zh:
        title += f" [{s.title_zh}]" if title else s.title_zh
    parts.append(f"{title}.")
    if s.delivery_en():
        parts.append(s.delivery_en() + ".")
    printing = s.paper_en or s.paper_zh or "Newspaper of unknown title"
    if s.printed:
        printing += f", {s.printed:%B} {s.printed.day}, {s.printed.year}"
    parts.append(printing + (f", page {s.page}." if s.page else "."))
    parts.append("§ {anchor}. 对照 duizhao archive. {url} (accessed {accessed}).")
    return " ".join(parts)


def gbt7714(s: Source) -> str:
    """GB/T 7714-2015 (Chinese).

    Newspaper article (§4.4, example 谢希德. 创造学习的思路[N]. 人民日报, 1998-12-25(10).), online:
        主要责任者. 题名: 其他题名信息[N/OL]. 报纸名, 出版日期(版次)[引用日期]. 获取和访问路径.
    Report, online (§4.1, the speaker as 其他责任者 like "谢远涛, 译"; no publication date when none is known):
        主要责任者. 题名: 其他题名信息[R/OL]. 其他责任者[引用日期]. 获取和访问路径.
    An unknown responsible party is omitted, as the standard allows; an unknown newspaper is never printed.
    """
    title = (s.title_zh or s.title_en or s.id) + (f": {s.subtitle_zh()}" if s.subtitle_zh() else "")
    head = f"{s.issuer_zh}. " if s.issuer_zh else ""
    if s.in_newspaper:
        paper = s.paper_zh or s.paper_en
        where = paper + (f", {s.printed.isoformat()}" if s.printed else "") + (f"({s.page})" if s.page else "")
        return f"{head}{title}[N/OL]. {where}[{{accessed}}]. {{url}}."
    other = f" {s.speaker_zh}, 报告." if s.speaker_zh else ""
    return f"{head}{title}[R/OL].{other} [{{accessed}}]. {{url}}."


def _bib_value(value: str) -> str:
    return "{" + value + "}"


def _bib_entry(kind: str, fields: list[tuple[str, str | None]]) -> str:
    body = ",\n".join(f"  {k} = {_bib_value(v)}" for k, v in fields if v)
    return f"@{kind}{{{{key}},\n{body}\n}}"


def bibtex(s: Source) -> str:
    """Plain BibTeX (@misc): styles such as plain and unsrt ignore `url` and `urldate`, so the address goes in
    `howpublished` (as \\url{…}, which also protects the # of the anchor) and the access date in `note`."""
    title = f"{s.title_en} [{s.title_zh}]" if s.title_en and s.title_zh else (s.title_zh or s.title_en)
    printing = s.paper_en or s.paper_zh or "Newspaper of unknown title"
    if s.printed:
        printing += f", {s.printed:%B} {s.printed.day}, {s.printed.year}"
    note = ". ".join(x for x in [
        s.delivery_en(), printing + (f", page {s.page}" if s.page else ""),
        "\\S~{anchor}", "Accessed {accessed}"] if x)
    fields = [("author", _bib_value(s.issuer_en) if s.issuer_en else None),
              ("title", title),
              ("howpublished", "\\url{{url}}"),
              ("year", str(s.date.year) if s.date else None),
              ("note", note)]
    entry = _bib_entry("misc", fields)
    month = f"{s.date:%b}".lower() if s.date else None
    return entry.replace("\n}", f",\n  month = {month}\n}}") if month else entry


def biblatex(s: Source) -> str:
    """biblatex: @article with entrysubtype newspaper, or @report; `url` and `urldate` are its own fields."""
    title = s.title_en or s.title_zh
    fields = [("author", _bib_value(s.issuer_en) if s.issuer_en else None),
              ("title", title),
              ("origtitle", s.title_zh if s.title_en and s.title_zh else None)]
    if s.in_newspaper:
        kind = "article"
        fields += [("entrysubtype", "newspaper"), ("journaltitle", s.paper_en or s.paper_zh),
                   ("date", s.printed.isoformat() if s.printed else None), ("pages", str(s.page) if s.page else None)]
    else:
        kind = "report"
        fields += [("type", "Government work report" if "政府工作报告" in (s.title_zh or "") else "Report"),
                   ("institution", s.issuer_en),
                   ("date", s.delivered.isoformat() if s.delivered else None)]
    fields += [("note", ". ".join(x for x in [
                   s.delivery_en(), None if s.in_newspaper else
                   (f"Printed in a newspaper of unknown title, page {s.page}" if s.page else None)] if x) or None),
               ("addendum", "\\S~{anchor}"), ("langid", "chinese"),
               ("url", "{url}"), ("urldate", "{accessed}")]
    return _bib_entry(kind, fields)


def ris(s: Source) -> str:
    """RIS (Zotero, EndNote, Mendeley…): one record, tags as the RIS specification lists them."""
    lines = [("TY", "NEWS" if s.in_newspaper else "RPRT"), ("ID", "{key}")]
    lines += [("AU", s.issuer_zh)] if s.issuer_zh else []
    lines += [("TI", s.title_zh + (f": {s.subtitle_zh()}" if s.subtitle_zh() else "") if s.title_zh else s.title_en)]
    lines += [("TT", s.title_en)] if s.title_en and s.title_zh else []
    if s.in_newspaper:
        lines += [("T2", s.paper_zh or s.paper_en)]
        lines += [("SP", str(s.page))] if s.page else []
    else:
        lines += [("PB", s.issuer_zh)] if s.issuer_zh else []
    if s.date:
        lines += [("PY", str(s.date.year)), ("DA", f"{s.date:%Y/%m/%d}")]
    lines += [("LA", "zh"), ("UR", "{url}"), ("Y2", "{accessed}")]
    note = "; ".join(x for x in [
        f"报告人：{s.speaker_zh}" if s.speaker_zh else None,
        None if s.in_newspaper else (f"原载报纸第{s.page}版，报纸名称未知" if s.page else None),
        "§ {anchor}"] if x)
    lines += [("N1", note), ("ER", "")]
    return "\r\n".join(f"{tag}  - {value}" for tag, value in lines) + "\r\n"


def csl_item(s: Source) -> dict:
    """CSL-JSON (Zotero, Pandoc/citeproc): the item without its id, URL and access date, which depend on the
    paragraph and the day and are added by the site's script."""
    item = {"type": "article-newspaper" if s.in_newspaper else "report",
            "title": s.title_zh or s.title_en, "language": "zh-CN"}
    if s.issuer_zh:
        item["author"] = [{"literal": s.issuer_zh}]
    if s.date:
        item["issued"] = {"date-parts": [[s.date.year, s.date.month, s.date.day]]}
    if s.in_newspaper:
        item["container-title"] = s.paper_zh or s.paper_en
        if s.page:
            item["page"] = str(s.page)
    elif s.issuer_zh:
        item["publisher"] = s.issuer_zh
    if s.occasion_zh:
        item["event-title"] = s.occasion_zh
    if s.delivered:
        item["event-date"] = {"date-parts": [[s.delivered.year, s.delivered.month, s.delivered.day]]}
    notes = [f"报告人：{s.speaker_zh}" if s.speaker_zh else None,
             None if s.in_newspaper else (f"原载报纸第{s.page}版，报纸名称未知" if s.page else None)]
    if any(notes):
        item["note"] = "; ".join(n for n in notes if n)
    return item


def citation_templates(doc: Document) -> dict[str, str]:
    """Every text format with placeholders ({key} is <doc id>:<anchor>)."""
    s = Source(doc)
    return {"chicago": chicago(s), "gbt7714": gbt7714(s), "bibtex": bibtex(s), "biblatex": biblatex(s),
            "ris": ris(s)}


def fill(template: str, anchor: str, url: str, accessed: str, doc_id: str = "") -> str:
    """What the site's script does with a template (kept here so it is tested once, in Python)."""
    key = f"{doc_id}:{anchor}" if doc_id else anchor
    return (template.replace("{key}", key).replace("{anchor}", anchor).replace("{url}", url)
            .replace("{accessed}", accessed))


def csl_json(doc: Document, anchor: str, url: str, accessed: str) -> list[dict]:
    """What the site's script downloads as <doc>-<anchor>.json: a CSL-JSON list of one item."""
    y, m, d = (int(x) for x in accessed.split("-"))
    item = {"id": f"{doc.id}:{anchor}", **csl_item(Source(doc)), "URL": url,
            "accessed": {"date-parts": [[y, m, d]]}}
    return [item]


def meta_tags(doc: Document, site_url: str | None) -> list[tuple[str, str]]:
    """The Highwire Press `citation_*` tags of a reading page, which Zotero's Embedded Metadata translator and
    Google Scholar read: the whole document (a paragraph's citation comes from the Cite dialog)."""
    s = Source(doc)
    tags = [("citation_title", s.title_zh or s.title_en or doc.id)]
    if s.issuer_zh:
        tags.append(("citation_author", s.issuer_zh))
    if s.date:  # a report's date is its delivery; only a newspaper's printing is a publication date
        tags.append(("citation_date", f"{s.date:%Y/%m/%d}"))
        if s.in_newspaper:
            tags.append(("citation_publication_date", f"{s.date:%Y/%m/%d}"))
    if s.in_newspaper:
        tags.append(("citation_journal_title", s.paper_zh or s.paper_en))  # Zotero has no newspaper tag
    elif s.issuer_zh:
        tags.append(("citation_technical_report_institution", s.issuer_zh))  # Zotero: a report
    if s.page:
        tags.append(("citation_firstpage", str(s.page)))
    tags.append(("citation_language", "zh"))
    if site_url:
        url = page_url(site_url, doc.id)
        tags += [("citation_public_url", url), ("citation_abstract_html_url", url)]
    return tags


def meta_html(doc: Document, site_url: str | None) -> str:
    return "".join(f'<meta name="{name}" content="{escape(value, quote=True)}">\n' for name, value in
                   meta_tags(doc, site_url))
