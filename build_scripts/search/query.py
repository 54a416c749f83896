"""`duizhao search`: a parsed query (parse.py) run against a backend (backends.py), every occurrence a Hit (kwic.py).

Each leaf of the query is read every way it can be meant, and a block matches the leaf if any reading matches:

| reading | when | what it finds |
|---|---|---|
| chinese | the leaf has Chinese characters | blocks where it occurs in either script (variants.py) |
| text | Latin letters, digits, signs | blocks whose text contains it: LNG, 5G, 1+N, 2020 |
| pinyin | it splits into pinyin syllables | a run of characters read so, tones honoured where given |
| english-glossary | it is a glossary rendering | the term's printed forms (or a component's Chinese) |
| english | Latin words | the English of the block: its terms' renderings and its translation |

The backend proposes candidate blocks; every candidate is checked against its text (text.py says what "contains"
means), so the answer is exactly the blocks a scan of every block would give, whatever the backend, and each
occurrence in them is one hit. AND, OR and NOT combine the leaves' block sets. Totals count every hit; only the
blocks of the page asked for (offset, limit) are read whole and made into hits.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from pathlib import Path
from typing import Callable, NamedTuple

from build_scripts.errors import UserError
from build_scripts.search.backends import numpy, run_lengths, run_starts
from build_scripts.search.kwic import DEFAULT_CONTEXT, Hit, block_fields, make_hit, site_url
from build_scripts.search.parse import Leaf, Node, iter_leaves, parse
from build_scripts.search.records import english_analyzer, english_key
from build_scripts.search.syllables import query_readings
from build_scripts.search.text import fold, has_han, is_latin, normalise_query_text, occurrences, phrase_segments

PRIORITY = ("chinese", "traditional", "text", "english-glossary", "pinyin", "english")
MODES = ("auto", "chinese", "pinyin", "english")
ORDERS = ("reading", "relevance")


class Span(NamedTuple):  # a tuple: made for every occurrence in the blocks read, at a tuple's cost
    field: str  # text | translation
    start: int
    end: int
    matched_as: str
    term_id: str | None = None
    reading: str | None = None  # the query as typed, where the text prints it in the other script


@dataclass
class Reading:
    """One way of reading a leaf: probes for the backend's candidates (any of them) and a check finding its spans."""

    kind: str
    detail: str  # what was searched, for people: 三大攻坚战, san da gong jian zhan, 三大攻坚战 (sanda-gongjianzhan)
    probes: list
    spans: Callable[[dict], list[Span]]
    exact: str | None = None  # the search key of a plain substring reading (backends may count it from postings)
    syllables: list | None = None  # a pinyin reading's (syllable, tone or None): backends may count it from postings
    needs: str = "key"  # what its check reads of a block: key | readings | english


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]  # the hits asked for (offset, limit), in order (reading order, or relevance)
    readings: list[dict]  # [{"term": leaf text, "as": kind, "searched": detail}]
    suggestions: list[dict] = field(default_factory=list)  # [{"query", "hits", "why"}] when nothing was found
    totals: dict = field(default_factory=dict)  # every hit counted: hits, blocks, paragraphs, headings, documents
    by_year: dict = field(default_factory=dict)  # year → hits ("unknown": documents without a year)
    by_document: dict = field(default_factory=dict)  # document id → hits, in archive order
    offset: int = 0


# ---- the index ---------------------------------------------------------------------------------------

@dataclass
class Filters:
    """Which blocks a search looks at: one document, one collection, a span of years (Document.year)."""

    doc: str | None = None
    collection: str | None = None
    years: tuple[int, int] | None = None

    def active(self) -> bool:
        return self.doc is not None or self.collection is not None or self.years is not None


def parse_years(text: str) -> tuple[int, int]:
    """`2019`, `2015-2020`, `2015-` or `-1990` → (from, to), both included."""
    import re

    m = re.fullmatch(r"\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*", text or "")
    if not m or not (m.group(1) or m.group(3)) or (m.group(2) is None and m.group(3)):
        raise UserError(f"--year takes a year or a span of years (2019, 2015-2020, 2015-, -1990), not '{text}'")
    low = int(m.group(1)) if m.group(1) else 0
    high = int(m.group(3)) if m.group(3) else (low if m.group(2) is None else 9999)
    if low > high:
        raise UserError(f"--year {text}: the first year is after the second")
    return low, high


