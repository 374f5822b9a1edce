"""Build the built-in .docx templates from readable source.

Run ``python tools/build_templates.py`` after changing anything here; the
generated files under ``templates/`` are committed so that a wheel ships them.

The templates are ordinary Word documents: page set-up, named paragraph styles
carrying the GB/T 9704-2012 layout, odd/even page-number footers and a body of
docxtpl tags. A district can open one in Word or WPS, restyle it, and save it
as an override without touching code.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Page set-up (GB/T 9704-2012 §5.2): A4, type area 156 × 225 mm.
MM = 1440 / 25.4
PAGE = {"w": 11906, "h": 16838}
MARGINS = {"top": round(37 * MM), "bottom": round(35 * MM), "left": round(28 * MM), "right": round(26 * MM)}
LINE_PITCH = 579  # 225 mm / 22 lines, in twips
# 28 characters a line: 3号 is set at a 15.75 pt pitch (16 pt glyphs condensed by ¼ pt).
# A negative character pitch on the document grid would do the same in Word, but
# LibreOffice then puts every character into two grid cells, so the grid is lines only.
CONDENSE = -5  # twentieths of a point
FOOTER_DISTANCE = round((35 - 7) * MM) - 16 * 20  # em dashes 7 mm below the type area

SERIF_LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
RED = "FF0000"


@dataclass(frozen=True)
class Style:
    """One paragraph, character or table style of the template."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    east_asia: str | None = None
    latin: str = SERIF_LATIN
    size_pt: float | None = None
    ppr: str = ""
    rpr: str = ""
    extra: str = ""

    def xml(self) -> str:
        fonts = ""
        if self.east_asia:
            fonts = (
                f'<w:rFonts w:ascii="{self.latin}" w:eastAsia="{self.east_asia}" '
                f'w:hAnsi="{self.latin}" w:cs="{self.latin}"/>'
            )
        size = ""
        if self.size_pt:
            half_points = round(self.size_pt * 2)
            size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        based = f'<w:basedOn w:val="{self.based_on}"/>' if self.based_on else ""
        ppr = f"<w:pPr>{self.ppr}</w:pPr>" if self.ppr else ""
        rpr = f"<w:rPr>{fonts}{self.rpr}{size}</w:rPr>" if fonts or self.rpr or size else ""
        default = ' w:default="1"' if self.style_id in ("Normal", "TableNormal") else ""
        return (
            f'<w:style w:type="{self.kind}"{default} w:styleId="{self.style_id}">'
            f'<w:name w:val="{self.name}"/>{based}<w:qFormat/>{self.extra}{ppr}{rpr}</w:style>'
        )


EXACT = f'<w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/>'
NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
CENTER = '<w:jc w:val="center"/>'
KEEP = "<w:keepNext/><w:keepLines/>"


def heading(level: int, name: str, font: str) -> Style:
    """A heading level: body-sized, indented like the body, in the navigation pane."""
    return Style(f"GwHeading{level}", name, east_asia=font, ppr=f'{KEEP}<w:outlineLvl w:val="{level - 1}"/>')


def run_in(level: int, name: str, font: str) -> Style:
    """The character style of a heading set at the start of a body paragraph."""
    return Style(f"GwHeading{level}Run", name, kind="character", based_on=None, east_asia=font)


