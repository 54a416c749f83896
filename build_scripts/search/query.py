"""`duizhao search`: a parsed query (parse.py) run against the index, every occurrence as a Hit (kwic.py).

Each leaf of the query is read every way it can be meant, and a block matches the leaf if any reading matches:

| reading | when | what it finds |
|---|---|---|
| chinese | the leaf has Chinese characters | blocks whose text contains it, or its OpenCC t2s form |
| traditional | it has traditional characters | blocks whose s2t text contains it as typed |
| text | Latin letters, digits, signs | blocks whose text contains it: LNG, 5G, 1+N, 2020 |
| pinyin | it splits into pinyin syllables | a run of characters read so, tones honoured where given |
| english-glossary | it is a glossary rendering | the term's printed forms (or a component's Chinese) |
| english | Latin words | the English of the block: its terms' renderings and its translation |

Whoosh finds the candidate blocks; every candidate is then checked against the stored text (text.py says what
"contains" means), so the answer is exactly the blocks a scan of every block would give, and each occurrence
in them is one hit. AND, OR and NOT combine the leaves' block sets.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from build_scripts.errors import UserError
from build_scripts.search.kwic import DEFAULT_CONTEXT, Hit, make_hit, site_url
from build_scripts.search.parse import Leaf, iter_leaves, parse
from build_scripts.search.records import DocInfo, english_key
from build_scripts.search.syllables import query_readings
from build_scripts.search.text import fold, has_han, normalise_query_text, occurrences, phrase_segments

PRIORITY = ("chinese", "traditional", "text", "english-glossary", "pinyin", "english")
MODES = ("auto", "chinese", "pinyin", "english")
ORDERS = ("reading", "relevance")


@dataclass(frozen=True)
class Span:
    field: str  # text | translation
    start: int
    end: int
    matched_as: str
    term_id: str | None = None


@dataclass
class Reading:
    """One way of reading a leaf: a Whoosh query for candidates and a check that finds its spans."""

    kind: str
    detail: str  # what was searched, for people: 三大攻坚战, san da gong jian zhan, 三大攻坚战 (sanda-gongjianzhan)
    query: object
    spans: Callable[[dict], list[Span]]


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]  # every hit, in order (reading order, or relevance with --order relevance)
    readings: list[dict]  # [{"term": leaf text, "as": kind, "searched": detail}]
    suggestions: list[dict] = field(default_factory=list)  # [{"query", "hits", "why"}] when nothing was found

    @property
    def totals(self) -> dict:
        blocks = {(h.doc_id, h.anchor): h.kind for h in self.hits}
        return {"hits": len(self.hits), "blocks": len(blocks),
                "paragraphs": sum(1 for k in blocks.values() if k == "paragraph"),
                "headings": sum(1 for k in blocks.values() if k == "heading"),
                "documents": len({doc for doc, _ in blocks})}


def traditional_only(ch: str) -> bool:
    """A character simplified text does not use: OpenCC t2s changes it, and it is outside GB 2312 or is what
    s2t makes of its own simplified form (堅, 發, 後, 髮). 著, 乾, 干, 于 are simplified characters too."""
    from build_scripts.chinese_script import converter

    simplified = converter("t2s").convert(ch)
    if simplified == ch:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return converter("s2t").convert(simplified) == ch


def looks_traditional(text: str) -> bool:
    """Whether a query is (partly) in traditional characters: then its t2s form is searched too. A query in
    simplified characters is searched as typed only, so 乾 never finds 干."""
    return any(traditional_only(ch) for ch in text)


# ---- Whoosh query helpers ------------------------------------------------------------------------------

def token_query(fieldname: str, tokens: list[str]):
    """Blocks with these tokens at consecutive positions: a term of `fieldname` for one token, else the phrase
    of their bigrams in `fieldname`2 (bigram postings are far shorter than single characters')."""
    from whoosh.query import Phrase, Term

    from build_scripts.search.analysis import BIGRAM_JOIN

    if len(tokens) == 1:
        return Term(fieldname, tokens[0])
    pairs = [a + BIGRAM_JOIN + b for a, b in zip(tokens, tokens[1:])]
    return Term(fieldname + "2", pairs[0]) if len(pairs) == 1 else Phrase(fieldname + "2", pairs)


def substring_query(fieldname: str, needle: str):
    """The blocks where the character tokens of `needle` occur, each run between punctuation in a row."""
    from whoosh.query import And

    parts = [token_query(fieldname, s) for s in phrase_segments(needle)]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def any_of(queries: list):
    from whoosh.query import Or

    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else Or(queries)


# ---- the index ---------------------------------------------------------------------------------------

class SearchIndex:
    """An open index. `with SearchIndex(path) as index: index.search("三大攻坚战")`."""

    def __init__(self, folder: str | Path = "search_index", glossary=None, config: str | Path = "mkdocs.yml"):
        """`glossary`: default, the one stored with the index; `config`: the MkDocs file giving site_url."""
        from build_scripts.search.index import open_index

        self.folder = Path(folder)
        self.ix, self.meta = open_index(self.folder)
        self.searcher = self.ix.searcher()
        self.docs = {d["id"]: DocInfo(**d) for d in self.meta.get("documents", [])}
        self._glossary = glossary
        self.base_url = site_url(config)
        self._stored: dict[int, dict] = {}

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

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
    def english_analyzer(self):
        return self.ix.schema["english"].analyzer

    def stored(self, docnum: int) -> dict:
        found = self._stored.get(docnum)
        if found is None:
            found = self._stored[docnum] = dict(self.searcher.stored_fields(docnum), _docnum=docnum)
        return found

    def readings_of(self, stored: dict) -> str:
        """The per-character readings of a block (`gong1 _ …`), from the index's column."""
        column = self.__dict__.get("_readings_column")
        if column is None:
            column = self._readings_column = self.searcher.reader().column_reader("readings")
        return column[stored["_docnum"]].decode("utf-8")

    def all_docnums(self, doc: str | None) -> set[int]:
        if doc is None:
            return set(self.searcher.reader().all_doc_ids())
        from whoosh.query import Term

        return set(self.searcher.docs_for_query(Term("doc", doc)))

    # -- reading a leaf --

    def readings(self, leaf: Leaf, mode: str = "auto") -> list[Reading]:
        text = leaf.text
        found: list[Reading] = []
        if has_han(text):
            if mode in ("auto", "chinese"):
                found += self._chinese(text)
        else:
            if mode in ("auto", "chinese"):
                found += self._latin_text(text)
            if mode in ("auto", "pinyin"):
                found += self._pinyin(text)
            if mode in ("auto", "english"):
                found += self._english_glossary(text) + self._english(text)
        found = [r for r in found if r.query is not None]
        if not found:
            shown = text if text else "…"
            if mode == "pinyin":
                raise UserError(f"'{shown}' is not pinyin: it does not split into syllables")
            if mode == "english":
                raise UserError(f"'{shown}' has no English words to search for")
            raise UserError(f"nothing to search for in '{shown}': punctuation alone is not indexed")
        return found

    def _chinese(self, text: str) -> list[Reading]:
        from build_scripts.chinese_script import converter

        simplified = normalise_query_text(converter("t2s").convert(text))
        out = [Reading("chinese", text, substring_query("chars", text), _text_spans(text, "chinese"))]
        if simplified != text and looks_traditional(text):
            out.append(Reading("chinese", simplified, substring_query("chars", simplified),
                               _text_spans(simplified, "traditional")))
            out.append(Reading("traditional", text, substring_query("trad", text),
                               _text_spans(text, "traditional", traditional=True)))
        return out

    def _latin_text(self, text: str) -> list[Reading]:
        return [Reading("text", text, substring_query("chars", text), _text_spans(text, "text"))]

    def _pinyin(self, text: str) -> list[Reading]:
        out = []
        for reading in query_readings(text, self.syllables):
            # the fields are toneless: tones are checked on the readings
            query = token_query("pinyin", [base for base, _ in reading])
            shown = " ".join(f"{base}{tone}" if tone else base for base, tone in reading)
            out.append(Reading("pinyin", shown, query, _pinyin_spans(reading, self.readings_of)))
        return out

    def _english_glossary(self, text: str) -> list[Reading]:
        out = []
        for entry in self.english.get(english_key(text), []):
            needles = list(dict.fromkeys(normalise_query_text(f) for f in entry.forms))
            query = any_of([substring_query("chars", n) for n in needles])
            detail = f"{' / '.join(needles[:2])} ({entry.term_id}{', component' if entry.component else ''})"
            out.append(Reading("english-glossary", detail, query, _forms_spans(needles, entry.term_id)))
        return out

    def _english(self, text: str) -> list[Reading]:
        """Free English: the words in a row (stemmed) in the block's English."""
        from whoosh.query import Phrase, Term

        stems = [t.text for t in self.english_analyzer(text)]
        if not stems:
            return []
        query = Term("english", stems[0]) if len(stems) == 1 else Phrase("english", stems)
        return [Reading("english", " ".join(stems), query,
                        _english_spans(stems, self.english_analyzer, self.renderings))]

    # -- running --

    def leaf_matches(self, leaf: Leaf, readings: list[Reading], allowed: set[int] | None) -> dict[int, list[Span]]:
        found: dict[int, list[Span]] = defaultdict(list)
        for reading in readings:
            for docnum in self.searcher.docs_for_query(reading.query):
                if allowed is not None and docnum not in allowed:
                    continue
                spans = reading.spans(self.stored(docnum))
                if spans:
                    found[docnum].extend(spans)
        return found

    def search(self, query: str, doc: str | None = None, context: int = DEFAULT_CONTEXT, mode: str = "auto",
               order: str = "reading", suggest: bool = True) -> SearchResult:
        if mode not in MODES:
            raise UserError(f"unknown search mode '{mode}' (one of: {', '.join(MODES)})")
        if order not in ORDERS:
            raise UserError(f"unknown order '{order}' (one of: {', '.join(ORDERS)})")
        if context < 0:
            raise UserError(f"--context must be 0 or more, not {context}")
        if doc is not None and doc not in self.docs:
            ids = sorted(self.docs)
            known = ", ".join(ids[:5]) + (f", … ({len(ids)} in all)" if len(ids) > 5 else "") if ids else "none"
            raise UserError(f"no document '{doc}' in the search index (documents: {known})")
        tree = parse(query)
        self._stored = {}  # stored fields are cached for one search only: each search pays for what it reads
        leaves = list(iter_leaves(tree))
        readings = {id(leaf): self.readings(leaf, mode) for leaf in leaves}
        allowed = self.all_docnums(doc) if doc is not None else None
        matches = {id(leaf): self.leaf_matches(leaf, readings[id(leaf)], allowed) for leaf in leaves}
        universe = allowed if allowed is not None else None
        found = self._evaluate(tree, matches, universe)
        hits = self._hits(found, leaves, matches, context)
        if order == "relevance":
            hits = self._by_relevance(hits, found, leaves)
        result = SearchResult(query, hits, [{"term": leaf.text, "as": r.kind, "searched": r.detail}
                                            for leaf in leaves if not leaf.negated for r in readings[id(leaf)]])
        if suggest and not hits:
            from build_scripts.search.suggest import suggestions

            result.suggestions = suggestions(self, [leaf for leaf in leaves if not leaf.negated], doc, mode)
        return result

    def count(self, query: str, doc: str | None = None, mode: str = "auto") -> int:
        """How many hits a query has (no suggestions); 0 for a query that is not valid."""
        try:
            return len(self.search(query, doc=doc, context=0, mode=mode, suggest=False).hits)
        except UserError:
            return 0

    def _evaluate(self, tree, matches, universe: set[int] | None) -> set[int]:
        if isinstance(tree, Leaf):
            return set(matches[id(tree)])
        if tree.op == "NOT":
            everything = universe if universe is not None else self.all_docnums(None)
            return everything - self._evaluate(tree.children[0], matches, universe)
        sets = [self._evaluate(c, matches, universe) for c in tree.children]
        if tree.op == "AND":
            return set.intersection(*sets)
        return set.union(*sets)

    def _hits(self, found: set[int], leaves: list[Leaf], matches, context: int) -> list[Hit]:
        keyed = []
        for docnum in found:
            stored = self.stored(docnum)
            info = self.docs.get(stored["doc"])
            spans = [s for leaf in leaves if not leaf.negated for s in matches[id(leaf)].get(docnum, [])]
            for span in merge_spans(spans):
                key = (info.order if info else 1 << 30, stored["doc"], stored["order"], span.field != "text",
                       span.start, span.end)
                keyed.append((key, make_hit(stored, info, span, context, self.base_url)))
        return [hit for _, hit in sorted(keyed, key=lambda pair: pair[0])]

    def _by_relevance(self, hits: list[Hit], found: set[int], leaves: list[Leaf]) -> list[Hit]:
        """Blocks by BM25F over their jieba words (the words of the query's Chinese terms), then by hit count;
        reading order within a block and between equals (the sort is stable)."""
        from whoosh.query import Or, Term

        from build_scripts.terms.pinyin import words

        terms = {w for leaf in leaves if not leaf.negated and has_han(leaf.text) for w in words(leaf.text)
                 if w.strip()}
        scores: dict[tuple[str, str], float] = {}
        if terms:
            for hit in self.searcher.search(Or([Term("words", w.lower()) for w in terms]), limit=None):
                if hit.docnum in found:
                    scores[(hit["doc"], hit["anchor"])] = hit.score
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for hit in hits:
            counts[(hit.doc_id, hit.anchor)] += 1
        return sorted(hits, key=lambda h: (-scores.get((h.doc_id, h.anchor), 0.0), -counts[(h.doc_id, h.anchor)]))


def merge_spans(spans: list[Span]) -> list[Span]:
    """Overlapping spans of one field become one (its reading: the first in PRIORITY)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.field, s.start, -s.end, PRIORITY.index(s.matched_as))):
        if merged and merged[-1].field == span.field and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.matched_as, span.matched_as, key=PRIORITY.index)
            term = last.term_id if kind == last.matched_as else span.term_id
            merged[-1] = Span(last.field, last.start, max(last.end, span.end), kind, term)
        else:
            merged.append(span)
    return merged


# ---- the checks: spans in the stored block ---------------------------------------------------------------

def folded_text(stored: dict) -> str:
    """fold() of the block's text, kept with its stored fields: every reading of a query compares with it."""
    found = stored.get("_folded")
    if found is None:
        found = stored["_folded"] = fold(stored["text"])
    return found


def _text_spans(needle: str, kind: str, traditional: bool = False) -> Callable[[dict], list[Span]]:
    def spans(stored: dict) -> list[Span]:
        if traditional:
            from build_scripts.search.records import traditional_text

            text = traditional_text(stored["text"])
            return [Span("text", i, i + len(needle), kind) for i in occurrences(text, needle)]
        return [Span("text", i, i + len(needle), kind)
                for i in occurrences(stored["text"], needle, folded_text(stored))]

    return spans


def _forms_spans(needles: list[str], term_id: str) -> Callable[[dict], list[Span]]:
    def spans(stored: dict) -> list[Span]:
        folded = folded_text(stored)
        return [Span("text", i, i + len(n), "english-glossary", term_id)
                for n in needles for i in occurrences(stored["text"], n, folded)]

    return spans


def _pinyin_spans(reading: list[tuple[str, int | None]], readings_of) -> Callable[[dict], list[Span]]:
    """Runs of characters whose syllables (items `gong1`, `_` in the readings column) are the query's; a tone
    is checked only where the query gave one."""
    import re

    parts = [re.escape(base) + (str(tone) if tone else "[1-5]") for base, tone in reading]
    pattern = re.compile(r"(?:(?<= )|^)(?=" + " ".join(parts) + r"(?: |$))")
    size = len(reading)

    def spans(stored: dict) -> list[Span]:
        items = readings_of(stored)
        found = []
        for m in pattern.finditer(items):
            start = items.count(" ", 0, m.start())
            found.append(Span("text", start, start + size, "pinyin"))
        return found

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