class SearchIndex:
    """An open index. `with SearchIndex(path) as index: index.search("三大攻坚战")`.

    `backend`: an open backend (backends.py) instead of the folder's (the conformance suite and the benchmark
    pass ScanBackend); `glossary` then must be given."""

    def __init__(self, folder: str | Path = "search_index", glossary=None, config: str | Path = "mkdocs.yml",
                 backend=None, meta: dict | None = None):
        self.folder = Path(folder)
        if backend is None:
            from build_scripts.search.backends import open_backend
            from build_scripts.search.index import open_index

            meta = open_index(self.folder)
            backend = open_backend(self.folder, meta)
        self.meta = meta or {}
        self.backend = backend
        self.docs = {d.id: d for d in backend.docs}
        self._glossary = glossary
        self.base_url = site_url(config)
        if self.meta.get("script"):
            from build_scripts.search.variants import use_table

            use_table(self.meta["script"])

    def close(self) -> None:
        self.backend.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- data the readings need --

    @cached_property
    def glossary(self):
        if self._glossary is None:
            from build_scripts.search.index import read_glossary_file

            self._glossary = read_glossary_file(self.folder)
        return self._glossary

    @cached_property
    def english(self):
        from build_scripts.search.records import english_map

        return english_map(self.glossary)

    @cached_property
    def renderings(self) -> dict[str, list[str]]:
        """Term id → its English renderings (preferred, then alternates)."""
        from build_scripts.search.records import english_renderings

        return {t.id: english_renderings(self.glossary, t.id) for t in self.glossary}

    @cached_property
    def syllables(self) -> frozenset[str] | None:
        """The valid pinyin syllables, as stored with the index (computing them takes a second)."""
        stored = self.meta.get("syllables")
        return frozenset(stored) if stored else None

    @cached_property
    def block_kind(self):
        return self.backend.block_kind

    @cached_property
    def headings(self) -> set[int]:
        return {n for n, heading in enumerate(self.backend.block_kind) if heading}

    def allowed_blocks(self, filters: Filters) -> set[int] | None:
        if not filters.active():
            return None
        ok = set()
        for i, info in enumerate(self.backend.docs):
            if filters.doc is not None and info.id != filters.doc:
                continue
            if filters.collection is not None and info.collection != filters.collection:
                continue
            if filters.years is not None and (info.year_number is None or
                                              not filters.years[0] <= info.year_number <= filters.years[1]):
                continue
            ok.add(i)
        return {n for n, d in enumerate(self.backend.block_doc) if d in ok}

    # -- reading a leaf --

    def readings(self, leaf: Leaf, mode: str = "auto") -> list[Reading]:
        text = leaf.text
        found: list[Reading] = []
        if has_han(text):
            if mode in ("auto", "chinese"):
                found += self._substring(text, "chinese")
        else:
            if mode in ("auto", "chinese"):
                found += self._substring(text, "text")
            if mode in ("auto", "pinyin"):
                found += self._pinyin(text)
            if mode in ("auto", "english"):
                found += self._english_glossary(text) + self._english(text)
        if not found:
            shown = text if text else "…"
            if mode == "pinyin":
                raise UserError(f"'{shown}' is not pinyin: it does not split into syllables")
            if mode == "english":
                raise UserError(f"'{shown}' has no English words to search for")
            raise UserError(f"nothing to search for in '{shown}': punctuation alone is not indexed")
        return found

    def _substring(self, text: str, kind: str) -> list[Reading]:
        """The text as typed, in either script (variants.py): 社会主义 finds 社會主義 too."""
        from build_scripts.search.backends import Probe, search_key

        if not phrase_segments(text):
            return []
        key = search_key(text)
        detail = f"{text} / {key}" if key != text and has_han(text) else text
        return [Reading(kind, detail, [Probe("text", (key,))], _text_spans(text, key, kind), exact=key)]

    def _pinyin(self, text: str) -> list[Reading]:
        from build_scripts.search.backends import Probe

        out = []
        for reading in query_readings(text, self.syllables):
            shown = " ".join(f"{base}{tone}" if tone else base for base, tone in reading)
            probe = Probe("pinyin", tuple(base for base, _ in reading))
            out.append(Reading("pinyin", shown, [probe], _pinyin_spans(reading, self.backend.readings),
                               needs="readings", syllables=list(reading)))
        return out

    def _english_glossary(self, text: str) -> list[Reading]:
        from build_scripts.search.backends import Probe, search_key

        out = []
        for entry in self.english.get(english_key(text), []):
            needles = list(dict.fromkeys(normalise_query_text(f) for f in entry.forms))
            needles = [n for n in needles if phrase_segments(n)]
            if not needles:
                continue
            probes = [Probe("text", (search_key(n),)) for n in needles]
            detail = f"{' / '.join(needles[:2])} ({entry.term_id}{', component' if entry.component else ''})"
            out.append(Reading("english-glossary", detail, probes, _forms_spans(needles, entry.term_id)))
        return out

    def _english(self, text: str) -> list[Reading]:
        """Free English: the words in a row (stemmed) in the block's English."""
        from build_scripts.search.backends import Probe

        analyzer = english_analyzer()
        stems = [t.text for t in analyzer(text)]
        if not stems:
            return []
        return [Reading("english", " ".join(stems), [Probe("english", tuple(stems))],
                        _english_spans(stems, analyzer, self.renderings), needs="english")]

    # -- running --

    def candidates(self, reading: Reading, allowed: set[int] | None) -> set[int] | list[int]:
        found: set[int] = set()
        for probe in reading.probes:
            more = self.backend.candidates(probe)
            if more is None:
                return sorted(allowed) if allowed is not None else range(self.backend.size)
            found |= more
        return found & allowed if allowed is not None else found

    def leaf_matches(self, leaf: Leaf, readings: list[Reading], allowed: set[int] | None,
                     only: list[int] | None = None) -> dict[int, list[Span]]:
        """Block → the leaf's spans in it, over the candidates (or the blocks `only`)."""
        found: dict[int, list[Span]] = defaultdict(list)
        for reading in readings:
            numbers = self.candidates(reading, allowed) if only is None else only
            for start in range(0, len(numbers), 2000):
                chunk = list(numbers)[start:start + 2000] if not isinstance(numbers, range) else numbers[start:start + 2000]
                for n, record in self.backend.records(chunk, light=reading.needs).items():
                    spans = reading.spans(record)
                    if spans:
                        found[n].extend(spans)
        return found

    def _leaf_counts(self, leaf: Leaf, readings, allowed, alive: dict | None = None) -> Mapping[int, int] | None:
        """Where and how often a leaf occurs, without making its spans, when one reading alone can match (the
        others have no candidate block) and it is plain: a 1- or 2-character Chinese term from the postings; a
        longer one that cannot overlap itself (an occurrence is then exactly one hit) from the positions of its
        character pairs, else by counting it in its candidates' keys; a pinyin reading from the positions of its
        syllables. None for any other leaf."""
        live = readings[id(leaf)]
        counted: dict[int, dict[int, int]] = {}  # id of a pinyin reading → its hits per block, where counted
        if len(live) > 1:
            kept = []
            for r in live:
                found = self.backend.pinyin_runs(r.syllables) if r.syllables is not None else None
                if found is not None:
                    counted[id(r)] = found
                if found or (found is None and self.candidates(r, allowed)):
                    kept.append(r)
            if not kept:
                return {}
            live = kept
            if alive is not None:  # the readings that can match: the page needs only their spans
                alive[id(leaf)] = kept
        if len(live) != 1:
            return None
        reading = live[0]
        if reading.syllables is not None:
            counts = counted.get(id(reading))
            if counts is None:
                counts = self.backend.pinyin_runs(reading.syllables)
        elif reading.exact is not None:
            key = reading.exact
            counts = self.backend.exact_counts(key)
            if counts is None:
                if not countable(key):
                    return None
                counts = self.backend.text_runs(key)
            if counts is None:
                counts = {}
                numbers = list(self.candidates(reading, allowed))
                for n, record in self.backend.records(numbers, light="key").items():
                    found = record["key"].count(key)
                    if found:
                        counts[n] = found
                return counts
        else:
            return None
        if counts is None:
            return None
        return {n: c for n, c in counts.items() if n in allowed} if allowed is not None else counts

    def search(self, query: str, doc: str | None = None, context: int = DEFAULT_CONTEXT, mode: str = "auto",
               order: str = "reading", suggest: bool = True, limit: int | None = None, offset: int = 0,
               filters: Filters | None = None) -> SearchResult:
        """Hits `offset` to `offset + limit` (all with limit None), in order; totals always count every hit."""
        if mode not in MODES:
            raise UserError(f"unknown search mode '{mode}' (one of: {', '.join(MODES)})")
        if order not in ORDERS:
            raise UserError(f"unknown order '{order}' (one of: {', '.join(ORDERS)})")
        if context < 0:
            raise UserError(f"--context must be 0 or more, not {context}")
        filters = filters or Filters()
        if doc is not None:
            filters = Filters(doc, filters.collection, filters.years)
        if filters.doc is not None and filters.doc not in self.docs:
            ids = sorted(self.docs)
            known = ", ".join(ids[:5]) + (f", … ({len(ids)} in all)" if len(ids) > 5 else "") if ids else "none"
            raise UserError(f"no document '{filters.doc}' in the search index (documents: {known})")
        if filters.collection is not None and filters.collection not in {d.collection for d in self.docs.values()}:
            known = ", ".join(sorted({str(d.collection) for d in self.docs.values()})) or "none"
            raise UserError(f"no collection '{filters.collection}' in the search index (collections: {known})")
        tree = parse(query)
        leaves = list(iter_leaves(tree))
        readings = {id(leaf): self.readings(leaf, mode) for leaf in leaves}
        allowed = self.allowed_blocks(filters)
        alive: dict[int, list[Reading]] = {}
        exact = {id(leaf): self._leaf_counts(leaf, readings, allowed, alive) for leaf in leaves}
        positive = [leaf for leaf in leaves if not leaf.negated]
        matches = {id(leaf): exact[id(leaf)] if exact[id(leaf)] is not None else
                   self.leaf_matches(leaf, readings[id(leaf)], allowed) for leaf in leaves}
        if isinstance(tree, Leaf) and exact[id(tree)] is not None:
            # one term, counted without making spans: no block is read whole but those of the page
            counts = exact[id(tree)]
        elif len(positive) == 1 and exact[id(positive[0])] is not None:
            known = exact[id(positive[0])]
            found = self._evaluate(tree, matches, allowed)
            counts = known if len(known) == len(found) else only(known, found)
        elif self._summable(positive, exact, readings, alive):
            # terms counted apart whose occurrences cannot overlap one another: a block's hits are their sum
            counts = summed([exact[id(leaf)] for leaf in positive], self._evaluate(tree, matches, allowed))
        else:
            found = set(self._evaluate(tree, matches, allowed).tolist())
            for leaf in positive:
                if exact[id(leaf)] is not None:  # its spans are needed for merging: read its blocks
                    matches[id(leaf)] = self.leaf_matches(leaf, readings[id(leaf)], None,
                                                          only=[n for n in matches[id(leaf)] if n in found])
            counts = {n: len(merge_spans([s for leaf in positive for s in matches[id(leaf)].get(n, [])]))
                      for n in found}
        blocks, values = in_block_order(counts)
        shown = [r for leaf in positive for r in alive.get(id(leaf), readings[id(leaf)])]
        if order == "relevance":  # blocks with the most hits first; reading order between equals
            ranked = numpy().argsort(-values, kind="stable")
            page = self._page(blocks[ranked], values[ranked], shown, offset, limit, context)
        else:
            page = self._page(blocks, values, shown, offset, limit, context)
        result = SearchResult(query, page, [{"term": leaf.text, "as": r.kind, "searched": r.detail}
                                            for leaf in leaves if not leaf.negated for r in readings[id(leaf)]])
        result.totals, result.by_year, result.by_document = self._totals(blocks, values)
        result.offset = offset
        if suggest and not counts:
            from build_scripts.search.suggest import suggestions

            result.suggestions = suggestions(self, [leaf for leaf in leaves if not leaf.negated], filters.doc, mode)
        return result

    @staticmethod
    def _summable(positive: list[Leaf], exact: dict, readings: dict, alive: dict) -> bool:
        """Whether every term to show was counted as a plain text key (no pinyin, no English) and no two of their
        keys can overlap in a text (neither holds the other, no end of one begins the other): merging their spans
        would then change nothing, so their counts add up."""
        keys = []
        for leaf in positive:
            live = alive.get(id(leaf), readings[id(leaf)])
            if exact[id(leaf)] is None or len(live) != 1 or live[0].exact is None or live[0].syllables is not None:
                return False
            keys.append(live[0].exact)
        return not any(overlapping(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])

    def _page(self, blocks, values, readings, offset, limit, context) -> list[Hit]:
        """The hits from `offset` on: only the blocks they are in are read, and their spans made again from the
        whole record (counting read the search key only, which cannot say which script a hit is printed in)."""
        np = numpy()
        running = np.cumsum(values)
        before = running - values  # the hits in the blocks before each
        low = int(np.searchsorted(running, offset, side="right"))  # the first block with a hit from `offset` on
        end = None if limit is None else offset + limit
        high = len(blocks) if end is None else int(np.searchsorted(before, end, side="left"))
        wanted: list[tuple[int, int, int]] = []  # (block, first span, last span) of the page
        for n, c, seen in zip(blocks[low:high].tolist(), values[low:high].tolist(), before[low:high].tolist()):
            wanted.append((n, max(0, offset - seen), c if end is None else min(c, end - seen)))
        english = any(r.needs == "english" for r in readings)  # only its check reads a block's terms
        records = self.backend.records([n for n, _, _ in wanted], light=False if english else "hit")
        hits = []
        for n, first, last in wanted:
            record = records[n]
            spans = merge_spans([s for r in readings for s in r.spans(record)])
            info = self.docs.get(record["doc"])
            shared = block_fields(record, info, self.base_url)
            for span in spans[first:last]:
                hits.append(make_hit(record, info, span, context, self.base_url, shared))
        return hits

    @cached_property
    def _year_labels(self) -> list[str]:
        return [str(info.year_number) if info.year_number is not None else "unknown" for info in self.backend.docs]

    @cached_property
    def _doc_ids(self):
        """The documents' ids, in archive order, as an array (picked by the documents' indices at once)."""
        return numpy().asarray([info.id for info in self.backend.docs], dtype=object)

    @cached_property
    def _block_docs(self):
        """Each block's document (its index in the archive's order), as an array."""
        return numpy().asarray(self.backend.block_doc, dtype=numpy().int64)

    @cached_property
    def _years(self) -> tuple[list[str], object]:
        """The years as totals name them, in their order, and each document's year as an index into them."""
        labels = sorted(set(self._year_labels))
        where = {label: i for i, label in enumerate(labels)}
        return labels, numpy().asarray([where[label] for label in self._year_labels], dtype=numpy().int64)

    @cached_property
    def _heading_blocks(self):
        return numpy().asarray(self.backend.block_kind, dtype=bool)

    def _totals(self, numbers, values) -> tuple[dict, dict, dict]:
        """Totals of blocks `numbers` (ascending) with hits `values` beside them, as arrays: each block's document,
        where each document's run of blocks begins (they are in archive order), the hits of each run as a
        difference of running sums; by year, those summed by numpy.bincount."""
        np = numpy()
        running = np.concatenate(([0], np.cumsum(values)))
        owners = self._block_docs[numbers]
        begins = run_starts(owners)
        found = owners[begins]
        ends = running[begins + run_lengths(begins, len(owners))]
        per_found = ends - running[begins]
        listed = per_found.tolist()
        by_doc = dict(compress(zip(self._doc_ids[found].tolist(), listed), listed))
        labels, year_of = self._years
        per_year = np.bincount(year_of[found], weights=per_found, minlength=len(labels)).tolist()
        by_year = {label: int(c) for label, c in zip(labels, per_year) if c}
        heading_hits = int(self._heading_blocks[numbers].sum()) if len(numbers) else 0
        totals = {"hits": int(running[-1]), "blocks": len(numbers), "paragraphs": len(numbers) - heading_hits,
                  "headings": heading_hits, "documents": len(by_doc)}
        return totals, by_year, by_doc

    def count(self, query: str, doc: str | None = None, mode: str = "auto") -> int:
        """How many hits a query has (no suggestions); 0 for a query that is not valid."""
        try:
            return self.search(query, doc=doc, context=0, mode=mode, suggest=False, limit=0).totals["hits"]
        except UserError:
            return 0

    def _evaluate(self, tree, matches, universe: set[int] | None):
        """The blocks where the query holds, ascending, as a numpy array (sets of blocks combined by numpy)."""
        np = numpy()
        if isinstance(tree, Leaf):
            return block_array(matches[id(tree)])
        if tree.op == "NOT":
            everything = block_array(universe) if universe is not None else np.arange(self.backend.size)
            return np.setdiff1d(everything, self._evaluate(tree.children[0], matches, universe), assume_unique=True)
        if tree.op == "AND":  # A AND NOT B is A less B: no set of every block is made
            kept, dropped = [], []
            for c in tree.children:
                if isinstance(c, Node) and c.op == "NOT":
                    dropped.append(c.children[0])
                else:
                    kept.append(c)
            if kept:
                found = self._evaluate(kept[0], matches, universe)
                for c in kept[1:]:
                    found = np.intersect1d(found, self._evaluate(c, matches, universe), assume_unique=True)
                for c in dropped:
                    found = np.setdiff1d(found, self._evaluate(c, matches, universe), assume_unique=True)
                return found
        arrays = [self._evaluate(c, matches, universe) for c in tree.children]
        found = arrays[0]
        for more in arrays[1:]:
            found = np.intersect1d(found, more, assume_unique=True) if tree.op == "AND" else np.union1d(found, more)
        return found


