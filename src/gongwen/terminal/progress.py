"""A progress bar on stderr for long batches, drawn with rich.

Shown once a batch has run for :data:`AFTER` seconds (``GONGWEN_PROGRESS_AFTER`` to change
it), only when stderr is a terminal and not with ``--quiet``: documents written of all,
the document in hand, PDFs converted of those queued, and the time left.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..batch import Progress

AFTER = 2.0
"""Seconds a batch runs before its bar appears: short runs stay quiet."""

STAGES = {"import": "导入", "document": "排版", "pdf": "转 PDF"}


class Bar:
    """Called with each :class:`~gongwen.batch.Progress` of a batch; a context manager that
    clears the bar at the end."""

    def __init__(self, quiet: bool = False) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.enabled = not quiet and self.console.is_terminal
        self.after = float(os.environ.get("GONGWEN_PROGRESS_AFTER", AFTER))
        self.started = time.monotonic()
        self.display: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.display is not None:
            self.display.stop()

    def __call__(self, event: Progress) -> None:
        if not self.enabled or event.total == 0:
            return
        if self.display is None:
            if time.monotonic() - self.started < self.after:
                return
            self.display = self._start()
        if event.stage not in self.tasks:
            self.tasks[event.stage] = self.display.add_task(STAGES.get(event.stage, event.stage),
                                                            total=event.total, current="")
        waiting = event.total - event.done
        queued = f"（排队 {waiting}）" if event.stage == "pdf" and waiting else ""
        self.display.update(self.tasks[event.stage], completed=event.done, total=event.total,
                            current=f"{event.current}{queued}")

    def _start(self) -> Any:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        display = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TextColumn("剩余"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
                           console=self.console, transient=True)
        display.start()
        return display


__all__ = ["AFTER", "Bar"]
