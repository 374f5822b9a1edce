"""Generate examples/records.yaml and examples/records.xlsx: one term of a district's ledger,
and examples/督导数据.xlsx: the same district and ledger as one data workbook (gongwen init's).

The ledger is laid out as offices keep it: title rows, a two-row header under a merged
“问题与建议” group, visit cells merged down the visit's rows, blank rows between months,
and dates written five different ways. Run: PYTHONPATH=src python3 tools/make_records_example.py
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from gongwen.loaders.workbook_records import DATA_WORKBOOK, LEDGER
from gongwen.models.matters import EIGHT_MATTERS
from gongwen.render.files import atomic_path, write_atomic
from gongwen.render.xlsx.workbook import write_workbook
from gongwen.starter.workbook import Content, data_workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DISTRICT = "清河区"
TERM_START, TERM_END = date(2026, 9, 1), date(2027, 1, 22)
LEDGER_DAY = date(2026, 11, 20)
SEED = 20261120

ZONES: list[tuple[str, str, list[str], list[str]]] = [
    ("第一责任区", "王建国", ["李秀兰", "陈志强", "刘芳"],
     ["清河区实验小学", "清河区第一中学", "清河区东风路小学", "清河区阳光幼儿园",
      "清河区育才初级中学", "清河区滨河小学", "清河区机关幼儿园"]),
    ("第二责任区", "张海燕", ["赵明", "孙丽娟", "周国栋"],
     ["清河区第二中学", "清河区人民路小学", "清河区新华小学", "清河区蓝天幼儿园",
      "清河区红星九年一贯制学校", "清河区特殊教育学校", "清河区文化路小学"]),
    ("第三责任区", "马骏", ["吴晓梅", "郑伟", "黄丽"],
     ["清河区第三中学", "清河区朝阳小学", "清河区青年路小学", "清河区启明幼儿园",
      "清河区桥东初级中学", "清河区职业技术学校"]),
    ("第四责任区", "林建华", ["何静", "高志远", "罗晓燕"],
     ["清河区第四中学", "清河区光明小学", "清河区胜利小学", "清河区向阳幼儿园",
      "清河区北关初级中学", "清河区和平里小学", "清河区金色童年幼儿园"]),
    ("第五责任区", "许振华", ["徐丽萍", "谢文斌", "韩梅", "宋春生"],
     ["清河区第五中学", "清河区西苑小学", "清河区南湖小学", "清河区星光幼儿园",
      "清河区城南九年一贯制学校", "清河区河西小学", "清河区春晖幼儿园", "清河区实验中学"]),
]

# matter → (highlights, [(problem, suggestion, requirement)])
REMARKS: dict[str, tuple[list[str], list[tuple[str, str, str]]]] = {
    EIGHT_MATTERS[0]: (
        ["学校章程修订完成，校务公开栏内容及时更新", "“三重一大”事项集体决策记录完整",
         "教职工代表大会按期召开，提案办理有回复"],
        [("部分规章制度多年未修订，与现行要求不符", "建议结合章程梳理制度汇编",
          "全面梳理现行制度，完成制度汇编修订"),
         ("行政值日记录填写不规范，存在漏记现象", "建议明确值日记录内容要求",
          "规范行政值日记录，落实值日巡查责任")],
    ),
    EIGHT_MATTERS[1]: (
        ["严格执行免试就近入学政策，招生信息公开透明", "收费项目公示规范，无违规收费现象"],
        [("收费公示栏未及时更新本学期代收费项目", "建议在校门口醒目位置公示",
          "及时更新收费公示，接受家长和社会监督"),
         ("学籍异动手续材料不完整", "建议对照学籍管理办法逐项核对",
          "补齐学籍异动材料，建立学籍管理台账")],
    ),
    EIGHT_MATTERS[2]: (
        ["严格按照课程计划开齐开足课程", "随堂听课4节，教师教学设计规范，课堂互动充分",
         "劳动教育课程有特色，开辟校园种植园"],
        [("个别班级课表与总课表不一致，存在挤占音体美课时现象", "建议教导处加强课表执行检查",
          "严格执行课程计划，杜绝挤占、挪用课时"),
         ("部分教师课堂提问设计层次不清", "建议以教研组为单位开展课例研讨",
          "开展课堂教学专题教研，提升课堂效率")],
    ),
    EIGHT_MATTERS[3]: (
        ["落实“双减”要求，作业公示制度执行到位",
         "大课间活动组织有序，学生每天校内体育活动时间达1小时",
         "课后服务项目丰富，学生参与率较高"],
        [("个别班级书面作业量超出规定时长", "建议年级组统筹作业总量",
          "严格控制书面作业总量，完善作业公示和监测"),
         ("学生近视率较上学期有所上升", "建议落实眼保健操和课间户外活动",
          "制定学生近视防控工作方案并落实到班级")],
    ),
    EIGHT_MATTERS[4]: (
        ["师德师风建设常抓不懈，签订师德承诺书", "青年教师“青蓝结对”工程成效明显",
         "校本研修主题明确，教研活动记录规范"],
        [("教师继续教育学时登记不及时", "建议指定专人负责学时登记",
          "完善教师继续教育学时管理"),
         ("师德师风问题排查记录不完整", "建议每学期开展一次专项排查",
          "建立师德师风问题排查台账")],
    ),
    EIGHT_MATTERS[5]: (
        ["校门口“护学岗”落实到位，上下学时段秩序良好", "安全隐患排查台账完整，整改闭环",
         "开展消防疏散演练，师生熟悉疏散路线"],
        [("部分灭火器压力不足，未及时更换", "建议建立消防器材定期检查制度",
          "立即更换失效灭火器，落实消防器材月检"),
         ("实验室危化品台账登记不规范", "建议落实双人双锁管理",
          "规范危化品出入库登记，落实双人双锁"),
         ("监控系统部分探头损坏", "建议尽快维修",
          "修复损坏监控探头，确保校园监控全覆盖")],
    ),
    EIGHT_MATTERS[6]: (
        ["食堂“明厨亮灶”工程运行良好，食品留样规范", "落实校领导陪餐制度，陪餐记录完整"],
        [("食品留样记录缺少留样人签字", "建议完善留样记录表格",
          "规范食品留样记录，做到专人负责、逐餐登记"),
         ("饮水机滤芯更换记录不全", "建议建立饮水设备维护台账",
          "按期更换饮水机滤芯并登记备查")],
    ),
    EIGHT_MATTERS[7]: (
        ["校园文化氛围浓厚，班级文化建设各具特色", "教师敬业爱生，学生文明有礼"],
        [("部分班级文化墙内容陈旧", "建议结合主题教育更新班级文化",
          "更新班级文化建设内容，突出育人导向")],
    ),
}

METHODS = ["听取汇报", "随机听课", "巡视校园", "查阅资料", "座谈走访", "问卷调查", "集中反馈"]
FOLLOW_UPS = ["已复查，整改到位", "学校已提交整改报告，现场核实完成", "已更换并建立检查台账"]

SUMMARY = {
    "work_done": [
        "本学期，区教育督导室以责任督学挂牌督导为抓手，围绕“八项”经常性督导事项，"
        "组织五个督学责任区开展常态化督导，做到每校每月至少督导1天。",
        "坚持问题导向，对督导发现的问题逐项下发整改要求，实行台账管理、跟踪督办、销号管理。",
    ],
    "highlights": [
        "“双减”政策落实督导常态化，作业公示和课后服务工作持续规范。",
        "校园安全专项督导与经常性督导相结合，护学岗、消防演练等工作落实到位。",
    ],
    "shortcomings": [
        "部分问题整改进度偏慢，个别学校存在逾期未整改现象。",
        "督导报告质量参差不齐，问题描述和整改建议的针对性有待加强。",
    ],
    "next_steps": [
        "加大逾期问题督办力度，对逾期未整改问题按督办、警示、查办逐级升级。",
        "开展责任督学专题培训，提升督导报告撰写质量。",
        "做好寒假前校园安全专项督导和期末总结工作。",
    ],
}


def workdays(start: date, end: date) -> list[date]:
    """Working days of the Chinese calendar between two dates, inclusive."""
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return [d for d in days if chinese_calendar.is_workday(d)]


def master() -> dict[str, object]:
    """The district master data written to records.yaml."""
    return {
        "kind": "records",
        "district": DISTRICT,
        "issuer": {"name": f"{DISTRICT}教育督导室", "header": f"{DISTRICT}教育督导室文件"},
        "period": {"start": str(TERM_START), "end": str(TERM_END),
                   "name": "2026—2027学年度第一学期"},
        "matters": "八项",
        "ledger": "records.xlsx",
        "escalation": [
            {"name": "督办通知单", "color": "white", "days": 1},
            {"name": "警示通知单", "color": "yellow", "days": 15},
            {"name": "查办通知单", "color": "red", "days": 30},
        ],
        "zones": [
            {"name": name, "leader": {"name": leader, "position": "组长", "full_time": True},
             "inspectors": [{"name": p, "full_time": i % 2 == 0} for i, p in enumerate(people)],
             "schools": schools}
            for name, leader, people, schools in ZONES
        ],
        "summary": SUMMARY,
    }


def status_on(deadline: date, rng: random.Random) -> tuple[str, str]:
    """Status and follow-up as the ledger shows them on LEDGER_DAY."""
    if deadline < LEDGER_DAY - timedelta(40):
        done = rng.random() < 0.85
    else:
        done = deadline < LEDGER_DAY and rng.random() < 0.55
    if done:
        checked = deadline - timedelta(rng.randint(0, 6))
        return "已整改", f"{checked.year}.{checked.month}.{checked.day} {rng.choice(FOLLOW_UPS)}"
    if rng.random() < 0.5:
        return "整改中", "学校已制定整改方案，正在落实"
    return "未整改", ""


def visits(rng: random.Random) -> list[tuple[date, str, str, list[str]]]:
    """(date, zone, school, inspectors) of every visit: each school once or twice a month."""
    days = workdays(TERM_START, LEDGER_DAY)
    result = []
    for zone, leader, people, schools in ZONES:
        team = [leader, *people]
        for school in schools:
            for month in (9, 10, 11):
                month_days = [d for d in days if d.month == month]
                for day in sorted(rng.sample(month_days, rng.choice((1, 1, 2)))):
                    result.append((day, zone, school, rng.sample(team, rng.choice((2, 3, 3)))))
    return sorted(result)


def write_date(day: date, index: int) -> object:
    """The visit date in one of the ways offices write it."""
    style = index % 6
    if style == 0:
        return datetime(day.year, day.month, day.day)
    if style == 1:
        return f"{day.year}.{day.month}.{day.day}"
    if style == 2:
        return f"{day.year}/{day.month}/{day.day}"
    if style == 3:
        return f"{day.year}年{day.month}月{day.day}日"
    if style == 4:
        return int(to_excel(datetime(day.year, day.month, day.day)))
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    return f"{day.year}．{day.month}．{day.day}".translate(full_width)


def spaced(name: str) -> str:
    """Two-character names are often padded with a full-width space to align columns."""
    return f"{name[0]}　{name[1]}" if len(name) == 2 else name


HEADER = ["序号", "督导日期", "责任区", "学校（园）", "参加督学", "督导方式", "督导事项",
          "成绩与亮点", "存在问题", "意见建议", "整改要求", "整改期限", "整改状态", "跟踪落实情况"]
VISIT_COLUMNS = range(1, 7)  # 序号 … 督导方式 are merged down a visit's rows


def ledger(rng: random.Random) -> Workbook:
    """The ledger workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    ledger_sheet(sheet, rng)
    notes = book.create_sheet("填表说明")
    notes["A1"] = "1. 每次督导按督导事项分行填写，同一次督导的日期、学校、督学等合并单元格。"
    notes["A2"] = "2. 整改状态填写：未整改、整改中、已整改。"
    return book


