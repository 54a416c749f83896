"""`duizhao import`: a corpus in, source_texts/<collection>/ out — verbatim texts, validated sidecars, a
report; bad records one line each and skipped; atomic and idempotent."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.ocr.metadata import load_collection, load_metadata
from build_scripts.pipeline import parse_file
from tests.conftest import ROOT

CORPUS = Path("/work/shared/corpora/national-gwr/government_work_reports.jsonl")
NATIONAL_ARGS = ["--collection", "national-gwr", "--profile", "national-gwr", "--text", "content", "--title", "title",
                 "--year", "year", "--url", "url", "--format", "web-text",
                 "--collection-meta", str(ROOT / "imports" / "national-gwr.collection.yml")]
TEXT_A = "各位代表：\n\n现在，我代表市人民政府，向大会报告工作。\n\n一、过去一年的工作\n\n细颗粒物（PM\n2.5\n）浓度下降。\n"
TEXT_B = "各位代表：\n\n我們第一届全國人民代表大會第一次會議，已經光榮地完成了一件歷史性的工作。\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def jsonl(path: Path, *records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def test_jsonl_records_become_verbatim_texts_with_validated_sidecars_and_a_collection_file(tmp_path, capsys):
    source = jsonl(tmp_path / "in.jsonl",
                   {"content": TEXT_A, "name": "2021年报告", "y": "2021", "link": "https://example.org/a"},
                   {"content": TEXT_B, "name": "1954年報告", "y": "1954", "link": None})
    root = tmp_path / "source_texts"
    code, out, err = run(capsys, str(source), "--collection", "city-reports", "--root", str(root),
                         "--text", "content", "--title", "name", "--year", "y", "--url", "link", "--id", "y",
                         "--issuer", "市人民政府", "--genre", "government work report", "--licence", "public domain",
                         "--format", "web-text")
    assert code == 0, err
    folder = root / "city-reports"
    assert sorted(p.name for p in folder.iterdir()) == ["1954.txt", "1954.yml", "2021.txt", "2021.yml",
                                                        "collection.yml"]
    assert (folder / "2021.txt").read_bytes() == TEXT_A.encode("utf-8")  # never cleaned at import
    meta, _ = load_metadata(folder / "2021.txt")
    assert meta["title"]["zh"] == "2021年报告" and meta["document"]["year"] == 2021
    assert meta["document"]["issuer"] == {"zh": "市人民政府", "en": None}
    assert meta["document"]["delivered"] is None  # not in the record: unknown, never guessed
    assert meta["source"]["url"] == "https://example.org/a" and meta["licence"]["name"] == "public domain"
    assert meta["collection"] == "city-reports" and meta["language"] == "zh-Hans"
    old, _ = load_metadata(folder / "1954.txt")
    assert old["language"] == "zh-Hant" and old["source"]["url"] is None
    assert "們" in (folder / "1954.txt").read_text(encoding="utf-8")  # the script stays as printed
    assert load_collection(folder)["id"] == "city-reports"
    assert "2 record(s) read, 2 imported, 0 skipped" in out
    assert "web-join 2" in out  # the report says what the parser cleans


def test_importing_the_same_file_twice_changes_nothing_byte_for_byte(tmp_path, capsys):
    source = jsonl(tmp_path / "in.jsonl", {"text": TEXT_A, "id": "a"}, {"text": TEXT_B, "id": "b"})
    root = tmp_path / "src"
    assert run(capsys, str(source), "--collection", "c", "--root", str(root), "--id", "id")[0] == 0
    first = tree(root / "c")
    code, out, _ = run(capsys, str(source), "--collection", "c", "--root", str(root), "--id", "id")
    assert code == 0 and "unchanged" in out
    assert tree(root / "c") == first
    assert sorted(p.name for p in root.iterdir()) == ["c"]  # no temporary folder left behind


def test_bad_records_get_one_line_each_and_are_skipped_while_the_good_ones_are_imported(tmp_path, capsys):
    source = jsonl(tmp_path / "in.jsonl",
                   {"text": TEXT_A, "id": "good"},
                   '{"text": "unterminated',
                   {"text": "   ", "id": "empty"},
                   {"text": TEXT_B, "id": "good"},
                   {"id": "no-text-field"},
                   ["not", "an", "object"])
    root = tmp_path / "src"
    code, out, err = run(capsys, str(source), "--collection", "c", "--root", str(root), "--id", "id")
    assert code == 2
    lines = err.strip().split("\n")
    assert lines == [
        f"duizhao: {source}:2: unparseable JSON: Unterminated string starting at (column 10)",
        f"duizhao: {source}:3: no text: field 'text' is empty",
        f"duizhao: {source}:4: duplicate id 'good' (first used at {source}:1): skipped",
        f"duizhao: {source}:5: no text: the record has no field 'text' (fields: id)",
        f"duizhao: {source}:6: a JSON object was expected, not list",
    ]
    assert sorted(p.name for p in (root / "c").iterdir()) == ["collection.yml", "good.txt", "good.yml"]
    assert (root / "c" / "good.txt").read_text(encoding="utf-8") == TEXT_A  # the first, not the duplicate
    assert "6 record(s) read, 1 imported, 5 skipped" in out


def test_an_import_with_nothing_importable_leaves_the_previous_collection_intact(tmp_path, capsys):
    root = tmp_path / "src"
    good = jsonl(tmp_path / "good.jsonl", {"text": TEXT_A, "id": "a"})
    assert run(capsys, str(good), "--collection", "c", "--root", str(root), "--id", "id")[0] == 0
    before = tree(root / "c")
    bad = jsonl(tmp_path / "bad.jsonl", {"text": "", "id": "a"}, "{oops")
    code, out, err = run(capsys, str(bad), "--collection", "c", "--root", str(root), "--id", "id")
    assert code == 2 and out == ""
    assert f"{bad}:1: no text: field 'text' is empty" in err and f"{bad}:2: unparseable JSON" in err
    assert err.strip().endswith("is unchanged")
    assert tree(root / "c") == before
    assert sorted(p.name for p in root.iterdir()) == ["c"]


def test_a_failure_while_writing_leaves_the_previous_collection_intact(tmp_path, capsys, monkeypatch):
    root = tmp_path / "src"
    good = jsonl(tmp_path / "good.jsonl", {"text": TEXT_A, "id": "a"})
    assert run(capsys, str(good), "--collection", "c", "--root", str(root), "--id", "id")[0] == 0
    before = tree(root / "c")
    import build_scripts.importing.importer as importer

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "load_collection_checked", disk_full)
    other = jsonl(tmp_path / "other.jsonl", {"text": TEXT_B, "id": "b"})
    monkeypatch.delenv("DUIZHAO_TRACEBACK")
    assert main(["import", str(other), "--collection", "c", "--root", str(root), "--id", "id"]) == 1
    assert capsys.readouterr().err == "duizhao: No space left on device\n"  # one line, no traceback
    assert tree(root / "c") == before  # b.txt was written into the temporary folder only, and is gone
    assert sorted(p.name for p in root.iterdir()) == ["c"]


@pytest.mark.parametrize("name, problem", [
    ("missing.jsonl", "no such file or folder"),
    ("notes.md", "unknown input: give a .jsonl or .csv file, or a folder of .txt files"),
])
def test_an_input_that_is_not_a_corpus_is_one_line_and_exit_2(tmp_path, capsys, name, problem):
    path = tmp_path / name
    if name.endswith(".md"):
        path.write_text("# 笔记\n", encoding="utf-8")
    code, out, err = run(capsys, str(path), "--collection", "c", "--root", str(tmp_path / "src"))
    assert (code, out, err) == (2, "", f"duizhao: {path}: {problem}\n")
    assert not (tmp_path / "src" / "c").exists()


def test_a_csv_with_other_field_names_imports_through_the_mapping_flags(tmp_path, capsys):
    source = tmp_path / "speeches.csv"
    source.write_text("ref,headline,issued,body\n"
                      "S-1,一号讲话,2019-03-05,\"各位代表：\n\n第一段。\"\n"
                      "S-2,二号讲话\n"
                      "S-3,三号讲话,2019-13-01,正文。\n"
                      "S-4,四号讲话,,第二篇的正文。\n", encoding="utf-8")
    root = tmp_path / "src"
    code, out, err = run(capsys, str(source), "--collection", "speeches", "--root", str(root), "--text", "body",
                         "--title", "headline", "--date", "issued", "--id", "ref", "--issuer", "某部",
                         "--issuer-en", "A Ministry")
    assert code == 2
    assert err.strip().split("\n") == [
        f"duizhao: {source}:5: CSV row has 2 fields: missing field(s) issued, body",
        f"duizhao: {source}:6: field 'issued' is '2019-13-01', not a date (YYYY-MM-DD)",
    ]
    folder = root / "speeches"
    assert sorted(p.name for p in folder.glob("*.txt")) == ["s-1.txt", "s-4.txt"]
    meta, _ = load_metadata(folder / "s-1.txt")
    assert meta["document"]["delivered"] == "2019-03-05" and meta["document"]["year"] == 2019
    assert meta["title"]["zh"] == "一号讲话" and meta["document"]["issuer"]["en"] == "A Ministry"
    assert load_metadata(folder / "s-4.txt")[0]["document"]["delivered"] is None  # empty cell: unknown
    assert (folder / "s-1.txt").read_text(encoding="utf-8") == "各位代表：\n\n第一段。"


def test_a_folder_of_text_files_imports_with_file_names_as_ids(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Report 2019.txt").write_text("2019年报告\n\n各位代表：\n\n正文第一段。\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("\n\n", encoding="utf-8")
    (corpus / "latin.txt").write_text("no Chinese here\n", encoding="utf-8")
    root = tmp_path / "src"
    code, out, err = run(capsys, str(corpus), "--collection", "folder-corpus", "--root", str(root), "--id", "file",
                         "--title", "first_line", "--format", "web-text", "--json")
    assert code == 2
    assert f"duizhao: {corpus / 'empty.txt'}: no text: field 'text' is empty" in err
    assert f"duizhao: {corpus / 'latin.txt'}: no Chinese text in field 'text'" in err
    report = json.loads(out)
    assert [d["id"] for d in report["imported"]] == ["report-2019"]
    assert report["imported"][0]["title"] == "2019年报告" and report["imported"][0]["paragraphs"] == 3
    assert len(report["skipped"]) == 2 and report["records"] == 3
    assert (root / "folder-corpus" / "report-2019.txt").read_bytes() == (corpus / "Report 2019.txt").read_bytes()


def test_the_committed_national_collection_is_exactly_what_the_import_makes(tmp_path, capsys):
    if not CORPUS.exists():
        pytest.skip("the shared corpus is not on this machine")
    code, out, err = run(capsys, str(CORPUS), "--root", str(tmp_path), *NATIONAL_ARGS)
    assert code == 0, err
    assert tree(tmp_path / "national-gwr") == tree(ROOT / "source_texts" / "national-gwr")


def test_the_national_collection_holds_52_reports_and_20_resolutions_with_their_provenance():
    folder = ROOT / "source_texts" / "national-gwr"
    metas = {p.stem: load_metadata(p)[0] for p in sorted(folder.glob("*.txt"))}
    reports = {k: m for k, m in metas.items() if m["document"]["genre"] == "government work report"}
    resolutions = {k: m for k, m in metas.items() if m["document"]["genre"] == "resolution"}
    assert len(reports) == 52 and len(resolutions) == 20 and len(metas) == 72
    assert all(k == f"gwr-{m['document']['year']}" for k, m in reports.items())
    assert {m["document"]["year"] for m in reports.values()} >= {1954, 1978, 2019, 2025}
    for m in metas.values():
        assert m["source"]["url"].startswith("https://zh.wikisource.org/wiki/")
        assert m["licence"]["name"] == "public domain" and "Article 5" in m["licence"]["basis"]
        assert "不总是具有立法、行政、司法性质的文件" in m["licence"]["caveat"]  # Wikisource's own doubt, kept
        assert m["format"] == "web-text" and m["collection"] == "national-gwr"
    assert reports["gwr-2019"]["document"]["issuer"] == {"zh": "国务院", "en": "State Council"}
    # a delivery date only where the text states it, with the line it comes from
    assert reports["gwr-2024"]["document"]["delivered"] == "2024-03-05"
    assert "line 8: '——2024年3月5日在第十四届全国人民代表大会第二次会议上'" in reports["gwr-2024"]["document"]["context_sources"][0]
    assert reports["gwr-2019"]["document"]["delivered"] is None
    assert reports["gwr-1954"]["language"] == "zh-Hant" and reports["gwr-1957"]["language"] == "zh-Hans"
    # resolutions: a year only where their text states the adoption date
    assert resolutions["npc-resolution-2023"]["document"]["delivered"] == "2023-03-13"
    assert resolutions["npc-14-3-resolution"]["document"]["year"] is None
    assert resolutions["npc-14-3-resolution"]["document"]["occasion"]["zh"] == "第十四届全国人民代表大会第三次会议"
    collection = load_collection(folder)
    assert [c["url"] for c in collection["credit"]] == ["https://zh.wikisource.org/",
                                                       "https://github.com/aldohemsn/chinese-political-corpora"]
    assert collection["source"]["sha256"] == "1d4eb8102366f5645e2b423b9659ff83f95aaa01377c62be6177860e71f18023"


def test_a_bad_collection_file_is_a_check_problem_with_its_line(tmp_path):
    from build_scripts.check import run_checks

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "collection.yml").write_text("schema: duizhao-collection/1\nid: c\ntitle:\n  zh: 集\n  en: null\n"
                                           "source: null\ncredit:\n  - url: https://example.org/\n",
                                           encoding="utf-8")
    problems, _ = run_checks(tmp_path)
    assert problems == [f"{folder / 'collection.yml'}:8: missing required key 'name'"]


def test_every_imported_document_parses_with_its_title():
    for page in sorted((ROOT / "source_texts" / "national-gwr").glob("*.txt")):
        doc = parse_file(page)
        assert doc.title and doc.paragraphs() and doc.input_format == "web-text"
