"""Keyword in context: one Hit per occurrence, with the context each side, where it is, and how to cite it.

The link is the site's URL (`site_url` in mkdocs.yml) + `documents/<doc-id>.html#<anchor>`: that page path
is the contract with the site. Without a site_url the link is the path alone, relative to the site's root.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from build_scripts.search.records import PATH_SEPARATOR, DocInfo

DEFAULT_CONTEXT = 20  # characters each side


@dataclass
class Hit:
    """Field names are the JSON/CSV contract (README, "Search"): added to, never renamed."""

    doc_id: str
    anchor: str
    kind: str  # paragraph | heading
    field: str  # text (the Chinese) | translation (the English translation of the block)
    matched_as: str  # chinese | traditional | text | pinyin | english-glossary | english
    start: int  # offsets of the hit in the block's text (or translation)
    end: int
    left: str
    match: str
    right: str
    section_path: list[str] = field(default_factory=list)
    section: str = ""
    url: str = ""
    path: str = ""  # documents/<doc-id>.html#<anchor>
    citation: str = ""
    date: str | None = None
    page: int | None = None
    term_id: str | None = None  # the glossary term, for hits found through the glossary
    reading: str | None = None  # the query as typed, where the text prints it in the other script (社會主義)

    def to_dict(self) -> dict:
        return asdict(self)


def page_path(doc_id: str, anchor: str = "") -> str:
    """The address of a document's reading page, relative to the site's root: the contract with the site."""
    return f"documents/{doc_id}.html" + (f"#{anchor}" if anchor else "")


def site_url(config: str | Path = "mkdocs.yml") -> str | None:
    """`site_url` from the MkDocs configuration, or None (no file, no key, or a file that does not load)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name:… and !ENV tags: read them as nothing rather than fail
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(Path(config).read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.strip() else None


def link(base: str | None, doc_id: str, anchor: str = "") -> str:
    path = page_path(doc_id, anchor)
    return f"{base.rstrip('/')}/{path}" if base else path


def flat(text: str) -> str:
    """Context on one line: line breaks and tabs shown as spaces."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def block_fields(stored: dict, info: DocInfo | None, base_url: str | None) -> tuple:
    """What every hit of a block shares (section path and name, url, path, citation, date, page): made once a
    block, not once a hit."""
    doc_id, anchor = stored["doc"], stored["anchor"]
    section = stored.get("section") or []
    return (PATH_SEPARATOR.join(section), link(base_url, doc_id, anchor), page_path(doc_id, anchor),
            info.citation(anchor) if info else f"{doc_id}, §{anchor}", stored.get("date") or None, stored.get("page"))


def make_hit(stored: dict, info: DocInfo | None, span, context: int, base_url: str | None,
             shared: tuple | None = None) -> Hit:
    """The hit of `span` in a stored block; `shared`: block_fields of the block, where already made."""
    source = stored["text"] if span.field == "text" else (stored.get("translation") or "")
    start, end = span.start, span.end
    left, match, right = source[max(0, start - context):start], source[start:end], source[end:end + context]
    if "\n" in source or "\t" in source or "\r" in source:  # rare: most blocks are one line
        left, match, right = flat(left), flat(match), flat(right)
    section, url, path, citation, date, page = shared or block_fields(stored, info, base_url)
    return Hit(stored["doc"], stored["anchor"], stored["kind"], span.field, span.matched_as, start, end, left, match,
               right, list(stored.get("section") or []), section, url, path, citation, date, page, span.term_id,
               getattr(span, "reading", None))
