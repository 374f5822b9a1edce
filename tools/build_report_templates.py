"""Build the built-in report templates (templates/reports/…) on the official layout.

Uses the page set-up, styles and parts of ``build_templates.py``; run
``python tools/build_report_templates.py`` after changing either script.
"""

from __future__ import annotations

import sys

from build_templates import OFFICIAL, ROOT, SETTINGS, Manifest, build, document_xml, official_docx, para

from gongwen.standard import LINE_PITCH

BACKGROUNDS = {"white": None, "yellow": "FFF2B3", "red": "F8CBCB"}
"""Page colour of each escalation notice: white, yellow and red slips."""

NOTICES = {
    "white": ("supervision-notice", "督办通知单", "逾期未整改问题的督办通知单（白色）"),
    "yellow": ("warning-notice", "警示通知单", "逾期较长问题的警示通知单（黄色底纹）"),
    "red": ("investigation-notice", "查办通知单", "严重逾期问题的查办通知单（红色底纹）"),
}
"""Escalation colour → the template of its notice (白色督办、黄色警示、红色查办)."""


def coloured(color: str) -> dict[str, str]:
    """Official parts with the page background set to ``color``."""
    xml = document_xml()
    body = xml.index("<w:body>")
    parts = official_docx(f'{xml[:body]}<w:background w:color="{color}"/>{xml[body:]}')
    parts["word/settings.xml"] = SETTINGS.replace(
        "<w:evenAndOddHeaders/>", "<w:displayBackgroundShape/><w:evenAndOddHeaders/>"
    )
    return parts


CHARTS_TITLE = "督导工作统计图"
"""The attachment holding the summary's charts."""


def with_charts() -> dict[str, str]:
    """Official parts with the summary's charts as its attachment (附件：督导工作统计图): the
    note under the body, the charts on a page of their own after the 署名 — tall pictures
    that cannot break would otherwise leave the foot of a body page empty."""
    xml = document_xml()
    body, pages = para(None, "{{p body }}"), para(None, "{{p attachment_pages }}")
    space = f'<w:spacing w:before="{LINE_PITCH.twips}" w:beforeLines="100"/>'
    note = (para(None, "{%p if charts is defined %}")
            + para("GwAttachmentNote", f"附件：{CHARTS_TITLE}", "<w:keepNext/>" + space)
            + para(None, "{%p endif %}"))
    charts = (para(None, "{%p if charts is defined %}") + para("GwAttachmentLabel", "附件")
              + para("GwAttachmentTitle", CHARTS_TITLE) + para(None, "{{p charts }}")
              + para(None, "{%p endif %}"))
    return official_docx(xml.replace(body, body + note).replace(pages, pages + charts))


REPORT_TEMPLATES: list[tuple[Manifest, dict[str, str] | None]] = [
    (Manifest("reports/visit-report", "视导报告", "visit-report",
              "每校一份的视导报告：督导概况、分事项的成绩与亮点、问题与建议、整改要求及期限",
              extends=OFFICIAL),
     None),
    (Manifest("reports/rectification-notice", "整改通知书", "rectification-notice",
              "每校一份：未整改问题清单、整改要求及期限", extends=OFFICIAL), None),
    *(
        (Manifest(f"reports/{name}", title, "escalation-notice", description, extends=OFFICIAL,
                  match={"level.color": color}),
         coloured(BACKGROUNDS[color]) if BACKGROUNDS[color] else None)
        for color, (name, title, description) in NOTICES.items()
    ),
    (Manifest("reports/summary", "督导工作总结", "summary",
              "工作总结：主要工作与统计表、统计图（原生图表）、亮点、不足、下一步打算", extends=OFFICIAL),
     with_charts()),
]
"""Each report template and its own .docx (None: the official base's)."""


def main() -> int:
    for manifest, docx in REPORT_TEMPLATES:
        print(build(manifest, docx).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
