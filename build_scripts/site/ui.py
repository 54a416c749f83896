"""Interface strings of the generated pages, in the site's two interface languages."""
from __future__ import annotations

LANGUAGES = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}  # the <html lang> of each interface

STRINGS = {
    "about": {"zh": "关于本页", "en": "About this page"},
    "issuer": {"zh": "发布机关", "en": "Issued by"},
    "speaker": {"zh": "报告人", "en": "Delivered by"},
    "occasion": {"zh": "会议", "en": "Occasion"},
    "delivered": {"zh": "报告日期", "en": "Delivered on"},
    "publication": {"zh": "刊载报纸", "en": "Printed in"},
    "publication_date": {"zh": "刊载日期", "en": "Printing date"},
    "page": {"zh": "版次", "en": "Page"},
    "continuation": {"zh": "接续", "en": "Continuation"},
    "continued_from": {"zh": "上接第{n}版", "en": "continued from page {n}"},
    "continues_on": {"zh": "下转第{n}版", "en": "continues on page {n}"},
    "source_file": {"zh": "OCR 原文", "en": "Raw OCR"},
    "edits": {"zh": "OCR 修订", "en": "OCR edits"},
    "edits_summary": {"zh": "共 {n} 处修订，含 {c} 处推测补字（以 [ ] 标出）",
                      "en": "{n} edits, including {c} conjectured character(s) (marked [ ])"},
    "unknown": {"zh": "不详", "en": "unknown"},
    "implied_on_page": {"zh": "（标题见第{n}版）", "en": "(heading on p. {n})"},
    "implied_earlier": {"zh": "（标题见此前版面）", "en": "(heading on an earlier page)"},
    "raw_view": {"zh": "逐行查看", "en": "line by line"},
    "documents": {"zh": "文献", "en": "Documents"},
    "glossary": {"zh": "术语表", "en": "Glossary"},
    "by_category": {"zh": "按类别", "en": "By category"},
    "by_pinyin": {"zh": "按拼音", "en": "In pinyin order"},
    "renderings": {"zh": "英文译法", "en": "English renderings"},
    "reading": {"zh": "读音、字形与分类", "en": "Reading, characters and category"},
    "preferred": {"zh": "首选", "en": "preferred"},
    "alternate": {"zh": "其他译法", "en": "alternate"},
    # What an alternate is when it is not a rendering of the name (glossary.RENDERING_KINDS).
    "kind_gloss": {"zh": "释义，非名称译法", "en": "a gloss, not a name"},
    "kind_variant": {"zh": "首选译法的另一种写法", "en": "the preferred rendering written differently"},
    "kind_unofficial": {"zh": "非官方来源", "en": "not an official source"},
    "components": {"zh": "构成", "en": "Components"},
    "concordance": {"zh": "语境索引（全部出现）", "en": "Concordance (every occurrence)"},
    "occurrences": {"zh": "{n} 处", "en": "{n} occurrence(s)"},
    "no_source": {"zh": "无权威出处：含义未核实，英文为直译", "en": "No authoritative source: meaning unverified, literal rendering"},
    "status_unverified": {"zh": "含义未核实", "en": "meaning unverified"},
    "status_verified": {"zh": "已核实", "en": "verified"},
    "explanation": {"zh": "说明", "en": "Explanation"},
    "note": {"zh": "备注", "en": "Note"},
    "level": {"zh": "层级", "en": "Level"},
    "variants": {"zh": "异形", "en": "Other printed forms"},
    "traditional": {"zh": "繁体", "en": "Traditional"},
    "pinyin": {"zh": "拼音", "en": "Pinyin"},
    "term": {"zh": "术语", "en": "Term"},
    "english": {"zh": "英文", "en": "English"},
    "anchor": {"zh": "锚点", "en": "Anchor"},
    "context": {"zh": "上下文", "en": "Context"},
    "title": {"zh": "标题", "en": "Title"},
    "date": {"zh": "日期", "en": "Date"},
    "terms_marked": {"zh": "标注术语", "en": "Terms marked"},
    "paragraphs": {"zh": "段落", "en": "Paragraphs"},
    "translation": {"zh": "英文译文", "en": "English translation"},
    "over_time": {"zh": "历年使用", "en": "Use over the years"},
    "chart_label": {"zh": "“{term}”每年出现次数（共 {total} 处）", "en": "Uses of {term} per year ({total} in all)"},
    "chart_bar": {"zh": "{year}年：{n} 处（该年文献 {docs} 篇）", "en": "{year}: {n} use(s) ({docs} document(s) that year)"},
    "chart_caption": {"zh": "柱：该年文献中的出现次数；轴上圆点：该年有文献但未出现；空白：档案中无该年文献。",
                      "en": "Bars: uses in that year's documents. Dots on the axis: a document of that year, "
                            "without the term. Blank: no document of that year in the archive."},
    "chart_table": {"zh": "逐年数字（表格）", "en": "Figures by year (table)"},
    "first_use": {"zh": "最早使用", "en": "First use"},
    "last_use": {"zh": "最近使用", "en": "Last use"},
    "years_in_use": {"zh": "使用年份 / 档案年份", "en": "Years in use / years in the archive"},
    "compare_link": {"zh": "与其他术语对比历年使用 →", "en": "Compare its use over the years with other terms →"},
    "year": {"zh": "年份", "en": "Year"},
    "uses": {"zh": "出现次数", "en": "Uses"},
    "reports": {"zh": "文献（含该词 / 全部）", "en": "Documents (with it / all)"},
    "rendering_dates": {"zh": "译法的年代", "en": "Which rendering when"},
    "undated": {"zh": "日期不详", "en": "date unknown"},
    # browsing the archive (documents_page.py)
    "collection_summary": {"zh": "{n} 篇文献，{first}–{last} 年；缺 {missing} 个年份",
                           "en": "{n} document(s), {first}–{last}; {missing} year(s) missing"},
    "collection_summary_undated": {"zh": "{n} 篇文献", "en": "{n} document(s)"},
    "years": {"zh": "年份一览（灰色：本集中没有该年的文献）", "en": "Years (grey: no document of that year here)"},
    "length": {"zh": "字数", "en": "Characters"},
    "pages": {"zh": "版面", "en": "Pages"},
    "no_document": {"zh": "{y} 年：无", "en": "{y}: none"},
    "year_unknown": {"zh": "年份不详", "en": "year unknown"},
    "source": {"zh": "来源", "en": "Source"},
    "licence": {"zh": "版权", "en": "Licence"},
}

