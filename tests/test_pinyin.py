"""Word-level pinyin (GB/T 16159) of the seed page: readings in context, capitals, apostrophes, the table."""
import functools
import re

import jieba
import pytest

from build_scripts.terms import pinyin
from build_scripts.errors import UserError
from build_scripts.terms.pinyin import marked, read_overrides, to_pinyin, word_pinyin

ROWS = read_overrides()


def _paragraph(doc, start: str) -> str:
    return next(p.text for p in doc.paragraphs() if p.text.startswith(start))


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.line}:{row.text}" for row in ROWS])
def test_every_override_row_is_how_its_word_is_read(row):
    written = to_pinyin(row.text)
    reading = "".join(marked(s.lower()) for s in row.syllables)
    assert written.replace(" ", "").replace("'", "").lower() == reading
    assert written[0].isupper() == row.proper, written


# (context from the seed page, the pinyin it must contain)
HETERONYMS = [
    ("坚持以供给侧结构性改革为主线", "gōngjǐcè jiégòuxìng gǎigé"),
    ("统筹推进稳增长、促改革、调结构、惠民生", "tiáo jiégòu"),
    ("差异化承接长三角、粤港澳等发达地区", "Chángsānjiǎo"),
    ("农村低保人均提标600元，特困供养标准", "tèkùn gōngyǎng biāozhǔn"),
    ("酒庄藏酒贮酒", "jiǔzhuāng cángjiǔ"),
    ("坚持转型为纲、项目为王、改革为要、创新为上", "zhuǎnxíng wéi gāng、xiàngmù wéi wáng、gǎigé wéi yào、chuàngxīn wéi shàng"),
    ("全市各行业各领域在全省率先复工复产", "gè hángyè gè lǐngyù zài quánshěng shuàixiān"),
    ("重点抓好以下工作", "zhòngdiǎn"),
    ("及时调度“四后”工作", "jíshí diàodù"),
    ("大力实施清洁供暖工程，市区提高供热能力和质量", "qīngjié gōngnuǎn gōngchéng，shìqū tígāo gōngrè nénglì"),
    ("市区建成区生活污水实现全收集全处理", "quán chǔlǐ"),
    ("农村地区清洁取暖覆盖率力争达60%以上", "qǔnuǎn fùgàilǜ lìzhēng dá 60%"),
    ("发展不平衡不充分的问题还比较突出", "hái bǐjiào"),
    ("把困难考虑得更充分一些", "kǎolǜ de gèng chōngfèn"),
    ("我们清醒地认识到", "qīngxǐng de"),
    ("打造对外开放新高地", "xīngāodì"),
    ("确保搬得出、稳得住", "bān de chū、wěn de zhù"),
    ("以习近平新时代中国特色社会主义思想为指导", "wéi zhǐdǎo"),
    ("用一个个项目为吕梁的未来夯基垒台", "wèi Lǚliáng"),
    ("建设12所公办幼儿园", "yòu'éryuán"),
    ("开工建设中阳后师峪、孝义东许等10座调蓄水库", "tiáoxù shuǐkù"),
    ("坚决遏制固废非法转移和倾倒", "qīngdào"),
    ("完成国道307线等10条总长279公里路面改造", "zǒngcháng 279 gōnglǐ"),
    ("我们要尽锐出战、全力攻坚", "jìnruìchūzhàn"),
    ("陕蒙两省区", "Shǎnměng"),
]


@pytest.mark.parametrize("context, expected", HETERONYMS, ids=[e for _, e in HETERONYMS])
def test_a_heteronym_is_read_as_its_context_on_the_page_wants(context, expected):
    assert expected in to_pinyin(context)


def test_yinhang_a_bank_reads_hang():
    # 银行 is not on the seed page; the brief lists it among the readings that must be right
    assert to_pinyin("银行") == "yínháng"
    assert to_pinyin("商业银行贷款") == "shāngyèyínháng dàikuǎn"  # jieba keeps 商业银行 whole


