"""The glossary: source_texts/glossary/*.yml (schema: source_texts/glossary/SCHEMA.md), loaded into Terms.

Every problem is a UserError printed as `file:line: problem`; all of them are collected, so `duizhao check`
can list every one at once. A term that never occurs in any page is only a warning.

Each Term carries `forms`: every string under which it may be printed. They are the term and its variants,
each with and without its “” quotation marks, with the 、 between quoted parts dropped (“三区三线”、“三线一单”
is also printed “三区三线”“三线一单”), and the traditional-character form of each made with OpenCC's `s2t`
configuration (simplified → traditional, character level, no regional phrases). Matching (annotate.py) also
ignores quotation marks and spaces in the text, so two forms that differ only in those are one form: two terms
claiming it is an error.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from build_scripts.chars import is_han
from build_scripts.chinese_script import converter
from build_scripts.errors import UserError
from build_scripts.yamldata import jsonable, Field, Located, load_yaml, validate

GLOSSARY_DIR = Path("source_texts") / "glossary"
OPENCC_CONFIG = "s2t"  # simplified → traditional (OpenCC's own config; not s2tw/s2hk, which add regional words)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"^https?://\S+$")

LEVELS = ("national", "provincial", "municipal")
CATEGORIES = (
    "party-and-ideology", "governance", "economy", "reform", "poverty-alleviation", "environment", "industry",
    "infrastructure", "urban-development", "culture-and-tourism", "society", "epidemic", "innovation-and-opening-up", "unification-and-foreign-affairs",
    "history",
)
VERIFIED = "verified"
UNVERIFIED = "meaning unverified"
STATUSES = (VERIFIED, UNVERIFIED)
# What an alternate is (en_alternates[].kind; absent means "rendering"). Only renderings compete with the preferred
# one for "latest official": a gloss, a variant or an unofficial rendering is recorded but never preferred.
RENDERING = "rendering"  # the term's name as an official source renders it
GLOSS = "gloss"  # a paraphrase or explanation of the term, not a name for it
VARIANT = "variant"  # the preferred rendering written differently: years or context in brackets, capitals
UNOFFICIAL = "unofficial"  # the name rendered by a source that does not speak officially (a scholar, a third party)
RENDERING_KINDS = (RENDERING, GLOSS, VARIANT, UNOFFICIAL)

# Characters that matching ignores: quotation marks of every kind, and whitespace (OCR leftovers).
QUOTES = "“”‘’\"「」『』"
OPENING_QUOTES = "“‘「『"
CLOSING_QUOTES = "”’」』"


# ---- schema ----------------------------------------------------------------------------------------

def _check_id(value: str) -> str | None:
    return None if ID_RE.match(value) else f"id '{value}' must be lowercase ASCII letters, digits and hyphens"


def _check_term(value: str) -> str | None:
    if not value.strip():
        return "'term' must not be empty"
    if value != value.strip():
        return f"term '{value}' has leading or trailing spaces"
    if value[0] in OPENING_QUOTES and value[-1] in CLOSING_QUOTES:
        return f"term '{value}' must be written without its surrounding quotation marks"
    simplified = converter("t2s").convert(value)
    if simplified != value:
        return f"term '{value}' is not in simplified characters (OpenCC t2s gives '{simplified}')"
    return None


def _check_variant(value: str) -> str | None:
    if not value.strip():
        return "a variant must not be empty"
    simplified = converter("t2s").convert(value)
    if simplified != value:
        return (f"variant '{value}' is not in simplified characters (OpenCC t2s gives '{simplified}'); "
                "traditional forms are generated, not listed")
    return None


def _check_url(value: str) -> str | None:
    if URL_RE.match(value):
        return None
    return f"'url' must be an http(s) address, or null for the report itself, not {value!r}"


def _check_date(value) -> str | None:
    if isinstance(value, dt.date):
        return None
    if DATE_RE.match(value):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"'date' must be a date written YYYY-MM-DD, not {value!r} (omit it if unknown)"


def _check_not_blank(value: str) -> str | None:
    return "must not be blank" if not value.strip() else None


SOURCE_SCHEMA: dict[str, Field] = {
    "publisher": Field(str, required=True, check=_check_not_blank, doc="Who published it."),
    "title": Field(str, required=True, check=_check_not_blank, doc="Title of the document or page."),
    "url": Field(str, required=True, nullable=True, check=_check_url,
                 doc="Where it can be checked; null only when the source is the report itself."),
    "date": Field((str, dt.date), check=_check_date, doc="Publication date if known; omitted if unknown."),
    "quote": Field(str, required=True, check=_check_not_blank, doc="An exact excerpt."),
}

RENDERING_SCHEMA: dict[str, Field] = {
    "text": Field(str, required=True, check=_check_not_blank, doc="The English rendering."),
    "source": Field(dict, required=True, schema=SOURCE_SCHEMA, doc="Where this rendering is attested."),
    "kind": Field(str, choices=RENDERING_KINDS,
                  doc="Alternates only: rendering (the default), gloss (a paraphrase, not a name), variant (the "
                      "preferred rendering with brackets, years or capitals) or unofficial (not an official source)."),
}

GLOSSARY_SCHEMA: dict[str, Field] = {
    "id": Field(str, required=True, check=_check_id, doc="Stable slug, unique across all files; never renamed."),
    "term": Field(str, required=True, check=_check_term,
                  doc="Simplified Chinese, as printed, without surrounding quotation marks."),
    "variants": Field(list, items=Field(str, check=_check_variant),
                      doc="Other printed forms (traditional forms are generated, not listed)."),
    "pinyin": Field(str, required=True, check=_check_not_blank, doc="Hanyu Pinyin with tone marks, word-level."),
    "pinyin_reviewed": Field(bool, required=True, doc="True only if a person checked every syllable."),
    "en": Field(dict, required=True, doc="The preferred English rendering.", schema={
        "text": RENDERING_SCHEMA["text"],  # no kind: the preferred one is a rendering by definition
        "source": Field(dict, required=True, nullable=True, schema=SOURCE_SCHEMA,
                        doc="Required when verified; null when meaning unverified."),
    }),
    "en_alternates": Field(list, items=Field(dict, schema=RENDERING_SCHEMA), doc="Other renderings seen."),
    "components": Field(list, doc="Numbered formulas: what each part stands for, in order.",
                        items=Field(dict, schema={"zh": Field(str, required=True), "en": Field(str, required=True)})),
    "explanation_en": Field(str, required=True, check=_check_not_blank, doc="One sentence in English."),
    "explanation_zh": Field(str, required=True, check=_check_not_blank, doc="一句中文说明。"),
    "level": Field(str, required=True, choices=LEVELS),
    "category": Field(str, required=True, choices=CATEGORIES),
    "status": Field(str, required=True, choices=STATUSES),
    "note": Field(str, nullable=True, doc="Free text: why unverified, what was searched."),
}


# ---- the model -------------------------------------------------------------------------------------

@dataclass
class Term:
    id: str
    term: str
    pinyin: str
    pinyin_reviewed: bool
    en: dict[str, Any]  # {"text": ..., "source": {...} | None}
    explanation_en: str
    explanation_zh: str
    level: str
    category: str
    status: str
    variants: list[str] = field(default_factory=list)
    en_alternates: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, str]] = field(default_factory=list)
    note: str | None = None
    source_file: str = ""
    line: int = 0  # line of the entry's first key
    forms: list[str] = field(default_factory=list)

    def dated_renderings(self) -> list[tuple[str | None, dict, bool]]:
        """(source date YYYY-MM-DD or None, rendering, preferred?) for every rendering, oldest first, undated last:
        which rendering was used when."""
        rows = [(source_date(self.en), self.en, True)] + [(source_date(a), a, False) for a in self.en_alternates]
        return sorted(rows, key=lambda r: (r[0] is None, r[0] or "", not r[2]))

    def to_dict(self) -> dict[str, Any]:
        """The schema fields, JSON-ready (dates as YYYY-MM-DD), plus where the entry is and its forms."""
        return jsonable({
            "id": self.id, "term": self.term, "variants": list(self.variants), "pinyin": self.pinyin,
            "pinyin_reviewed": self.pinyin_reviewed, "en": self.en, "en_alternates": self.en_alternates,
            "components": self.components, "explanation_en": self.explanation_en,
            "explanation_zh": self.explanation_zh, "level": self.level, "category": self.category,
            "status": self.status, "note": self.note, "source_file": self.source_file, "line": self.line,
            "forms": list(self.forms),
        })


@dataclass
class Glossary:
    folder: str
    terms: list[Term] = field(default_factory=list)
    problems: list[UserError] = field(default_factory=list)

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @cached_property
    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    @cached_property
    def form_keys(self) -> dict[str, str]:
        """Every form, as matched (quotation marks and spaces removed), → the id of its term."""
        keys: dict[str, str] = {}
        for t in self.terms:
            for form in t.forms:
                keys.setdefault(match_key(form), t.id)
        return keys


def rendering_kind(rendering: dict) -> str:
    """What an alternate is (RENDERING_KINDS): a rendering unless marked otherwise."""
    return rendering.get("kind") or RENDERING


def source_date(rendering: dict) -> str | None:
    """The date of a rendering's source, YYYY-MM-DD, or None when the source gives none (never guessed)."""
    date = (rendering.get("source") or {}).get("date")
    return str(date) if date else None


