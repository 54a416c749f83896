"""The metadata sidecar of a page: `<page>.yml` beside `<page>.txt`. Unknown stays unknown (null)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from build_scripts.errors import UserError
from build_scripts.yamldata import jsonable, Field, Located, bilingual, load_yaml, validate

SCHEMA_ID = "duizhao-page/1"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PAGE_SCHEMA: dict[str, Field] = {
    "schema": Field(str, required=True, choices=(SCHEMA_ID,), doc="The schema version."),
    "id": Field(str, required=True, check=lambda v: None if ID_RE.match(v) else f"id '{v}' must be lowercase "
                "letters, digits and hyphens", doc="Stable document id; part of every citation URL."),
    "title": bilingual(required=True, nullable=False),
    "document": Field(dict, required=True, doc="What the text is, as far as it is known.", schema={
        "genre": Field(str, nullable=True, doc="e.g. government work report."),
        "issuer": bilingual(),
        "delivered": Field(dt.date, nullable=True, doc="Date the text was delivered or issued."),
        "year": Field(int, nullable=True, doc="The year the text belongs to, where no date is known."),
        "occasion": bilingual(),
        "speaker": Field(dict, nullable=True, schema={
            "zh": Field(str, nullable=True), "en": Field(str, nullable=True), "role": Field(str, nullable=True)}),
        "context_sources": Field(list, nullable=True, items=Field(str), doc="Where the known context comes from."),
    }),
    "publication": Field(dict, required=True, doc="The printing this page comes from.", schema={
        "name": bilingual(),
        "date": Field(dt.date, nullable=True),
        "page": Field(int, required=True, nullable=True),
    }),
    "continuation": Field(dict, required=True, doc="Checked against the page's own 上接/下转 markers.", schema={
        "from_page": Field(int, required=True, nullable=True),
        "to_page": Field(int, required=True, nullable=True),
    }),
    "language": Field(str, required=True, choices=("zh-Hans", "zh-Hant")),
    "notes": Field(str, nullable=True),
}


def sidecar_path(page_path: str | Path) -> Path:
    return Path(page_path).with_suffix(".yml")


def load_metadata(page_path: str | Path) -> tuple[dict, Located | None]:
    """The sidecar's data, or a minimal record if the page has none (everything unknown)."""
    path = sidecar_path(page_path)
    if not path.exists():
        stem = re.sub(r"[^a-z0-9]+", "-", Path(page_path).stem.lower()).strip("-") or "page"
        return {"schema": SCHEMA_ID, "id": stem, "title": {"zh": None, "en": None}, "document": {},
                "publication": {"page": None}, "continuation": {"from_page": None, "to_page": None},
                "language": "zh-Hans"}, None
    located = load_yaml(path)
    problems = validate(located, located.data, PAGE_SCHEMA)
    if problems:
        raise problems[0]
    return jsonable(located.data), located


def check_continuation(located: Located | None, data: dict, from_page: int | None, to_page: int | None) -> None:
    """The sidecar may not contradict the page: its markers are the evidence."""
    if located is None:
        return
    for key, found, word in (("from_page", from_page, "上接"), ("to_page", to_page, "下转")):
        declared = data["continuation"][key]
        if declared != found:
            said = f"{word}{found}版" if found is not None else f"no {word} marker"
            raise located.error(("continuation", key), f"continuation.{key} is {declared} but the page says {said}")
