"""``rollup A.json B.json ... -o DEPT.json [--department NAME]``: the department's roll-up."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from g60desk.commands import output_file
from g60desk.commands.templates import load_all
from g60desk.domain.money import format_wan
from g60desk.domain.rollup import RollUpError, UnitBundle, roll_up
from g60desk.exchange.bundle import BundleError, read_bundle, write_bundle
from g60desk.formspec import TemplateError
from g60desk.rules.summary import summarize


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "rollup", help="把各预算单位的数据包汇总为主管部门的一份申报",
        description="把各预算单位报来的数据包(同一年度、同一模板)汇总为主管部门的一份申报数据包。"
                    "同一项目编号或同一单位出现在两个数据包中时报告冲突,不汇总、不覆盖;"
                    "加 --replace 时同一单位采用导出时间最新的数据包。")
    p.add_argument("files", nargs="+", type=Path, metavar="数据包", help="各单位的数据包(.json)")
    p.add_argument("-o", "--output", type=output_file, required=True, metavar="DEPT.json",
                   help="汇总后的数据包")
    p.add_argument("--department", metavar="部门", help="汇总后的主管部门名称(默认取各数据包的)")
    p.add_argument("--replace", action="store_true",
                   help="同一单位出现在多个数据包中(如以前的汇总数据包和该单位新报来的数据包)时,"
                        "按导出时间采用最新的版本,较旧的版本不汇总")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    bundles = []
    for path in args.files:
        try:
            bundles.append(UnitBundle(path.name, read_bundle(path)))
        except BundleError as exc:
            print(f"错误:无法读取 {path}:{exc.message}", file=sys.stderr)
            return 2
    try:
        templates = load_all()
    except TemplateError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 2
    template = templates.get(bundles[0].declaration.template)
    if template is None:
        known = "、".join(sorted(templates))
        print(f"错误:数据包使用的模板“{bundles[0].declaration.template}”不存在"
              f"(可用的模板:{known})。", file=sys.stderr)
        return 2
    try:
        result = roll_up(bundles, annual_key=template.shape.annual_key,
                         department=args.department, newest=args.replace)
    except RollUpError as exc:
        if not exc.conflicts:
            raise
        print(f"错误:数据包之间有 {len(exc.conflicts)} 处冲突,没有汇总(没有写入 {args.output}):",
              file=sys.stderr)
        for line in exc.conflicts:
            print(f"  - {line}", file=sys.stderr)
        return 2
    write_bundle(result.declaration, args.output)
    for line in result.replaced:
        print(f"替换:{line}")
    for t in result.units:
        print(f"{t.unit}({t.source}):{t.projects} 个项目,{t.indicators} 条指标,"
              f"年度资金 {format_wan(t.annual_total)} 万元")
    for line in result.warnings:
        print(f"注意:{line}")
    summary = summarize(result.declaration, template)
    print(f"已汇总 {summary.units} 个预算单位、{summary.projects} 个项目 → {args.output}")
    if summary.sentence:
        print(summary.sentence)
    return 0