def block_array(blocks):
    """Blocks (a BlockCounts, a mapping or a set of block numbers, or an array already) as a sorted array."""
    from build_scripts.search.backends import BlockCounts

    np = numpy()
    if isinstance(blocks, np.ndarray):
        return blocks
    if isinstance(blocks, BlockCounts):
        return blocks.arrays()[0]
    return np.sort(np.fromiter(blocks, dtype=np.int64, count=len(blocks)))


def in_block_order(counts: Mapping[int, int]):
    """The blocks of `counts` ascending and their hits beside them, as numpy arrays of int64."""
    from build_scripts.search.backends import BlockCounts

    np = numpy()
    if isinstance(counts, BlockCounts):
        return counts.arrays()
    blocks = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    hits = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    order = np.argsort(blocks, kind="stable")
    return blocks[order], hits[order]


def summed(parts: list[Mapping[int, int]], numbers):
    """Block → the sum of the parts' hits, for the blocks of `numbers` in any part (a BlockCounts, added up by
    numpy)."""
    from build_scripts.search.backends import BlockCounts

    np = numpy()
    blocks = block_array(numbers)
    hits = np.zeros(len(blocks), np.int64)
    for part in parts:
        part_blocks, part_hits = in_block_order(part)
        at = np.minimum(np.searchsorted(blocks, part_blocks), max(len(blocks) - 1, 0))
        kept = blocks[at] == part_blocks if len(blocks) else np.zeros(len(part_blocks), bool)
        hits[at[kept]] += part_hits[kept]  # a part's blocks are distinct: no index twice
    return BlockCounts(blocks[hits > 0], hits[hits > 0])  # a block in no part has no hit


