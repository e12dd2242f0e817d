"""``pdf``: print a bundle to a print-ready PDF.

    python main.py pdf FILE -o OUT.pdf [--project N ...] [--final] [--no-signatures]
                       [--font PATH[:INDEX]] [--timestamp] [--sheet monitoring|evaluation]

``--sheet`` prints the 绩效目标执行监控表 or the 自评表 instead of the declaration; a sheet
is a draft while its own findings (M or S, and A) have errors.

The declaration is checked first: with errors the PDF is a draft (草稿 watermark,
the error count in the footer); ``--final`` refuses to print one instead
(exit 1). Exit 2 for input that cannot be read or used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from g60desk.commands import output_file
from g60desk.commands.templates import load_all
from g60desk.domain.model import Declaration
from g60desk.domain.rollup import ProjectCheck
from g60desk.exchange.bundle import BundleError, read_bundle
from g60desk.formspec import Template, TemplateError
from g60desk.rules.checker import check_declaration
from g60desk.rules.findings import Severity


def _project_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"项目序号应为正整数,而不是“{text}”") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"项目序号应为正整数,而不是“{text}”")
    return value


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "pdf", help="导出可打印、盖章报送的 PDF 申报表",
        description="把申报数据包导出为 A4 PDF(版式同纸质申报表)。有错误时导出草稿。")
    p.add_argument("file", metavar="FILE", help="申报数据包(.json)")
    p.add_argument("-o", "--output", type=output_file, required=True, metavar="OUT.pdf",
                   help="输出的 PDF 文件")
    p.add_argument("--project", type=_project_number, nargs="+", action="extend",
                   metavar="N", help="只导出第 N 个项目(从 1 起,可写多个)")
    p.add_argument("--final", action="store_true",
                   help="导出正式稿:检查发现错误时不导出(退出码 1)")
    p.add_argument("--no-signatures", action="store_true", help="不打印末尾的签章栏")
    p.add_argument("--font", metavar="PATH[:INDEX]",
                   help="改用指定的 TrueType 字体(.ttf/.ttc,序号为字体集中的第几个)")
    p.add_argument("--timestamp", action="store_true",
                   help="写入当前时间为创建时间(默认写固定时间,同样的内容得到同样的文件)")
    p.add_argument("--sheet", choices=("declaration", "monitoring", "evaluation"),
                   default="declaration",
                   help="打印哪张表:declaration 申报表(默认)、monitoring 绩效目标执行监控表、"
                        "evaluation 绩效自评表")
    p.set_defaults(func=run)


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


# The findings that make a printed sheet a draft: its own rule letters.
SHEET_CODES = {"monitoring": ("M", "A"), "evaluation": ("S", "A")}


def count_errors(decl: Declaration, template: Template,
                 projects: tuple[int, ...] | None, sheet: str = "declaration") -> int:
    """Errors the checker reports for what is printed (the declaration-wide ones
    and those of the selected projects; for a sheet, only the sheet's own rules)."""
    chosen = None if projects is None else set(projects)
    letters = SHEET_CODES.get(sheet)
    count = 0
    for finding in check_declaration(decl, template):
        if finding.severity is not Severity.ERROR:
            continue
        if letters is not None and not finding.code.startswith(letters):
            continue
        index = finding.project_index
        if chosen is None or index is None or index in chosen:
            count += 1
    return count


def unit_table_checks(decl: Declaration, template: Template) -> tuple[ProjectCheck, ...] | None:
    """预审 and errors per project when the PDF prints a roll-up's 汇总表 (more than one
    declaring unit); ``None`` otherwise (the checker is not run twice for nothing)."""
    if len(decl.declaring_units()) < 2:
        return None
    from g60desk.commands.xlsx import project_checks

    return tuple(project_checks(decl, template))


def run(args: argparse.Namespace) -> int:
    # reportlab is imported here, not at module level: every other command
    # registers alongside this one and should not pay for it.
    from g60desk.pdf import FontError, FontSet, PdfError, PdfOptions, write_pdf
    from g60desk.pdf.fonts import parse_font_option

    try:
        decl = read_bundle(Path(args.file))
    except BundleError as exc:
        return _fail(exc.message)
    try:
        templates = load_all()
    except TemplateError as exc:
        return _fail(str(exc))
    template = templates.get(decl.template)
    if template is None:
        known = "、".join(sorted(templates))
        return _fail(f"数据包使用的模板“{decl.template}”不存在(可用的模板:{known})。")

    projects = None
    if args.project:
        count = len(decl.projects)
        bad = sorted({n for n in args.project if n > count})
        if bad:
            listed = "、".join(str(n) for n in bad)
            return _fail(f"没有第 {listed} 个项目(本申报共有 {count} 个项目)。")
        projects = tuple(sorted({n - 1 for n in args.project}))

    errors = count_errors(decl, template, projects, args.sheet)
    if args.final and errors:
        return _fail(f"申报表经检查尚有 {errors} 处错误,不能导出正式稿。"
                     "请先运行 check 命令查看并修改,或去掉 --final 导出草稿。", 1)

    fonts = FontSet.single(parse_font_option(args.font)) if args.font else None
    options = PdfOptions(projects=projects, signatures=not args.no_signatures,
                         error_count=errors, fonts=fonts, checks=unit_table_checks(decl, template),
                         creation_date=datetime.now().astimezone() if args.timestamp else None)
    out = Path(args.output)
    try:
        if args.sheet == "declaration":
            result = write_pdf(decl, template, out, options)
        else:
            from g60desk.formspec.sheets import KIND_NAMES, sheet_for
            from g60desk.pdf.sheets import write_sheet
            sheet = sheet_for(args.sheet, decl.template)
            if sheet is None:
                return _fail(f"没有适用于模板“{decl.template}”的{KIND_NAMES[args.sheet]}表样"
                             "(forms 文件夹中 [sheet] 文件)。")
            result = write_sheet(decl, template, sheet, out, options)
    except (FontError, PdfError) as exc:
        return _fail(exc.message)
    for warning in result.warnings:
        print(f"警告:{warning.message}", file=sys.stderr)
    note = f",草稿:尚有 {errors} 处错误" if result.draft else ""
    print(f"已导出 {out}(共 {result.pages} 页{note})。")
    return 0
