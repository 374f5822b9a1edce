"""Ledger import: each irregularity of real 督导台账 on small generated workbooks."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from _records import ZONES, district
from gongwen.errors import DataError
from gongwen.loaders.ledger import HEADERS, cell_date, header_guide, read_ledger, suggest
from gongwen.models.records import Status
from gongwen.reports import load_records

HEADER = ["序号", "督导日期", "责任区", "学校（园）", "参加督学", "督导方式", "督导事项",
          "成绩与亮点", "存在问题", "意见建议", "整改要求", "整改期限", "整改状态", "跟踪落实情况"]
TITLE = [["测试区责任督学挂牌督导工作台账"], ["填报单位：测试区教育督导室"], []]


def row(day: Any = "2026.9.8", school: str = "测试区实验小学", inspectors: str = "王建国、李秀兰",
        matter: str = "校园及周边安全", highlights: str = "护学岗落实到位", problem: str = "",
        **more: Any) -> list[Any]:
    """A ledger data row; keyword arguments fill the later columns by header name."""
    values = [1, day, "第一责任区", school, inspectors, "听取汇报、巡视校园", matter, highlights,
              problem]
    tail = [more.get(k, "") for k in ("suggestion", "requirement", "deadline", "status", "follow")]
    return values + tail


def workbook(tmp_path: Path, rows: list[list[Any]], *, title: list[list[Any]] = TITLE,
             header: list[str] = HEADER, merges: tuple[str, ...] = (),
             sheet: str = "台账") -> Path:
    """Write title rows, the header and the data rows; apply merges; return the file."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for values in [*title, header, *rows]:
        ws.append(values)
    for cells in merges:
        ws.merge_cells(cells)
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    return path


def read(path: Path) -> list[Any]:
    return read_ledger(path, district())