def only(counts: Mapping[int, int], numbers) -> Mapping[int, int]:
    """`counts` for the blocks in `numbers` (a set, or a sorted array; a BlockCounts stays one, filtered by
    numpy)."""
    from build_scripts.search.backends import BlockCounts

    if isinstance(counts, BlockCounts):
        np = numpy()
        blocks, hits = counts.arrays()
        keep = np.isin(blocks, block_array(numbers), assume_unique=True)
        return BlockCounts(blocks[keep], hits[keep])
    if not isinstance(numbers, (set, frozenset)):
        numbers = set(numbers.tolist())
    return {n: c for n, c in counts.items() if n in numbers}


def overlapping(a: str, b: str) -> bool:
    """Whether occurrences of `a` and `b` can share characters in some text."""
    return a in b or b in a or any(a.endswith(b[:k]) for k in range(1, len(b))) or \
        any(b.endswith(a[:k]) for k in range(1, len(a)))


def countable(key: str) -> bool:
    """Whether str.count gives the hits of `key`: no Latin letter or digit at either end (their boundary rule), and
    no proper prefix that is also a suffix (哈哈 overlaps itself in 哈哈哈: overlapping occurrences are one hit)."""
    if not key or is_latin(key[0]) or is_latin(key[-1]):
        return False
    return not any(key[:k] == key[-k:] for k in range(1, len(key)))


