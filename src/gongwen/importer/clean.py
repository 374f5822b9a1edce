"""Setting aside what is not the document: page numbers, running headers and footers, and
the junk of web pages (小编、欢迎阅读、来源 …) — each with its line, into the report."""

from __future__ import annotations

import re

from .labels import parse_label
from .report import LeftOut, Uncertain
from .source import Line

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_WEB_JUNK = re.compile(
    r"小编|欢迎阅读|欢迎访问|欢迎大家(?:阅读|参考|借鉴)|本文来源|文章来源|责任编辑|点击(?:查看|下载|进入|阅读)"
    r"|扫一扫|分享到|上一篇|下一篇|相关(?:阅读|文章|推荐)|更多.{0,12}(?:请|敬请)关注|关注(?:我们|公众号)"
    r"|版权(?:所有|归)|免责声明|打印本页|关闭窗口|返回(?:顶部|首页|列表)|收藏本文"
)
"""Phrases of web pages, never of a 公文: the line is junk whatever its length."""
_WEB_LABELS = re.compile(
    r"来源[：:]|编辑[：:]|作者[：:]|阅读(?:次数|量)[：:]|浏览(?:次数|量)[：:]|发布(?:时间|日期)[：:]"
    r"|字号[：:]?\s*[大中小]|https?://|www\.",
    re.IGNORECASE,
)
"""Labels of a web page's head or foot: junk on a short line."""
_GARBLED = re.compile(r"[?？][a-zA-Z\u00e0-\u01dc^]{1,6}[)）]|�")
_RULE = re.compile(r"^[\-—–_=━─═*·.。－＿＝]{3,}$")
_INDENT = re.compile(r"^[\s\u3000\u00a0]+")


def clean(lines: list[Line], left_out: list[LeftOut], notes: list[str]) -> list[Line]:
    """Lines without page numbers, running headers and web junk (listed in ``left_out``);
    separator lines become drawn rules; indentation and trailing spaces are dropped.

    A short line is a running header or footer when it comes back at least three times,
    each time next to a page number or a page break."""
    indented = 0
    kept: list[Line] = []
    page_edges: set[int] = {0}  # positions in ``kept`` next to a page number or break
    for line in lines:
        if line.page_break:
            page_edges.update({len(kept) - 1, len(kept)})
        if line.table is not None or line.rule:
            kept.append(line)
            continue
        text = line.text.rstrip()
        bare = _INDENT.sub("", text)
        if bare != text and not line.label:
            indented += 1
        line.text = bare
        if _RULE.match(bare):
            line.rule = True
            kept.append(line)
        elif _PAGE_NUMBER.match(bare):
            left_out.append(LeftOut(line.where, bare, "页码"))
            page_edges.update({len(kept) - 2, len(kept) - 1, len(kept), len(kept) + 1})
        elif _WEB_JUNK.search(bare) or (len(bare) <= 60 and _WEB_LABELS.search(bare)):
            left_out.append(LeftOut(line.where, bare, "网页杂项"))
        else:
            kept.append(line)
    page_edges.add(len(kept) - 1)
    places: dict[str, list[int]] = {}
    for index, line in enumerate(kept):
        if line.text and len(line.text) <= 40 and not parse_label(line.text):
            places.setdefault(line.text, []).append(index)
    headers = {
        text for text, where in places.items()
        if len(where) >= 3 and all(index in page_edges for index in where)
    }
    for line in kept:
        if line.text in headers:
            left_out.append(LeftOut(line.where, line.text, f"页眉或页脚（重复 {len(places[line.text])} 次）"))
    kept = [line for line in kept if line.text not in headers]
    if indented:
        notes.append(f"{indented} 行行首的缩进空格已去掉（缩进由格式决定）")
    return kept


def garbled(lines: list[Line]) -> list[Uncertain]:
    """Lines where a web page broke characters (因?yàn)^职, �): kept as they are, listed."""
    found = []
    for line in lines:
        match = _GARBLED.search(line.text)
        if match:
            found.append(Uncertain(line.where, f"疑似乱码“{match.group()}”（网页转码错误）", "照原样保留",
                                   "对照原件改正"))
    return found
