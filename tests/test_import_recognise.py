"""``gongwen import`` recognition: numbering labels, headings versus items, the parts around
the body, normalisation, junk, kinds and the YAML written — on texts written for these tests."""

from __future__ import annotations

import yaml

from _importing import data_of, printed_lines
from gongwen.derive.numbering import number_label
from gongwen.importer import import_source
from gongwen.importer.labels import parse_label, rank
from gongwen.importer.normalise import full_width, normalise_number, normalise_text, parse_date
from gongwen.importer.outline import shape_of
from gongwen.importer.yamlout import plain


def lines_of(text: str) -> list[str]:
    return [line for line in text.strip().split("\n") if line.strip()]


# -- numbering labels ------------------------------------------------------------------


def test_every_numbering_style_is_read_with_its_number() -> None:
    cases = {
        "一、总体要求": ("一、", 1, "总体要求"),
        "十二、其他": ("一、", 12, "其他"),
        "（三）工作安排": ("（一）", 3, "工作安排"),
        "(三)工作安排": ("(一)", 3, "工作安排"),
        "4.加强领导": ("1.", 4, "加强领导"),
        "4．加强领导": ("1．", 4, "加强领导"),
        "4、加强领导": ("1、", 4, "加强领导"),
        "1. 开学检查": ("1. ", 1, "开学检查"),
        "（2）按时报送": ("（1）", 2, "按时报送"),
        "(2)按时报送": ("(1)", 2, "按时报送"),
        "③建立台账": ("①", 3, "建立台账"),
        "第二章 职责": ("第一章 ", 2, "职责"),
        "第十三条 本办法自发布之日起施行。": ("第一条 ", 13, "本办法自发布之日起施行。"),
        "二是加强培训。": ("一是", 2, "加强培训。"),
    }
    for line, (style, number, rest) in cases.items():
        found = parse_label(line)
        assert found is not None, line
        assert (found.style, found.number, found.text) == (style, number, rest), line


def test_numbers_and_dates_that_are_not_labels() -> None:
    for line in ("2024年工作要点", "5.4亿元用于校舍改造", "2024.2.19", "一年来，我们坚持……", "“十四五”期间"):
        assert parse_label(line) is None, line


def test_styles_read_are_styles_gongwen_prints() -> None:
    for line in ("（十二）工作", "第二十一条 附则", "③台账", "10、报送", "四是考核。"):
        found = parse_label(line)
        assert number_label(found.style, found.number) == found.source, line


def test_ranks_put_chapters_above_headings_above_items() -> None:
    order = ["第一章", "一、", "第一条 ", "（一）", "1.", "一是", "（1）", "①"]
    assert [rank(style) for style in order] == sorted(rank(style) for style in order)


# -- headings, run-in headings and items ---------------------------------------------------


def test_shapes_of_numbered_lines() -> None:
    assert shape_of("加强组织领导").kind == "heading"
    runin = shape_of("加强组织领导。各校要成立工作专班，明确分工。")
    assert (runin.kind, runin.lead, runin.tail) == ("runin", "加强组织领导", "各校要成立工作专班，明确分工。")
    assert shape_of("负责组织全校的教学检查；").kind == "sentence"
    assert shape_of("问卷调查结果如何？请说明理由。").kind == "sentence"  # a question is no title
    assert shape_of("依法治校。规范办学").stop_inside  # 。 inside a short heading


PLAN = """
为做好本年度督导工作，制定本计划。
一、工作目标
全年完成对辖区学校的经常性督导。
二、主要任务
（一）规范办学督导
1.严格课程管理。各校开齐开足课程。
2.控制作业总量。小学一二年级不布置书面作业。
（二）安全工作督导
3.消防安全。每月检查一次消防设施。
（四）校园周边督导
4.交通安全。会同交警开展上下学护导。
三、保障措施
1.负责督导工作的统筹协调；
2.负责督导结果的通报；
"""


