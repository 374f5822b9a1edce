"""Markdown and HTML: structure as in the .docx, and data that can never inject markup."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

import gongwen
from gongwen import Renderer
from gongwen.kinds import BUILT_IN
from gongwen.loaders import validate
from gongwen.models.forms import DivisionTable
from gongwen.registry import Registry
from gongwen.render.markup import MARKDOWN_EXTENSIONS, md_escape, sanitize_html

ROOT = Path(__file__).resolve().parents[1]
UTF8 = lxml_html.HTMLParser(encoding="utf-8")
HOSTILE = '<script>alert("x")</script> & *斜体* **粗** # 井号 | 竖线 [链接](javascript:x) `代码`'


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    with Renderer() as shared:
        yield shared


def plan(**extra: object) -> gongwen.models.Plan:
    data = {
        "kind": "annual-plan",
        "title": "长宁区教育督导室2024年工作计划",
        "issuer": "长宁区教育督导室",
        "date": "2024-02-19",
        "recipients": ["各中小学校", "各幼儿园"],
        "preamble": "为做好2024年教育督导工作，制定本计划。",
        "sections": [
            {"title": "总体要求", "text": "坚持**问题导向**。", "sections": [
                {"title": "工作目标", "sections": [{"title": "全面覆盖", "text": "每月到校。"}]},
                {"title": "基本原则"},
            ]},
            {"title": "重点任务", "table": {"title": "任务表", "columns": ["任务", "时间"],
                                              "rows": [["开学督导", "3月"], ["安全督导", "6月"]]}},
        ],
        "attachments": [{"title": "督导安排表", "text": "见下表。"}],
        "cc": ["区教育局"],
        "printer": "长宁区教育督导室",
    }
    data.update(extra)
    return validate(data, BUILT_IN.models())


def text_of(element: lxml_html.HtmlElement) -> str:
    return element.text_content().strip()


def page(text: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(text.encode("utf-8"), parser=UTF8)


def as_html(text: str) -> str:
    return markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS))


@pytest.mark.parametrize(
    "value",
    [HOSTILE, "1. 不是列表", "- 不是列表", "+ 也不是", "=====", "    不是代码", "a\\*b\\",
     "&lt;已转义&gt;", "第一行\n# 第二行", "{: .x }", "<!-- 注释 -->", "<b>x</b> http://x.cn"],
)
def test_md_escape_round_trips_as_literal_text(value: str) -> None:
    converted = as_html(f"开头\n\n{md_escape(value)}")
    paragraphs = page(converted).findall(".//p")
    assert len(paragraphs) == 2
    assert paragraphs[1].text_content() == "".join(line.strip() for line in value.split("\n"))
    assert not page(converted).findall(".//script") and not page(converted).findall(".//b")


def test_md_escape_in_table_cells_and_headings() -> None:
    cell = md_escape("甲 | 乙 <i>")
    converted = as_html(f"# {md_escape('# 标题 *x*')}\n\n| 列 |\n| --- |\n| {cell} |")
    root = page(converted)
    assert text_of(root.find(".//h1")) == "# 标题 *x*"
    assert [text_of(td) for td in root.findall(".//td")] == ["甲 | 乙 <i>"]


def test_sanitizer_shows_unknown_tags_and_attributes_as_text() -> None:
    dirty = (
        '<p class="signature">ok</p><script>alert(1)</script><td onclick="x()">a</td>'
        '<a href="javascript:x">link</a><img src="http://x/y.png" onerror="x()">'
        '<td colspan="2" class="left v-top">b</td><!-- hidden -->'
    )
    clean = sanitize_html(dirty)
    assert '<p class="signature">ok</p>' in clean
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in clean
    assert "&lt;td onclick=" in clean and "&lt;a href=" in clean and "&lt;img src=" in clean
    assert '<td colspan="2" class="left v-top">b</td>' in clean
    assert "hidden" not in clean
    root = page(clean)
    assert not root.findall(".//script") and not root.findall(".//a") and not root.findall(".//img")


def test_plan_html_structure_matches_the_docx_numbering(renderer: Renderer) -> None:
    root = page(renderer.html(plan()))
    assert root.get("lang") == "zh-CN"
    assert root.find(".//meta[@charset]").get("charset") == "utf-8"
    assert root.find(".//style") is not None and "@page" in root.find(".//style").text
    assert text_of(root.find(".//title")) == "长宁区教育督导室2024年工作计划"
    [h1] = root.findall(".//h1")
    assert text_of(h1) == "长宁区教育督导室2024年工作计划"
    assert [text_of(h) for h in root.findall(".//h2")][:2] == ["一、总体要求", "二、重点任务"]
    assert [text_of(h) for h in root.findall(".//h3")] == ["（一）工作目标", "（二）基本原则"]
    assert [text_of(h) for h in root.findall(".//h4")] == ["1.全面覆盖"]
    assert root.find(".//p[@class='recipients']").text_content() == "各中小学校、各幼儿园："
    assert root.find(".//strong").text == "问题导向"
    table = root.find(".//table")
    assert [text_of(th) for th in table.findall(".//th")] == ["任务", "时间"]
    assert [text_of(td) for td in table.findall(".//td")] == ["开学督导", "3月", "安全督导", "6月"]
    assert text_of(root.find(".//p[@class='table-title']")) == "任务表"
    assert text_of(root.find(".//p[@class='attachment-note']")) == "附件：督导安排表"
    signature = root.find(".//p[@class='signature']").text_content()
    assert "长宁区教育督导室" in signature and "2024年2月19日" in signature
    assert text_of(root.find(".//p[@class='attachment-label']")) == "附件"
    assert text_of(root.find(".//h2[@class='attachment-title']")) == "督导安排表"
    assert "抄送：区教育局。" in text_of(root.find(".//p[@class='imprint']"))


def test_markdown_of_a_plan(renderer: Renderer) -> None:
    text = renderer.markdown(plan(number="长教督〔2024〕3号"))
    lines = text.splitlines()
    assert "# 长宁区教育督导室2024年工作计划" in lines
    assert {"## 一、总体要求", "### （一）工作目标", "#### 1\\.全面覆盖"} <= set(lines)
    assert "长教督〔2024〕3号" in lines
    assert "| 开学督导 | 3月 |" in lines
    assert text.endswith("\n") and "\n\n\n" not in text


def test_hostile_data_never_becomes_markup(renderer: Renderer) -> None:
    document = plan(
        title=HOSTILE,
        recipients=["<b>各校</b>"],
        preamble="<img src=x onerror=alert(1)>\n\n* 列表项\n\n1. 编号",
        sections=[{"title": "标题 <i>斜</i> # |", "text": "正文 ![图](x.png) <a href='x'>链</a>",
                   "table": {"columns": ["<th>", "a|b"], "rows": [["*x*", "<td>"]]}}],
        issuer={"name": "督导室</p><script>x</script>"},
    )
    text = renderer.html(document)
    root = page(text)
    for tag in ("script", "img", "a", "b", "i", "em", "ul", "ol", "code"):
        assert not root.findall(f".//{tag}"), tag
    assert text_of(root.find(".//h1")) == HOSTILE
    assert text_of(root.find(".//title")) == HOSTILE
    assert text_of(root.find(".//h2")) == "一、标题 <i>斜</i> # |"
    assert [text_of(th) for th in root.findall(".//th")] == ["<th>", "a|b"]
    assert [text_of(td) for td in root.findall(".//td")] == ["*x*", "<td>"]
    paragraphs = [text_of(p) for p in root.findall(".//main/p")]
    assert "<img src=x onerror=alert(1)>" in paragraphs
    assert "* 列表项" in paragraphs and "1. 编号" in paragraphs
    assert "督导室</p><script>x</script>" in text_of(root.find(".//p[@class='signature']"))
    assert "<script>" not in text.split("</style>")[1]


def test_form_html_keeps_spans_and_escapes(renderer: Renderer) -> None:
    form = DivisionTable(
        title="分工表",
        groups=[{"content": "<script>x</script>", "items": ["甲 & 乙", "丙"]}],
    )
    root = page(renderer.html(form))
    assert text_of(root.find(".//h1")) == "分工表"
    table = root.find(".//table[@class='form']")
    heads = [text_of(th) for th in table.findall("./thead/tr/th")]
    assert heads == ["序号", "内容", "工作要求", "责任部门"]
    first = table.findall("./tbody/tr")[0].findall("td")
    assert [td.get("rowspan") for td in first[:2]] == ["2", "2"]
    assert text_of(first[1]) == "<script>x</script>" and text_of(first[2]) == "甲 & 乙"
    assert len(table.findall("./tbody/tr")[1].findall("td")) == 2
    assert not root.findall(".//script")


def test_form_markdown_holds_an_html_table(renderer: Renderer) -> None:
    form = gongwen.load(ROOT / "examples" / "forms" / "leader-check.yaml")
    text = renderer.markdown(form)
    assert text.startswith("# 领导干部检查督查情况表\n")
    assert "<table class=\"form\">" in text and "colspan=\"3\"" in text


def test_notice_board_html_embeds_the_photo(renderer: Renderer) -> None:
    form = gongwen.load(ROOT / "examples" / "forms" / "notice-board.yaml")
    root = page(renderer.html(form))
    [image] = root.findall(".//img")
    assert image.get("src").startswith("data:image/png;base64,")
    assert "landscape" in root.find(".//style").text
    assert text_of(root.find(".//h1")) == "责任督学挂牌督导公示牌"


def test_every_builtin_template_publishes_md_and_html() -> None:
    for line in Registry.default().listing():
        assert {"md", "html"} <= set(line.formats), line.id


@pytest.mark.parametrize("name", ["annual-plan.yaml", "work-scheme.yaml"])
def test_example_documents_render_md_and_html(
    renderer: Renderer, name: str, tmp_path: Path
) -> None:
    md_path, html_path = renderer.render(gongwen.load(ROOT / "examples" / name), tmp_path,
                                         ["md", "html"])
    assert md_path.read_text(encoding="utf-8").startswith(("#", "长宁区"))
    root = page(html_path.read_text(encoding="utf-8"))
    assert len(root.findall(".//h1")) == 1
    assert root.findall(".//h2") and root.findall(".//table")
