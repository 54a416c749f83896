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


class CharTokenizer(_Base):
    """One token per character (a run of ASCII letters and digits is one token, lowercased); whitespace and
    punctuation take a position but are no token. See build_scripts/search/text.py."""

    def pairs(self, value):
        return char_tokens(value)


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


class WordTokenizer(_Base):
    """Words already segmented (jieba), separated by spaces; lowercased."""

    def pairs(self, value):
        offset = 0
        for pos, item in enumerate(value.split(" ")):
            end = offset + len(item)
            if item:
                yield item.lower(), pos, offset, end
            offset = end + 1
