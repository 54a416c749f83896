"""jieba's state once started, kept in the build cache: started again from it in a fraction of jieba's time.

The segmenter needs jieba's prefix dictionary (FREQ and total, as Tokenizer.initialize makes them from dict.txt),
the words the overrides table teaches it (suggest_freq), jieba.posseg's tag table (read from dict.txt at its
import) and jieba.posseg's HMM tables. jieba makes them in 2–3 s of every process that segments — a one-page
rebuild is one (initialize's marshal.load of its own cache 1.5 s, jieba.posseg's import 1 s). The snapshot is one
marshal of all of them, read back in about 0.5 s (pickle: 0.6–0.75 s; the time is in making half a million dict
entries, not in the format).

The entry's key is every input: jieba's code (its __init__.py holds its version), dict.txt, jieba.posseg's code
and tables, the files `teach` reads (the overrides table) and, through files_key, this package's code and data.
cache.cached_bytes writes it atomically with its digest: a damaged or half-written entry is made again.
"""
from __future__ import annotations

import importlib.util
import logging
import marshal
import sys
from pathlib import Path
from typing import Callable, NamedTuple

from build_scripts.cache import cached_bytes, files_key

FORMAT = 1  # the layout of the marshalled tuple below
POSSEG_TABLES = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")


class JiebaState(NamedTuple):
    freq: dict[str, int]  # Tokenizer.FREQ: every word and every prefix of one (0)
    total: int  # Tokenizer.total
    word_tags: dict[str, str]  # POSTokenizer.word_tag_tab
    hmm: tuple[dict, dict, dict, dict]  # jieba.posseg's char_state_tab_P, start_P, trans_P, emit_P


def load(teach: Callable, inputs: list[Path]) -> JiebaState:
    """The state of jieba taught by `teach(tokenizer)`, which reads the files `inputs`: from the build cache, or
    made by jieba (`made_by_jieba`) and stored."""
    return cached_bytes(state_key(inputs), lambda: made_by_jieba(teach), dump, undump)


def state_key(inputs: list[Path], jieba_dir: Path | None = None) -> str:
    return files_key(f"jieba-state-{FORMAT}-{sys.version_info[:2]}-{marshal.version}",
                     jieba_files(jieba_dir) + list(inputs))


def jieba_files(jieba_dir: Path | None = None) -> list[Path]:
    """The files of jieba the state is made from (found without importing jieba)."""
    root = jieba_dir or Path(importlib.util.find_spec("jieba").submodule_search_locations[0])
    return [root / "__init__.py", root / "dict.txt", root / "posseg" / "__init__.py",
            *(root / "posseg" / f"{name}.py" for name in POSSEG_TABLES)]


def made_by_jieba(teach: Callable) -> JiebaState:
    """The state as jieba makes it: the prefix dictionary from dict.txt (jieba's own cache in the temporary
    folder is not read: it is trusted whatever dict.txt now holds), taught; jieba.posseg's tag table and HMM."""
    from build_scripts.terms.fast_jieba import import_jieba

    jieba = import_jieba()
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba logs at DEBUG to stderr
    try:
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        tokenizer.initialized = True
        teach(tokenizer)
        import jieba.posseg as posseg
    finally:
        logger.setLevel(level)
    tables = posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P
    return JiebaState(tokenizer.FREQ, tokenizer.total, dict(posseg.dt.word_tag_tab), tables)


def dump(state: JiebaState) -> bytes:
    """The state as marshal writes it, the tag table's words being the dictionary's own strings: marshal writes
    each once (14 MB instead of 17, and read faster)."""
    own = {word: word for word in state.freq}
    tags = {own.get(word, word): tag for word, tag in state.word_tags.items()}
    return marshal.dumps((FORMAT, state.freq, state.total, tags, state.hmm))


def undump(data: bytes) -> JiebaState:
    """The state `dump` wrote; ValueError for anything else."""
    found = marshal.loads(data)
    if not (isinstance(found, tuple) and len(found) == 5 and found[0] == FORMAT):
        raise ValueError("not a jieba state of this format")
    _, freq, total, tags, hmm = found
    if not (isinstance(freq, dict) and isinstance(total, int) and isinstance(tags, dict) and isinstance(hmm, tuple)
            and len(hmm) == len(POSSEG_TABLES)):
        raise ValueError("not a jieba state of this format")
    return JiebaState(freq, total, tags, hmm)
