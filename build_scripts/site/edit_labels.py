"""The OCR edits as the source panel shows them, in each interface language: a label per edit kind and a
translation of each note the cleaner writes (build_scripts/ocr/). A note no pattern knows is shown as written,
marked as English, never dropped."""
from __future__ import annotations

import re

# kind → (Chinese, English)
EDIT_KINDS = {
    "spacing": ("删除空格", "space removed"),
    "unwrap": ("合并分行", "print lines joined"),
    "despace": ("去除字距", "letter-spacing removed"),
    "punct-width": ("标点改为全角", "punctuation made full-width"),
    "marker": ("转版标记", "continuation marker"),
    "run-in-heading": ("标题与正文分开", "run-in heading split off"),
    "conjecture": ("推测补字", "conjectured character"),
    "gap": ("缺字", "missing character"),
    "break": ("证据不足的分段", "paragraph break on weak evidence"),
    "unparsed": ("未能处理，保留原样", "kept as printed: a repair could not apply"),
    "correction": ("人工校正", "reviewer's correction"),
    "web-join": ("合并网页断行", "web-page line break joined"),
    "boilerplate": ("删除网站版权声明", "website licence notice removed"),
}

# (pattern of the English note, Chinese, English); groups are carried over as {1}, {2}, …
EDIT_NOTES = [
    (r"no space between Chinese and numbers or Latin", "汉字与数字、拉丁字母之间不留空格",
     "no space between Chinese and numbers or Latin letters"),
    (r"whitespace at the end of the file", "文件末尾的空白", "whitespace at the end of the file"),
    (r"whitespace at the edge of a print line", "印刷行首尾的空白", "whitespace at the edge of a print line"),
    (r"blank lines at the start of the file", "文件开头的空行", "blank lines at the start of the file"),
    (r"run of spaces between Latin or numbers", "拉丁字母或数字之间的连续空格", "run of spaces between Latin letters or numbers"),
    (r"letter-spaced justified line", "两端对齐造成的字距", "letter-spaced justified line"),
    (r"continuation marker: (.+)", "转版标记：{1}", "continuation marker: {1}"),
    (r"the sentence-final mark after a run-in section heading separates heading and body",
     "小标题后的句末标点分开标题与正文", "the sentence-final mark after a run-in heading separates heading and body"),
    (r"paragraph break; blank lines removed", "分段；删除空行", "paragraph break; blank lines removed"),
    (r"one paragraph per line", "每行一段", "one paragraph per line"),
    (r"paragraph break: indentation, trailing spaces or zero-width characters removed",
     "分段：删除缩进、行尾空格或零宽字符", "paragraph break: indentation, trailing spaces or zero-width characters removed"),
    (r"paragraph break: extra blank lines removed", "分段：删除多余空行", "paragraph break: extra blank lines removed"),
    (r"line break around a link or formatting fragment in the web page: joined", "网页中链接或格式片段造成的断行：已合并",
     "line break around a link or formatting fragment in the web page: joined"),
    (r"line break after a bold lead sentence or heading in the web page: joined to its paragraph",
     "网页中加粗导语或标题后的断行：已并入本段",
     "line break after a bold lead sentence or heading in the web page: joined to its paragraph"),
    (r"the website's licence notice at the end of the record, not part of the document \(the licence is recorded in "
     r"the sidecar\)", "记录末尾的网站版权声明，不属于文献本身（版权信息记在元数据文件中）",
     "the website's licence notice at the end of the record, not part of the document (the licence is recorded in "
     "the sidecar)"),
    (r"whitespace at the start of the text", "正文开头的空白", "whitespace at the start of the text"),
    (r"whitespace at the end of the text", "正文末尾的空白", "whitespace at the end of the text"),
    (r"next line opens with a heading label or 各位代表", "下一行以标题序号或“各位代表”开头",
     "the next line opens with a heading label or 各位代表"),
    (r"line is a part heading", "本行为部分标题", "the line is a part heading"),
    (r"line does not end a sentence", "本行未在句末结束", "the line does not end a sentence"),
    (r"next line is full width \((.+) of (.+) em\): no first line", "下一行占满全宽（{1}/{2} 字宽），不是段首行",
     "the next line is full width ({1} of {2} em): not a first line"),
    (r"short line \((.+) of (.+) em\) ends a sentence", "短行（{1}/{2} 字宽）在句末结束",
     "a short line ({1} of {2} em) ends a sentence"),
    (r"ambiguous: the next line is a one-line paragraph or this paragraph's short last line; taken as the last line",
     "有歧义：下一行可能是单行段落，也可能是本段较短的末行；按末行处理",
     "ambiguous: the next line is a one-line paragraph or this paragraph's short last line; taken as the last line"),
    (r"next line is indented \((.+) of (.+) em\)", "下一行缩进（{1}/{2} 字宽）", "the next line is indented ({1} of {2} em)"),
    (r"full line ends a sentence, next line is full: mid-paragraph", "满行在句末结束，下一行也是满行：段落中间",
     "a full line ends a sentence and the next is full: mid-paragraph"),
    (r"dropped glyph in (.+); the dictionary words (.+) fit", "{1} 中脱落一字；词典中的 {2} 与之吻合",
     "a glyph dropped in {1}; the dictionary words {2} fit"),
    (r"dropped glyph in (.+); no dictionary word fits", "{1} 中脱落一字；词典中没有吻合的词",
     "a glyph dropped in {1}; no dictionary word fits"),
    (r"dropped glyph in (.+); ambiguous: (.+)", "{1} 中脱落一字；有歧义：{2}", "a glyph dropped in {1}; ambiguous: {2}"),
]
_COMPILED = [(re.compile(rf"^{p}$"), zh, en) for p, zh, en in EDIT_NOTES]


def kind_label(kind: str, lang: str) -> str:
    zh, en = EDIT_KINDS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def note_text(note: str | None, lang: str) -> tuple[str, bool]:
    """(the note in the interface's language, whether it was translated)."""
    if not note:
        return "", True
    for pattern, zh, en in _COMPILED:
        m = pattern.match(note)
        if m:
            out = zh if lang == "zh" else en
            for k, group in enumerate(m.groups(), 1):
                out = out.replace(f"{{{k}}}", group)
            return out, True
    return note, lang == "en"