# ---- forms -----------------------------------------------------------------------------------------

def traditional(text: str) -> str:
    return converter(OPENCC_CONFIG).convert(text)


def strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTES)


def match_key(text: str) -> str:
    """What the matcher compares: the text without quotation marks and spaces."""
    return "".join(ch for ch in text if ch not in QUOTES and not ch.isspace())


def make_forms(printed: list[str]) -> list[str]:
    """All forms of a term from its printed forms (term first, then variants), in a stable order."""
    forms: list[str] = []

    def add(form: str) -> None:
        if form and form not in forms:
            forms.append(form)

    for form in printed:
        add(form)
        if not any(q in form for q in QUOTES):
            add(f"“{form}”")
            continue
        add(strip_quotes(form))
        if "”、“" in form:  # “三区三线”、“三线一单” is also printed “三区三线”“三线一单”
            joined = form.replace("”、“", "”“")
            add(joined)
            add(strip_quotes(joined))
    for form in list(forms):
        add(traditional(form))
    return forms


# ---- pinyin ----------------------------------------------------------------------------------------

TONE_MARKS = "\u0300\u0301\u0304\u030c"  # grave, acute, macron, caron (the diaeresis of ü is kept)
PINYIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f]+")  # letters, not × ÷
INTERJECTIONS = {"m", "n", "ng", "hm", "hng", "ê"}  # in pypinyin's table, but never a syllable of a term


