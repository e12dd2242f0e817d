"""``python main.py export --year YYYY -o BUNDLE``: write a stored declaration as a bundle."""

from __future__ import annotations

import argparse
from typing import Any

from g60desk.commands import output_file
from g60desk.commands.store_common import with_store
from g60desk.services.store import StoreService


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "export", help="把本机数据库中的一份申报导出为数据包(.json)",
        description="把本机数据库中某年度的申报导出为 G60Desk 数据包。")
    p.add_argument("--year", type=int, required=True, metavar="年度", help="申报年度,如 2022")
    p.add_argument("-o", "--output", type=output_file, required=True, metavar="数据包",
                   help="要写入的数据包文件")
    p.add_argument("--unit", metavar="单位", help="该年度有多份申报时,按预算单位选择")
    p.add_argument("--id", metavar="申报编号", help="直接指定申报编号")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    def action(service: StoreService) -> int:
        decl_id = args.id or service.find(year=args.year, unit=args.unit).id
        decl = service.export_bundle(decl_id, args.output)
        print(f"已导出 {decl.year} 年申报“{decl.department or '未填部门'}”,"
              f"{len(decl.projects)} 个项目 → {args.output}")
        return 0

    return with_store(action, read_only_ok=True)
