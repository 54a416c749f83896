"""Word-level Hanyu Pinyin with tone marks, written after GB/T 16159 (basic rules of pinyin orthography).

jieba segments the text into words; pypinyin gives each word's syllables, corrected by the overrides table
(data/pinyin_overrides.tsv, loaded into pypinyin's phrase dictionary). Syllables of a word are joined
(gōngjǐcè), words are separated by spaces, and an apostrophe marks a syllable starting with a/o/e inside a
word (Xī'ān).

Capitalisation comes from the table only: a row whose reading starts with a capital marks a proper noun.
jieba's nr/ns/nt/nz tags are not trusted for it: on the seed page they also fall on 养老金, 荣获, 幸福感
(nr), 城市, 深度, 上市, 法治化 (ns), 新兴产业 (nt), 力争, 大战 (nz), and miss 孝义, 交城, 离石 (n). The tags
only shortlist proper-noun candidates for review (see make_pinyin_overrides).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from contextlib import contextmanager
from functools import lru_cache, wraps
from itertools import accumulate
from pathlib import Path

from pypinyin import Style, pinyin
from pypinyin.contrib.tone_convert import to_normal, to_tone, to_tone2
from pypinyin.pinyin_dict import pinyin_dict

from build_scripts.chars import HAN_RE, is_han
from build_scripts.errors import UserError
from build_scripts.terms import fast_jieba

OVERRIDES = Path(__file__).parent.parent / "data" / "pinyin_overrides.tsv"
# GB/T 16159, place names: the generic part is written apart, capitalised: 岚县 Lán Xiàn, 吕梁市 Lǚliáng Shì.
# Only the administrative ones: 山/河 are often fused into a name (方山 is a county, not a mountain).
PLACE_GENERICS = "省市县区"
OPENING = "“‘（《「『〔【([{"
CLOSING = "”’）》」』〕】)]},.;:!?%"
# Tags are trusted here: jieba's ud/uv marked every particle 得/地 left on the seed page once 新高地 and
# 承载地 were listed as words. pypinyin would read the lone character dé/dì.
PARTICLES = {("得", "ud"): "de", ("地", "uv"): "de"}
CITATION_TONES = {"一": "yī", "不": "bù"}  # their only readings; yí/yì/bú are sandhi
APOSTROPHE_INITIALS = "aāáǎàoōóǒòeēéěè"


# ---- syllables ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def valid_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows, plus the r of erhua (CC-CEDICT writes 一点儿 yi1 dian3 r5).
    From the build cache while pypinyin's table is the same (reading it takes a second, in every process)."""
    import sys

    from build_scripts.cache import cached, files_key

    def read() -> frozenset[str]:
        found = {to_normal(p, v_to_u=True) for readings in pinyin_dict.values() for p in readings.split(",")}
        return frozenset(found | {"r"})

    return cached(files_key("valid-syllables", [Path(sys.modules["pypinyin.pinyin_dict"].__file__)]), read)


def check_syllable(numbered: str) -> str | None:
    """Why a numbered syllable (gong1, lv4, lu:4, Lü3, de5) is bad, or None."""
    body, tone = numbered[:-1], numbered[-1:]
    if not tone or tone not in "12345":
        return f"syllable '{numbered}' must end in a tone number 1-5"
    if normalise(body).lower() not in valid_syllables():
        return f"'{numbered}' is not a pinyin syllable"
    if body[1:] != body[1:].lower():
        return f"syllable '{numbered}' may be capitalised only at its start"
    return None


def normalise(numbered: str) -> str:
    """CC-CEDICT's u: and pypinyin's v both mean ü."""
    return numbered.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü")


@lru_cache(maxsize=None)
def marked(numbered: str) -> str:
    """gong1 → gōng, lu:4 → lǜ, Lu:3 → Lǚ, de5 → de."""
    syllable = to_tone(normalise(numbered).lower())
    return syllable[:1].upper() + syllable[1:] if numbered[:1].isupper() else syllable


# ---- the overrides table ------------------------------------------------------------------------

