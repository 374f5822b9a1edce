"""A PDF's document information set by an incremental update, without rewriting the PDF.

LibreOffice writes a plain PDF: one classic cross-reference table, a trailer naming the
Root and the Info dictionary, each object once. Its Title, Author and Subject come from the
.docx's document properties, but its Creator is always "Writer". Rather than parse the whole
file and write it anew, the Info dictionary is given again — its entries with ours in place —
as a new revision of the same object, with a one-entry cross-reference section and a trailer
pointing back at the original (``/Prev``), as PDF editors save a change. The page count is
read from the page tree's root on the way.
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SECTION = re.compile(rb"(\d+) (\d+)\s*\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = {key: re.compile(rb"/" + key + rb"\s+(\d+)\s+0\s+R") for key in (b"Root", b"Info", b"Pages")}
_COUNT = re.compile(rb"/Count\s+(\d+)")
_STRING = rb"\s*(?:<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))"
"""A PDF string value, hex or literal (LibreOffice writes no nested parentheses unescaped)."""


class PdfStructureError(ValueError):
    """The PDF is not laid out as LibreOffice writes it (or is damaged)."""


def _xref(data: bytes, start: int) -> tuple[dict[int, int], bytes]:
    """The classic cross-reference table at ``start``: object number → offset, and the trailer."""
    if not data.startswith(b"xref", start):
        raise PdfStructureError("no classic cross-reference table")
    offsets: dict[int, int] = {}
    at = start + 4
    while True:
        while data[at:at + 1] in (b"\r", b"\n", b" "):
            at += 1
        section = _SECTION.match(data, at)
        if section is None:
            break
        first, count = int(section[1]), int(section[2])
        at = section.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, at)
            if entry is None:
                raise PdfStructureError("damaged cross-reference entry")
            if entry[3] == b"n":
                offsets[number] = int(entry[1])
            at = entry.end()
            while data[at:at + 1] in (b"\r", b"\n", b" "):
                at += 1
    if not data.startswith(b"trailer", at):
        raise PdfStructureError("no trailer")
    end = data.find(b"startxref", at)
    trailer = data[at + len(b"trailer"):end].strip()
    if b"/Prev" in trailer or b"/XRefStm" in trailer:
        raise PdfStructureError("already updated incrementally")
    return offsets, trailer


def _object(data: bytes, offsets: dict[int, int], number: int) -> bytes:
    """The body of object ``number`` (between ``obj`` and ``endobj``)."""
    start = offsets.get(number)
    header = b"%d 0 obj" % number
    if start is None or not data.startswith(header, start):
        raise PdfStructureError(f"object {number} is not where the table says")
    end = data.find(b"endobj", start)
    if end < 0:
        raise PdfStructureError(f"object {number} does not end")
    return data[start + len(header):end].strip()


def _ref(dictionary: bytes, key: bytes) -> int:
    found = _REF[key].search(dictionary)
    if found is None:
        raise PdfStructureError(f"no /{key.decode()}")
    return int(found[1])


def pdf_text(value: str) -> bytes:
    """A text string as PDF writes it: UTF-16BE with its byte-order mark, in hex."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def with_info(data: bytes, fields: dict[str, str]) -> tuple[int, bytes]:
    """The page count of the PDF ``data``, and ``data`` with ``fields`` (``/Title`` → text)
    set in its Info dictionary — ``data`` itself when there are none.

    Raises PdfStructureError when the PDF is not a plain single-revision one.
    """
    tail = _STARTXREF.search(data, max(0, len(data) - 64))
    if tail is None:
        raise PdfStructureError("no startxref at the end")
    previous = int(tail[1])
    offsets, trailer = _xref(data, previous)
    root = _object(data, offsets, _ref(trailer, b"Root"))
    count = _COUNT.search(_object(data, offsets, _ref(root, b"Pages")))
    if count is None:
        raise PdfStructureError("no page count")
    if not fields:
        return int(count[1]), data
    number = _ref(trailer, b"Info")
    info = _object(data, offsets, number)
    if not (info.startswith(b"<<") and info.endswith(b">>")):
        raise PdfStructureError("the Info object is not a dictionary")
    entries = info[2:-2]
    for key in fields:
        entries = re.sub(re.escape(key.encode()) + rb"(?![A-Za-z])" + _STRING, b"", entries)
    ours = b"".join(key.encode() + pdf_text(value) for key, value in fields.items())
    entries = ours + b"\n" + entries.strip()
    body = data if data.endswith(b"\n") else data + b"\n"
    at = len(body)
    update = b"%d 0 obj\n<<%s>>\nendobj\n" % (number, entries)
    xref_at = at + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (number, at)
    update += b"trailer\n%s/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (trailer[:-2].rstrip(), previous, xref_at)
    return int(count[1]), body + update
