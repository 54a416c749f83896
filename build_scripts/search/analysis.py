"""Whoosh tokenizers of the search index. The index stores their class names (Whoosh pickles the schema), so
they live here, import nothing heavy, and are never renamed without a new INDEX_FORMAT (index.py)."""
from __future__ import annotations

from whoosh.analysis import Token, Tokenizer

from build_scripts.search.text import char_tokens


class _Base(Tokenizer):
    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self).__name__)

    def pairs(self, value: str):
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:  # Whoosh asks for the value as one token
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for text, pos, start, end in self.pairs(value):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


BIGRAM_JOIN = "\x1f"  # between the two tokens of a bigram: never in a token


def bigrams(pairs):
    """Each two tokens at adjacent positions as one token (`攻\x1f坚`) at the position of the first: a phrase
    of bigrams matches exactly where the phrase of single tokens would, and its postings are far shorter."""
    previous = None
    for text, pos, start, end in pairs:
        if previous is not None and previous[1] == pos - 1:
            yield previous[0] + BIGRAM_JOIN + text, previous[1], previous[2], end
        previous = (text, pos, start, end)


class CharTokenizer(_Base):
    """One token per character (a run of ASCII letters and digits is one token, lowercased); whitespace and
    punctuation take a position but are no token. See build_scripts/search/text.py."""

    def pairs(self, value):
        return char_tokens(value)


class CharBigramTokenizer(_Base):
    """The bigrams of CharTokenizer's tokens (see `bigrams`)."""

    def pairs(self, value):
        return bigrams(char_tokens(value))


class SyllableTokenizer(_Base):
    """The pinyin field: space-separated items, one per character of the text. `gong1` gives the toneless
    token `gong` (tones are checked on the stored readings, which halves this field); `_` is a character
    without a reading: a position without a token."""

    def pairs(self, value):
        offset = 0
        for pos, item in enumerate(value.split(" ")):
            end = offset + len(item)
            if item != "_":
                yield item.rstrip("012345"), pos, offset, end
            offset = end + 1


class SyllableBigramTokenizer(SyllableTokenizer):
    """The bigrams of SyllableTokenizer's tokens (see `bigrams`)."""

    def pairs(self, value):
        return bigrams(super().pairs(value))


class WordTokenizer(_Base):
    """Words already segmented (jieba), separated by spaces; lowercased."""

    def pairs(self, value):
        offset = 0
        for pos, item in enumerate(value.split(" ")):
            end = offset + len(item)
            if item:
                yield item.lower(), pos, offset, end
            offset = end + 1