def errors(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        read(path)
    return [str(p) for p in caught.value.problems]


def test_header_below_title_rows(tmp_path: Path) -> None:
    records = read(workbook(tmp_path, [row()]))
    assert len(records) == 1
    assert records[0].school == "测试区实验小学"
    assert records[0].inspectors == ["王建国", "李秀兰"]
    assert records[0].methods == ["听取汇报", "巡视校园"]
    assert records[0].assessments[0].highlights == ["护学岗落实到位"]


def test_two_row_header_under_merged_group(tmp_path: Path) -> None:
    top = [h if h not in ("存在问题", "意见建议", "整改要求") else None for h in HEADER]
    top[8] = "问题与建议"
    sub = [None] * 8 + ["存在问题", "意见建议", "整改要求"] + [None] * 3
    book = Workbook()
    ws = book.active
    ws.title = "台账"
    for values in [*TITLE, top, sub, row(problem="灭火器过期", requirement="立即更换")]:
        ws.append(values)
    ws.merge_cells("I4:K4")
    for col in "ABCDEFGHLMN":
        ws.merge_cells(f"{col}4:{col}5")
    path = tmp_path / "two.xlsx"
    book.save(path)
    finding = read(path)[0].assessments[0].findings[0]
    assert (finding.problem, finding.requirement) == ("灭火器过期", "立即更换")


def test_merged_visit_cells_make_one_record(tmp_path: Path) -> None:
    rows = [row(), row(day=None, school=None, inspectors=None, matter="课程开设和课堂教学",
                       highlights="开齐开足课程")]
    merges = ("A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:F6")
    records = read(workbook(tmp_path, rows, merges=merges))
    assert len(records) == 1
    assert records[0].matters == ["校园及周边安全", "课程开设和课堂教学"]


def test_rows_of_one_visit_join_even_without_merges(tmp_path: Path) -> None:
    rows = [row(), row(matter="校园及周边安全", highlights="1.消防演练规范\n2.护学岗落实到位")]
    (record,) = read(workbook(tmp_path, rows))
    assert record.assessments[0].highlights == ["护学岗落实到位", "消防演练规范", "护学岗落实到位"]


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    rows = [row(), [], [None, "", "  "], row(day="2026.10.8")]
    assert len(read(workbook(tmp_path, rows))) == 2


@pytest.mark.parametrize("value", [
    "2026.9.8", "2026/9/8", "2026年9月8日", "2026-09-08", " 2026 年 9 月 8 日 ", "２０２６．９．８",
    datetime(2026, 9, 8), date(2026, 9, 8), 46273, 46273.0,
])
def test_date_formats(value: Any) -> None:
    assert cell_date(value) == date(2026, 9, 8)


@pytest.mark.parametrize("value", ["2026.2.30", "九月八日", "2026.9", -5])
def test_bad_dates(value: Any) -> None:
    with pytest.raises(ValueError):
        cell_date(value)


def test_dates_in_a_workbook(tmp_path: Path) -> None:
    rows = [row(day=d) for d in (datetime(2026, 9, 8), 46274, "2026/9/10", "２０２６年９月１１日")]
    days = sorted(r.date for r in read(workbook(tmp_path, rows)))
    assert days == [date(2026, 9, d) for d in (8, 9, 10, 11)]


def test_full_width_digits_and_stray_spaces(tmp_path: Path) -> None:
    rows = [row(school="  测试区实验 小学 ", inspectors=" 王　建国 ，李秀兰 ",
                problem="灭火器过期", deadline="２０２６．１０．８")]
    (record,) = read(workbook(tmp_path, rows))
    assert record.school == "测试区实验小学"
    assert record.inspectors == ["王建国", "李秀兰"]
    assert record.assessments[0].findings[0].deadline == date(2026, 10, 8)


def test_names_separated_by_spaces(tmp_path: Path) -> None:
    (record,) = read(workbook(tmp_path, [row(inspectors="王建国 李秀兰　陈志强")]))
    assert record.inspectors == ["王建国", "李秀兰", "陈志强"]


def test_unknown_school_names_cell_and_suggests(tmp_path: Path) -> None:
    rows = [row(), row(), row(school="测试区实验小校")]
    assert errors(workbook(tmp_path, rows)) == [
        "台账!D7：学校“测试区实验小校”不在责任区名单中，是否为“测试区实验小学”？"
    ]


def test_unknown_inspector_suggests(tmp_path: Path) -> None:
    assert errors(workbook(tmp_path, [row(inspectors="王建国、李秀蓝")])) == [
        "台账!E5：督学“李秀蓝”不在责任区督学名单中，是否为“李秀兰”？"
    ]


def test_no_suggestion_for_far_names(tmp_path: Path) -> None:
    assert errors(workbook(tmp_path, [row(inspectors="欧阳修")])) == [
        "台账!E5：督学“欧阳修”不在责任区督学名单中"
    ]


def test_every_error_reported_once(tmp_path: Path) -> None:
    rows = [
        row(day="2026.13.1"),
        row(school="测试区第一小学", inspectors="王建国、赵敏"),
        row(matter="校园安全管理", status="已整改"),
        row(problem="灭火器过期", deadline="下周", status="差不多"),
        row(day=None, school=None, inspectors=None),
        row(day=None, school=None, inspectors=None),
    ]
    merges = ("B9:B10", "D9:D10", "E9:E10")
    found = errors(workbook(tmp_path, rows, merges=merges))
    assert [p.split("：")[0] for p in found] == [
        "台账!B5", "台账!D6", "台账!E6", "台账!G7", "台账!M7", "台账!L8", "台账!M8",
        "台账!B9", "台账!D9", "台账!E9",
    ]
    assert "是否为“赵明”" in found[2]
    assert "是否为“校园及周边安全”" in found[3]


def test_error_message_lists_all(tmp_path: Path) -> None:
    path = workbook(tmp_path, [row(school="甲校"), row(school="乙校")])
    with pytest.raises(DataError) as caught:
        read(path)
    assert caught.value.exit_code == 2
    assert "有 2 处错误" in str(caught.value)


def test_zone_column_must_match_master(tmp_path: Path) -> None:
    rows = [row(school="测试区阳光幼儿园", inspectors="张海燕")]
    assert errors(workbook(tmp_path, rows)) == [
        "台账!C5：学校“测试区阳光幼儿园”属于“第二责任区”，台账写作“第一责任区”"
    ]


def test_status_words_and_follow_ups(tmp_path: Path) -> None:
    rows = [
        row(problem="甲", status="已完成", follow="2026.9.20 已复查，整改到位"),
        row(matter="课程开设和课堂教学", problem="乙", status="正在整改"),
        row(matter="校务管理和制度执行", problem="丙"),
    ]
    (record,) = read(workbook(tmp_path, rows))
    findings = [f for a in record.assessments for f in a.findings]
    assert [f.status for f in findings] == [Status.DONE, Status.IN_PROGRESS, Status.OPEN]
    follow = findings[0].follow_ups[0]
    assert (follow.date, follow.note) == (date(2026, 9, 20), "已复查，整改到位")


def test_rectification_without_problem_is_an_error(tmp_path: Path) -> None:
    assert errors(workbook(tmp_path, [row(requirement="立即整改")])) == [
        "台账!K5：填写了整改内容，但未填写存在问题"
    ]


def test_content_without_matter_is_an_error(tmp_path: Path) -> None:
    assert errors(workbook(tmp_path, [row(matter="")])) == [
        "台账!G5：填写了评价或问题，但未填写督导事项"
    ]


def test_numbered_and_unpunctuated_matters(tmp_path: Path) -> None:
    rows = [row(matter="1.招生收费择校"), row(matter="（2）校园及周边安全")]
    (record,) = read(workbook(tmp_path, rows))
    assert record.matters == ["招生、收费、择校", "校园及周边安全"]


def test_no_header_row(tmp_path: Path) -> None:
    path = workbook(tmp_path, [["随便", "写点"]], header=["说明"])
    (message,) = errors(path)
    assert message.startswith("ledger.xlsx：没有找到表头行")


def test_missing_inspector_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "参加督学"]
    path = workbook(tmp_path, [row()[:4] + row()[5:]], header=header)
    assert errors(path) == [
        "台账!4:4：表头缺少“督学”列；“督学”列可写作：督学、督学姓名、参加督学、督导人员、责任督学、检查人员、检查组成员"
    ]