@dataclass(frozen=True)
class Override:
    words: tuple[str, ...]  # a space in the word column writes the pinyin apart: 调 结构 → tiáo jiégòu
    syllables: tuple[str, ...]  # numbered, one per character: ("tiao2", "jie2", "gou4")
    source: str  # cc-cedict | manual: why
    line: int

    @property
    def text(self) -> str:
        return "".join(self.words)

    @property
    def proper(self) -> bool:
        return self.syllables[0][:1].isupper()


def read_overrides(path: str | Path = OVERRIDES) -> list[Override]:
    """The table's rows; any malformed row is a UserError at its file:line."""
    rows: list[Override] = []
    seen: dict[str, int] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"cannot read the pinyin overrides: {err}", str(path)) from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = _parse_row(line, str(path), number)
        if row.text in seen:
            raise UserError(f"'{row.text}' is already listed on line {seen[row.text]}", str(path), number)
        seen[row.text] = number
        rows.append(row)
    return rows


def _parse_row(line: str, path: str, number: int) -> Override:
    def bad(problem: str) -> UserError:
        return UserError(problem, path, number)

    cells = line.split("\t")
    if len(cells) != 3:
        raise bad(f"expected 3 tab-separated columns (word, pinyin, source), found {len(cells)}")
    word, reading, source = (c.strip() for c in cells)
    words = tuple(word.split())
    if not words or not all(is_han(c) for c in "".join(words)):
        raise bad(f"word '{word}' must be Chinese characters only")
    syllables = tuple(reading.split())
    if len(syllables) != len("".join(words)):
        raise bad(f"'{word}' has {len(''.join(words))} characters but '{reading}' has {len(syllables)} syllables")
    for syllable in syllables:
        problem = check_syllable(syllable)
        if problem:
            raise bad(problem)
    if source != "cc-cedict" and not (source.startswith("manual:") and source[len("manual:"):].strip()):
        raise bad(f"source must be 'cc-cedict' or 'manual: <reason>', not '{source}'")
    return Override(words, syllables, source, number)


@lru_cache(maxsize=1)
def overrides() -> dict[str, Override]:
    """The table by its text, loaded into pypinyin on first use (not at import: the generator needs
    pypinyin's own readings)."""
    table = {row.text: row for row in read_overrides()}
    phrases = {text: [[to_tone2(normalise(s).lower())] for s in row.syllables] for text, row in table.items()}
    _load_phrases(phrases)
    return table


def _load_phrases(phrases: dict[str, list[list[str]]]) -> None:
    """pypinyin's load_phrases_dict(phrases, style="tone2"), but teaching its segmenter only the new phrases:
    load_phrases_dict teaches it every phrase of pypinyin's dictionary again (a second of every build process),
    and those it knows already (mmseg.retrain adds each phrase's prefixes to a set; the set only grows)."""
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.contrib.tone_convert import tone2_to_tone
    from pypinyin.seg import mmseg

    for text, readings in phrases.items():
        PHRASES_DICT[text] = [list(map(tone2_to_tone, pys)) for pys in readings]
    mmseg.seg.train(phrases)


# ---- segmentation -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tokenizer() -> fast_jieba.Tagger:
    """A private jieba: the global one is shared with whoever imports jieba. Rows never join jieba's words,
    so jieba is taught the rows that are one word (供给侧) or one name (北武当 山); a lowercase row of
    several words (调 结构) is context across jieba's own words. Started from its snapshot in the build cache
    (terms/jieba_state.py), not on import: a build from the cache (each MkDocs process imports this module)
    never segments."""
    from build_scripts.terms import jieba_state

    state = jieba_state.load(_teach_rows, [OVERRIDES])
    return fast_jieba.Tagger(fast_jieba.tokenizer_from(state.freq, state.total), state.word_tags, state.hmm)


def read_whole_dictionary() -> None:
    """jieba's dictionary and tag table made whole (0.7 s), not read a word at a time: for a process about to
    segment much text, or to fork workers that will."""
    from build_scripts.terms import jieba_state

    jieba_state.read_whole(_tokenizer().tokenizer.FREQ)


