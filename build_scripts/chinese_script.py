"""Simplified ⇄ traditional conversion with OpenCC, one converter per configuration, loaded once.

Character-level configurations only (s2t, t2s, s2tw, s2hk, t2tw …) keep a quoted official text's words: the
phrase-level ones such as s2twp replace words (运行→執行), which would reword it.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return converter("t2s").convert(text)
