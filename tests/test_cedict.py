"""The archive's CC-CEDICT subset for the tap-dictionary."""
import json

import pytest

from build_scripts.terms.cedict import archive_words, build_subset, load, missing_words, parse, write_subset


@pytest.fixture(scope="session")
def words():
    return archive_words()


@pytest.fixture(scope="session")
def subset(words):
    return build_subset(words)


def test_the_subset_covers_the_nirvana_of_feng_huang_nie_pan(subset, words):
    assert "涅槃" in words  # jieba cuts 凤凰涅槃 into 凤凰 涅槃
    assert subset["涅槃"][0]["pinyin"] == "niè pán"
    assert "nirvana (Buddhism)" in subset["涅槃"][0]["definitions"]


def test_a_word_cedict_lacks_is_covered_by_its_parts(subset, words):
    assert "攻坚战" in words and "攻坚战" not in load().by_simplified
    assert subset["攻坚"][0]["pinyin"] == "gōng jiān"
    assert "战" in subset


def test_tuopin_has_its_definitions_traditional_form_and_tone_marks(subset):
    (entry,) = subset["脱贫"]
    assert entry == {"simplified": "脱贫", "traditional": "脫貧", "pinyin": "tuō pín",
                     "definitions": ["to lift oneself out of poverty"]}


def test_every_character_of_the_archive_is_in_the_subset(subset, words):
    assert all(c in subset for c in "吕梁岚县孝义")


def test_the_subset_holds_every_archive_word_cedict_has(subset, words):
    assert missing_words(subset, words) == []
    assert missing_words({}, {"脱贫"}) == ["脱贫"]  # the check itself can fail


def test_meta_credits_cc_by_sa_mdbg_and_the_dictionary_date(subset):
    meta = subset["_meta"]
    assert "CC BY-SA 4.0" in meta["licence"] and "MDBG" in meta["licence"]
    assert meta["date"] == load().header["date"] == "2023-11-07T06:42:16Z"
    assert meta["words"] == len(subset) - 1


def test_a_malformed_cedict_line_is_skipped_and_recorded_with_its_line():
    dictionary = parse(["# CC-CEDICT\n", "#! date=2023-11-07\n", "中國 中国 Zhong1 guo2 /China/\n",
                        "中國 中国 [Zhong1 guo2] /China/\n"])
    assert dictionary.skipped == [(3, "中國 中国 Zhong1 guo2 /China/")]
    assert [e.numbered for e in dictionary.by_simplified["中国"]] == ["Zhong1 guo2"]
    assert dictionary.header == {"date": "2023-11-07"}


def test_write_subset_writes_sorted_readable_json(tmp_path):
    path = tmp_path / "cedict.json"
    written = write_subset(path)
    text = path.read_text(encoding="utf-8")
    assert "脱贫" in text  # ensure_ascii=False
    loaded = json.loads(text)
    assert loaded == written and list(loaded) == sorted(loaded)


def test_a_subset_made_from_an_earlier_one_is_the_subset_made_afresh(subset, words):
    """The build reuses the last subset's entries when the archive's words change: the result must not depend on it
    (words dropped leave, new words and their parts come in, counts follow)."""
    fewer = set(sorted(words)[::2])
    earlier = build_subset(fewer)
    more = set(words) | {"增量构建"}  # not a CC-CEDICT word: its parts (增量, 构建) come in
    assert build_subset(more, known=earlier) == build_subset(more)
    assert build_subset(fewer, known=subset) == earlier


def test_the_dictionary_stored_for_look_ups_gives_the_subset_the_parsed_one_gives(subset, words, tmp_path):
    """A rebuild looks up new words in the dictionary stored as SQLite instead of parsing the whole file: the same
    entries, in the same order, for words it has, and none for words it lacks."""
    from build_scripts.terms.cedict import store, stored

    path = tmp_path / "cedict.sqlite"
    assert stored(path) is None  # not made yet: the caller parses the file
    store(load(), path)
    dictionary = stored(path)
    assert dictionary.header == load().header
    assert dictionary.by_simplified["脱贫"] == load().by_simplified["脱贫"]
    assert "攻坚战" not in dictionary.by_simplified and "攻坚" in dictionary.by_simplified
    assert len(dictionary.by_simplified) == len(load().by_simplified)
    fewer = set(sorted(words)[::2])
    more = set(words) | {"增量构建"}
    assert build_subset(words, dictionary) == subset
    assert build_subset(more, dictionary, known=build_subset(fewer)) == build_subset(more)


def test_a_damaged_stored_dictionary_is_not_used(tmp_path):
    from build_scripts.terms.cedict import stored

    path = tmp_path / "cedict.sqlite"
    path.write_bytes(b"not a database")
    assert stored(path) is None


def test_the_parts_found_for_words_cedict_lacks_are_kept_for_the_next_subset(subset, words):
    fewer = set(sorted(words)[::2])
    more = set(words) | {"增量构建"}
    parts_of = {}
    made = build_subset(more, known=build_subset(fewer), parts_of=parts_of)
    assert parts_of["增量构建"] == ["增量", "构建"] and "脱贫" not in parts_of
    assert made == build_subset(more)
    assert build_subset(more, known=made, parts_of=parts_of) == made


def test_the_sites_subset_is_the_last_one_while_the_words_are_the_same_and_else_as_made_afresh(tmp_path, monkeypatch):
    from build_scripts import cache
    from build_scripts.site import data_files
    from build_scripts.terms import cedict

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    fewer = {"脱贫", "攻坚", "稳中求进", "吕梁山", "脱", "贫"}
    more = fewer | {"新质生产力", "高质量发展", "吕梁山区"}
    expected_fewer, expected_more = cedict.complete_subset(fewer), cedict.complete_subset(more)
    first = data_files.cedict_subset(fewer)
    assert first == expected_fewer
    monkeypatch.setattr(cedict, "load", lambda *a: pytest.fail("the whole dictionary read again"))
    assert data_files.cedict_subset(set(fewer)) == first  # the same words: the last subset as it is
    assert data_files.cedict_subset(more) == expected_more  # new words: from the stored dictionary
