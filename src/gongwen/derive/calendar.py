"""行事历: each month's numbered list from recurring items, themes and seasonal supervisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models.body import Item
from ..models.calendar import MONTH_NAMES, TaskCalendar
from .numbering import list_style_at_top
from .outline import Block, BodyBuilder, Heading, Outline


@dataclass(frozen=True)
class CalendarMonth:
    """One month of the task calendar: its name (九月) and its items in order."""

    month: int
    items: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """一月…十二月."""
        return MONTH_NAMES[self.month - 1]


def theme_item(matter: str) -> str:
    """The calendar line for a regular matter taken as a month's theme."""
    return f"开展“{matter}”主题督导"


def monthly_themes(calendar: TaskCalendar) -> dict[int, list[str]]:
    """一月一主题: the matters cycled through each term's months, evenly and in order.

    Every term's months together take at least one full round of the catalogue, so each
    matter comes at least once per term; the next term continues the cycle where the
    previous one stopped, so the matters rotate through the months across terms.
    """
    names = [m.name for m in calendar.matters]
    themes: dict[int, list[str]] = {}
    if not names:
        return themes
    cursor = 0
    for term in calendar.terms:
        count = len(term.months)
        slots = max(len(names), count)
        for index, month in enumerate(term.months):
            first, last = index * slots // count, (index + 1) * slots // count
            picked = [names[(cursor + n) % len(names)] for n in range(first, last)]
            themes.setdefault(month, []).extend(picked)
        cursor = (cursor + slots) % len(names)
    return themes


def calendar_months(calendar: TaskCalendar) -> list[CalendarMonth]:
    """The twelve months of the calendar; explicit month items in the data win."""
    themes = monthly_themes(calendar)
    months = []
    for month in range(1, 13):
        explicit = calendar.months.get(month)
        if explicit is not None and explicit.items is not None:
            months.append(CalendarMonth(month, list(explicit.items)))
            continue
        theme_names = themes.get(month, [])
        specials = [s.item for s in calendar.specials if month in s.months]
        extra: list[str] = []
        closing = calendar.closing
        if explicit is not None:
            theme_names = theme_names if explicit.themes is None else explicit.themes
            specials = specials if explicit.specials is None else explicit.specials
            extra = explicit.extra
            closing = closing if explicit.closing is None else explicit.closing
        month_themes = [theme_item(name) for name in theme_names]
        items = [*calendar.recurring, *month_themes, *specials, *extra, *closing]
        months.append(CalendarMonth(month, list(dict.fromkeys(items))))
    return months


def calendar_outline(calendar: TaskCalendar) -> Outline:
    """The 行事历 body: the preamble, then each month 一月…十二月 as an unnumbered level-1
    heading followed by its items, numbered in the calendar's style (1.…；2.…。)."""
    builder = BodyBuilder(f"“{calendar.title}”")
    style = calendar.numbering
    blocks: list[Block] = builder.body(calendar.preamble, list_style_at_top(style), 1, "preamble")
    for month in calendar_months(calendar):
        blocks.append(Heading(1, "", month.name))
        where = f"months.{month.name}.items"
        blocks += builder.items([Item.model_construct(text=text) for text in month.items], style, 2, where,
                                punctuation=calendar.punctuation)
    return Outline(tuple(blocks))
