"""Term discovery: quoted strings and numbered formulas that the glossary does not cover."""
from pathlib import Path

import pytest

from build_scripts.terms.discover import IGNORE_FILE, discover, ignored
from build_scripts.errors import UserError
from build_scripts.terms.glossary import Glossary, load_glossary
from build_scripts.model import Block, Document

GLOSSARY = Path(__file__).resolve().parent.parent / "source_texts" / "glossary"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(GLOSSARY)


def one_block(text: str) -> Document:
    return Document("synthetic", "-", {}, [Block("paragraph", "p1", text, None)])


def candidates(docs, glossary, **kwargs) -> list[str]:
    return [c["candidate"] for c in discover(docs, glossary, **kwargs)]


def test_nothing_on_the_seed_page_is_missing_from_the_glossary(seed_doc, glossary):
    assert discover([seed_doc], glossary) == []


def test_without_the_local_glossary_the_seed_pages_local_slogans_are_reported(seed_doc, glossary):
    national = Glossary("national only", [t for t in glossary if not t.source_file.endswith("local.yml")])
    found = candidates([seed_doc], national)
    assert {"13710", "1234", "1916", "五包一", "三篇光辉文献", "1+N", "合作社+", "3+1", "五纵九横",
            "从“原料”到“材料”转变"} <= set(found)
    # Quoted halves of one phrase are not words of their own; national terms stay covered.
    assert "原料" not in found and "材料" not in found
    assert not {"四个意识", "六稳", "两不愁三保障", "个转企、小升规、规改股、股上市"} & set(found)


def test_new_slogans_in_a_paragraph_are_reported_with_count_and_first_anchor(glossary):
    doc = one_block("坚持“三个坚持”，构建“5+2”产业布局，全面做好“六稳”工作，打好三大攻坚战。"
                    "落实“三个坚持”，推动5+2体系落地。")
    assert discover([doc], glossary) == [
        {"candidate": "三个坚持", "kind": "quoted formula", "count": 2, "first_anchor": "synthetic#p1",
         "context": "坚持“三个坚持”，构建“5+2”产业布"},
        {"candidate": "5+2", "kind": "quoted formula", "count": 2, "first_anchor": "synthetic#p1",
         "context": "坚持“三个坚持”，构建“5+2”产业布局，全面做好“六"},
    ]  # context: 12 characters either side of the first appearance; 六稳 and 三大攻坚战 are in the glossary


@pytest.mark.parametrize("text, candidate, kind", [
    ("全面落实三个坚持原则", "三个坚持", "N个X"),
    ("推进一县一业发展", "一县一业", "N X N X"),
    ("实施一村一品工程", "一村一品", "N X N X"),
    ("深化企业+合作社模式", "企业+", "N+X"),
    ("启动2+N工程", "2+N", "N+X"),
    ("打造“五个一批”", "五个一批", "quoted formula"),
    ("完成“12345”热线整合", "12345", "quoted code"),
    ("实现从“输血”到“造血”转变", "从“输血”到“造血”转变", "quoted pair"),
])
def test_numbered_formulas_are_found_in_running_text_and_in_quotes(glossary, text, candidate, kind):
    assert [(c["candidate"], c["kind"]) for c in discover([one_block(text)], glossary)] == [(candidate, kind)]


def test_idioms_of_the_same_shape_are_not_reported_unless_quoted(glossary):
    assert candidates([one_block("一心一意谋发展，四面八方来投资")], glossary) == []
    assert candidates([one_block("坚持“一心一意”")], glossary) == ["一心一意"]


def test_a_candidate_inside_a_glossary_form_is_known(glossary):
    # 三校 is a variant of 三校四馆五中心两总部; 100万亩 is inside 三个100万亩生态工程.
    assert candidates([one_block("建设“三校”，完成“三个100万亩”")], glossary) == []


def test_the_stoplist_silences_a_string_and_every_line_gives_a_reason(glossary, tmp_path):
    doc = one_block("力争跑出“加速度”，实现“温度”")
    assert candidates([doc], glossary) == ["温度"]
    stoplist = tmp_path / "ignore.txt"
    stoplist.write_text("# header\n温度  # an ordinary noun quoted for emphasis\n", encoding="utf-8")
    assert candidates([doc], glossary, ignore=ignored(stoplist)) == []
    stoplist.write_text("温度\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        ignored(stoplist)
    assert str(err.value) == f"{stoplist}:1: '温度' needs a reason: write it after a #"


def test_the_shipped_stoplist_is_well_formed():
    assert isinstance(ignored(IGNORE_FILE), frozenset)