def test_plan_headings_run_in_items_continued_numbering_and_skips() -> None:
    data, report = data_of(PLAN)
    assert data["kind"] == "annual-plan"
    assert data["preamble"] == "为做好本年度督导工作，制定本计划。"
    goal, tasks, measures = data["sections"]
    assert goal == {"title": "工作目标", "text": "全年完成对辖区学校的经常性督导。"}
    first, second, fourth = tasks["sections"]
    assert first["title"] == "规范办学督导"
    assert first["text"] == [{"items": [  # 1. is the default numbering under （一）
        {"title": "严格课程管理", "text": "各校开齐开足课程。"},
        {"title": "控制作业总量", "text": "小学一二年级不布置书面作业。"},
    ]}]
    assert second["text"] == [{"continue": True, "items": [  # 3. runs on from 1.–2.
        {"title": "消防安全", "text": "每月检查一次消防设施。"},
    ]}]
    assert fourth["number"] == 4  # （三） is missing in the source
    assert any("（四）" in u.what for u in report.uncertain)
    duties = measures["text"][0]
    assert measures["numbering"] == "1." and "numbering" not in duties
    assert duties["items"] == ["负责督导工作的统筹协调；", "负责督导结果的通报；"]  # paragraphs with a number
    assert printed_lines(data) == lines_of(PLAN)


REGULATION = """
第一章 总则
第一条 为规范督导工作，制定本办法。
第二条 本办法适用于全区中小学校。
第二章 督导内容
第三条 督导内容包括：
（一）办学行为；
（二）教育教学；
（三）校园安全。
第四条 工作纪律。督学应当遵守保密规定。
第五条 工作作风。督学应当深入一线。
"""


def test_regulation_chapters_articles_across_chapters_and_sub_items() -> None:
    data, _ = data_of(REGULATION)
    assert data["kind"] == "regulation"
    _, content = data["sections"]
    assert data["numbering"] == "第一章 "  # the space typed after the label is kept
    articles = content["text"][0]
    assert "numbering" not in articles  # 第一条 + the chapters' space is the default under 第一章
    assert "continue" not in articles  # articles always number on across chapters
    listed = articles["items"][0]
    assert listed["text"] == "督导内容包括："
    assert "numbering" not in listed  # （一） is the default under an article
    assert listed["items"] == ["办学行为；", "教育教学；", "校园安全。"]
    assert articles["items"][1] == {"title": "工作纪律", "text": "督学应当遵守保密规定。"}
    assert printed_lines(data) == lines_of(REGULATION)


def test_first_is_second_is_items_and_a_line_holding_a_whole_list_stays_a_paragraph() -> None:
    text = """
一、工作方法
一是抓好培训。每学期培训一次。
二是抓好考核。年底考核一次。
二、工作制度
一是坚持例会制度；二是坚持通报制度；三是坚持回访制度。
"""
    data, report = data_of(text)
    method, rules = data["sections"]
    assert method["numbering"] == "一是"
    assert method["text"][0]["items"][0] == {"title": "抓好培训", "text": "每学期培训一次。"}
    assert rules["text"] == "一是坚持例会制度；二是坚持通报制度；三是坚持回访制度。"
    assert any("一行中含多项" in u.what for u in report.uncertain)
    assert printed_lines(data) == lines_of(text)


def test_paragraphs_between_items_and_after_the_last_item() -> None:
    text = """
一、主要任务
1.加强培训。开展全员培训。
培训结束后进行考核。
2.完善制度。修订督导办法。
以上任务由督导室牵头落实。
二、工作要求
各校要高度重视。
"""
    data, report = data_of(text)
    tasks = data["sections"][0]
    listed, after = tasks["text"]
    assert listed["items"][0]["text"] == "开展全员培训。\n\n培训结束后进行考核。"
    assert after == "以上任务由督导室牵头落实。"
    whats = {u.what for u in report.uncertain}
    assert {"编号条目之后、下一项之前的段落", "列表最后一项之后的段落"} <= whats
    assert printed_lines(data) == lines_of(text)