def _teach_rows(tokenizer) -> None:
    for row in read_overrides(OVERRIDES):
        if len(row.words) == 1 or row.proper:
            tokenizer.suggest_freq(row.text, tune=True)  # raises its count only if its parts would win


def tagged_words(text: str) -> list[tuple[str, str]]:
    """(word, jieba tag) pairs from jieba's part-of-speech HMM over the whole text: for reviewing names."""
    return [(pair.word, pair.flag) for pair in _tokenizer().cut(text)]


# ---- what the last build of a document worked out ------------------------------------------------------------
# Segmenting and reading a document's text is most of what a changed document costs, and an edit leaves nearly all
# of its paragraphs as they were. The results of the functions below are pure (the text, the code, the pinned
# jieba and pypinyin), so each document keeps those it asked for in the build cache, and its next version asks
# jieba and pypinyin only about what is new (and loads neither when nothing is).

_REMEMBERED: dict[str, object] = {}  # name → the function behind each `remembered`
_memory = None  # within `remembering`: its cache.LastBuild of (function's name, text) → result


def remembered(function):
    """`function(text)`, from what the last build under the same name found where it has it (`text`: any
    hashable value its result depends on alone)."""
    name = f"{function.__module__}.{function.__qualname__}"
    _REMEMBERED[name] = function

    @wraps(function)
    def remembered_function(text):
        return function(text) if _memory is None else _memory((name, text))

    return remembered_function


def _memory_name(name: str) -> bytes:
    from importlib.metadata import version

    return f"pinyin-memory\0jieba={version('jieba')}\0pypinyin={version('pypinyin')}\0{name}".encode()


def memory_key(name: str) -> str:
    """The build cache's key of what was worked out for `name` (a document id), by this code and these libraries."""
    from build_scripts.cache import LastBuild

    return LastBuild.key_of(_memory_name(name))


@contextmanager
def remembering(name: str):
    """Within: what the last run under `name` worked out is reused, and what is asked is kept for the next run
    (only what was asked this time: an edited paragraph's old text is forgotten)."""
    global _memory
    from build_scripts.cache import LastBuild

    outer = _memory
    _memory = LastBuild(_memory_name(name), lambda key: _REMEMBERED[key[0]](key[1]))
    try:
        yield
        _memory.save()
    finally:
        _memory = outer


# A clause ends at these; jieba cuts at every non-Han character anyway, so cutting here first changes no word.
CLAUSE = re.compile(r"[，。；：、！？（）“”,;:!?()]+|[^，。；：、！？（）“”,;:!?()]+")


@lru_cache(maxsize=1)
def _needs_tags() -> re.Pattern:
    """What makes a clause worth jieba's part-of-speech HMM: a particle read by its tag (得, 地), or the text of
    an overrides row, which applies only on jieba's own word boundaries."""
    texts = {row.text for row in read_overrides()} | {char for char, _ in PARTICLES}
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))


def segment(text: str) -> list[tuple[str, str]]:
    """(word, jieba tag) pairs; the words joined give back the text. jieba's part-of-speech HMM costs about 25
    times its plain segmentation, and its tags are needed only for the particles 得/地 and the overrides' rows:
    clauses holding one of those are cut with tags, the others by the plain tokenizer, tagged from its
    dictionary (measured on 1,500 archive paragraphs: the same reading for each of 247,872 characters, in a
    quarter of the time). Cached per text: the reading aids and the search records of a block both ask."""
    return list(_segment(text))