STYLES: list[Style] = [
    Style(
        "Normal", "Normal", based_on=None, size_pt=16, rpr=f'<w:spacing w:val="{CONDENSE}"/>',
        ppr=f'<w:widowControl/><w:jc w:val="both"/>{EXACT}'
        '<w:ind w:firstLine="640" w:firstLineChars="200"/>',
    ),
    Style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None,
          extra="<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"),
    Style("TableNormal", "Normal Table", kind="table", based_on=None,
          extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
          '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
          '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
          '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    Style("Title", "Title", east_asia=XIAOBIAOSONG, size_pt=22,
          ppr=f'{KEEP}{CENTER}{NO_INDENT}<w:spacing w:after="{LINE_PITCH}" w:afterLines="100" '
          f'w:line="{LINE_PITCH}" w:lineRule="exact"/><w:outlineLvl w:val="0"/>'),
    Style("GwRedHeader", "发文机关标志", east_asia=XIAOBIAOSONG, size_pt=36,
          ppr=f'{CENTER}{NO_INDENT}<w:spacing w:before="{round(35 * MM)}" w:line="240" w:lineRule="auto"/>',
          rpr=f'<w:color w:val="{RED}"/><w:w w:val="90"/>'),
    Style("GwDocNumber", "发文字号",
          ppr=f'{CENTER}{NO_INDENT}<w:spacing w:before="{2 * LINE_PITCH}" w:beforeLines="200" '
          f'w:after="{2 * LINE_PITCH}" w:afterLines="200" w:line="{LINE_PITCH}" w:lineRule="exact"/>'),
    Style("GwRecipients", "主送机关", ppr=NO_INDENT),
    heading(1, "一级标题", HEITI),
    heading(2, "二级标题", KAITI),
    heading(3, "三级标题", FANGSONG),
    heading(4, "四级标题", FANGSONG),
    run_in(1, "一级标题字符", HEITI),
    run_in(2, "二级标题字符", KAITI),
    run_in(3, "三级标题字符", FANGSONG),
    run_in(4, "四级标题字符", FANGSONG),
    Style("GwAttachmentNote", "附件说明"),
    Style("GwSignature", "署名", ppr=f'<w:keepNext/><w:jc w:val="right"/>{NO_INDENT}'),
    Style("GwDate", "成文日期", ppr=f'<w:jc w:val="right"/>{NO_INDENT}'),
    Style("GwNote", "附注"),
    Style("GwAttachmentLabel", "附件标识", east_asia=HEITI,
          ppr=f'<w:pageBreakBefore/><w:keepNext/><w:jc w:val="left"/>{NO_INDENT}'),
    Style("GwAttachmentTitle", "附件标题", based_on="Title",
          ppr=f'<w:spacing w:before="{LINE_PITCH}" w:beforeLines="100" w:after="{LINE_PITCH}" '
          f'w:afterLines="100" w:line="{LINE_PITCH}" w:lineRule="exact"/><w:outlineLvl w:val="1"/>'),
    Style("GwTableTitle", "表题", east_asia=HEITI, ppr=f"<w:keepNext/>{CENTER}{NO_INDENT}"),
    Style("GwTableHead", "表头", east_asia=HEITI, size_pt=14,
          ppr=f'{CENTER}{NO_INDENT}<w:spacing w:line="240" w:lineRule="auto"/>'
          '<w:snapToGrid w:val="0"/>'),
    Style("GwTableText", "表格文字", size_pt=14,
          ppr=f'<w:jc w:val="left"/>{NO_INDENT}<w:spacing w:line="240" w:lineRule="auto"/>'
          '<w:snapToGrid w:val="0"/>'),
    Style("GwTable", "公文表格", kind="table", based_on="TableNormal",
          extra='<w:tblPr><w:tblBorders>'
          + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
          + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
          '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    Style("GwImprint", "版记", size_pt=14, ppr=f'<w:jc w:val="left"/>{NO_INDENT}'),
    Style("GwImprintTable", "版记表格", kind="table", based_on="TableNormal"),
    Style("Footer", "footer", east_asia=SONGTI, latin=SONGTI, size_pt=14,
          ppr=f'{NO_INDENT}<w:spacing w:line="320" w:lineRule="exact"/><w:snapToGrid w:val="0"/>'),
]


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{SERIF_LATIN}" w:eastAsia="{FANGSONG}" w:hAnsi="{SERIF_LATIN}" '
        f'w:cs="{SERIF_LATIN}"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    body = "".join(style.xml() for style in STYLES)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">{defaults}{body}</w:styles>'


def para(style: str | None, text: str, ppr: str = "") -> str:
    """A template paragraph holding ``text`` (docxtpl tags allowed) in one run."""
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{pstyle}{ppr}</w:pPr>" if pstyle or ppr else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


RED_RULE = (
    f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="{RED}"/></w:pBdr>'
)