def test_headings_that_hold_lists_and_paragraphs_become_sections() -> None:
    text = """
一、调研方法
1.带着问题调研。事先设计问题。
问题如下：
（1）最喜欢哪门课？
（2）最需要什么帮助？
座谈时再问：
（1）学校哪里需要改进？
2.用数据说话。统计各项比例。
"""
    data, _ = data_of(text)
    first = data["sections"][0]["sections"][0]
    assert first["inline"] is True and first["title"] == "带着问题调研"
    assert [b if isinstance(b, str) else "items" for b in first["text"]] == [
        "事先设计问题。\n\n问题如下：", "items", "座谈时再问：", "items",
    ]
    assert first["text"][1]["items"] == ["最喜欢哪门课？", "最需要什么帮助？"]  # questions are no titles
    assert printed_lines(data) == lines_of(text)


def test_unnumbered_headings_when_the_text_has_no_first_level_numbers() -> None:
    text = """
市级层面
全市统一部署，分级推进。
1.统一标准
制定统一的督导标准。
县级层面
各县因地制宜，创新方式。
"""
    data, _ = data_of(text)
    assert data["numbering"] == ""
    assert [s["title"] for s in data["sections"]] == ["市级层面", "县级层面"]
    assert data["sections"][0]["numbering"] == "1."
    assert printed_lines(data) == lines_of(text)


# -- the parts around the body -------------------------------------------------------------


OFFICIAL = """
江城区教育督导室文件
江教督【2024】第05号    签发人：周明
──────────────
关于开展秋季开学
专项督导的通知
（征求意见稿）
各中小学、幼儿园：
为确保秋季开学平稳有序，决定开展专项督导。
一、督导内容
开学准备情况。
特此通知。
附件：1.督导安排表
2.自查报告提纲
江城区教育督导室
二〇二四年八月二十日
（此件公开发布）
附件1
督导安排表
9月2日至6日，分片督导。
附件2
自查报告提纲
按督导内容逐项自查。
抄送：区教育局。
江城区教育督导室办公室  2024年8月20日印发
"""


def test_official_document_parts() -> None:
    data, report = data_of(OFFICIAL)
    assert data["kind"] == "notice"
    assert data["issuer"] == {"name": "江城区教育督导室", "header": "江城区教育督导室文件"}
    assert data["number"] == "江教督〔2024〕5号"
    assert data["signer"] == "周明"
    assert data["title"] == "关于开展秋季开学\n专项督导的通知"
    assert data["subtitle"] == "（征求意见稿）"
    assert data["recipients"] == "各中小学、幼儿园"
    assert data["closing"] == "特此通知。"
    assert data["date"] == "2024年8月20日"
    assert data["note"] == "此件公开发布"
    assert [a["title"] for a in data["attachments"]] == ["督导安排表", "自查报告提纲"]
    assert data["attachments"][0]["text"] == "9月2日至6日，分片督导。"
    assert (data["cc"], data["printer"]) == (["区教育局"], "江城区教育督导室办公室")
    assert "print_date" not in data  # the 成文日期, printed again
    found = {f.what for f in report.found}
    assert {
        "发文机关标志", "发文字号", "签发人", "版头红线", "标题", "副标题", "主送机关", "附件说明", "署名",
        "成文日期", "附注", "附件", "抄送", "印发机关和印发日期",
    } <= found
    changes = {(c.before, c.after) for c in report.changes}
    assert {("【2024】", "〔2024〕"), ("江教督〔2024〕第05号", "江教督〔2024〕5号")} <= changes
    assert ("二〇二四年八月二十日", "2024年8月20日") in changes
    assert report.left_out == []


def test_document_number_and_date_variants() -> None:
    typed_numbers = ("X教督〔2024〕3号", "X教督[2024]3号", "X教督【2024】3号", "X教督(2024)3号")
    for typed in (*typed_numbers, "X教督〔2024〕第03号"):
        assert normalise_number(typed, 1)[0] == "X教督〔2024〕3号", typed
    for typed in ("2024年2月19日", "二〇二四年二月十九日", "2024.2.19", "2024-02-19", "2024/2/19"):
        assert str(parse_date(typed)) == "2024-02-19", typed
    assert parse_date("2024年2月30日") is None


