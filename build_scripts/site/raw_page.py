"""The raw OCR page as the site publishes it: `<id>.ocr.txt` and an HTML view `<id>.ocr.html` beside it.

Most static hosts send a .txt as `text/plain` without a charset, and a browser then guesses the encoding
(windows-1252 in most locales): the Chinese comes out garbled. Two answers, both kept:
- the .txt starts with a UTF-8 byte order mark, which every browser honours ahead of a missing charset
  (WHATWG Encoding, "BOM sniff"), so a shared link to the .txt reads right; the lines after it are verbatim;
- the HTML view declares `<meta charset="utf-8">` and numbers the lines (`#L856`), the numbers the OCR-source
  panel and the conjecture marks cite, so a reader can check them in context.
"""
from __future__ import annotations

from html import escape

from build_scripts.model import Document, Page

BOM = "\ufeff"

TITLE = {"zh": "OCR 原文（逐行，未经修订）", "en": "Raw OCR (line by line, unedited)"}
PLAIN = {"zh": "纯文本", "en": "plain text"}
BACK = {"zh": "返回阅读页", "en": "Back to the reading page"}


def raw_text(page: Page) -> str:
    return BOM + "\n".join(page.raw_lines) + "\n"


def raw_page_html(page: Page, doc: Document, lang: str) -> str:
    rows = "".join(f'<span class="l" id="L{n}"><a href="#L{n}">{n}</a>{escape(line)}\n</span>'
                   for n, line in enumerate(page.raw_lines, 1))
    html_lang = "zh-Hans" if lang == "zh" else "en"
    return f"""<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(page.id)} · {TITLE[lang]}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; line-height: 1.5; }}
pre {{ font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }}
.l a {{ display: inline-block; width: 4.5ch; margin-right: 1ch; text-align: right; color: #777; text-decoration: none;
  user-select: none; }}
.l:target {{ background: #fff3b0; }}
</style></head>
<body>
<h1 style="font-size:1.1rem">{escape(page.id)} · {TITLE[lang]}</h1>
<p><a href="{escape(doc.id)}.html">← {BACK[lang]}</a> · <a href="{escape(page.id)}.ocr.txt">{escape(page.id)}.ocr.txt</a>
({PLAIN[lang]}) · <code>{escape(page.source_path)}</code></p>
<pre lang="zh-Hans">{rows}</pre>
</body></html>
"""
