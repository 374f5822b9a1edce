"""How big a font's characters print: the ink box (glyph bounding box) of a few characters.

Two fonts at the same point size can print very differently sized characters; comparing
their ink boxes is how gongwen picks free stand-ins that look as big as the body text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import mean

from ...standard import Pt

SAMPLE = "国督学一"  # a closed box, a dense character, an open one and a single flat stroke


@dataclass(frozen=True)
class InkBox:
    """A glyph's ink box in em (at 16 pt, 1 em is 16 pt)."""

    char: str
    height: float
    width: float

    @property
    def extent(self) -> float:
        """The longer side: a flat stroke such as 一 is measured by its width."""
        return max(self.height, self.width)


def em_to_mm(em: float, size_pt: float = 16.0) -> float:
    """Length of ``em`` ems printed at ``size_pt`` points, in millimetres."""
    return Pt(em * size_pt).mm


@lru_cache(maxsize=32)  # several roles share a font file
def ink_boxes(file: Path, index: int = 0, chars: str = SAMPLE) -> dict[str, InkBox]:
    """Ink boxes of ``chars`` in face ``index`` of a font file; characters it lacks are left out."""
    from fontTools.pens.boundsPen import BoundsPen  # only when measuring: PDF output never needs it
    from fontTools.ttLib import TTFont

    font = TTFont(file, fontNumber=index, lazy=True)
    try:
        glyphs = font.getGlyphSet()
        cmap = font.getBestCmap() or {}
        per_em = font["head"].unitsPerEm
        boxes = {}
        for char in chars:
            name = cmap.get(ord(char))
            if name is None:
                continue
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            if pen.bounds is not None:
                x0, y0, x1, y1 = pen.bounds
                boxes[char] = InkBox(char, (y1 - y0) / per_em, (x1 - x0) / per_em)
        return boxes
    finally:
        font.close()


def size_ratio(boxes: dict[str, InkBox], reference: dict[str, InkBox]) -> float | None:
    """Mean ratio of ink extents to ``reference``'s over the characters both have."""
    common = [char for char in boxes if char in reference]
    if not common:
        return None
    return mean(boxes[char].extent / reference[char].extent for char in common)


__all__ = ["SAMPLE", "InkBox", "em_to_mm", "ink_boxes", "size_ratio"]