def test_a_documents_date_in_each_typed_form_is_its_date_with_the_change_reported() -> None:
    head = ("江城区督导室关于开展督导的通知\n各学校：\n现开展督导。\n附件：1.督导安排表\n2.自查提纲\n"
            "江城区教育督导室\n")
    tail = "\n（此件公开发布）\n抄送：区教育局。\n江城区教育督导室办公室 2024年2月20日印发\n"
    for typed in ("2024年2月19日", "二〇二四年二月十九日", "2024.2.19"):
        data, report = data_of(head + typed + tail)
        assert data["date"] == "2024年2月19日" and data["issuer"] == {"name": "江城区教育督导室"}, typed
        assert [page["title"] for page in data["attachments"]] == ["督导安排表", "自查提纲"]
        assert (data["note"], data["print_date"]) == ("此件公开发布", "2024年2月20日")
        assert data["cc"] == ["区教育局"]
        changes = [(change.line, change.before, change.after) for change in report.changes]
        assert changes == ([] if typed == "2024年2月19日" else [(7, typed, "2024年2月19日")]), typed
        assert report.left_out == []


def test_series_of_documents_in_one_source() -> None:
    text = """
年度工作总结（一）
一年来，我校完成了各项督导任务。
年度工作总结（二）
本学年，督导室开展了十次检查。
"""
    documents, report = data_of(text)
    assert [d["title"] for d in documents] == ["年度工作总结（一）", "年度工作总结（二）"]
    assert [k.kind for k in report.kinds] == ["summary", "summary"]
    assert report.documents == 2


def test_title_from_the_file_name_when_the_text_has_none(tmp_path) -> None:
    path = tmp_path / "2024年督导工作计划.txt"
    path.write_text("一、工作目标\n做好督导。\n", encoding="utf-8")
    data, report = data_of(path)
    assert data["title"] == "2024年督导工作计划"
    assert any(f.what == "标题（取自文件名）" for f in report.found)


# -- normalisation and what is left out ----------------------------------------------------


def test_half_width_punctuation_next_to_chinese_only() -> None:
    assert full_width("校长(书记),副校长:张三;是否?是!") == "校长（书记），副校长：张三；是否？是！"
    assert full_width("会议10:30开始,共1,000人") == "会议10:30开始，共1,000人"
    assert full_width("see Fig. (a), then b") == "see Fig. (a), then b"
    assert full_width("方案(2011—2015)》") == "方案（2011—2015）》"
    text, changes = normalise_text("见国教督办【2013】2号文--各校执行", 7)
    assert text == "见国教督办〔2013〕2号文——各校执行"
    assert {(c.line, c.before, c.after) for c in changes} == {(7, "【2013】", "〔2013〕"), (7, "--", "——")}


def test_keep_leaves_the_source_characters() -> None:
    data, report = data_of("一、目标\n做好督导,提高质量.\n", keep=True)
    assert data["sections"][0]["text"] == "做好督导,提高质量."
    assert report.changes == []


def test_page_numbers_running_headers_and_web_junk_are_left_out_with_their_lines() -> None:
    text = (
        "江城区督导简报\n一、工作进展\n本月完成督导十次。\n— 1 —\n\f江城区督导简报\n本月发现问题五个。\n"
        "— 2 —\n\f江城区督导简报\n问题均已整改。\n第3页 共3页\n以上内容由小编整理，欢迎阅读。\n"
    )
    data, report = data_of(text)
    left = {(item.line, item.text, item.reason.split("（")[0]) for item in report.left_out}
    assert (4, "— 1 —", "页码") in left and (10, "第3页 共3页", "页码") in left
    assert {(line, "江城区督导简报", "页眉或页脚") for line in (1, 5, 8)} <= left
    assert (11, "以上内容由小编整理，欢迎阅读。", "网页杂项") in left
    assert printed_lines(data) == [
        "一、工作进展", "本月完成督导十次。", "本月发现问题五个。", "问题均已整改。"
    ]


# -- kinds ---------------------------------------------------------------------------------