def merge_spans(spans: list[Span]) -> list[Span]:
    """Overlapping spans of one field become one (its reading: the first in PRIORITY)."""
    if len(spans) < 2:
        return list(spans)
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.field, s.start, -s.end, PRIORITY.index(s.matched_as))):
        if merged and merged[-1].field == span.field and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.matched_as, span.matched_as, key=PRIORITY.index)
            term = last.term_id if kind == last.matched_as else span.term_id
            reading = last.reading if kind == last.matched_as else span.reading
            merged[-1] = Span(last.field, last.start, max(last.end, span.end), kind, term, reading)
        else:
            merged.append(span)
    return merged


# ---- the checks: spans in the stored block ---------------------------------------------------------------

def _text_spans(text: str, key: str, kind: str) -> Callable[[dict], list[Span]]:
    """Every occurrence of the typed text in either script: `key` (variants.py) in the block's key. Where the
    printed characters are not the typed ones the span is read as `traditional` (the other script)."""
    typed = fold(text)
    key_as_typed = fold(key) == typed  # an occurrence in a block printed as its key is printed as the key is

    def spans(stored: dict) -> list[Span]:
        found = []
        folded = stored["key"]
        printed = stored.get("text", folded)  # a light record (counting) has the key only
        same = "text" not in stored or (key_as_typed if printed is folded else None)  # one test answers all
        for i in occurrences(folded, key, folded):
            as_typed = same if same is not None else fold(printed[i:i + len(key)]) == typed
            found.append(Span("text", i, i + len(key), kind if as_typed else "traditional",
                              reading=None if as_typed else text))
        return found

    return spans