def ledger_sheet(sheet: Worksheet, rng: random.Random) -> None:
    """The ledger's rows on ``sheet``, as the office keeps them."""
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"] = f"{DISTRICT}2026—2027学年度第一学期责任督学挂牌督导工作台账"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    sheet["A2"] = (f"填报单位：{DISTRICT}教育督导室　　　　"
                   f"填报日期：{LEDGER_DAY.year}年{LEDGER_DAY.month}月{LEDGER_DAY.day}日")
    for col, title in enumerate(HEADER, start=1):
        if title in ("存在问题", "意见建议", "整改要求"):
            sheet.cell(5, col, title)
        else:
            sheet.cell(4, col, title)
            sheet.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    sheet.cell(4, 9, "问题与建议")
    sheet.merge_cells(start_row=4, start_column=9, end_row=4, end_column=11)
    for row in sheet.iter_rows(min_row=4, max_row=5):
        for cell in row:
            cell.font, cell.border, cell.alignment = Font(bold=True), border, wrap
    row, month = 6, 9
    for number, (day, zone, school, team) in enumerate(visits(rng), start=1):
        if day.month != month:
            row, month = row + 1, day.month  # a blank row between months
        matters = rng.sample(EIGHT_MATTERS, rng.randint(2, 4))
        first = row
        for matter in matters:
            highlights, problems = REMARKS[matter]
            sheet.cell(row, 7, matter)
            sheet.cell(row, 8, "\n".join(rng.sample(highlights, rng.randint(1, 2))))
            if rng.random() < 0.45:
                problem, suggestion, requirement = rng.choice(problems)
                deadline = day + timedelta(rng.choice((15, 20, 30)))
                status, follow_up = status_on(deadline, rng)
                values = [problem, suggestion, requirement, write_date(deadline, number + 3),
                          status, follow_up]
                for col, value in enumerate(values, start=9):
                    sheet.cell(row, col, value)
            row += 1
        stray = " " if number % 17 == 0 else ""
        visit = [number, write_date(day, number), zone, f"{stray}{school}{stray}",
                 "、".join(spaced(p) for p in team), "、".join(rng.sample(METHODS, 4))]
        for col, value in zip(VISIT_COLUMNS, visit, strict=True):
            sheet.cell(first, col, value)
            if row - first > 1:
                sheet.merge_cells(start_row=first, start_column=col,
                                  end_row=row - 1, end_column=col)
        for line in sheet.iter_rows(min_row=first, max_row=row - 1):
            for cell in line:
                cell.border, cell.alignment = border, wrap
    for col, width in zip("ABCDEFGHIJKLMN", (6, 12, 11, 24, 18, 22, 22, 34, 30, 26, 30, 12, 9, 30),
                          strict=True):
        sheet.column_dimensions[col].width = width