def test_kind_from_the_title_and_from_the_wording_with_reasons() -> None:
    cases = {
        "江城区2024年教育督导工作计划\n一、目标\n做好督导。": "annual-plan",
        "江城区挂牌督导工作方案\n一、目标\n做好督导。": "work-scheme",
        "江城区督导室2023年工作总结\n一、成绩\n完成了督导。": "summary",
        "江城区督学管理办法\n第一条 为规范管理，制定本办法。": "regulation",
        "学习心得\n一、体会\n聆听了讲座。": "document",
    }
    for text, kind in cases.items():
        _, report = data_of(text)
        assert report.kinds[0].kind == kind, text
        assert report.kinds[0].reasons
    _, forced = data_of("江城区2024年教育督导工作计划\n一、目标\n做好督导。", kind="report")
    assert forced.kinds[0].kind == "report" and forced.kinds[0].forced


def test_a_report_sent_under_a_header_is_a_document_and_a_speech_is_a_report() -> None:
    body = "一、主要工作\n开展经常性督导，实现每校每月至少督导1天。\n二、下一步工作\n完善督学考核办法。\n"
    sent = "江教督〔2026〕10号\n关于上半年挂牌督导工作情况的报告\n区人民政府教育督导委员会：\n" + body
    _, report = data_of(sent)
    assert report.kinds[0].kind == "document"
    assert any("发文字号、主送机关" in why for why in report.kinds[0].reasons)
    _, unsent = data_of("关于上半年挂牌督导工作情况的报告\n" + body)
    assert unsent.kinds[0].kind == "report"
    speech = "做实挂牌督导　服务学校发展\n——在全区督学工作交流会上的发言\n一、几点体会\n督导要常。\n"
    _, spoken = data_of(speech)
    assert spoken.kinds[0].kind == "report"
    assert any("副标题" in why for why in spoken.kinds[0].reasons)


# -- the data file -------------------------------------------------------------------------


def test_yaml_has_chinese_comments_and_reads_back_as_the_data() -> None:
    imported = import_source(OFFICIAL)
    text = imported.yaml()
    assert yaml.safe_load(text) == plain(imported.documents[0])
    assert "# 发文字号" in text and "# 主送机关" in text and "# 成文日期" in text
    assert "# 一、　第 10 行" in text


def test_an_article_holding_lists_and_paragraphs_keeps_them_in_order() -> None:
    text = """
第一章 总则
第一条 督导分为两类：
（一）综合督导；
（二）专项督导。
专项督导又分为：
（一）开学督导；
（二）安全督导。
第二条 本办法自发布之日起施行。
"""
    data, _ = data_of(text)
    first = data["sections"][0]["text"][0]["items"][0]
    assert first["text"] == [
        "督导分为两类：",
        {"numbering": "（一）", "items": ["综合督导；", "专项督导。"]},
        "专项督导又分为：",
        {"numbering": "（一）", "items": ["开学督导；", "安全督导。"]},
    ]
    assert printed_lines(data) == lines_of(text)


def test_documents_each_with_its_own_header_in_one_source() -> None:
    text = """
长宁区教育督导室文件
长教督〔2024〕3号
关于开展春季开学专项督导的通知
各中小学校：
现就春季开学专项督导通知如下。
特此通知。
长宁区教育督导室
2024年2月19日
长宁区教育督导室文件
长教督〔2024〕4号
关于开展防溺水专项督导的通知
各中小学校：
现就防溺水专项督导通知如下。
特此通知。
长宁区教育督导室
2024年5月6日
"""
    documents, report = data_of(text)
    assert report.documents == 2 and [k.kind for k in report.kinds] == ["notice", "notice"]
    assert [d["number"] for d in documents] == ["长教督〔2024〕3号", "长教督〔2024〕4号"]
    assert [d["date"] for d in documents] == ["2024年2月19日", "2024年5月6日"]
    issuer = {"name": "长宁区教育督导室", "header": "长宁区教育督导室文件"}
    assert [d["issuer"] for d in documents] == [issuer, issuer]
    assert report.left_out == []
    single, report = data_of(text.split("长宁区教育督导室文件\n长教督〔2024〕4号")[0])
    assert report.documents == 1 and single["number"] == "长教督〔2024〕3号"
