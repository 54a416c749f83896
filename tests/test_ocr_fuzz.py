"""No traceback on any input: every line and every page either parses, with every change an Edit, or is
refused with a user error. Hypothesis draws from arbitrary Unicode and from the characters newspaper OCR
actually produces (Han, full- and half-width punctuation, digits, Latin, spaces, markers, □)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.errors import UserError
from build_scripts.ocr.audit import apply_edits, unaccounted_changes
from build_scripts.ocr.clean import PrintLine, clean_line
from build_scripts.ocr.reader import decode_page
from build_scripts.ocr.split import parse_page
from build_scripts.ocr.tape import Tape, tokens_for_line

OCR_ALPHABET = list("康路等道桥梁座整治背街小巷一二三四五六七八九十是年") + list("，。、；：！？“”（）——□") + \
    list("0123456789AGPx,.!?;:()%+-") + [" ", " ", " ", "  ", "\t"] + \
    ["（上接1版）", "(下转3版)", "（下转第 12 版）", "（接2版）", "上接第4版", "一、", "（一）", "1.", "（1）", "第一，"]
ocr_text = st.lists(st.sampled_from(OCR_ALPHABET), max_size=40).map("".join)
any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=40)


def clean(line: str):
    tape = Tape()
    pl = PrintLine(1, tokens_for_line(1, line))
    clean_line(tape, pl)
    return pl.text, tape.edits


@settings(max_examples=400, deadline=None, derandomize=True)
@given(line=st.one_of(ocr_text, any_text))
def test_any_line_is_cleaned_and_replaying_its_edits_gives_the_cleaned_text(line):
    text, edits = clean(line)
    assert apply_edits([line], edits) == text


def test_the_reported_justified_line_with_digits_and_a_spaced_comma_is_cleaned():
    text, edits = clean("康 路 等 道 路 80 条、桥 梁 15 座 ， 整 治 背 街 小 巷")
    assert text == "康路等道路80条、桥梁15座，整治背街小巷"
    assert [e.kind for e in edits if e.kind == "despace"] == ["despace"] * 3
    assert not [e for e in edits if e.kind == "unparsed"]


def test_a_marker_inside_a_justified_run_leaves_two_runs_and_no_crash():
    line = "康 路 （下转3版） 等 道 路"
    text, edits = clean(line)
    assert text == "康路等道路"
    assert apply_edits([line], edits) == text


def parse_or_refuse(text: str):
    try:
        return parse_page(decode_page(text.encode("utf-8"), "fuzz.txt"), "fuzz", {})
    except UserError:
        return None


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(ocr_text, any_text, st.just("")), min_size=1, max_size=12))
def test_any_page_parses_or_is_refused_and_edits_account_for_every_change(lines):
    doc = parse_or_refuse("\n".join(lines))
    if doc is not None:
        assert unaccounted_changes(doc) is None
