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
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from gongwen.render.docx.ns import CT, NAMESPACES, RT, WORD, nsdecls
from gongwen.render.files import write_zip_atomic
from gongwen.standard import (
    A4,
    CHAR_SPACING,
    FANGSONG,
    FOLIO_LINE,
    FOOTER_DISTANCE,
    FORM_MARGIN,
    HEITI,
    INDENT_CHARS,
    KAITI,
    LINE_PITCH,
    MARGINS,
    RED,
    RED_HEADER_TOP,
    RED_RULE,
    RED_RULE_GAP,
    ROLES,
    SONGTI,
    TABLE_CELL_MARGINS,
    TABLE_RULE,
    TIMES,
    XIAOBIAOSONG,
    Pt,
)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"


# The page of GB/T 9704-2012 (gongwen.standard) in twips: A4, the margins around the
# 156 × 225 mm type area, 22 lines of exactly 28.95 pt.
PAGE = {"w": A4[0].twips, "h": A4[1].twips}
MARGIN = {side: length.twips for side, length in MARGINS.items()}
LINE = LINE_PITCH.twips
# 28 characters a line: 3号 is set at a 15.75 pt pitch (16 pt glyphs condensed by ¼ pt).
# A negative character pitch on the document grid would do the same in Word, but
# LibreOffice then puts every character into two grid cells, so the grid does not snap.
CONDENSE = CHAR_SPACING.twips
CHAR = Pt(ROLES["body"].size).twips
"""One 3号 character, in twips."""