@lru_cache(maxsize=16384)
def _segment(text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for clause in CLAUSE.findall(text):
        out.extend(_segment_clause(clause))
    return tuple(out)


@lru_cache(maxsize=1 << 17)
def _segment_clause(clause: str) -> tuple[tuple[str, str], ...]:
    """Cached per clause: clauses repeat across paragraphs (为此, 我们要, 全面建设社会主义现代化国家)."""
    tokenizer = _tokenizer()
    if _needs_tags().search(clause):
        return tuple((pair.word, pair.flag) for pair in tokenizer.cut(clause))
    tags = tokenizer.word_tag_tab
    return tuple((word, tags.get(word, "x")) for word in tokenizer.tokenizer.cut(clause))


def words(text: str) -> list[str]:
    return [word for word, _ in segment(text)]


# ---- pinyin -------------------------------------------------------------------------------------

def pypinyin_syllables(text: str) -> list[str]:
    """pypinyin's tone-marked syllable for each character of an all-Han text; it segments the text itself
    (longest match in its phrase dictionary), which beats character by character inside a jieba word.
    一 and 不 keep their citation tone: pypinyin's phrases mix in tone sandhi (一定 yídìng, 一番 yīfān),
    dictionaries and CC-CEDICT do not."""
    return list(_pypinyin_syllables(text))


@remembered
@lru_cache(maxsize=None)
def _pypinyin_syllables(text: str) -> tuple[str, ...]:
    """Cached per text: an archive repeats its words, and pypinyin's tone conversion is the costly part."""
    found = [s[0] for s in pinyin(text, style=Style.TONE, errors=lambda chars: list(chars))]
    return tuple(CITATION_TONES.get(c, s) for c, s in zip(text, found))


@dataclass(frozen=True)
class Analysis:
    """A text's jieba words, each with its syllables (one per character: a marked syllable, or the character
    itself where it is not read), and where the overrides write the pinyin apart or capitalised."""

    words: tuple[tuple[str, int, tuple[str, ...] | None], ...]  # (word, start, syllables; None: no Han character)
    breaks: frozenset[int]  # character offsets where a row writes the pinyin apart
    capital: frozenset[int]  # character offsets starting a capitalised word


@lru_cache(maxsize=1)
def _row_starts() -> tuple[re.Pattern, int]:
    """Where a row's text starts (a zero-width match at each such offset), and the longest row's length."""
    texts = sorted(overrides(), key=len, reverse=True)
    return re.compile("(?=" + "|".join(re.escape(t) for t in texts) + ")") if texts else re.compile("(?!)"), \
        max(map(len, texts), default=0)


@remembered
@lru_cache(maxsize=16384)
def analyse(text: str) -> Analysis:
    """Cached per text: the reading aids and the search records read the same pieces of a block."""
    table = overrides()
    row_starts, longest = _row_starts()
    tagged = _segment(text)
    tokens = [word for word, _ in tagged]
    starts = list(accumulate(map(len, tokens), initial=0))
    token_at = {start: k for k, start in enumerate(starts)}  # a word boundary → the word starting there
    syllables: list[str | None] = [None] * len(text)  # per character
    breaks: set[int] = set()
    capital: set[int] = set()
    # Only the words at which some row's text starts are looked up (most texts have none).
    candidates = sorted(token_at[m.start()] for m in row_starts.finditer(text) if m.start() in token_at)
    i = 0
    for k in candidates:
        if k < i:  # inside a row already applied
            continue
        i = k
        row = _row_at(text, starts[i], token_at, table, longest)
        if row is None:
            continue
        offset = starts[i]
        for j, syllable in enumerate(row.syllables):
            syllables[offset + j] = marked(syllable.lower())
        for word in row.words:
            breaks.add(offset)
            if row.syllables[offset - starts[i]][0].isupper():
                capital.add(offset)
            offset += len(word)
        i = token_at[offset]
    words = []
    for k, token in enumerate(tokens):
        start = starts[k]
        if not HAN_RE.search(token):
            words.append((token, start, None))
            continue
        known = syllables[start:start + len(token)]
        if known == [None] and tagged[k] in PARTICLES:
            known = [PARTICLES[tagged[k]]]
        elif not any(known):  # no row covers the word: its reading is the same wherever it is printed
            words.append((token, start, _word_syllables(token)))
            continue
        words.append((token, start, tuple(_token_syllables(token, known))))
    return Analysis(tuple(words), frozenset(breaks), frozenset(capital))


@lru_cache(maxsize=1 << 17)
def _word_syllables(token: str) -> tuple[str, ...]:
    """Cached per word, not per occurrence: words repeat."""
    return tuple(_token_syllables(token, [None] * len(token)))


def word_pinyin(text: str) -> list[tuple[str, str]]:
    """(jieba word, pinyin) for every word of the text, for ruby annotation. Words without Han characters
    (punctuation, digits, Latin) get an empty pinyin."""
    found = analyse(text)
    return [(token, "" if pieces is None else _write_word(token, list(pieces), start, found.breaks, found.capital))
            for token, start, pieces in found.words]


def _row_at(text: str, start: int, boundaries: dict[int, int], table: dict[str, Override], longest: int):
    """The longest row whose text starts here and ends at a word boundary."""
    for end in range(min(len(text), start + longest), start, -1):
        if end in boundaries and text[start:end] in table:
            return table[text[start:end]]
    return None


def _token_syllables(token: str, known: list[str | None]) -> list[str]:
    """Fill the characters no row covered from pypinyin, a run of Han characters at a time."""
    out = list(known)
    k = 0
    while k < len(token):
        if out[k] is not None or not is_han(token[k]):
            out[k] = out[k] if out[k] is not None else token[k]
            k += 1
            continue
        end = k
        while end < len(token) and out[end] is None and is_han(token[end]):
            end += 1
        out[k:end] = pypinyin_syllables(token[k:end])
        k = end
    return out


def _write_word(token: str, pieces: list[str], start: int, breaks: set[int], capital: set[int]) -> str:
    """Join a word's syllables, with apostrophes, row-given spaces, capitals and the place-name split."""
    proper = start in capital
    if proper and len(token) > 1 and token[-1] in PLACE_GENERICS and (start + len(token) - 1) not in breaks:
        breaks = breaks | {start + len(token) - 1}
        capital = capital | {start + len(token) - 1}
    parts: list[list[str]] = []
    for k, piece in enumerate(pieces):
        if k == 0 or start + k in breaks:
            parts.append([])
        parts[-1].append(piece)
    written, k = [], start
    for part in parts:
        word = part[0] + "".join(("'" + p if p[:1] in APOSTROPHE_INITIALS else p) for p in part[1:])
        written.append(word[:1].upper() + word[1:] if k in capital else word)
        k += len(part)
    return " ".join(written)


def to_pinyin(text: str) -> str:
    """The text in pinyin: words apart, punctuation, digits and Latin kept as they are."""
    pieces: list[str] = []
    previous: tuple[str, str] | None = None
    for token, reading in word_pinyin(text):
        if token.isspace():  # a space in the text stays one space
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
            previous = None
            continue
        if previous and _space_between(previous, (token, reading)):
            pieces.append(" ")
        pieces.append(reading or token)
        previous = (token, reading)
    return "".join(pieces).strip()


def _space_between(left: tuple[str, str], right: tuple[str, str]) -> bool:
    """A pinyin word is set apart from its neighbours; punctuation hugs its word (full-width marks carry
    their own space); what was not Chinese (5G, 2×35, 1+N) stays as it was printed."""
    (left_text, left_reading), (right_text, right_reading) = left, right
    if not (left_reading or right_reading):
        return left_text[-1] in CLOSING and right_text[0].isalnum()  # ”APP
    if right_text[0] in CLOSING or _full_width_punct(right_text[0]) or _hugs(right_text[0]):
        return False
    return not (left_text[-1] in OPENING or _full_width_punct(left_text[-1]) or _hugs(left_text[-1]))


def _hugs(ch: str) -> bool:
    """Dashes and signs join what they link: Tàiyuán-Lǚliáng, Gùxián—Hóngxù."""
    return unicodedata.category(ch) in ("Pd", "Sm")


def _full_width_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS" and unicodedata.east_asian_width(ch) in "WF"


@remembered
def is_word(text: str) -> bool:
    """Whether jieba's dictionary (with the overrides' words) has this word."""
    return bool(_tokenizer().tokenizer.FREQ.get(text))
