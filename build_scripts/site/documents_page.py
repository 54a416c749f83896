"""Browsing the archive: its collections, then the years of each (a strip of the years present and missing), then a
row per document with its issuer, title and length."""
from __future__ import annotations

from html import escape
from pathlib import Path

from build_scripts.archive import Archive
from build_scripts.model import Document
from build_scripts.site.ui import t
from build_scripts.yamldata import load_yaml

SOURCE_DIR = Path("source_texts")
def collection_info(collection: str, root: Path = SOURCE_DIR) -> dict:
    """The collection's own metadata (collection.yml), where it has one: title, source and licence."""
    path = root / collection / "collection.yml"
    return load_yaml(path).data if path.exists() else {}


def _pick(value, lang: str) -> str | None:
    if isinstance(value, dict):
        return value.get(lang) or value.get("zh") or value.get("en")
    return value


def collections(archive: Archive) -> dict[str, list[Document]]:
    grouped: dict[str, list[Document]] = {}
    for doc in archive.docs:
        grouped.setdefault(doc.collection or "", []).append(doc)
    for docs in grouped.values():
        docs.sort(key=lambda d: (d.year is None, d.year or 0, d.id))
    return grouped


def year_strip(docs: list[Document], lang: str, anchor_prefix: str) -> str:
    """Every year from the first to the last: a link to the year's documents, or a grey cell where none is."""
    years = sorted({d.year for d in docs if d.year})
    if not years:
        return ""
    present = set(years)
    cells = []
    for year in range(years[0], years[-1] + 1):
        label = str(year) if year % 10 == 0 or year in (years[0], years[-1]) else str(year)[2:]
        if year in present:
            cells.append(f'<a class="dz-year" href="#{anchor_prefix}-{year}" title="{year}">{label}</a>')
        else:
            cells.append(f'<span class="dz-year dz-year-missing" title="{escape(t("no_document", lang, y=year))}">'
                         f'{label}</span>')
    return (f'<nav class="dz-years" aria-label="{escape(t("years", lang))}">'
            f'<p class="dz-years-caption">{escape(t("years", lang))}</p>{"".join(cells)}</nav>')


def _length(doc: Document) -> int:
    return sum(len(b.text or "") for b in doc.blocks)


def _row(doc: Document, lang: str, anchor_prefix: str, first_of_year: bool) -> str:
    issuer = _pick(((doc.metadata.get("document") or {}).get("issuer")), lang)
    year_id = f' id="{anchor_prefix}-{doc.year}"' if doc.year and first_of_year else ""
    pages = ", ".join(str(p.number) for p in doc.pages if p.number) or "—"
    title = doc.title or doc.id
    english = (doc.metadata.get("title") or {}).get("en")
    english_html = f'<br><span class="dz-title-en" lang="en">{escape(english)}</span>' if english and lang == "en" else ""
    return (f'<tr{year_id}><td>{doc.year or escape(t("year_unknown", lang))}</td>'
            f'<td lang="zh-Hans"><a href="{doc.id}.html">{escape(title)}</a>{english_html}</td>'
            f'<td>{escape(issuer or t("unknown", lang))}</td><td>{pages}</td>'
            f'<td class="dz-num">{_length(doc):,}</td><td class="dz-num">{len(doc.paragraphs()):,}</td>'
            f'<td class="dz-num">{sum(len(b.occurrences) for b in doc.blocks):,}</td></tr>')


def credit_html(info: dict, lang: str) -> str:
    """Where the collection's texts come from, who to credit, and their licence (collection.yml)."""
    credits = info.get("credit") or []
    if isinstance(credits, (str, dict)):
        credits = [credits]
    items = []
    for c in credits:
        if isinstance(c, dict):
            name = _pick(c.get("name"), lang) or ""
            link = f'<a href="{escape(c["url"])}">{escape(name)}</a>' if c.get("url") else escape(name)
            items.append(link + (f" ({escape(c['role'])})" if c.get("role") else ""))
        else:
            items.append(escape(str(c)))
    licence = info.get("licence") or {}
    licence_text = _pick(licence.get("name"), lang) if isinstance(licence, dict) else licence
    rows = []
    if items:
        rows.append(f'<dt>{escape(t("source", lang))}</dt><dd>{"; ".join(items)}</dd>')
    if licence_text:
        basis = licence.get("basis") if isinstance(licence, dict) else None
        caveat = licence.get("caveat") if isinstance(licence, dict) else None
        rows.append(f'<dt>{escape(t("licence", lang))}</dt><dd>{escape(licence_text)}'
                    + (f'<br><small lang="en">{escape(basis)}</small>' if basis else "")
                    + (f'<br><small>{escape(caveat)}</small>' if caveat else "") + "</dd>")
    return f'<dl class="dz-collection-credit">{"".join(rows)}</dl>' if rows else ""


def collection_html(collection: str, docs: list[Document], lang: str, heading: str = "##") -> str:
    info = collection_info(collection)
    title = _pick(info.get("title"), lang) or collection
    years = sorted({d.year for d in docs if d.year})
    summary = (t("collection_summary", lang, n=len(docs), first=years[0], last=years[-1],
                  missing=(years[-1] - years[0] + 1) - len(years)) if years else
               t("collection_summary_undated", lang, n=len(docs)))
    prefix = f"{collection}-y"
    head = (f"<thead><tr><th>{t('year', lang)}</th><th>{t('title', lang)}</th><th>{t('issuer', lang)}</th>"
            f"<th>{t('pages', lang)}</th><th>{t('length', lang)}</th><th>{t('paragraphs', lang)}</th>"
            f"<th>{t('terms_marked', lang)}</th></tr></thead>")
    seen: set[int | None] = set()
    rows = []
    for doc in docs:
        rows.append(_row(doc, lang, prefix, doc.year not in seen))
        seen.add(doc.year)
    return "\n".join([f'{heading} {escape(title)} {{: #{collection} }}', "",
                      f'<p class="dz-collection-summary">{escape(summary)}</p>', "", credit_html(info, lang), "",
                      year_strip(docs, lang, prefix), "",
                      f'<div class="dz-table-scroll"><table class="dz-documents">{head}<tbody>', *rows,
                      "</tbody></table></div>", ""])


def documents_markdown(archive: Archive, lang: str) -> str:
    parts = ["---", f"title: {t('documents', lang)}", "---", "", f"# {t('documents', lang)}", ""]
    for collection, docs in sorted(collections(archive).items(), key=lambda item: -len(item[1])):
        parts.append(collection_html(collection, docs, lang))
    return "\n".join(parts)


def collections_summary_markdown(archive: Archive, lang: str) -> str:
    """For the home page: one line per collection, linking to its part of the documents index."""
    lines = []
    for collection, docs in sorted(collections(archive).items(), key=lambda item: -len(item[1])):
        info = collection_info(collection)
        title = _pick(info.get("title"), lang) or collection
        years = sorted({d.year for d in docs if d.year})
        span = f" ({years[0]}–{years[-1]})" if len(years) > 1 else (f" ({years[0]})" if years else "")
        credits = info.get("credit") or []
        names = [(_pick(c.get("name"), lang) if isinstance(c, dict) else str(c)) for c in
                 (credits if isinstance(credits, list) else [credits])]
        source = f" {t('source', lang)}: {'; '.join(n for n in names if n)}." if any(names) else ""
        lines.append(f"- [{title}](documents/index.md#{collection}){span}: "
                     f"{t('collection_summary_undated', lang, n=len(docs))}.{source}")
    return "\n".join(lines)
