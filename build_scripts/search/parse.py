"""The query language of `duizhao search` (README, "Search"), parsed into a small tree.

    三大攻坚战                    a word: every block where it occurs (text.py says what "occurs" means)
    "三大 攻坚战"                 a phrase in ASCII double quotes (spaces next to Chinese are dropped)
    脱贫 攻坚    脱贫 AND 攻坚     both, anywhere in the same block
    脱贫 OR 扶贫                 either
    脱贫 NOT 攻坚  脱贫 AND NOT 攻坚 the first without the second
    (脱贫 OR 扶贫) 攻坚            grouping
    san da gong jian zhan        bare Latin words next to each other are one expression (pinyin, English…)

Operators are the capitalised words AND, OR, NOT; precedence NOT > AND > OR. Every problem is a UserError with
one line saying what is wrong, and where.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from build_scripts.errors import UserError
from build_scripts.search.text import has_han, normalise_query_text

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
OPERATORS = ("AND", "OR", "NOT")
EXAMPLE = "e.g. 三大攻坚战, \"san da gong jian zhan\", three critical battles"


@dataclass
class Leaf:
    text: str  # normalised
    quoted: bool
    position: int  # 1-based character position in the query, for messages
    negated: bool = False  # set by the evaluator's walk, not by the parser


@dataclass
class Node:
    op: str  # AND | OR | NOT
    children: list = field(default_factory=list)


@dataclass
class _Token:
    kind: str  # WORD | PHRASE | AND | OR | NOT | ( | )
    text: str
    position: int  # 1-based


def check_query(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise UserError(f"query too long: {len(query)} characters (at most {MAX_QUERY_CHARS})")
    for i, ch in enumerate(query, 1):
        if ch in "\t\n\r":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch != "\u200d":  # ZWJ joins emoji
            raise UserError(f"query has a control character (U+{ord(ch):04X}) at position {i}")
    if not query.strip():
        raise UserError(f"empty query: give a word, a phrase, pinyin or English ({EXAMPLE})")


def tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end == -1:
                raise UserError(f"unbalanced quotation mark: the phrase opened at position {i + 1} is never closed")
            text = query[i + 1:end]
            if not text.strip():
                raise UserError(f"empty phrase \"\" at position {i + 1}")
            tokens.append(_Token("PHRASE", text, i + 1))
            i = end + 1
        elif ch in "()":
            tokens.append(_Token(ch, ch, i + 1))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '"()':
                j += 1
            word = query[i:j]
            tokens.append(_Token(word if word in OPERATORS else "WORD", word, i + 1))
            i = j
    return tokens


def parse(query: str):
    """The query's tree: a Leaf, or a Node of AND / OR / NOT."""
    check_query(query)
    parser = _Parser(tokenize(query))
    tree = parser.parse_or()
    if parser.peek() is not None:
        token = parser.peek()
        if token.kind == ")":
            raise UserError(f"unbalanced parenthesis: ')' at position {token.position} has no matching '('")
        raise UserError(f"unexpected '{token.text}' at position {token.position}")  # pragma: no cover
    leaves = list(iter_leaves(tree))
    if len(leaves) > MAX_TERMS:
        raise UserError(f"too many search terms: {len(leaves)} (at most {MAX_TERMS})")
    if not positive(tree):
        raise UserError("NOT only narrows a search: say what to find as well, e.g. '脱贫 NOT 攻坚'")
    return tree


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse_or(self):
        children = [self.parse_and()]
        while self.peek() is not None and self.peek().kind == "OR":
            op = self.take()
            if self._at_end_of_group():
                raise UserError(f"'OR' at position {op.position} needs a search term on each side")
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Node("OR", children)

    def _at_end_of_group(self) -> bool:
        token = self.peek()
        return token is None or token.kind in (")", "AND", "OR")

    def parse_and(self):
        token = self.peek()
        if token is None or token.kind in (")",):
            raise self._missing(token)
        if token.kind in ("AND", "OR"):
            raise UserError(f"'{token.kind}' at position {token.position} needs a search term on each side")
        children = [(self.parse_unary(), False)]
        while True:
            token = self.peek()
            if token is None or token.kind in ("OR", ")"):
                break
            explicit = token.kind == "AND"
            if explicit:
                self.take()
                if self._at_end_of_group():
                    raise UserError(f"'AND' at position {token.position} needs a search term on each side")
            children.append((self.parse_unary(), explicit))
        return _merge_latin(children)

    def _missing(self, token: _Token | None) -> UserError:
        if token is not None and token.kind == ")":
            if self.i > 0 and self.tokens[self.i - 1].kind == "(":
                return UserError(f"empty parentheses at position {self.tokens[self.i - 1].position}")
            return UserError(f"unbalanced parenthesis: ')' at position {token.position} has no matching '('")
        previous = self.tokens[self.i - 1] if self.i > 0 else None
        if previous is not None and previous.kind == "NOT":
            return UserError(f"'NOT' at position {previous.position} needs a search term after it")
        if previous is not None and previous.kind in ("AND", "OR"):
            return UserError(f"'{previous.kind}' at position {previous.position} needs a search term on each side")
        return UserError(f"empty query: give a word, a phrase, pinyin or English ({EXAMPLE})")  # pragma: no cover

    def parse_unary(self):
        token = self.peek()
        if token is None or token.kind in (")", "AND", "OR"):
            raise self._missing(token)
        if token.kind == "NOT":
            self.take()
            following = self.peek()
            if following is None or following.kind in (")", "AND", "OR"):
                raise UserError(f"'NOT' at position {token.position} needs a search term after it")
            return Node("NOT", [self.parse_unary()])
        if token.kind == "(":
            self.take()
            if self.peek() is not None and self.peek().kind == ")":
                raise UserError(f"empty parentheses at position {token.position}")
            inner = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise UserError(f"unbalanced parenthesis: '(' at position {token.position} is never closed")
            self.take()
            return inner
        self.take()
        return _leaf(token)


def _leaf(token: _Token) -> Leaf:
    text = normalise_query_text(token.text)
    return Leaf(text, token.kind == "PHRASE", token.position)


def _bare_latin(node) -> bool:
    return isinstance(node, Leaf) and not node.quoted and not has_han(node.text)


def _merge_latin(children: list[tuple[object, bool]]):
    """Bare Latin words next to each other (no operator between) are one expression: san da gong jian zhan,
    three critical battles. Words with Chinese characters, phrases and groups stay apart, and so do words
    joined by an explicit AND."""
    merged: list = []
    for child, explicit_and in children:
        if not explicit_and and merged and _bare_latin(child) and _bare_latin(merged[-1]):
            merged[-1] = Leaf(f"{merged[-1].text} {child.text}", False, merged[-1].position)
        else:
            merged.append(child)
    return merged[0] if len(merged) == 1 else Node("AND", merged)


def iter_leaves(tree, negated: bool = False):
    """Every leaf, with `negated` set for those under a NOT."""
    if isinstance(tree, Leaf):
        tree.negated = negated
        yield tree
        return
    for child in tree.children:
        yield from iter_leaves(child, negated ^ (tree.op == "NOT"))


def positive(tree) -> bool:
    """Whether the tree finds something by itself (not only excludes): every OR branch must."""
    if isinstance(tree, Leaf):
        return True
    if tree.op == "NOT":
        return False
    if tree.op == "AND":
        return any(positive(c) for c in tree.children)
    return all(positive(c) for c in tree.children)
