"""The ``gongwen`` group's way of running: every outcome an exit code and a Chinese
message — click's usage errors (64), gongwen's errors (their codes), Ctrl-C (130) and
anything unexpected (70, its traceback written to a file, or shown with ``--debug``)."""

from __future__ import annotations

import gc
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from ..errors import DataWarning, GongwenError
from .output import INTERRUPTED, USAGE, error_message, failed, internal
from .zh import Group, message_of


def _usage(error: click.ClickException, as_json: bool) -> int:
    message = message_of(error)
    ctx = getattr(error, "ctx", None)
    if not as_json and ctx is not None:
        message += f"\n{ctx.get_usage()}\n用 {ctx.command_path} -h 查看帮助"
    return failed(USAGE, {"code": "E_USAGE", "message": message_of(error), "problems": []}, as_json, message)


DEBUG_VAR = "GONGWEN_DEBUG"
"""Set to 1 to see the traceback of an unforeseen error, as ``--debug`` does."""


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """gongwen's warnings about the input as “注意：…” (a clipped ledger range), others as
    Python shows them."""
    if issubclass(category, DataWarning):
        click.echo(f"注意：{message}", err=True)
    else:
        _python_show_warning(message, category, *args, **kwargs)


_python_show_warning = warnings.showwarning


class Shell(Group):
    """The top-level group: runs a command line and exits with its code."""

    group_class = Group  # its subgroups are plain Chinese groups

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> NoReturn:
        argv = list(sys.argv[1:] if args is None else args)
        as_json = "--json" in argv
        debug = "--debug" in argv or bool(os.environ.get(DEBUG_VAR))
        warnings.showwarning = _show_warning
        warnings.simplefilter("always", DataWarning)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            code = code if isinstance(code, int) else 0
        except (click.Abort, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            message = "已中止（Ctrl-C）；已写完的文件保留"
            code = failed(INTERRUPTED, {"code": "E_INTERRUPTED", "message": message, "problems": []},
                          as_json, message)
        except click.ClickException as error:
            code = _usage(error, as_json)
        except GongwenError as error:
            code = failed(error.exit_code, {**error.to_dict(), "message": error_message(error)}, as_json,
                          error_message(error))
        except Exception as error:  # no traceback reaches a user
            code = internal(error, as_json, debug)
        # Python's collections at exit would walk every object the library made (a quarter
        # of a second after a one-document run); frozen, they are simply left to the exit
        gc.freeze()
        sys.exit(code)


__all__ = ["Shell"]
