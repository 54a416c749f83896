"""Anchors from the document's own numbering (README, "Anchors"), one scheme for a page and for a document.

  s2        part 二                         s2-1      section （一） of part 二
  s2-p3     3rd paragraph of part 二 before its first section
  s2-1-p3   3rd paragraph of section （一） of part 二
  s2-1-i3   item 3. / （3） / 第三， inside section （一） of part 二
  s1-7-c2   2nd paragraph, counted from where the text starts, of a section whose heading is printed on no page
            present: the section's first paragraphs are elsewhere
  sec3      section （三） of a part that is not known;  p4  4th paragraph where no heading is known
Paragraph numbers count paragraphs, so fixing a character never moves an anchor. The split stage numbers one page
with it; the assemble stage numbers a document made of several pages with it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Numbering:
    part: int | None = None
    part_anchor: str | None = None
    section: int | None = None
    section_anchor: str | None = None
    container: str | None = None  # anchor of the innermost heading
    continued: bool = False  # the container's heading is not printed here (an implied heading)
    count: int = 0  # paragraphs so far in the container
    taken: set[str] = field(default_factory=set)

    def unique(self, anchor: str) -> str:
        candidate, n = anchor, 2
        while candidate in self.taken:
            candidate, n = f"{anchor}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def heading(self, level: int, number: int | None, implied: bool = False) -> tuple[str, str | None]:
        """(anchor, parent) of the next heading; it becomes the container of the paragraphs after it."""
        if level == 1:
            self.part, self.section, self.section_anchor = number, None, None
            self.part_anchor = anchor = self.unique(f"s{number}")
            parent = None
        elif level == 2:
            self.section = number
            anchor = self.unique(f"{self.part_anchor}-{number}" if self.part_anchor else f"sec{number}")
            self.section_anchor, parent = anchor, self.part_anchor
        else:  # 1. / （1） / 第一，: items inside the innermost part or section
            parent = self.section_anchor or self.part_anchor
            item = f"i{number}" if number is not None else "h"
            anchor = self.unique(f"{parent}-{item}" if parent else item)
        self.container, self.continued, self.count = anchor, implied, 0
        return anchor, parent

    def paragraph(self) -> tuple[str, str | None]:
        """(anchor, parent) of the next paragraph."""
        self.count += 1
        kind = "c" if self.continued else "p"
        return self.unique(f"{self.container}-{kind}{self.count}" if self.container else f"p{self.count}"), self.container

    def is_open(self, level: int, number: int | None) -> bool:
        """Is this part (level 1) or section (level 2) the one the text is in now?"""
        if level == 1:
            return self.part is not None and self.part == number
        return level == 2 and self.section is not None and self.section == number