CATEGORIES = {
    "party-and-ideology": ("党建与思想", "Party and ideology"),
    "governance": ("治理", "Governance"),
    "economy": ("经济", "Economy"),
    "reform": ("改革", "Reform"),
    "poverty-alleviation": ("脱贫攻坚", "Poverty alleviation"),
    "environment": ("生态环境", "Environment"),
    "industry": ("产业", "Industry"),
    "infrastructure": ("基础设施", "Infrastructure"),
    "urban-development": ("城市建设", "Urban development"),
    "culture-and-tourism": ("文化旅游", "Culture and tourism"),
    "society": ("社会民生", "Society"),
    "epidemic": ("疫情防控", "Epidemic"),
    "innovation-and-opening-up": ("创新与开放", "Innovation and opening up"),
    "unification-and-foreign-affairs": ("统一、外交与国防", "Unification, foreign affairs and defence"),
    "history": ("历史运动与用语", "History: campaigns and terms of past eras"),
}
LEVELS = {"national": ("全国", "national"), "provincial": ("省级", "provincial"), "municipal": ("市级", "municipal")}


def t(key: str, lang: str, **values) -> str:
    return STRINGS[key][lang].format(**values)


def _name(table: dict, key: str, lang: str) -> str:
    zh, en = table.get(key, (key, key))
    return zh if lang == "zh" else en


def category(key: str, lang: str) -> str:
    return _name(CATEGORIES, key, lang)


def level(key: str, lang: str) -> str:
    return _name(LEVELS, key, lang)