def test_renamed_required_header_is_named_with_the_accepted_ones(tmp_path: Path) -> None:
    header = ["被督导学校" if h == "学校（园）" else h for h in HEADER]
    (message,) = errors(workbook(tmp_path, [row()], header=header))
    assert message == (
        "台账!D4：不认识的表头“被督导学校”，这一列没有读入；“学校”列可写作：学校、学校（园）、受督学校、"
        "受督学校（园）、督导学校、督导对象、学校名称、学校（园）名称、受检对象、受检学校"
    )


def test_header_like_an_optional_column_is_an_error_not_a_lost_column(tmp_path: Path) -> None:
    header = ["存在的问题" if h == "存在问题" else h for h in HEADER]
    (message,) = errors(workbook(tmp_path, [row(problem="护栏松动")], header=header))
    assert message.startswith(
        "台账!I4：不认识的表头“存在的问题”，这一列没有读入；“存在问题”列可写作：存在问题、问题"
    )


def test_other_columns_are_not_read(tmp_path: Path) -> None:
    header = [*HEADER, "备注"]
    (record,) = read(workbook(tmp_path, [[*row(), "已电话告知校长"]], header=header))
    assert record.school == "测试区实验小学"


def test_header_guide_lists_every_alias_once() -> None:
    guide = header_guide()
    assert guide[0] == "督导日期（必填）：督导日期、日期、督导时间、时间、视导日期、检查日期、检查时间"
    assert len(guide) == len(HEADERS)
    assert sum(len(line.split("：")[1].split("、")) for line in guide) == sum(map(len, HEADERS.values()))


