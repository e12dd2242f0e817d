"""Printing a generated PDF: which printers there are, which command prints, what to say.

Every decision is a pure function of a :class:`PrintEnv` (what the machine has) and a
:class:`PrintRequest` (what the user chose), so it is tested with fakes on any machine:

- Windows: the PDF goes to the default PDF program, ``os.startfile(path, "print")`` for
  the default printer, ``ShellExecute(…, "printto", path, '"printer"')`` for another one,
  once per copy (the verbs take no copy count). Printers come from ``EnumPrintersW``.
- UOS/Kylin and other Linux: CUPS, ``lp -d PRINTER -n COPIES -- FILE``; printers from
  ``lpstat -a``, the default from ``lpstat -d`` (both run with ``LC_ALL=C`` so the output
  is parseable whatever the desktop language).
- Nothing can print (no ``lp``, or no printer added): a Chinese sentence that says what
  to do instead (另存为 PDF and print on another machine, install CUPS, add a printer).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from g60desk.domain.errors import UserError

MAX_COPIES = 99
# Seconds ``lp``/``lpstat`` may take before the program gives up on them.
COMMAND_TIMEOUT = 20

NO_CUPS = ("本机没有安装打印服务(CUPS,找不到 lp 命令),无法直接打印。"
           "请用“导出 PDF”另存为 PDF 文件,拷到能打印的电脑上打印;"
           "或请管理员安装 CUPS(软件包 cups)并添加打印机。")
NO_PRINTER_LINUX = ("本机还没有添加打印机。请在系统设置的“打印机”中添加打印机后再试;"
                    "或用“导出 PDF”另存为 PDF 文件,拷到能打印的电脑上打印。")
NO_PRINTER_WINDOWS = ("本机还没有安装打印机。请在“设置 > 设备 > 打印机和扫描仪”中添加打印机后再试;"
                      "或用“导出 PDF”另存为 PDF 文件,拷到能打印的电脑上打印。")


class PrintError(UserError):
    """Printing failed or is impossible here; ``message`` is Chinese."""


# A command runner: argument list -> (exit code, standard output, standard error).
Runner = Callable[[Sequence[str]], tuple[int, str, str]]


@dataclass(frozen=True)
class PrintEnv:
    """What this machine offers for printing."""

    platform: str
    # Linux: ``lp`` is installed (CUPS client). Unused on Windows.
    has_lp: bool = False
    printers: tuple[str, ...] = ()
    default: str | None = None
    # False when the printer list could not be read (then printing to the default is tried).
    listed: bool = True

    @property
    def windows(self) -> bool:
        return self.platform == "win32"

    def unavailable(self) -> str | None:
        """The Chinese sentence to show when nothing can print here, else None."""
        if self.windows:
            return NO_PRINTER_WINDOWS if self.listed and not self.printers else None
        if not self.has_lp:
            return NO_CUPS
        if self.listed and not self.printers:
            return NO_PRINTER_LINUX
        return None

    def choices(self) -> list[str]:
        """Printer names for the choice box, the default first."""
        names = list(self.printers)
        if self.default in names:
            names.remove(self.default)
            names.insert(0, self.default)
        return names


@dataclass(frozen=True)
class PrintRequest:
    """What the user chose in the print dialog: the printer (None: the default) and copies."""
    printer: str | None = None
    copies: int = 1


@dataclass(frozen=True)
class PrintPlan:
    """What to run: command lines (CUPS) or shell verbs (Windows), and the note after it."""

    commands: tuple[tuple[str, ...], ...] = ()
    # Windows: (verb, parameters) for ShellExecute, one per copy.
    shell: tuple[tuple[str, str], ...] = ()
    note: str = ""


def parse_copies(text: str) -> int:
    """The copies box: a whole number 1..99, else a Chinese message."""
    t = text.strip()
    if not t.isdigit() or not 1 <= int(t) <= MAX_COPIES:
        raise PrintError(f"份数请填写 1 到 {MAX_COPIES} 之间的整数。")
    return int(t)


def parse_lpstat_printers(text: str) -> tuple[str, ...]:
    """``lpstat -a`` (LC_ALL=C): one line per queue, its name first."""
    names: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] not in names and "accepting" in line:
            names.append(parts[0])
    return tuple(names)


def parse_lpstat_default(text: str) -> str | None:
    """``lpstat -d`` (LC_ALL=C): ``system default destination: NAME``."""
    for line in text.splitlines():
        if line.startswith("system default destination:"):
            name = line.split(":", 1)[1].strip()
            return name or None
    return None


def plan_print(path: Path, request: PrintRequest, env: PrintEnv) -> PrintPlan:
    """The commands that print ``path`` as asked; PrintError when nothing can print."""
    problem = env.unavailable()
    if problem is not None:
        raise PrintError(problem)
    copies = request.copies
    if not 1 <= copies <= MAX_COPIES:
        raise PrintError(f"份数请填写 1 到 {MAX_COPIES} 之间的整数。")
    printer = request.printer or env.default
    where = f"打印机“{printer}”" if printer else "默认打印机"
    if env.windows:
        if printer and printer != env.default:
            shell = (("printto", f'"{printer}"'),) * copies
        else:
            shell = (("print", ""),) * copies
        return PrintPlan(shell=shell,
                         note=f"已交给默认的 PDF 程序,在{where}上打印 {copies} 份。"
                              "如果没有打印出来,请打开 PDF 文件后在阅读程序中打印。")
    command = ["lp"]
    if printer:
        command += ["-d", printer]
    command += ["-n", str(copies), "--", str(path)]
    return PrintPlan(commands=(tuple(command),), note=f"已发送到{where},共 {copies} 份。")


def _run_command(cmd: Sequence[str]) -> tuple[int, str, str]:
    env = dict(os.environ, LC_ALL="C", LANG="C")
    done = subprocess.run(list(cmd), capture_output=True, text=True, env=env,
                          timeout=COMMAND_TIMEOUT, check=False)
    return done.returncode, done.stdout, done.stderr


def _windows_printers() -> tuple[tuple[str, ...], str | None, bool]:
    """Installed printers and the default one, through winspool; ((), None, False) on failure."""
    try:
        import ctypes
        from ctypes import wintypes
        winspool = ctypes.WinDLL("winspool.drv")  # type: ignore[attr-defined]

        class PrinterInfo4(ctypes.Structure):
            _fields_ = [("pPrinterName", wintypes.LPWSTR), ("pServerName", wintypes.LPWSTR),
                        ("Attributes", wintypes.DWORD)]

        flags = 0x2 | 0x4  # PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
        needed, count = wintypes.DWORD(0), wintypes.DWORD(0)
        winspool.EnumPrintersW(flags, None, 4, None, 0, ctypes.byref(needed), ctypes.byref(count))
        names: list[str] = []
        if needed.value:
            buf = ctypes.create_string_buffer(needed.value)
            if winspool.EnumPrintersW(flags, None, 4, buf, needed, ctypes.byref(needed),
                                      ctypes.byref(count)):
                infos = ctypes.cast(buf, ctypes.POINTER(PrinterInfo4))
                names = [infos[i].pPrinterName for i in range(count.value) if infos[i].pPrinterName]
        size = wintypes.DWORD(0)
        winspool.GetDefaultPrinterW(None, ctypes.byref(size))
        default = None
        if size.value:
            name = ctypes.create_unicode_buffer(size.value)
            if winspool.GetDefaultPrinterW(name, ctypes.byref(size)):
                default = name.value or None
        return tuple(names), default, True
    except (OSError, AttributeError, ValueError):
        return (), None, False


def discover(platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which,
             run: Runner | None = None,
             windows_printers: Callable[[], tuple[tuple[str, ...], str | None, bool]]
             = _windows_printers) -> PrintEnv:
    """Ask the system which printers there are (a few hundred milliseconds at most)."""
    if platform == "win32":
        names, default, listed = windows_printers()
        return PrintEnv(platform, printers=names, default=default, listed=listed)
    if not which("lp"):
        return PrintEnv(platform, has_lp=False)
    run = run or _run_command
    printers: tuple[str, ...] = ()
    default = None
    if not which("lpstat"):
        # lp without lpstat: nothing to list, print to the default queue.
        return PrintEnv(platform, has_lp=True, listed=False)
    try:
        code, out, _ = run(("lpstat", "-a"))
        printers = parse_lpstat_printers(out) if code == 0 else ()
        code, out, _ = run(("lpstat", "-d"))
        default = parse_lpstat_default(out) if code == 0 else None
    except (OSError, subprocess.SubprocessError):
        return PrintEnv(platform, has_lp=True, listed=False)
    return PrintEnv(platform, has_lp=True, printers=printers, default=default)


@dataclass
class PrintSystem:
    """Runs a :class:`PrintPlan`; the callables are replaced by fakes in tests."""

    run: Runner = field(default=_run_command)
    startfile: Callable[[str, str], object] | None = None
    shell_execute: Callable[[str, str, str], object] | None = None

    def execute(self, path: Path, plan: PrintPlan) -> str:
        """Print; the note to show, or PrintError with a Chinese message."""
        for command in plan.commands:
            try:
                code, _, err = self.run(command)
            except FileNotFoundError as exc:
                raise PrintError(f"找不到打印命令“{command[0]}”。{NO_CUPS}") from exc
            except (OSError, subprocess.SubprocessError) as exc:
                raise PrintError(f"打印命令“{command[0]}”没有完成({type(exc).__name__})。"
                                 "请检查打印服务是否在运行,或另存为 PDF 后到其他电脑打印。") from exc
            if code != 0:
                detail = err.strip().splitlines()[-1] if err.strip() else f"返回码 {code}"
                raise PrintError("打印机没有接受打印任务。请检查打印机名称、是否已连接、是否被暂停。"
                                 f"(系统提示:{detail})")
        for verb, params in plan.shell:
            try:
                if verb == "print" or self.shell_execute is None:
                    startfile = self.startfile or getattr(os, "startfile", None)
                    if startfile is None:
                        raise PrintError("此系统不支持交给 PDF 程序打印。")
                    startfile(str(path), "print")
                else:
                    self.shell_execute(verb, str(path), params)
            except OSError as exc:
                raise PrintError("没有能打印 PDF 的程序。请安装 PDF 阅读程序(如 WPS、"
                                 "福昕阅读器)并设为默认程序,或另存为 PDF 后到其他电脑打印。"
                                 ) from exc
        return plan.note


def windows_shell_execute(verb: str, path: str, params: str) -> object:
    """ShellExecuteW; a return value of 32 or less is a failure (OSError)."""
    import ctypes
    result = ctypes.windll.shell32.ShellExecuteW(  # type: ignore[attr-defined]
        None, verb, path, params or None, None, 0)
    if int(result) <= 32:
        raise OSError(int(result), "ShellExecute")
    return result


def default_system() -> PrintSystem:
    if sys.platform == "win32":
        return PrintSystem(shell_execute=windows_shell_execute)
    return PrintSystem()