@dataclass(frozen=True)
class Style:
    """One paragraph, character or table style of the template."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    east_asia: str | None = None
    latin: str = TIMES.name
    size_pt: float | None = None
    ppr: str = ""
    rpr: str = ""
    meta: str = ""  # uiPriority, semiHidden …: what Word's style gallery reads
    table: str = ""  # tblPr of a table style

    def xml(self) -> str:
        fonts = ""
        if self.east_asia:
            fonts = (
                f'<w:rFonts w:ascii="{self.latin}" w:eastAsia="{self.east_asia}" '
                f'w:hAnsi="{self.latin}" w:cs="{self.latin}"/>'
            )
        size = ""
        if self.size_pt:
            half_points = Pt(self.size_pt).half_points
            size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        based = f'<w:basedOn w:val="{self.based_on}"/>' if self.based_on else ""
        ppr = f"<w:pPr>{in_schema_order(self.ppr, PPR_ORDER)}</w:pPr>" if self.ppr else ""
        rpr = f"<w:rPr>{fonts}{self.rpr}{size}</w:rPr>" if fonts or self.rpr or size else ""
        default = ' w:default="1"' if self.style_id in ("Normal", "TableNormal") else ""
        return (
            f'<w:style w:type="{self.kind}"{default} w:styleId="{self.style_id}">'
            f'<w:name w:val="{self.name}"/>{based}{self.meta}<w:qFormat/>{ppr}{rpr}{self.table}</w:style>'
        )


EXACT = f'<w:spacing w:line="{LINE}" w:lineRule="exact"/>'
NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
KEEP = "<w:keepNext/><w:keepLines/>"
# No extra space between Chinese and digits, so 署名 and 成文日期 line up as computed.
NO_AUTO_SPACE = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'


PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
]
"""Child order of ``w:pPr`` in the OOXML schema; Word rejects other orders."""


def in_schema_order(fragment: str, order: list[str]) -> str:
    """Reorder sibling elements of a WordprocessingML fragment as the schema requires."""
    root = etree.fromstring(f'<w:x{nsdecls("w")}>{fragment}</w:x>')
    children = sorted(root, key=lambda el: order.index(etree.QName(el).localname))
    declaration = nsdecls("w")
    return "".join(etree.tostring(el, encoding="unicode").replace(declaration, "") for el in children)


def styled(role: str, style_id: str, *, font: bool = False, size: bool = False, **rest: str | None) -> Style:
    """The style of a role of the standard: its display name, and its font and size where this
    style sets them (elsewhere they come from the style it is based on)."""
    part = ROLES[role]
    return Style(
        style_id, part.style, east_asia=part.font.name if font and part.font else None,
        size_pt=part.size if size else None, **rest,
    )


def align(role: str) -> str:
    """The paragraph alignment of a role."""
    return f'<w:jc w:val="{ROLES[role].align}"/>'


def heading(level: int) -> Style:
    """A heading level: body-sized, indented like the body, in the navigation pane.

    Keeping with the next paragraph is set on each heading as it is written (in pairs,
    never in chains of headings), so the style only keeps the heading's own lines together.
    """
    outline = f'<w:outlineLvl w:val="{level - 1}"/>'
    return styled(f"heading{level}", f"GwHeading{level}", font=True, ppr="<w:keepLines/>" + outline)


def run_in(level: int) -> Style:
    """The character style of a heading set at the start of a body paragraph."""
    return styled(f"heading{level}-run", f"GwHeading{level}Run", font=True, kind="character",
                  based_on=None)


SPACED = (
    f'<w:spacing w:after="{LINE}" w:afterLines="100" w:line="{LINE}" w:lineRule="exact"/>'
)
"""A blank line under the paragraph (the title's), lines of exactly the body's pitch."""
V_MARGIN, H_MARGIN = (margin.twips for margin in TABLE_CELL_MARGINS)

STYLES: list[Style] = [
    styled(
        "body", "Normal", size=True, based_on=None, rpr=f'<w:spacing w:val="{CONDENSE}"/>',
        ppr=f'<w:widowControl/>{align("body")}{EXACT}'
        f'<w:ind w:firstLine="{INDENT_CHARS * CHAR}" w:firstLineChars="{INDENT_CHARS * 100}"/>',
    ),
    Style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None,
          meta='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'),
    Style("TableNormal", "Normal Table", kind="table", based_on=None,
          meta='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>',
          table='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
          '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
          '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    styled("title", "Title", font=True, size=True,
           ppr=f'{KEEP}{align("title")}{NO_INDENT}{SPACED}<w:outlineLvl w:val="0"/>'),
    styled("subtitle", "GwSubtitle", font=True,
           ppr=f'{KEEP}{align("subtitle")}{NO_INDENT}{SPACED}<w:contextualSpacing/>'),
    styled("red-header", "GwRedHeader", font=True, size=True,
           ppr=f'{align("red-header")}{NO_INDENT}'
           f'<w:spacing w:before="{RED_HEADER_TOP.twips}" w:line="240" w:lineRule="auto"/>',
           rpr=f'<w:color w:val="{RED}"/><w:w w:val="90"/>'),
    styled("doc-number", "GwDocNumber",
           ppr=f'{align("doc-number")}{NO_INDENT}<w:spacing w:before="{2 * LINE}" w:beforeLines="200" '
           f'w:after="{2 * LINE}" w:afterLines="200" w:line="{LINE}" w:lineRule="exact"/>'),
    styled("recipients", "GwRecipients", ppr=NO_INDENT),
    *(heading(level) for level in range(1, 5)),
    *(run_in(level) for level in range(1, 5)),
    styled("attachment-note", "GwAttachmentNote"),
    styled("signature", "GwSignature", ppr=f'<w:keepNext/>{align("signature")}{NO_INDENT}{NO_AUTO_SPACE}'),
    styled("date", "GwDate", ppr=f'{align("date")}{NO_INDENT}{NO_AUTO_SPACE}'),
    styled("note", "GwNote"),
    styled("attachment-label", "GwAttachmentLabel", font=True,
           ppr=f'<w:pageBreakBefore/><w:keepNext/>{align("attachment-label")}{NO_INDENT}'),
    styled("attachment-title", "GwAttachmentTitle", based_on="Title",
           ppr=f'<w:spacing w:before="{LINE}" w:beforeLines="100" w:after="{LINE}" '
           f'w:afterLines="100" w:line="{LINE}" w:lineRule="exact"/><w:outlineLvl w:val="1"/>'),
    styled("table-title", "GwTableTitle", font=True, ppr=f'<w:keepNext/>{align("table-title")}{NO_INDENT}'),
    styled("table-head", "GwTableHead", font=True, size=True,
           ppr=f'{align("table-head")}{NO_INDENT}<w:spacing w:line="240" w:lineRule="auto"/>'
           '<w:snapToGrid w:val="0"/>'),
    styled("table-text", "GwTableText", size=True,
           ppr=f'{align("table-text")}{NO_INDENT}<w:spacing w:line="240" w:lineRule="auto"/>'
           '<w:snapToGrid w:val="0"/>'),
    styled("table", "GwTable", kind="table", based_on="TableNormal",
           table='<w:tblPr><w:tblBorders>'
           + "".join(f'<w:{s} w:val="single" w:sz="{TABLE_RULE.eighths}" w:space="0" w:color="000000"/>'
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
           + f'</w:tblBorders><w:tblCellMar><w:top w:w="{V_MARGIN}" w:type="dxa"/>'
           f'<w:left w:w="{H_MARGIN}" w:type="dxa"/><w:bottom w:w="{V_MARGIN}" w:type="dxa"/>'
           f'<w:right w:w="{H_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    styled("imprint", "GwImprint", size=True, ppr=f'{align("imprint")}{NO_INDENT}'),
    styled("imprint-table", "GwImprintTable", kind="table", based_on="TableNormal"),
    styled("footer", "Footer", font=True, size=True, latin=ROLES["footer"].font.name,
           ppr=f'{NO_INDENT}<w:spacing w:line="{FOLIO_LINE.twips}" w:lineRule="exact"/>'
           '<w:snapToGrid w:val="0"/>'),
]


BODY_SIZE = Pt(ROLES["body"].size).half_points


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{TIMES.name}" w:eastAsia="{ROLES["body"].font.name}" w:hAnsi="{TIMES.name}" '
        f'w:cs="{TIMES.name}"/><w:kern w:val="2"/><w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    body = "".join(style.xml() for style in STYLES)
    return f'{XML_DECLARATION}<w:styles{nsdecls("w")}>{defaults}{body}</w:styles>'


def para(style: str | None, text: str, ppr: str = "") -> str:
    """A template paragraph holding ``text`` (docxtpl tags allowed) in one run."""
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{pstyle}{ppr}</w:pPr>" if pstyle or ppr else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


RULE = (
    f'<w:pBdr><w:bottom w:val="single" w:sz="{RED_RULE.eighths}" w:space="{round(RED_RULE_GAP.pt)}" '
    f'w:color="{RED}"/></w:pBdr>'
)
"""The red rule under the 发文字号 (a bottom border; its space is in points)."""


TYPE_WIDTH = PAGE["w"] - MARGIN["left"] - MARGIN["right"]


def signer_line(rule: str = "") -> str:
    """发文字号 one character in from the left and 签发人 one character in from the right
    (GB/T 9704-2012 §7.2.6): “签发人：” in 仿宋, the name in 楷体."""
    ppr = in_schema_order(
        f'<w:pStyle w:val="GwDocNumber"/>{rule}<w:tabs><w:tab w:val="right" w:pos="{TYPE_WIDTH - CHAR}"/>'
        f'</w:tabs><w:ind w:left="{CHAR}" w:right="{CHAR}" w:firstLine="0" w:firstLineChars="0"/>'
        '<w:jc w:val="left"/>',
        PPR_ORDER,
    )
    kai = f'<w:rPr><w:rFonts w:eastAsia="{ROLES["signer"].font.name}"/></w:rPr>'
    number, signer = "{{ number or '' }}", "{{ signer }}"
    return (
        f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{number}</w:t></w:r>'
        '<w:r><w:tab/><w:t xml:space="preserve">签发人：</w:t></w:r>'
        f'<w:r>{kai}<w:t xml:space="preserve">{signer}</w:t></w:r></w:p>'
    )


def document_xml() -> str:
    """The body: red header, number (and 签发人) and red rule, title and subtitle lines,
    recipients, then generated parts."""
    title_alone = f'<w:spacing w:after="0" w:afterLines="0" w:line="{LINE}" w:lineRule="exact"/>'
    body = "".join(
        [
            para(None, "{%p if issuer and issuer.header %}"),
            para("GwRedHeader", "{{ issuer.header }}"),
            para(None, "{%p if signer %}"),
            signer_line(RULE),
            para(None, "{%p else %}"),
            para("GwDocNumber", "{{ number or '' }}", RULE),
            para(None, "{%p endif %}"),
            para(None, "{%p elif signer %}"),
            signer_line(),
            para(None, "{%p elif number %}"),
            para("GwDocNumber", "{{ number }}"),
            para(None, "{%p endif %}"),
            para(None, "{%p if subtitle_lines %}"),
            para("Title", "{{ title }}", title_alone),
            para(None, "{%p for line in subtitle_lines %}"),
            para("GwSubtitle", "{{ line }}"),
            para(None, "{%p endfor %}"),
            para(None, "{%p else %}"),
            para("Title", "{{ title }}"),
            para(None, "{%p endif %}"),
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
        f'<w:pgMar w:top="{MARGIN["top"]}" w:right="{MARGIN["right"]}" w:bottom="{MARGIN["bottom"]}" '
        f'w:left="{MARGIN["left"]}" w:header="851" w:footer="{FOOTER_DISTANCE.twips}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        # The pitch is recorded, but lines are set by the styles' exact spacing: LibreOffice
        # breaks tables early on pages with a snapping line grid.
        f'<w:docGrid w:linePitch="{LINE}"/>'
        "</w:sectPr>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document{nsdecls("w", "r", "wp")}>'
        f"<w:body>{body}{section}</w:body></w:document>"
    )


def footer_xml(odd: bool) -> str:
    """Page number "— N —": odd pages right, even pages left, one character from the edge."""
    char = Pt(ROLES["footer"].size).twips
    placement = (
        f'<w:jc w:val="right"/><w:ind w:right="{char}" w:firstLine="0"/>'
        if odd
        else f'<w:jc w:val="left"/><w:ind w:left="{char}" w:firstLine="0"/>'
    )
    dash = '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr{nsdecls("w", "r")}><w:p><w:pPr><w:pStyle w:val="Footer"/>{placement}</w:pPr>'
        + dash.format("— ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + dash.format(" —")
        + "</w:p></w:ftr>"
    )


SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings{nsdecls("w")}><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>'
    f'<w:drawingGridVerticalSpacing w:val="{LINE}"/><w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
    '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" '
    f'w:uri="{WORD}" w:val="15"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
)

FONTS = [
    (FANGSONG, "仿宋", "modern"),
    (XIAOBIAOSONG, "宋体", "auto"),
    (HEITI, "SimHei", "modern"),
    (KAITI, "楷体", "modern"),
    (SONGTI, "SimSun", "auto"),
]
"""The official Chinese fonts, each with the font Word may use in its place and its class."""


def font_table_xml() -> str:
    """Declare the official fonts with alternates Word may use where they are missing."""
    fonts = "".join(
        f'<w:font w:name="{face.name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>'
        for face, alt, family in FONTS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts{nsdecls("w")}><w:font w:name="{TIMES.name}"><w:charset w:val="00"/>'
        f'<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>{fonts}</w:fonts>'
    )


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OVERRIDES = {
    "/word/document.xml": CT.DOCUMENT,
    "/word/styles.xml": CT.STYLES,
    "/word/settings.xml": CT.SETTINGS,
    "/word/fontTable.xml": CT.FONT_TABLE,
    "/word/footer1.xml": CT.FOOTER,
    "/word/footer2.xml": CT.FOOTER,
    "/docProps/core.xml": CT.CORE_PROPERTIES,
    "/docProps/app.xml": CT.EXTENDED_PROPERTIES,
}
CONTENT_TYPES = (
    XML_DECLARATION
    + f'<Types xmlns="{NAMESPACES["ct"]}">'
    f'<Default Extension="rels" ContentType="{CT.RELATIONSHIPS}"/>'
    f'<Default Extension="xml" ContentType="{CT.XML}"/>'
    + "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in OVERRIDES.items())
    + "</Types>"
)

def relationships(rels: list[tuple[str, str, str]]) -> str:
    """A relationships part from (id, type, target) triples."""
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return (
        XML_DECLARATION
        + f'<Relationships xmlns="{NAMESPACES["rel"]}">{items}'
        "</Relationships>"
    )


PACKAGE_RELS = relationships([
    ("rId1", RT.OFFICE_DOCUMENT, "word/document.xml"),
    ("rId2", RT.CORE_PROPERTIES, "docProps/core.xml"),
    ("rId3", RT.EXTENDED_PROPERTIES, "docProps/app.xml"),
])

DOCUMENT_RELS = relationships([
    ("rIdStyles", RT.STYLES, "styles.xml"),
    ("rIdSettings", RT.SETTINGS, "settings.xml"),
    ("rIdFonts", RT.FONT_TABLE, "fontTable.xml"),
    ("rIdFooterOdd", RT.FOOTER, "footer1.xml"),
    ("rIdFooterEven", RT.FOOTER, "footer2.xml"),
])

APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Properties xmlns="{NAMESPACES["ep"]}">'
    "<Application>gongwen</Application></Properties>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<cp:coreProperties{nsdecls("cp", "dc")}><dc:title>gongwen template</dc:title></cp:coreProperties>'
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
    """Write parts as gongwen writes every package, so rebuilding gives the same bytes."""
    write_zip_atomic({name: text.encode("utf-8") for name, text in parts.items()}, path)


@dataclass(frozen=True)
class Manifest:
    """What a template declares about itself (written as template.yaml).

    ``kind`` None makes an abstract base, there only to be extended; ``extends`` names the
    template whose formats this one inherits where it has no file of its own.
    """

    template_id: str
    title: str
    kind: str | None
    description: str
    extends: str | None = None
    match: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The last part of the id, which the template's own files are named after."""
        return self.template_id.rsplit("/", 1)[-1]

    def yaml(self, formats: dict[str, str]) -> str:
        kind = f"kind: {self.kind}\n" if self.kind else "abstract: true\n"
        extends = f"extends: {self.extends}\n" if self.extends else ""
        listed = "".join(f"  {fmt}: {file}\n" for fmt, file in formats.items())
        match = "".join(f"  {path}: {value}\n" for path, value in self.match.items())
        return (
            f"id: {self.template_id}\ntitle: {self.title}\n{kind}description: {self.description}\n"
            + extends
            + (f"formats:\n{listed}" if listed else "")
            + (f"match:\n{match}" if match else "")
        )


OFFICIAL = "base/official"
FORM = "base/form"
BASE_PAGE = f"{OFFICIAL}/page.html.j2"
"""The one HTML page every template's page is, or extends."""

BASES = [
    Manifest(OFFICIAL, "公文基础模板", None,
             "GB/T 9704-2012 公文版式（红头、发文字号、标题、主送机关、分级标题正文、附件、署名、"
             "成文日期、版记）"
             "的 Word 模板、Markdown 和网页；计划、方案、报告、通知等模板由它继承"),
    Manifest(FORM, "表格基础模板", None,
             "表格类文书（标题、表格、表下说明）的 Word 模板和 Markdown；网页继承公文基础模板",
             extends=OFFICIAL),
]


PLAN_TEMPLATES = [
    Manifest("plans/annual-plan", "年度教育督导工作计划", "annual-plan",
             "红头文件格式的年度工作计划：发文字号、标题、主送机关、分级标题正文、附件、署名、成文日期、版记",
             extends=OFFICIAL),
    Manifest("plans/work-scheme", "责任督学挂牌督导暨联合视导工作方案", "work-scheme",
             "工作方案：在计划格式之上排入责任区划分表、督导事项与视导流程", extends=OFFICIAL),
    Manifest("plans/calendar", "督导工作行事历", "calendar",
             "一月至十二月逐月编号事项：每月固定事项、一月一主题、季节性专项督导，署名、成文日期",
             extends=OFFICIAL),
    Manifest("plans/schedule", "视导时间安排表", "schedule",
             "排期规则说明和按日期排列的安排表：日期、星期、责任区、督学、学校（园）", extends=OFFICIAL),
    Manifest("plans/inspector-schedule", "督学视导月历", "inspector-schedule",
             "一名督学一学期的视导安排：每月一张月历，每天写明所去的学校（园）", extends=OFFICIAL),
    Manifest("plans/document", "通用公文", "document",
             "任意正文的公文：标题、副标题、分级标题与编号各项；无署名、日期时不排", extends=OFFICIAL),
    Manifest("plans/regulation", "办法制度", "regulation",
             "办法、制度、职责：第一章（居中）与跨章连续编号的第一条", extends=OFFICIAL),
    Manifest("plans/report", "经验材料", "report",
             "经验材料、调研报告、讲话：标题、副标题、分级标题与编号各项；署名、日期可省", extends=OFFICIAL),
    Manifest("plans/notice", "通知", "notice",
             "通知：红头、发文字号、主送机关、正文、附件、署名、成文日期、版记", extends=OFFICIAL),
]


OFFICIAL_MD = """\
{% block head %}{% if issuer and issuer.header %}{{ issuer.header }}
{: .red-header }

{% endif %}{% if number or signer %}{{ number or '' }}{% if signer %}{{ '　　' if number else '' }}签发人：\
{{ signer }}{% endif %}
{: .doc-number }

{% endif %}{% endblock %}{% block title %}# {{ title }}

{% for line in subtitle_lines %}{{ line }}
{: .subtitle }

{% endfor %}{% endblock %}{% block recipients %}{% if recipients %}{{ recipients_text }}：
{: .recipients }

{% endif %}{% endblock %}{% block body %}{{ body }}{% endblock %}

{% block attachment_note %}{{ attachment_note }}{% endblock %}

{% block signature %}{{ signature }}{% endblock %}

{% block note %}{% if note_text %}{{ note_text }}
{: .note }

{% endif %}{% endblock %}{% block attachments %}{{ attachments }}{% endblock %}

{% block imprint %}{{ imprint }}{% endblock %}
"""
"""Markdown of an official document: values are escaped, generated parts are Markdown.
Each part is a block a district's template may replace (``{% extends %}``)."""

FORM_MD = """\
{% block title %}# {{ title }}{% endblock %}

{% block caption %}{% if form_caption %}{{ form_caption }}
{: .form-caption }

{% endif %}{% endblock %}{% block table %}{{ form_table }}{% endblock %}

{% block notes %}{% if form_notes %}{{ form_notes }}
{: .form-notes }
{% endif %}{% endblock %}
"""
"""Markdown of a form: the grid is an HTML table, as Markdown allows, to keep merged cells."""

PAGE_HTML = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gongwen">
<title>{% block title %}{{ title }}{% endblock %}</title>
<style>
{% block style %}\
@page { size: A4 {% block orientation %}portrait{% endblock %}; margin: 25mm 20mm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: {% block page_width %}210mm{% endblock %}; padding: 2em 1.5em;
  font: 16pt/1.8 "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif; }
h1 { font: 22pt/1.5 "方正小标宋简体", "华文中宋", STZhongsong, "Noto Serif CJK SC", serif;
  text-align: center; margin: 0 0 1em; }
h2 { font: 16pt/1.8 "黑体", SimHei, "Noto Sans CJK SC", sans-serif; margin: 0; }
h3 { font: 16pt/1.8 "楷体_GB2312", "楷体", KaiTi, "LXGW WenKai", serif; margin: 0; }
h4, h5 { font-size: 16pt; font-weight: normal; margin: 0; }
h2, h3, h4, h5 { text-indent: 2em; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.red-header { color: #e00; font: 36pt/1.4 "方正小标宋简体", "Noto Serif CJK SC", serif;
  text-align: center; text-indent: 0; }
.doc-number { text-align: center; text-indent: 0; margin-bottom: 1em;
  padding-bottom: .6em; border-bottom: 2px solid #e00; }
.recipients, .table-title, .attachment-label, .form-caption, .form-notes, .imprint
  { text-indent: 0; }
.table-title, .attachment-title { text-align: center; }
.subtitle { font-family: "楷体_GB2312", "楷体", KaiTi, "AR PL UKai CN", serif; text-align: center;
  text-indent: 0; }
.chapter { text-align: center; text-indent: 0; }
.attachment-label { font-family: "黑体", SimHei, sans-serif; page-break-before: always; }
.attachment-title { font: 22pt/1.5 "方正小标宋简体", "Noto Serif CJK SC", serif; text-indent: 0;
  margin: .5em 0 1em; }
.attachment-note { margin-top: 1em; }
.signature { text-align: right; text-indent: 0; margin: 2em 4em 0 0; }
.form-notes { text-align: right; }
.imprint { font-size: 14pt; }
hr { border: 0; border-top: 1px solid #000; margin: 2em 0 1em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 14pt;
  line-height: 1.5; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: .2em .4em; text-indent: 0; }
th { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-weight: normal; }
.left { text-align: left; } .center { text-align: center; } .right { text-align: right; }
.v-top { vertical-align: top; } .v-center { vertical-align: middle; }
.v-bottom { vertical-align: bottom; }
td img { width: 33mm; height: 45mm; object-fit: cover; }
@media print { body { max-width: none; padding: 0; } }
{% endblock %}</style>
{% block head %}{% endblock %}</head>
<body>
{% block header %}{% endblock %}<main class="document {{ kind }}">
{% block content %}{{ content }}{% endblock %}
</main>
{% block footer %}{% endblock %}</body>
</html>
"""
"""The HTML page around a converted document: UTF-8, embedded print-friendly stylesheet.
Blocks: ``title``, ``style`` (with ``orientation`` and ``page_width``), ``head``, ``header``,
``content``, ``footer``."""

LANDSCAPE_PAGE = f"""\
{{% extends "{BASE_PAGE}" %}}
{{# 横版：页面横放，网页宽度同 A4 横向 #}}
{{% block orientation %}}landscape{{% endblock %}}
{{% block page_width %}}297mm{{% endblock %}}
"""
"""The page of a landscape form: the base page with two blocks replaced."""


def build(
    manifest: Manifest, docx: dict[str, str] | None = None, markdown: str | None = None,
    page: str | None = None,
) -> Path:
    """Write one template directory: its manifest and the files it does not inherit.

    Files named after the template (``<name>.docx``, ``<name>.md.j2``) and ``page.html.j2``;
    anything else left in the directory from an earlier build is removed.
    """
    directory = TEMPLATES / manifest.template_id
    directory.mkdir(parents=True, exist_ok=True)
    formats: dict[str, str] = {}
    if docx is not None:
        formats["docx"] = f"{manifest.name}.docx"
        write_docx(directory / formats["docx"], docx)
    for fmt, name, text in (("md", f"{manifest.name}.md.j2", markdown), ("html", "page.html.j2", page)):
        if text is not None:
            formats[fmt] = name
            (directory / name).write_text(text, encoding="utf-8")
    (directory / "template.yaml").write_text(manifest.yaml(formats), encoding="utf-8")
    for old in directory.iterdir():
        if old.name not in {"template.yaml", *formats.values()}:
            old.unlink()
    return directory


FORM_PAGE = FORM_MARGIN.twips
"""Margins of a form's page, in twips; header and footer half as far from the edge."""


def form_document_xml() -> str:
    """A form: its title, the line under it, the generated table and the notes below.

    The page size is a placeholder: each form's paper and orientation are set when it is
    rendered (A4 or A3, portrait or landscape, from the form's layout).
    """
    body = "".join(
        [
            para("Title", "{{ title }}"),
            para(None, "{{p form_caption }}"),
            para(None, "{{p form_table }}"),
            para(None, "{{p form_notes }}"),
        ]
    )
    section = (
        f'<w:sectPr><w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/>'
        f'<w:pgMar w:top="{FORM_PAGE}" w:right="{FORM_PAGE}" w:bottom="{FORM_PAGE}" '
        f'w:left="{FORM_PAGE}" w:header="{FORM_PAGE // 2}" w:footer="{FORM_PAGE // 2}" w:gutter="0"/>'
        '<w:cols w:space="425"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document{nsdecls("w", "r", "wp")}>'
        f"<w:body>{body}{section}</w:body></w:document>"
    )


FORM_TEMPLATES = [
    (Manifest("forms/leader-check", "领导干部检查督查情况表", "leader-check",
              "检查时间、地址、受检对象、被检查人、检查情况、处置意见、各方签字及跟踪落实情况", extends=FORM),
     None),
    (Manifest("forms/execution-plan", "监督检查执行方案", "execution-plan",
              "时间、对象（地点或单位）、内容、检查组成员，审核人与审批人的签字及意见", extends=FORM), None),
    (Manifest("forms/record-sheet", "督导工作记录单", "record-sheet",
              "一次督导一张：学校、日期、督学、督导事项与方式（勾选）、发现的问题、整改意见、学校签字",
              extends=FORM), None),
    (Manifest("forms/division-table", "责任分工表", "division-table",
              "类别（通栏）、序号与内容（跨行合并）、工作要求、责任部门", extends=FORM), None),
    (Manifest("forms/notice-board", "督学公示牌", "notice-board",
              "横版公示牌（A4/A3）：学校、责任督学及照片、联系电话、监督电话、督导事项", extends=FORM),
     LANDSCAPE_PAGE),
]
"""Each form and its own HTML page (None: the base page)."""


def main() -> int:
    print(build(BASES[0], official_docx(), OFFICIAL_MD, PAGE_HTML).relative_to(ROOT))
    print(build(BASES[1], official_docx(form_document_xml()), FORM_MD).relative_to(ROOT))
    for manifest in PLAN_TEMPLATES:
        print(build(manifest).relative_to(ROOT))
    for manifest, page in FORM_TEMPLATES:
        print(build(manifest, page=page).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
