"""The list of documents in the archive."""
from __future__ import annotations

from html import escape

from build_scripts.archive import Archive
from build_scripts.site.ui import t


def documents_markdown(archive: Archive, lang: str) -> str:
    head = (f"<thead><tr><th>{t('title', lang)}</th><th>{t('issuer', lang)}</th><th>{t('delivered', lang)}</th>"
            f"<th>{t('page', lang)}</th><th>{t('paragraphs', lang)}</th><th>{t('terms_marked', lang)}</th></tr></thead>")
    rows = []
    for doc in archive.docs:
        meta = doc.metadata
        issuer = ((meta.get("document") or {}).get("issuer") or {}).get("zh" if lang == "zh" else "en")
        delivered = (meta.get("document") or {}).get("delivered")
        page = (meta.get("publication") or {}).get("page")
        terms = sum(len(b.occurrences) for b in doc.blocks)
        rows.append(f'<tr><td lang="zh-Hans"><a href="{doc.id}.html">{escape(doc.title or doc.id)}</a></td>'
                    f'<td>{escape(issuer or t("unknown", lang))}</td><td>{delivered or t("unknown", lang)}</td>'
                    f'<td>{page or t("unknown", lang)}</td><td>{len(doc.paragraphs())}</td><td>{terms}</td></tr>')
    return "\n".join(["---", f"title: {t('documents', lang)}", "---", "", f"# {t('documents', lang)}", "",
                      f'<table class="dz-documents">{head}<tbody>', *rows, "</tbody></table>", ""])
