"""DrawingML in a document: pictures (the seal, photos), the text box at the foot of the
page (the 版记) and charts. Each takes the ids the package handed out: the relationship
of the picture or chart, and the drawing's own ``wp:docPr`` id."""

from __future__ import annotations

from ...standard import Length
from .ns import PIC, WPS, C, nsdecls
from .package import Image


def floating_picture(image: Image, x: Length, y: Length, size: Length, name: str, label: str) -> str:
    """A run holding a square picture in front of the text, ``x`` from the left margin and
    ``y`` from the top of its paragraph (the seal over the signature)."""
    size_emu = size.emu
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x.emu}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y.emu}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{size_emu}" cy="{size_emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{image.docpr_id}" name="{name}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks{nsdecls("a")} noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic{nsdecls("a")}><a:graphicData uri="{PIC}">'
        f'<pic:pic{nsdecls("pic")}><pic:nvPicPr><pic:cNvPr id="0" name="{label}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{image.rel_id}"/><a:stretch><a:fillRect/>'
        f'</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{size_emu}" cy="{size_emu}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def inline_picture(image: Image, width: Length, height: Length, name: str, label: str) -> str:
    """A run holding a picture in the line of text (a photo in a form's cell)."""
    cx, cy = width.emu, height.emu
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{image.docpr_id}" name="{name}"/>'
        f'<a:graphic{nsdecls("a")}><a:graphicData uri="{PIC}"><pic:pic{nsdecls("pic")}>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="{label}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{image.rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def text_box_at_foot(content: str, width: Length, height: Length, docpr_id: int, name: str) -> str:
    """A paragraph anchoring a borderless text box, centred in the margins, to the foot of the
    page; ``content`` is its WordprocessingML and must end with a paragraph."""
    cx, cy = width.emu, height.emu
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>'
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251660288" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align>'
        '</wp:positionH><wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{docpr_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic{nsdecls("a")}><a:graphicData uri="{WPS}"><wps:wsp{nsdecls("wps")}>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


def chart_paragraph(rel_id: str, docpr_id: int, name: str, width: Length, height: Length) -> str:
    """A centred paragraph, not snapped to the line grid, holding one inline chart."""
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" '
        'w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>'
        '<w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline{nsdecls("wp")} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width.emu}" cy="{height.emu}"/>'
        f'<wp:docPr id="{docpr_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic{nsdecls("a")}>'
        f'<a:graphicData uri="{C}">'
        f'<c:chart{nsdecls("c", "r")} r:id="{rel_id}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
