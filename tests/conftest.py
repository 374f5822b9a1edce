"""Shared fixtures: paths, and reading rendered .docx files back."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from lxml import etree

# Property-based tests: a fixed, larger budget and derandomised runs under CI, so a CI
# failure is reproduced locally with `pytest --hypothesis-profile=ci`.
settings.register_profile(
    "ci", derandomize=True, max_examples=200, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=60, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("GONGWEN_HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


class Docx:
    """A rendered .docx opened for assertions on its XML."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.styles = etree.fromstring(self.parts["word/styles.xml"])

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    def paragraphs(self) -> list[etree._Element]:
        return self.document.findall(".//w:body/w:p", NS)

    @staticmethod
    def text(element: etree._Element) -> str:
        return "".join(element.itertext())

    def style_id(self, name: str) -> str:
        for style in self.styles.findall("w:style", NS):
            if style.find("w:name", NS).get(f"{{{W}}}val") == name:
                return style.get(f"{{{W}}}styleId")
        raise KeyError(name)

    def style(self, name: str) -> etree._Element:
        return self.styles.find(f"w:style[@w:styleId='{self.style_id(name)}']", NS)

    def elements_in(self, style_name: str) -> list[etree._Element]:
        """Paragraphs in a style (by display name)."""
        sid = self.style_id(style_name)
        return self.document.xpath(f".//w:p[w:pPr/w:pStyle/@w:val='{sid}']", namespaces=NS)

    def paragraphs_in(self, style_name: str) -> list[str]:
        """Texts of paragraphs in a style (by display name)."""
        return [self.text(p) for p in self.elements_in(style_name)]

    def body_text(self) -> str:
        return "\n".join(self.text(p) for p in self.document.iter(f"{{{W}}}p"))


def require_office() -> None:
    """LibreOffice with its UNO bridge: the test is skipped when it is missing, except under
    CI, where its absence fails the test."""
    from gongwen.errors import ConversionError
    from gongwen.render.pdf.office import find_soffice, find_uno_python

    try:
        find_uno_python(find_soffice())
    except ConversionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"LibreOffice is required in CI: {exc}")
        pytest.skip(f"LibreOffice not available: {exc}")


@pytest.fixture(scope="session")
def office() -> None:
    """Tests that convert to PDF use this fixture (see :func:`require_office`)."""
    require_office()


@pytest.fixture
def read_docx():
    return Docx