@pytest.mark.parametrize("context, expected", [
    ("红色经典舞剧《吕梁英雄传》", "《Lǚliáng"),
    ("推动孝义、交城、汾阳等煤化工产业园区", "Xiàoyì、Jiāochéng、Fényáng"),
    ("吕梁荣获省级“双拥”模范城，岚县创建国家园林城市", "Lán Xiàn chuàngjiàn"),
    ("建成吕梁市生活垃圾焚烧发电厂", "Lǚliáng Shì"),
    ("以文水县砂坑生态修复治理为重点", "Wénshuǐ Xiàn"),
    ("全力保护修复磁窑河、文峪河、岚河等汾河流域生态", "Cíyáo Hé、Wényù Hé、Lán Hé děng Fén Hé liúyù"),
    ("组织庆祝中华人民共和国成立70周年", "Zhōnghuá Rénmín Gònghéguó"),
    ("贯彻落实习近平总书记关于", "Xí Jìnpíng zǒngshūji"),
])
def test_place_and_personal_names_are_capitalised_word_by_word(context, expected):
    assert expected in to_pinyin(context)


@pytest.mark.parametrize("context, expected", [
    ("加快建设智慧城市", "zhìhuì chéngshì"),  # jieba tags 城市 ns
    ("大力推动产学研深度合作", "shēndù hézuò"),  # jieba tags 深度 ns
    ("打好净土保卫战", "jìngtǔ"),  # CC-CEDICT knows only the Pure Land
    ("向来吕梁投资兴业的各位企业家", "xīngyè"),  # CC-CEDICT knows only Xingye county
])
def test_common_words_stay_lowercase_whatever_jieba_tags_or_cedict_names(context, expected):
    assert expected in to_pinyin(context)


@pytest.mark.parametrize("word, expected", [
    ("公安干警", "gōng'āngànjǐng"),
    ("提案", "tí'àn"),
    ("零售总额", "língshòuzǒng'é"),
    ("西安", "Xī'ān"),
    ("实施十二项专项行动", "shíshī shí'èrxiàng zhuānxiàng xíngdòng"),
])
def test_an_apostrophe_marks_an_a_o_e_syllable_inside_a_word(word, expected):
    # lower(): 西安 is not in the archive, so the table does not name it a proper noun
    assert to_pinyin(word).lower() == expected.lower()


def test_no_apostrophe_at_the_start_of_a_word():
    assert to_pinyin("安全生产形势持续好转") == "ānquán shēngchǎn xíngshì chíxù hǎozhuǎn"


def test_punctuation_digits_and_latin_pass_through():
    assert to_pinyin("“吕梁通”APP上线运行。") == "“Lǚliáng tōng” APP shàngxiàn yùnxíng。"
    assert to_pinyin("建成1200个5G基站") == "jiànchéng 1200 gè 5G jīzhàn"
    assert to_pinyin("首批划转事项集中度80.9%，") == "shǒupī huàzhuǎn shìxiàng jízhōngdù 80.9%，"


def test_a_full_seed_paragraph_has_one_pinyin_word_per_jieba_word(seed_doc):
    text = _paragraph(seed_doc, "加快发展现代绿色煤化工产业")
    pairs = word_pinyin(text)
    assert "".join(word for word, _ in pairs) == text
    words = [(w, p or w) for w, p in pairs if re.search(r"\w", w)]  # all but punctuation
    written = re.findall(r"\w+(?:'\w+)*", to_pinyin(text))
    assert len(written) == len(words) > 50
    assert written == [p for _, p in words]


def test_the_table_is_loaded_into_pypinyin_so_it_also_reads_inside_longer_words():
    from pypinyin import lazy_pinyin

    pinyin.overrides()
    assert lazy_pinyin("特困供养", style=pinyin.Style.TONE) == ["tè", "kùn", "gōng", "yǎng"]


def test_word_pinyin_pairs_each_jieba_word_with_its_pinyin():
    assert word_pinyin("坚持转型为纲，") == [("坚持", "jiānchí"), ("转型", "zhuǎnxíng"), ("为", "wéi"),
                                        ("纲", "gāng"), ("，", "")]


def test_the_tokenizer_is_private_so_the_global_jieba_is_untouched():
    to_pinyin("北武当山")
    assert "北武当山" not in jieba.dt.FREQ


