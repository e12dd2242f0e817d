"""Handing files to the operating system: open a PDF, show its folder, print it.

Windows uses ``os.startfile`` (``"print"`` prints with the default PDF program);
Linux prints with ``lp`` (CUPS) when present, else opens the default viewer so the
user prints from there; macOS uses ``lp``/``open``. The command choice is a pure
function so it can be tested on any machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from g60desk.domain.errors import UserError


class OsActionError(UserError):
    """The system could not open or print a file; ``message`` is Chinese."""


@dataclass(frozen=True)
class Action:
    """Either ``startfile`` (Windows verb) or a command line to run."""

    startfile: str | None = None
    command: tuple[str, ...] = ()
    # Shown to the user after the action, e.g. “已发送到打印机”.
    note: str = ""


def open_action(path: Path, platform: str = sys.platform) -> Action:
    if platform == "win32":
        return Action(startfile="open")
    if platform == "darwin":
        return Action(command=("open", str(path)))
    return Action(command=("xdg-open", str(path)))


def print_action(path: Path, platform: str = sys.platform,
                 which: Callable[[str], str | None] = shutil.which) -> Action:
    if platform == "win32":
        return Action(startfile="print", note="已交给默认的 PDF 程序打印。")
    if which("lp"):
        return Action(command=("lp", str(path)), note="已发送到默认打印机。")
    if which("lpr"):
        return Action(command=("lpr", str(path)), note="已发送到默认打印机。")
    return Action(command=open_action(path, platform).command,
                  note="未找到打印命令(lp),已用默认程序打开 PDF,请在其中打印。")


def _run(action: Action, path: Path, runner: Callable[[Sequence[str]], object] | None) -> None:
    if action.startfile is not None:
        startfile = getattr(os, "startfile", None)
        if startfile is None:
            raise OsActionError("此系统不支持直接打开文件。")
        try:
            startfile(str(path), action.startfile)
        except OSError as exc:
            raise OsActionError(f"无法打开 {path.name}:{exc.strerror or exc}。"
                               "请确认已安装 PDF 阅读程序。") from exc
        return
    run = runner or (lambda cmd: subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL,
                                                  stderr=subprocess.DEVNULL))
    try:
        run(action.command)
    except OSError as exc:
        raise OsActionError(f"无法执行“{action.command[0]}”:{exc.strerror or exc}。") from exc


def open_file(path: Path, runner: Callable[[Sequence[str]], object] | None = None) -> None:
    _run(open_action(path), path, runner)


def open_folder(path: Path, runner: Callable[[Sequence[str]], object] | None = None) -> None:
    folder = path if path.is_dir() else path.parent
    _run(open_action(folder), folder, runner)


def print_file(path: Path, runner: Callable[[Sequence[str]], object] | None = None) -> str:
    action = print_action(path)
    _run(action, path, runner)
    return action.note
