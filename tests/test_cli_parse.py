"""`duizhao parse`: the JSON contract, and one clear line for every kind of bad input (exit 2, no traceback)."""
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_PAGE

PAGE = "深入开展主题教育，严格落实主体责任，坚持不懈推进党风廉政建设和反腐败斗争。\n"


def run(*args: str):
    return subprocess.run([sys.executable, "-m", "build_scripts", *args], cwd=ROOT, capture_output=True, text=True)


def test_parse_json_follows_the_documented_contract():
    result = run("parse", str(SEED_PAGE), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"blocks", "edits", "continues_from_page", "continues_to_page", "id", "metadata", "notes"} <= set(doc)
    assert (doc["continues_from_page"], doc["continues_to_page"]) == (1, 3)
    for block in doc["blocks"]:
        assert block["kind"] in ("heading", "paragraph")
        assert {"kind", "level", "label", "anchor", "text", "source_lines", "topic", "implied"} <= set(block)
        if block["kind"] == "heading":
            assert block["level"] in (1, 2) and block["label"]
        if not block["implied"]:
            first, last = block["source_lines"]
            assert 1 <= first <= last
    heading = next(b for b in doc["blocks"] if b["anchor"] == "s1-8")
    assert heading["text"] == "（八）全面加强自身建设，政府治理能力不断提高"
    for edit in doc["edits"]:
        assert {"kind", "before", "after", "line", "column", "certainty", "anchor", "offset"} <= set(edit)
    assert doc["metadata"]["publication"]["name"] == {"zh": None, "en": None}  # unknown stays unknown


def test_parse_prints_a_readable_outline_by_default():
    result = run("parse", str(SEED_PAGE))
    assert result.returncode == 0
    assert "[s2-1-p2]" in result.stdout and "topic: 决战完胜脱贫攻坚战" in result.stdout
    assert "conjecture at line 856:15" in result.stdout


def test_gb18030_files_are_converted_with_a_note(page_file):
    path = page_file(PAGE.encode("gb18030"))
    result = run("parse", str(path), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["blocks"][0]["text"] == PAGE.strip()
    assert any("GB18030" in note for note in doc["notes"])


def test_a_bom_and_crlf_line_endings_are_handled(page_file):
    path = page_file(b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode("utf-8"))
    doc = json.loads(run("parse", str(path), "--json").stdout)
    assert doc["blocks"][0]["text"] == PAGE.strip()
    assert any("byte-order mark" in n for n in doc["notes"]) and any("LF" in n for n in doc["notes"])


@pytest.mark.parametrize("content, problem", [
    (b"", "file is empty"),
    (b"  \n\n ", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not a text page"),
    ("Just an English sentence.\n".encode(), "no Chinese text found: not a page of this archive"),
    (b"abc \x80\xff\x80 def", "not valid UTF-8 or GB18030 text"),
])
def test_bad_input_gets_one_line_naming_the_file_and_exit_code_2(page_file, content, problem):
    path = page_file(content)
    result = run("parse", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"duizhao: {path}") and line.endswith(problem)


def test_a_missing_file_is_a_user_error():
    result = run("parse", "no/such/page.txt")
    assert (result.returncode, result.stderr.strip()) == (2, "duizhao: no/such/page.txt: no such file")


def test_a_sidecar_with_an_unknown_key_is_reported_at_its_line(page_file):
    path = page_file(PAGE)
    path.with_suffix(".yml").write_text("schema: duizhao-page/1\nid: test\ntitle: {zh: 报告, en: Report}\n"
                                        "document: {}\npublication: {page: 2}\ncontinuation: {from_page: null, to_page: null}\n"
                                        "language: zh-Hans\npage_count: 4\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"duizhao: {path.with_suffix('.yml')}:8: unknown key 'page_count'")


def test_a_sidecar_that_contradicts_the_pages_markers_is_refused(page_file):
    path = page_file(" (上接1版) " + PAGE)
    path.with_suffix(".yml").write_text("schema: duizhao-page/1\nid: test\ntitle: {zh: 报告, en: Report}\n"
                                        "document: {}\npublication: {page: 2}\ncontinuation:\n  from_page: 5\n  to_page: null\n"
                                        "language: zh-Hans\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"duizhao: {path.with_suffix('.yml')}:7: continuation.from_page is 5 "
                                     "but the page says 上接1版")


@pytest.fixture
def seed_root(tmp_path):
    """A source folder holding only the seed page and the glossary: what these reports pin."""
    import shutil

    for folder in ("lvliang-2020-gwr", "glossary"):
        shutil.copytree(ROOT / "source_texts" / folder, tmp_path / folder)
    return tmp_path


def test_glossary_json_lists_every_entry_with_its_occurrences_and_anchors(seed_root):
    result = run("glossary", "--json", "--root", str(seed_root))
    assert result.returncode == 0, result.stderr
    entries = {e["term"]: e for e in json.loads(result.stdout)}
    battles = entries["三大攻坚战"]
    assert battles["occurrences"] == 3 and battles["status"] == "verified" and battles["en"]["source"]["url"]
    # 坚决打好三大攻坚战 (general requirements), the heading of （一）, and 各位代表！三大攻坚战是…
    assert battles["anchors"] == ["lvliang-2020-gwr#s2-p1", "lvliang-2020-gwr#s2-1", "lvliang-2020-gwr#s2-1-p5"]


def test_every_glossary_entry_occurs_somewhere_in_the_archive():
    result = run("glossary", "--json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert len(entries) > 300 and [e["term"] for e in entries if e["occurrences"] < 1] == []


def test_term_discovery_on_the_seed_finds_nothing_missing_from_the_glossary(seed_root):
    result = run("terms", "--discover", "--json", "--root", str(seed_root))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_check_passes_on_the_archive_and_warns_only_of_renderings_for_an_editor_to_date():
    result = run("check")
    warnings = result.stderr.splitlines()
    assert (result.returncode, result.stdout.strip()) == (0, f"check: ok ({len(warnings)} warnings)")
    # an alternate rendering newer than the preferred one is an editor's call (issue 13), never silently changed
    assert all("has a later source" in w and "than the preferred rendering" in w for w in warnings), warnings


def test_pinyin_command_prints_word_level_pinyin_with_heteronyms_right():
    result = run("pinyin", "坚持转型为纲，统筹推进调结构")
    assert (result.returncode, result.stdout.strip()) == (0, "jiānchí zhuǎnxíng wéi gāng，tǒngchóu tuījìn tiáo jiégòu")


def test_pinyin_of_nothing_is_a_user_error():
    result = run("pinyin", " ")
    assert (result.returncode, result.stderr.strip()) == (2, "duizhao: empty text: give the Chinese text to transcribe")


def test_a_bug_gets_one_line_naming_it_and_exit_code_70_not_a_traceback(monkeypatch, capsys):
    import build_scripts.cli as cli

    def broken(args):
        raise KeyError("gram")

    monkeypatch.delenv("DUIZHAO_TRACEBACK")
    monkeypatch.setattr(cli, "cmd_pinyin", broken)
    assert cli.main(["pinyin", "吕梁"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("duizhao: internal error (KeyError: 'gram'): a bug in duizhao")
    assert "DUIZHAO_TRACEBACK=1" in err
