"""``selfcheck``: what support staff run first — fonts (PDF and window), templates, data folder,
a test PDF.

Prints a Chinese report, one line per check; exit 0 when all pass, 1 otherwise.
Changes nothing the user owns: the data folder is only probed with a temporary file,
and the test PDF is written to a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from g60desk import __version__, fileio, paths

Check = Callable[[], str]


class Notice(Exception):
    """Something the user should know that does not stop the program working
    (printed as ``[提示]``, not counted as a failure)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("selfcheck", help="自检:字体、模板、数据文件夹,并试生成 PDF",
                       description="检查程序能否正常工作:字体、模板、数据文件夹是否可写,"
                                   "并用示例申报试生成一份 PDF。出现问题时请把输出发给技术人员。")
    p.set_defaults(func=run)


def _templates() -> str:
    from g60desk.formspec import load_library, load_template_dirs
    from g60desk.formspec.review import load_review

    found = load_template_dirs(*paths.template_dirs())
    library = load_library(paths.library_file())
    load_review(paths.review_file())
    where = [f"{tid}({'数据文件夹' if path.parent == paths.user_forms_dir() else '程序'})"
             for tid, path in found.origins.items()]
    text = (f"{len(found.templates)} 个模板({'、'.join(where)}),"
            f"新建申报默认 {found.default.id if found.default else '无'},指标库 {len(library)} 条")
    if found.problems:
        raise RuntimeError(text + ";跳过有问题的模板:" + ";".join(found.problems))
    if not found.templates:
        raise RuntimeError("没有可用的模板")
    return text


def _sheets() -> str:
    from g60desk.formspec.sheets import KIND_NAMES, load_sheet_dirs

    found = load_sheet_dirs(*paths.template_dirs())
    text = "、".join(f"{s.id}({KIND_NAMES[s.kind]})" for s in found.sheets.values()) or "无"
    if found.problems:
        raise RuntimeError(f"{text};跳过有问题的表样:" + ";".join(found.problems))
    return text


def _fonts() -> str:
    from g60desk.pdf import default_fonts
    from g60desk.pdf.fonts import load_font_set

    fonts = default_fonts()
    with tempfile.TemporaryDirectory(prefix="g60desk-selfcheck-") as cache:
        load_font_set(fonts, Path(cache))
    used = sorted({str(fonts.song), str(fonts.fangsong), str(fonts.hei)})
    return "可用:" + ";".join(used)


def _ui_font() -> str:
    """The family the window would use (g60desk.ui.fonts decides; same code as the window)."""
    import tkinter

    from g60desk.ui.fonts import choose_ui_font

    try:
        root = tkinter.Tk()
    except tkinter.TclError:
        return "没有图形显示,未检查(命令行功能不受影响)"
    try:
        root.withdraw()
        choice = choose_ui_font(root)
    finally:
        root.destroy()
    if choice.family is None:
        raise RuntimeError(choice.describe())
    return choice.describe()


def _data_folder() -> str:
    folder, source = paths.data_dir_and_source()
    existed = folder.exists()
    probe = folder / f".selfcheck-{uuid.uuid4().hex[:8]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The same write as every save (temp file, fsync, rename): that must work here.
        fileio.write_atomic(probe, b"g60desk")
    except OSError as exc:
        raise RuntimeError(f"{folder} 无法创建或写入({exc.strerror or exc});{source}。"
                           "请换一个有写入权限的位置,或设置环境变量 G60DESK_HOME。") from None
    except fileio.FileWriteError as exc:
        raise RuntimeError(f"{exc.message}{source}。"
                           "请换一个有写入权限的位置,或设置环境变量 G60DESK_HOME。") from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)
    note = "" if existed else "(新建)"
    return f"{folder}{note} 可写;{source}"


def _sample_pdf() -> str:
    from g60desk.exchange.bundle import read_bundle
    from g60desk.formspec import load_template_dirs
    from g60desk.pdf import PdfOptions, render_declaration
    from g60desk.rules.checker import run_checks

    decl = read_bundle(paths.sample_bundle())
    templates = load_template_dirs(*paths.template_dirs()).templates
    result = run_checks(decl, templates)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="g60desk-selfcheck-") as tmp:
        rendered = render_declaration(decl, templates[decl.template],
                                      PdfOptions(error_count=result.errors, font_cache=Path(tmp)))
        out = Path(tmp) / "selfcheck.pdf"
        out.write_bytes(rendered.data)
        size = out.stat().st_size
    seconds = time.perf_counter() - started
    if rendered.warnings:
        missing = "、".join(sorted({w.char for w in rendered.warnings}))
        raise RuntimeError(f"字体缺少这些字:{missing}")
    return f"示例申报 {len(decl.projects)} 个项目,{rendered.pages} 页,{size // 1024} KB,用时 {seconds:.2f} 秒"


def _preview() -> str:
    """The print preview's PDFium renders a one-page PDF (its native library is there)."""
    from reportlab.pdfgen import canvas

    from g60desk.services.preview import PdfPages

    with tempfile.TemporaryDirectory(prefix="g60desk-selfcheck-") as tmp:
        out = Path(tmp) / "preview.pdf"
        c = canvas.Canvas(str(out), pagesize=(595, 842))
        c.rect(50, 50, 495, 742, fill=1)
        c.showPage()
        c.save()
        pages = PdfPages(out)
        try:
            image = pages.render(0, 0.25)
        finally:
            pages.close()
    darkest = image.convert("L").getextrema()[0]   # one band: (min, max)
    if not isinstance(darkest, (int, float)) or darkest > 100:
        raise RuntimeError("PDFium 生成了空白页面")
    import pypdfium2
    return f"PDFium {pypdfium2.PDFIUM_INFO},pypdfium2 {pypdfium2.PYPDFIUM_INFO}"


def _printing() -> str:
    """The printers the print dialog would offer, read the way it reads them
    (winspool on Windows, lpstat on Linux)."""
    from g60desk.services.printing import discover

    env = discover()
    reason = env.unavailable()
    if reason is not None:
        raise Notice(reason)
    if not env.listed:
        return "无法列出打印机,打印时使用系统默认打印机"
    names = env.choices()
    default = f",默认:{env.default}" if env.default else ",没有设置默认打印机"
    return f"{len(names)} 台打印机({'、'.join(names)}){default}"


CHECKS: tuple[tuple[str, Check], ...] = (
    ("模板和指标库", _templates),
    ("监控表和自评表", _sheets),
    ("字体", _fonts),
    ("界面字体", _ui_font),
    ("数据文件夹", _data_folder),
    ("生成 PDF", _sample_pdf),
    ("打印预览", _preview),
    ("打印", _printing),
)


def run(args: argparse.Namespace) -> int:
    mode = "打包版" if getattr(sys, "frozen", False) else "源码运行"
    print(f"G60Desk {__version__} 自检({mode},Python {platform.python_version()},"
          f"{platform.system()} {platform.release()} {platform.machine()})")
    print(f"程序文件夹:{paths.resource_root()}")
    failures = 0
    for title, check in CHECKS:
        try:
            detail = check()
        except Notice as notice:
            print(f"[提示] {title}:{notice}")
            continue
        except Exception as exc:  # a self-check reports every failure, whatever it is
            failures += 1
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            print(f"[失败] {title}:{message}")
        else:
            print(f"[通过] {title}:{detail}")
    if failures:
        print(f"自检发现 {failures} 项问题,请把以上内容发给技术人员。")
        return 1
    print("自检通过,程序可以正常使用。")
    return 0