def document_xml() -> str:
    """The body: red header, number and red rule, title, recipients, then generated parts."""
    body = "".join(
        [
            para(None, "{%p if issuer.header %}"),
            para("GwRedHeader", "{{ issuer.header }}"),
            para("GwDocNumber", "{{ number or '' }}", RED_RULE),
            para(None, "{%p elif number %}"),
            para("GwDocNumber", "{{ number }}"),
            para(None, "{%p endif %}"),
            para("Title", "{{ title }}"),
            para(None, "{%p if recipients %}"),
            para("GwRecipients", "{{ recipients | join('、') }}："),
            para(None, "{%p endif %}"),
            para(None, "{{p body }}"),
            para(None, "{{p attachment_note }}"),
            para(None, "{{p signature_block }}"),
            para(None, "{{p note_block }}"),
            para(None, "{{p attachment_pages }}"),
            para(None, "{{p imprint }}"),
        ]
    )
    section = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/>'
        f'<w:pgMar w:top="{MARGINS["top"]}" w:right="{MARGINS["right"]}" w:bottom="{MARGINS["bottom"]}" '
        f'w:left="{MARGINS["left"]}" w:header="851" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>'
        "</w:sectPr>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}">'
        f"<w:body>{body}{section}</w:body></w:document>"
    )


def footer_xml(odd: bool) -> str:
    """Page number "— N —": odd pages right, even pages left, one character from the edge."""
    placement = (
        '<w:jc w:val="right"/><w:ind w:right="280" w:firstLine="0"/>'
        if odd
        else '<w:jc w:val="left"/><w:ind w:left="280" w:firstLine="0"/>'
    )
    dash = '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>{placement}</w:pPr>'
        + dash.format("— ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + dash.format(" —")
        + "</w:p></w:ftr>"
    )


SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W_NS}"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>'
    '<w:drawingGridVerticalSpacing w:val="579"/><w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
    '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
)

FONTS = [
    (FANGSONG, "仿宋", "modern"),
    (XIAOBIAOSONG, "宋体", "auto"),
    (HEITI, "SimHei", "modern"),
    (KAITI, "楷体", "modern"),
    (SONGTI, "SimSun", "auto"),
]


def font_table_xml() -> str:
    """Declare the official fonts with alternates Word may use where they are missing."""
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt, family in FONTS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="{SERIF_LATIN}"><w:charset w:val="00"/>'
        f'<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>{fonts}</w:fonts>'
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>'
    "</Relationships>"
)

APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>gongwen</Application></Properties>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>gongwen template</dc:title></cp:coreProperties>'
)


def official_docx(document: str = "") -> dict[str, str]:
    """All parts of an official-format template around a given document.xml."""
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/app.xml": APP,
        "docProps/core.xml": CORE,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/document.xml": document or document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": font_table_xml(),
        "word/footer1.xml": footer_xml(odd=True),
        "word/footer2.xml": footer_xml(odd=False),
    }


def write_docx(path: Path, parts: dict[str, str]) -> None:
    """Write parts as a zip with fixed timestamps, so rebuilding gives the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))


@dataclass(frozen=True)
class Manifest:
    """What a template declares about itself (written as template.yaml)."""

    template_id: str
    title: str
    kind: str
    formats: dict[str, str]
    description: str

    def yaml(self) -> str:
        formats = "".join(f"  {fmt}: {file}\n" for fmt, file in self.formats.items())
        return (
            f"id: {self.template_id}\ntitle: {self.title}\nkind: {self.kind}\n"
            f"description: {self.description}\nformats:\n{formats}"
        )


PLAN_TEMPLATES = [
    Manifest("plans/annual-plan", "年度教育督导工作计划", "annual-plan", {"docx": "annual-plan.docx"},
             "红头文件格式的年度工作计划：发文字号、标题、主送机关、分级标题正文、附件、署名、成文日期、版记"),
    Manifest("plans/work-scheme", "责任督学挂牌督导暨联合视导工作方案", "work-scheme",
             {"docx": "work-scheme.docx"},
             "工作方案：在计划格式之上排入责任区划分表、督导事项与视导流程"),
]


def build(manifest: Manifest, parts: dict[str, str]) -> Path:
    """Write one template directory: its manifest and its .docx."""
    directory = TEMPLATES / manifest.template_id
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "template.yaml").write_text(manifest.yaml(), encoding="utf-8")
    write_docx(directory / manifest.formats["docx"], parts)
    return directory


def main() -> int:
    for manifest in PLAN_TEMPLATES:
        print(build(manifest, official_docx()).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