def _forms_spans(needles: list[str], term_id: str) -> Callable[[dict], list[Span]]:
    from build_scripts.search.backends import search_key

    keys = [search_key(n) for n in needles]

    def spans(stored: dict) -> list[Span]:
        return [Span("text", i, i + len(k), "english-glossary", term_id)
                for k in keys for i in occurrences(stored["key"], k, stored["key"])]

    return spans


def _pinyin_spans(reading: list[tuple[str, int | None]], readings_of) -> Callable[[dict], list[Span]]:
    """Runs of characters whose syllables are the query's; a tone is checked only where the query gave one.
    The readings are coded one character per syllable (backends.code_readings), so this is one regular
    expression over them (a lookahead: overlapping runs too)."""
    import re

    from build_scripts.search.backends import syllable_code

    parts = []
    for base, tone in reading:
        codes = [syllable_code(base, t) for t in ([tone] if tone else range(1, 6))]
        codes = [c for c in codes if c is not None]
        parts.append("[" + "".join(re.escape(c) for c in codes) + "]" if codes else "(?!)")
    pattern = re.compile("(?=" + "".join(parts) + ")")
    size = len(reading)

    def spans(stored: dict) -> list[Span]:
        coded = readings_of(stored)
        return [Span("text", m.start(), m.start() + size, "pinyin") for m in pattern.finditer(coded)]

    return spans