@pytest.mark.parametrize("row, problem", [
    ("供给侧\tgong1 ji3 ce4", "expected 3 tab-separated columns"),
    ("供给侧\tgong1 ji3\tmanual: test", "has 3 characters but 'gong1 ji3' has 2 syllables"),
    ("供给侧\tgong1 ji3 ce9\tmanual: test", "must end in a tone number"),
    ("供给侧\tgong1 jx3 ce4\tmanual: test", "'jx3' is not a pinyin syllable"),
    ("供给侧\tgong1 ji3 ce4\tguess", "source must be"),
    ("APP\ta1 p1 p1\tmanual: test", "must be Chinese characters only"),
])
def test_a_malformed_overrides_row_is_a_user_error_at_its_line(tmp_path, row, problem):
    path = tmp_path / "pinyin_overrides.tsv"
    path.write_text(f"# header\n长三角\tChang2 san1 jiao3\tcc-cedict\n{row}\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_overrides(path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert problem in caught.value.problem


def test_a_word_listed_twice_is_a_user_error_naming_both_lines(tmp_path):
    path = tmp_path / "pinyin_overrides.tsv"
    path.write_text("供养\tgong1 yang3\tmanual: a\n供养\tgong4 yang3\tmanual: b\n", encoding="utf-8")
    with pytest.raises(UserError, match="already listed on line 1") as caught:
        read_overrides(path)
    assert caught.value.line == 2


def test_the_generator_keeps_manual_rows_and_remarks_hand_edited_cedict_rows():
    from build_scripts.terms.cedict import load
    from build_scripts.terms.make_pinyin_overrides import generate

    existing = [pinyin.Override(("调", "结构"), ("tiao2", "jie2", "gou4"), "manual: verb", 1),
                pinyin.Override(("长三角",), ("Chang2", "san1", "jiao3"), "cc-cedict", 2),
                pinyin.Override(("书记",), ("shu1", "ji4"), "cc-cedict", 3)]
    lines = generate({"长三角", "书记", "行业"}, existing, load())
    assert lines == ["调 结构\ttiao2 jie2 gou4\tmanual: verb",
                     "书记\tshu1 ji4\tmanual: edited by hand from the cc-cedict row",
                     "长三角\tChang2 san1 jiao3\tcc-cedict"]


@functools.lru_cache(maxsize=1)
def _reference_jieba():
    """jieba 0.42.1 as shipped, taught the same override rows as the archive's tokenizer (made once: seconds)."""
    import logging

    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.initialize()
    for row in ROWS:
        if len(row.words) == 1 or row.proper:
            plain.suggest_freq(row.text, tune=True)
    return plain, jieba.posseg.POSTokenizer(plain)


# Whole texts, not clauses: Latin, digits, spaces and line breaks, signs, characters beyond jieba's Han range.
ODD_TEXTS = ["加快孝义鹏飞集团与美国 GCES公司合作", "建成1200个5G基站", "集中度80.9%，", "a b\r\nc\td", "　全角空格　",
             "２０２０年Ａ股", "C++和C#语言", "R&D投入", "3.14和.5", "e-mail与1+N", "abc123def中文xyz", "\n\n中国\r\n", "㐀㐁中国",
             "𠀀𠀁龥", "ＡＢ地把", "…—·", "", " ", "年均增长7.5%以上，达到99.9"]


def test_the_rewritten_jieba_loops_cut_and_tag_every_clause_as_jieba_does(seed_doc):
    """fast_jieba's route and tag HMM against jieba's own, clause by clause: the seed page, and paragraphs of the
    1954 report (traditional characters: many runs jieba's dictionary does not join, so the HMMs work) and of
    the 2020 report."""
    from tests.national_archive import CORPUS, corpus_reports, paragraphs

    texts = [b.text for b in seed_doc.blocks if b.text]
    if CORPUS.exists():
        for report in corpus_reports():
            if int(report["year"]) in (1954, 2020):
                texts += paragraphs(report["content"])[:20]
    clauses = sorted({c for text in texts for c in pinyin.CLAUSE.findall(text)})
    assert len(clauses) > 300
    plain, tagged = _reference_jieba()
    ours = pinyin._tokenizer()
    for clause in clauses + ODD_TEXTS:
        assert list(ours.tokenizer.cut(clause)) == list(plain.cut(clause)), clause
        assert [(p.word, p.flag) for p in ours.cut(clause)] == [(p.word, p.flag) for p in tagged.cut(clause)], clause


def test_the_segmenter_starts_from_the_state_jieba_makes():
    """Its dictionary, the rows taught, the tag table and the HMM, whether made now or read from the snapshot."""
    import jieba.posseg as posseg

    plain, tagged = _reference_jieba()
    ours = pinyin._tokenizer()
    assert ours.tokenizer.FREQ == plain.FREQ and ours.tokenizer.total == plain.total
    assert ours.word_tag_tab == tagged.word_tag_tab
    assert ours.hmm == (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)


def test_the_rewritten_tag_hmm_breaks_ties_and_dead_ends_as_jieba_does():
    """Equal scores go to the greater state, and a character no state can reach is scored as jieba scores it."""
    import jieba.posseg as posseg
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    from build_scripts.terms.fast_jieba import viterbi

    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    for run in ["的的的的", "了新的", "地把", "蠻橫無理地剝奪", "ＡＢ", "㐀㐁", "一" * 12, "国"]:
        assert viterbi(run, *tables) == jieba_viterbi(run, *tables), run
    # A made-up model where two states tie and one character has no state that can follow the last one.
    states = {"a": (("B", "x"), ("S", "y")), "b": (("E", "x"),), "c": (("S", "z"),)}
    start = {("B", "x"): -1.0, ("S", "y"): -1.0, ("E", "x"): -9.0, ("S", "z"): -2.0}
    trans = {("B", "x"): {("E", "x"): -0.5}, ("S", "y"): {("S", "y"): -0.5, ("B", "x"): -0.5},
             ("E", "x"): {("S", "z"): -1.0}, ("S", "z"): {}}
    emit = {("B", "x"): {"a": -1.0}, ("S", "y"): {"a": -1.0}, ("E", "x"): {"b": -1.0}, ("S", "z"): {"c": -1.0}}
    def outcome(tagger, run):
        try:
            return tagger(run, states, start, trans, emit)
        except ValueError as err:  # jieba's max() of nothing, where no state follows: the same error
            return str(err)

    for run in ["ab", "aa", "abc", "ac", "cc", "ba", "aab", "ca"]:
        assert outcome(viterbi, run) == outcome(jieba_viterbi, run), run


# ---- what the last build of a document worked out ------------------------------------------------------------

def test_a_documents_next_build_works_out_only_its_new_text_and_gets_the_same_readings(tmp_path, monkeypatch):
    from build_scripts import cache

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    kept, edited, added = "我们要坚持稳中求进工作总基调。", "调结构，推进长三角一体化发展。", "新增一段用于测量增量构建。"
    worked_out = pinyin.analyse.__wrapped__  # the computation behind the memory (an lru cache: misses count)

    def build(texts: list[str]) -> tuple[list, int]:
        worked_out.cache_clear()  # as in a new process
        with pinyin.remembering("doc-a"):
            readings = [pinyin.analyse(text) for text in texts]
        return readings, worked_out.cache_info().misses

    first, misses = build([kept, edited])
    assert misses == 2
    second, misses = build([kept, added])
    assert misses == 1  # only the new paragraph
    assert second[0] == first[0]
    worked_out.cache_clear()
    assert second[1] == pinyin.analyse(added)  # as if worked out afresh
    third, misses = build([kept, edited])
    assert misses == 1  # the paragraph the second build no longer had was forgotten
    assert third == first


def test_what_was_worked_out_is_kept_per_document_and_per_version_of_the_code(tmp_path, monkeypatch):
    from build_scripts import cache

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    assert pinyin.memory_key("doc-a") != pinyin.memory_key("doc-b")
    before = pinyin.memory_key("doc-a")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "other code")
    assert pinyin.memory_key("doc-a") != before


def test_a_damaged_memory_is_worked_out_again(tmp_path, monkeypatch):
    from build_scripts import cache

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    with pinyin.remembering("doc-a"):
        expected = pinyin.analyse("稳中求进。")
    entry = cache._entry(pinyin.memory_key("doc-a"))
    entry.write_bytes(b"not a pickle")
    pinyin.analyse.__wrapped__.cache_clear()
    with pinyin.remembering("doc-a"):
        assert pinyin.analyse("稳中求进。") == expected