def _toneless(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS)).lower()


def _tone_count(text: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFD", text) if c in TONE_MARKS)


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """The syllables a term's pinyin may use: pypinyin's table as build_scripts.terms.pinyin reads it, without
    interjections and the erhua r (never a syllable of its own in a glossary term)."""
    from build_scripts.terms.pinyin import valid_syllables

    return valid_syllables() - INTERJECTIONS - {"r"}


def _split_word(word: str) -> int | None:
    """Fewest valid syllables a run of pinyin letters splits into, or None. A syllable has at most one tone
    mark, and one starting with a, o or e never follows another without an apostrophe (xī'ān, not xīān)."""
    word = unicodedata.normalize("NFC", word)
    valid = pinyin_syllables()
    n = len(word)
    best: list[int | None] = [0] + [None] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - 6), end):
            if best[start] is None:
                continue
            piece = word[start:end]
            base = _toneless(piece)
            if base not in valid or _tone_count(piece) > 1 or (start > 0 and base[0] in "aoe"):
                continue
            if best[end] is None or best[start] + 1 < best[end]:
                best[end] = best[start] + 1
    return best[n]


def count_syllables(pinyin: str, term: str = "") -> tuple[int, list[str]]:
    """(syllables, unparsable words). Digits and punctuation are not syllables; Latin letters printed in the
    term (the N of 1+N, APP) are kept as they are and not counted. Words split on spaces, hyphens, apostrophes
    and punctuation, then into syllables."""
    latin = re.findall(r"[A-Za-z]+", term)
    total, bad = 0, []
    for chunk in re.split(r"['’]", pinyin):
        for word in PINYIN_WORD_RE.findall(chunk):
            if word in latin:
                latin.remove(word)
                continue
            count = _split_word(word)
            if count is None:
                bad.append(word)
            else:
                total += count
    return total, bad


def han_count(text: str) -> int:
    return sum(1 for ch in text if is_han(ch))


def pinyin_problem(pinyin: str, term: str) -> str | None:
    syllables, bad = count_syllables(pinyin, term)
    if bad:
        return f"pinyin '{pinyin}' is not Hanyu Pinyin: {', '.join(repr(w) for w in bad)}"
    expected = han_count(term)
    if syllables != expected:
        return (f"pinyin '{pinyin}' has {syllables} syllable{'s' if syllables != 1 else ''} but the term "
                f"'{term}' has {expected} Han character{'s' if expected != 1 else ''}")
    return None


# ---- loading ---------------------------------------------------------------------------------------