def data_workbook_example() -> Workbook:
    """The district of records.yaml and its ledger as one data workbook (督导数据.xlsx): the
    master data on its sheets, the ledger (the same rows as records.xlsx) on 督导台账."""
    data = master()
    zones = data["zones"]
    content = Content(
        info={"district": DISTRICT, "issuer": data["issuer"]["name"], "header": data["issuer"]["header"],
              "period": data["period"]["name"], "start": TERM_START, "end": TERM_END,
              **{field: "\n".join(lines) for field, lines in SUMMARY.items()}},
        zones=[(z["name"], z["leader"]["name"]) for z in zones],
        inspectors=[
            (p["name"], z["name"], p.get("position"), {True: "专职", False: "兼职"}[p["full_time"]])
            for z in zones for p in (z["leader"], *z["inspectors"])
        ],
        schools=[(school, z["name"]) for z in zones for school in z["schools"]],
    )
    book = data_workbook(content)
    position = book.sheetnames.index(LEDGER)
    del book[LEDGER]
    ledger_sheet(book.create_sheet(LEDGER, position), random.Random(SEED))
    return book


def main() -> None:
    """Write both example files."""
    rng = random.Random(SEED)
    header = (
        "# 清河区督导记录：责任区、学校与督学名单（主数据），督导记录在台账 records.xlsx 中。\n"
        "# 由 tools/make_records_example.py 生成。\n"
    )
    text = header + yaml.safe_dump(master(), allow_unicode=True, sort_keys=False, width=100)
    write_atomic(EXAMPLES / "records.yaml", text.encode("utf-8"))
    with atomic_path(EXAMPLES / "records.xlsx") as tmp:
        ledger(rng).save(tmp)
    write_workbook(data_workbook_example(), EXAMPLES / DATA_WORKBOOK, LEDGER_DAY)


if __name__ == "__main__":
    main()
