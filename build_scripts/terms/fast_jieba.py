"""jieba's innermost loops with fewer Python operations per character, and the same results.

Segmenting is most of a build's time (profiled on the 1,000-document benchmark: the word graph of each run of Han
characters, the best route through it, and the part-of-speech HMM over the runs the dictionary does not join).
These are jieba 0.42.1's `Tokenizer.get_DAG`, `Tokenizer.calc` and `posseg.viterbi` written again: the same
words, the same floating-point sums in the same order, the same choice between equal scores; and the part of
`posseg.POSTokenizer` the build uses (`Tagger`), so that jieba.posseg need not be imported. tests/test_pinyin.py
holds them to jieba's own on the archive's text.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from math import log
from typing import NamedTuple

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's
MIN_INF = float("-inf")


def import_jieba():
    """jieba, imported without pkg_resources (0.3 s of setuptools' vendored packages): jieba._compat imports it
    only to open jieba's own data files, and opens them with open() where it cannot."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]  # whoever imports it later gets it
    return jieba


def tokenizer_class():
    """jieba.Tokenizer whose cut finds the best route in one pass (imported here: jieba loads slowly)."""
    jieba = import_jieba()
    from jieba import finalseg

    split_unknown = lru_cache(maxsize=1 << 16)(lambda run: tuple(finalseg.cut(run)))  # the same runs recur

    class Tokenizer(jieba.Tokenizer):
        def route_ends(self, sentence: str) -> list[int]:
            """For each offset, the last offset of the word the best route takes there: `route[x][1]` of jieba's
            get_DAG and calc, in one pass from the end (each candidate word sliced and looked up once)."""
            self.check_initialized()
            get = self.FREQ.get
            logtotal = log(self.total)
            n = len(sentence)
            scores = [0] * (n + 1)  # route[x][0]; jieba's route[n] is (0, 0)
            ends = [0] * n
            for k in range(n - 1, -1, -1):
                best, best_end = None, k
                i, frag = k, sentence[k]
                while i < n:
                    freq = get(frag)
                    if freq is None:  # not even the prefix of a word
                        break
                    if freq:
                        score = log(freq) - logtotal + scores[i + 1]
                        if best is None or score >= best:  # max() of (score, end): the later end of equal ones
                            best, best_end = score, i
                    i += 1
                    frag = sentence[k:i + 1]
                if best is None:  # no word starts here: the character alone, as jieba's DAG [k]
                    best = log(get(sentence[k]) or 1) - logtotal + scores[k + 1]
                scores[k] = best
                ends[k] = best_end
            return ends

        def _Tokenizer__cut_DAG(self, sentence):  # jieba.Tokenizer.__cut_DAG over route_ends
            freq = self.FREQ
            for piece, is_run in _route_pieces(sentence, self.route_ends(sentence)):
                if is_run:
                    yield from _flush(piece, freq, split_unknown)
                else:
                    yield piece

    return Tokenizer


def tokenizer_from(freq: dict[str, int], total: int):
    """A tokenizer_class() tokenizer whose dictionary is this one (jieba's FREQ and total, as initialize() would
    make them), not read again."""
    tokenizer = tokenizer_class()()
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return tokenizer


def _route_pieces(sentence: str, ends: list[int]):
    """The best route's words of two characters or more, and between them the runs of single characters jieba
    gathers (buf): (text, True) for a run, (text, False) for a word, in order."""
    x, buf, n = 0, "", len(sentence)
    while x < n:
        y = ends[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                yield buf, True
                buf = ""
            yield sentence[x:y], False
        x = y
    if buf:
        yield buf, True


def _flush(buf: str, freq: dict, split_unknown):
    """jieba's handling of a run of single characters: as it is, split by the HMM, or character by character."""
    if len(buf) == 1:
        return (buf,)
    if not freq.get(buf):
        return split_unknown(buf)
    return tuple(buf)


class Pair(NamedTuple):
    """jieba.posseg.pair's word and flag."""
    word: str
    flag: str


# jieba.posseg's patterns
HAN_INTERNAL = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
HAN_DETAIL = re.compile(r"([\u4E00-\u9FD5]+)")
SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
ENG = re.compile(r"[a-zA-Z0-9]+")
NUM = re.compile(r"[\.0-9]+")


class Tagger:
    """jieba.posseg.POSTokenizer(tokenizer).cut(sentence), with the HMM, as the build cuts, over a tag table and
    HMM tables given (terms/jieba_state.py): jieba.posseg is not imported, since its import reads dict.txt for a
    tag table of its own (a second). Its HMM is `viterbi` below, and each run it tags is tagged once. The words'
    tags are those of `word_tags` only: the tokenizer is taught words (suggest_freq) but no tags."""

    def __init__(self, tokenizer, word_tags: dict[str, str], hmm: tuple[dict, dict, dict, dict]):
        self.tokenizer = tokenizer
        self.word_tag_tab = word_tags
        self.hmm = hmm  # jieba.posseg's char_state_tab_P, start_P, trans_P, emit_P
        self._tag_run = lru_cache(maxsize=1 << 16)(self._cut_detail)  # the same runs recur (新的, 也要, 地把)

    def cut(self, sentence: str):
        """POSTokenizer.cut: the runs of Han characters, Latin and digits by the dictionary, the rest alone."""
        for block in HAN_INTERNAL.split(sentence):
            if HAN_INTERNAL.match(block):
                yield from self._cut_dag(block)
                continue
            for x in SKIP_INTERNAL.split(block):
                if SKIP_INTERNAL.match(x):
                    yield Pair(x, "x")
                    continue
                for char in x:
                    if NUM.match(char):
                        yield Pair(char, "m")
                    elif ENG.match(x):  # x, not char: as jieba
                        yield Pair(char, "eng")
                    else:
                        yield Pair(char, "x")

    def _cut_dag(self, sentence: str):
        """POSTokenizer.__cut_DAG over route_ends."""
        tags = self.word_tag_tab
        freq = self.tokenizer.FREQ
        for piece, is_run in _route_pieces(sentence, self.tokenizer.route_ends(sentence)):
            if is_run:
                yield from _flush_tagged(piece, tags, freq, self._tag_run)
            else:
                yield Pair(piece, tags.get(piece, "x"))

    def _cut_detail(self, sentence: str) -> tuple[Pair, ...]:
        """POSTokenizer.__cut_detail: a run the dictionary does not join, tagged by the HMM."""
        out: list[Pair] = []
        for block in HAN_DETAIL.split(sentence):
            if HAN_DETAIL.match(block):
                out.extend(self._cut_han(block))
                continue
            for x in SKIP_DETAIL.split(block):
                if x:
                    out.append(Pair(x, "m" if NUM.match(x) else "eng" if ENG.match(x) else "x"))
        return tuple(out)

    def _cut_han(self, sentence: str):
        """POSTokenizer.__cut, calling the viterbi below."""
        _, pos_list = viterbi(sentence, *self.hmm)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield Pair(sentence[begin:i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield Pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield Pair(sentence[nexti:], pos_list[nexti][1])


def _flush_tagged(buf: str, tags: dict, freq: dict, tag_run):
    if len(buf) == 1:
        return (Pair(buf, tags.get(buf, "x")),)
    if not freq.get(buf):
        return tag_run(buf)
    return tuple(Pair(elem, tags.get(elem, "x")) for elem in buf)


def viterbi(obs, states, start_p, trans_p, emit_p):
    """jieba.posseg.viterbi.viterbi, looking only at the transitions that exist: a state y0 without a transition
    into y scores -inf there, so it can be the best only when no state has one (then every candidate is tried,
    as jieba does)."""
    V = [{}]
    mem_path = [{}]
    all_states = trans_p.keys()
    for y in states.get(obs[0], all_states):
        V[0][y] = start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT)
        mem_path[0][y] = ""
    for t in range(1, len(obs)):
        prev_v = V[t - 1]
        prev_states = [x for x in mem_path[t - 1].keys() if len(trans_p[x]) > 0]
        prev_states_expect_next = set(y for x in prev_states for y in trans_p[x].keys())
        obs_states = set(states.get(obs[t], all_states)) & prev_states_expect_next
        if not obs_states:
            obs_states = prev_states_expect_next if prev_states_expect_next else all_states
        into = [(y0, prev_v[y0], trans_p[y0]) for y0 in prev_states]
        v_t, path_t = {}, {}
        char = obs[t]
        for y in obs_states:
            emit = emit_p[y].get(char, MIN_FLOAT)
            best, best_state = MIN_INF, None
            for y0, v0, trans in into:
                step = trans.get(y)
                if step is None:
                    continue
                prob = v0 + step + emit
                # max() of (prob, y0) pairs: of equal probabilities the greater state
                if best_state is None or prob > best or (prob == best and y0 > best_state):
                    best, best_state = prob, y0
            if best_state is None or best == MIN_INF:  # every candidate is -inf: max() takes the greatest state
                best, best_state = max((prev_v[y0] + trans_p[y0].get(y, MIN_INF) + emit, y0) for y0 in prev_states)
            v_t[y] = best
            path_t[y] = best_state
        V.append(v_t)
        mem_path.append(path_t)
    prob, state = max((V[-1][y], y) for y in mem_path[-1].keys())
    route = [None] * len(obs)
    i = len(obs) - 1
    while i >= 0:
        route[i] = state
        state = mem_path[i][state]
        i -= 1
    return prob, route
