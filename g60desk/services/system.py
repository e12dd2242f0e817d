"""Handing files to the operating system: open a PDF, show its folder.

Windows uses ``os.startfile``; Linux ``xdg-open``; macOS ``open``. The command choice is
a pure function so it can be tested on any machine. Printing is ``services.printing``.
"""

from __future__ import annotations

import os
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


def _run(action: Action, path: Path, runner: Callable[[Sequence[str]], object] | None) -> None:
    if action.startfile is not None:
        startfile = getattr(os, "startfile", None)
        if startfile is None:
            raise OsActionError("此系统不支持直接打开文件。")
        try:
            startfile(str(path), action.startfile)
        except OSError as exc:
            raise OsActionError(f"无法打开“{path.name}”。请确认已安装 PDF 阅读程序"
                                "(如 WPS、福昕阅读器)并设为默认程序。") from exc
        return
    run = runner or (lambda cmd: subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL,
                                                  stderr=subprocess.DEVNULL))
    try:
        run(action.command)
    except OSError as exc:
        raise OsActionError(open_failure(action.command[0], path, exc)) from exc


def open_failure(program: str, path: Path, exc: OSError) -> str:
    """A Chinese sentence for a program that could not be started to open ``path``."""
    if isinstance(exc, FileNotFoundError):
        why = f"本机没有用来打开文件的程序“{program}”"
        if program == "xdg-open":
            why += "(软件包 xdg-utils)"
    elif isinstance(exc, PermissionError):
        why = f"没有权限运行“{program}”"
    else:
        why = f"运行“{program}”失败"
    return f"{why}。文件已保存在:{path},请在文件管理器中找到并打开它。"


def open_file(path: Path, runner: Callable[[Sequence[str]], object] | None = None) -> None:
    _run(open_action(path), path, runner)


def open_folder(path: Path, runner: Callable[[Sequence[str]], object] | None = None) -> None:
    folder = path if path.is_dir() else path.parent
    _run(open_action(folder), folder, runner)