def _english_spans(stems: list[str], analyzer, renderings: dict[str, list[str]]) -> Callable[[dict], list[Span]]:
    """The stems in a row: in a rendering of a term printed in the block (the span is the term's occurrence),
    or in the block's translation (the span is the words there)."""
    size = len(stems)
    first = stems[0]
    cache: dict[str, tuple] = {}  # renderings repeat from block to block

    def words(text: str) -> tuple:
        found = cache.get(text)
        if found is None:
            found = tuple((t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, positions=True))
            if len(cache) < 10_000:
                cache[text] = found
        return found

    def runs(text: str) -> list[tuple[int, int]]:
        toks = words(text)
        return [(toks[i][1], toks[i + size - 1][2]) for i in range(len(toks) - size + 1)
                if toks[i][0] == first and [t[0] for t in toks[i:i + size]] == stems]

    def spans(stored: dict) -> list[Span]:
        occurrences = stored.get("occurrences") or []
        terms = {term_id for term_id in {o[2] for o in occurrences}
                 if any(runs(text) for text in renderings.get(term_id, ()))}
        found = [Span("text", start, end, "english", term_id)
                 for start, end, term_id in occurrences if term_id in terms]
        translation = stored.get("translation") or ""
        found += [Span("translation", start, end, "english") for start, end in runs(translation)]
        return found

    return spans