def glossary_files(folder: str | Path = GLOSSARY_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.yml"))


def read_glossary(folder: str | Path = GLOSSARY_DIR) -> Glossary:
    """Every *.yml in the folder, with every problem collected in `Glossary.problems` (nothing raised)."""
    glossary = Glossary(str(folder))
    files = glossary_files(folder)
    if not files:
        glossary.problems.append(UserError("no glossary files (*.yml) found", str(folder)))
    ids: dict[str, str] = {}  # id → "file:line"
    terms: dict[str, tuple] = {}  # match key of a term → (id, "file:line", entry)
    claimed: dict[str, tuple] = {}  # match key of any form → (id, "file:line", entry)
    for path in files:
        try:
            located = load_yaml(path)
        except UserError as err:
            glossary.problems.append(err)
            continue
        if not isinstance(located.data, list):
            glossary.problems.append(located.error((), "expected a list of glossary entries (see SCHEMA.md)"))
            continue
        for i, entry in enumerate(located.data):
            problems = validate(located, entry, GLOSSARY_SCHEMA, (i,))
            if not problems:
                problems = _status_problems(located, entry, (i,))
            if problems:
                glossary.problems.extend(problems)
                continue
            term = _make_term(located, entry, i)
            entry_problems = _identity_problems(located, term, entry, i, ids, terms, claimed)
            problem = pinyin_problem(entry["pinyin"], entry["term"])
            if problem:
                entry_problems.append(located.error((i, "pinyin"), problem))
            glossary.problems.extend(sorted(entry_problems, key=lambda e: e.line or 0))
            if not entry_problems:
                glossary.terms.append(term)
    return glossary


def load_glossary(folder: str | Path = GLOSSARY_DIR, strict: bool = True) -> Glossary:
    """The glossary. Strict (for building): the first problem is raised (`duizhao check` lists them all);
    otherwise the problems are in `Glossary.problems` and only the valid entries are terms."""
    glossary = read_glossary(folder)
    if strict and glossary.problems:
        raise glossary.problems[0]
    return glossary


def _status_problems(located: Located, entry: dict, key_path: tuple) -> list[UserError]:
    source = entry["en"].get("source")
    if entry["status"] == VERIFIED and source is None:
        return [located.error(key_path + ("en", "source"), "status 'verified' requires en.source (a url, or url "
                              "null with a quote when the source is the report itself)")]
    if entry["status"] == UNVERIFIED:
        problems = []
        if source is not None:
            problems.append(located.error(key_path + ("en", "source"),
                                          "status 'meaning unverified' requires en.source to be null"))
        if not (entry.get("note") or "").strip():
            problems.append(located.error(key_path + ("status",), "status 'meaning unverified' requires a note "
                                          "saying what was searched"))
        return problems
    return []


def _make_term(located: Located, entry: dict, i: int) -> Term:
    variants = list(entry.get("variants") or [])
    return Term(
        id=entry["id"], term=entry["term"], pinyin=entry["pinyin"], pinyin_reviewed=entry["pinyin_reviewed"],
        en=entry["en"], explanation_en=entry["explanation_en"], explanation_zh=entry["explanation_zh"],
        level=entry["level"], category=entry["category"], status=entry["status"], variants=variants,
        en_alternates=list(entry.get("en_alternates") or []), components=list(entry.get("components") or []),
        note=entry.get("note"), source_file=located.path, line=located.line((i,)),
        forms=make_forms([entry["term"], *variants]),
    )


def _identity_problems(located: Located, term: Term, entry: dict, i: int, ids: dict, terms: dict,
                       claimed: dict) -> list[UserError]:
    """Duplicate id, duplicate term, and forms claimed by two entries; registers this entry's id and forms.
    `terms` and `claimed` map a match key to (id, "file:line", entry) of the entry that has it first."""
    problems: list[UserError] = []
    owner = (located.path, i)
    if term.id in ids:
        problems.append(located.error((i, "id"), f"duplicate id '{term.id}' (first used at {ids[term.id]})"))
    else:
        ids[term.id] = f"{located.path}:{located.line((i, 'id'))}"
    key = match_key(term.term)
    duplicate_term = key in terms and terms[key][2] != owner
    if duplicate_term:
        other_id, where, _ = terms[key]
        problems.append(located.error((i, "term"), f"duplicate term '{term.term}' (already the term of "
                                      f"'{other_id}' at {where})"))
    terms.setdefault(key, (term.id, f"{located.path}:{located.line((i, 'term'))}", owner))
    # Each form is traced back to the printed form (term or variant) it was made from.
    printed = [("term", term.term, (i, "term"))] + [("variant", v, (i, "variants", j))
                                                    for j, v in enumerate(term.variants)]
    for kind, form, key_path in printed:
        for made in make_forms([form]):
            k = match_key(made)
            if not k:
                problems.append(located.error(key_path, f"{kind} '{form}' has no characters besides quotation marks"))
                break
            if k in claimed and claimed[k][2] != owner:
                if not (kind == "term" and duplicate_term):
                    other_id, where, _ = claimed[k]
                    made_as = "" if k == match_key(form) else f" (made as '{made}')"
                    problems.append(located.error(key_path, f"{kind} '{form}'{made_as} is also a form of "
                                                  f"'{other_id}' ({where})"))
                break
            claimed.setdefault(k, (term.id, f"{located.path}:{located.line(key_path)}", owner))
    return problems


@lru_cache(maxsize=4)
def glossary_key(folder: str) -> str:
    """The build cache's key of what is made with the glossary in `folder` (its files and the code)."""
    from build_scripts.cache import files_key

    return files_key("glossary", sorted(Path(folder).glob("*.yml")))
