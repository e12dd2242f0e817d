"""``xlsx FILE -o OUT.xlsx``: a bundle as an Excel workbook (填报表 per project, 项目汇总, 指标明细)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from g60desk.commands import output_file
from g60desk.commands.templates import load_all
from g60desk.domain.model import Declaration
from g60desk.domain.rollup import ProjectCheck
from g60desk.exchange.bundle import BundleError, read_bundle
from g60desk.formspec import Template, TemplateError
from g60desk.rules.checker import check_declaration
from g60desk.rules.grade import grade_report
from g60desk.rules.review import default_review


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "xlsx", help="把申报数据包导出为 Excel 工作簿(.xlsx)",
        description="把申报数据包导出为 Excel 工作簿:每个项目一张填报表,另有项目汇总和指标明细;"
                    "可用 Excel、WPS 打开和打印,也可再用 import 命令导回。")
    p.add_argument("file", type=Path, metavar="FILE", help="申报数据包(.json)")
    p.add_argument("-o", "--output", type=output_file, required=True, metavar="OUT.xlsx",
                   help="输出的工作簿文件")
    p.set_defaults(func=run)


def project_checks(decl: Declaration, template: Template) -> list[ProjectCheck]:
    """The 预审 label (可提交/建议修改/必须修改) and error count of every project."""
    findings = check_declaration(decl, template)
    report = grade_report(decl, findings, default_review().grade)
    return [ProjectCheck(pg.grade.label, pg.grade.rank, pg.grade.errors) for pg in report.projects]


def resolve(path: Path) -> tuple[Declaration, Template]:
    """A bundle and its template; ``BundleError``/``TemplateError`` (Chinese) otherwise."""
    decl = read_bundle(path)
    templates = load_all()
    template = templates.get(decl.template)
    if template is None:
        known = "、".join(sorted(templates))
        raise TemplateError(f"数据包使用的模板“{decl.template}”不存在(可用的模板:{known})。")
    return decl, template


def run(args: argparse.Namespace) -> int:
    from g60desk.exchange.workbook import write_workbook

    try:
        decl, template = resolve(args.file)
    except BundleError as exc:
        print(f"错误:{exc.message}", file=sys.stderr)
        return 2
    except TemplateError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 2
    write_workbook(decl, template, args.output, project_checks(decl, template))
    print(f"已导出 {args.output}({len(decl.projects)} 个项目,"
          f"{sum(len(p.indicators) for p in decl.projects)} 条指标)。")
    return 0