def test_sheets_without_header_are_skipped_others_read(tmp_path: Path) -> None:
    path = workbook(tmp_path, [row()], sheet="九月")
    book = load_workbook(path)
    book.create_sheet("填表说明")["A1"] = "整改状态填写：未整改、整改中、已整改"
    october = book.create_sheet("十月")
    for values in [HEADER, row(day="2026.10.9")]:
        october.append(values)
    book.save(path)
    assert sorted(r.date.month for r in read(path)) == [9, 10]


def test_suggest_picks_closest() -> None:
    hint = suggest("东风小学", ["测试区东风路小学", "测试区第一中学"])
    assert hint == "，是否为“测试区东风路小学”？"
    assert suggest("张三", []) == ""


def write_master(tmp_path: Path, **extra: Any) -> Path:
    data = {"kind": "records", "district": "测试区", "issuer": "测试区教育督导室",
            "period": "2026-09-01..2027-01-22", "zones": ZONES, **extra}
    path = tmp_path / "records.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_load_records_merges_ledger_and_yaml_records(tmp_path: Path) -> None:
    workbook(tmp_path, [row()])
    extra = {"date": "2026年10月9日", "school": "测试区第二中学", "inspectors": "赵明"}
    data = load_records(write_master(tmp_path, ledger="ledger.xlsx", records=[extra]))
    assert [r.school for r in data.records] == ["测试区第二中学", "测试区实验小学"]


def test_yaml_records_unknown_names_name_the_field(tmp_path: Path) -> None:
    bad = {"date": "2026.10.9", "school": "测试区第三中学", "inspectors": ["赵明", "钱多"],
           "methods": ["吃饭"], "assessments": [{"matter": "安全"}]}
    with pytest.raises(DataError) as caught:
        load_records(write_master(tmp_path, records=[bad]))
    locations = [p.location for p in caught.value.problems]
    assert locations == ["records[0].school", "records[0].inspectors[1]", "records[0].methods[0]",
                         "records[0].assessments[0].matter"]
    assert all(p.line for p in caught.value.problems)


def test_load_records_rejects_other_kinds(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("kind: annual-plan\n", encoding="utf-8")
    with pytest.raises(DataError, match="kind: records"):
        load_records(path)


def test_example_ledger() -> None:
    data = load_records(Path(__file__).parent.parent / "examples" / "records.yaml")
    assert len(data.zones) == 5
    assert len(data.school_zones()) >= 30
    visited = {r.school for r in data.records}
    assert visited == set(data.school_zones())
    assert all(len(r.inspectors) >= 2 for r in data.records)
    assert all(r.date in data.period for r in data.records)


def test_impossible_follow_up_date_names_its_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path, [row(problem="监控损坏", follow="2026.2.30 已复查")])
    [message] = errors(path)
    assert message.startswith("台账!N5：") and "2026.2.30" in message


def test_school_names_match_whatever_the_bracket_width(tmp_path: Path) -> None:
    zones = [{**ZONES[0], "schools": ["测试区实验小学（东校区）", *ZONES[0]["schools"][1:]]}, ZONES[1]]
    path = workbook(tmp_path, [row(school="测试区实验小学(东校区)")])
    [record] = read_ledger(path, district(zones=zones))
    assert record.school == "测试区实验小学（东校区）"


def test_damaged_workbook_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"not a zip")
    assert "无法读取 Excel 文件" in errors(path)[0]


def test_library_load_brings_in_the_ledgers() -> None:
    import gongwen

    example = Path(__file__).resolve().parents[1] / "examples" / "records.yaml"
    assert len(gongwen.load(example).records) == len(load_records(example).records) > 100
