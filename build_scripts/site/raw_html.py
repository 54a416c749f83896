"""HTML blocks kept out of Python-Markdown's way.

The generated pages are mostly HTML already (paragraph rows, concordance tables). Python-Markdown re-reads every
raw HTML block with its HTML parser, which took two thirds of a site build. A page's generator puts such a block
into a RawBlocks and writes its placeholder paragraph instead; the `on_page_content` hook puts the HTML back.
"""
from __future__ import annotations

import re

MARK = "dzraw{}dz"  # a paragraph Markdown leaves alone: it comes out as <p>dzraw12dz</p>
MARK_RE = re.compile(r"<p>dzraw(\d+)dz</p>")


class RawBlocks:
    def __init__(self) -> None:
        self.blocks: list[str] = []

    def mark(self, html: str) -> str:
        """The placeholder to write in the Markdown, as a paragraph of its own (blank lines around it)."""
        self.blocks.append(html)
        return MARK.format(len(self.blocks) - 1)

    def restore(self, html: str) -> str:
        return MARK_RE.sub(lambda m: self.blocks[int(m.group(1))], html)
