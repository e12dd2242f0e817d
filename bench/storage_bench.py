"""Storage speed: save latency at 10 / 200 / 1000 projects, and opening a 1000-project file.

Each project has 20 indicators and realistic narrative text. All projects sit
in one declaration (the worst case: a save re-encodes all of them). Targets:
a save under 100 ms at 200 projects; opening 1000 projects under 1.5 s.

    .venv/bin/python bench/storage_bench.py [--saves N]

Runs in a temporary folder; never touches the user's data.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from g60desk.domain.model import (
    Declaration,
    Funding,
    Indicator,
    Project,
    Signatures,
)
from g60desk.storage import DB_NAME, open_database

TEXT = ("按照本市预算绩效管理工作的总体要求,围绕年度重点工作任务,组织开展学术交流、"
        "技术培训和成果推广活动,提升服务能力和管理水平。")


def make_declaration(projects: int) -> Declaration:
    ps = []
    for n in range(projects):
        amount = Decimal(100000 + n * 137) + Decimal("0.50")
        ps.append(Project(
            unit=f"上海市松江区某某服务中心{n % 7}",
            values={"name": f"学术交流与技术推广项目{n}", "category": "经常性项目",
                    "nature": "经常性项目", "department": "上海市松江区科学技术委员会",
                    "implementer": f"上海市松江区某某服务中心{n % 7}",
                    "start": date(2026, 1, 1).isoformat(), "end": date(2026, 12, 31).isoformat()},
            funding=Funding({"total": amount, "total_fiscal": amount, "total_other": Decimal(0),
                             "annual": amount, "annual_appropriation": amount,
                             "annual_carryover": Decimal(0), "annual_other": Decimal(0)}),
            goals={"overall_goal": TEXT * 2, "annual_goal": TEXT},
            sections={k: TEXT * 3 for k in ("overview", "basis", "implementer", "plan",
                                            "period", "budget", "targets")},
            indicators=[Indicator("产出指标", "数量指标", f"完成培训场次{j}", f"≥{j + 3}场")
                        for j in range(20)]))
    return Declaration(year=2026, template="shanghai-2026", department="上海市松江区科学技术委员会",
                       signatures=Signatures(unit="某中心", leader="张三", preparer="李四"),
                       projects=ps)


def bench_saves(projects: int, saves: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, _ = open_database(folder)
        decl = make_declaration(projects)
        db.add(decl)
        db.close()
        db, _ = open_database(folder)
        times = []
        for n in range(saves + 1):
            decl.projects[n % projects].name = f"修改{n}"
            t0 = time.perf_counter()
            db.save(decl)
            times.append(time.perf_counter() - t0)
        size = (folder / DB_NAME).stat().st_size
        db.close()
    first, rest = times[0], times[1:]
    return {"first": first, "median": statistics.median(rest), "max": max(rest),
            "size": size}


def bench_open(projects: int, repeats: int = 5) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, _ = open_database(folder)
        decl = make_declaration(projects)
        db.add(decl)
        db.close()
        warm = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            db, _ = open_database(folder)
            db.get(db.list()[0].id)
            warm.append(time.perf_counter() - t0)
            db.close()
        # A fresh interpreter: Python start, imports, open, list, load the declaration.
        script = ("import sys, time; t0 = time.perf_counter(); "
                  "from pathlib import Path; from g60desk.storage import open_database; "
                  f"db, _ = open_database(Path({str(folder)!r})); db.get(db.list()[0].id); "
                  "db.close(); print(time.perf_counter() - t0)")
        root = Path(__file__).resolve().parent.parent
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", script], cwd=root, check=True,
                             capture_output=True, text=True, env=dict(os.environ)).stdout
        cold_total = time.perf_counter() - t0
    return {"warm": statistics.median(warm), "cold_in_process": float(out),
            "cold_total": cold_total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cores")
    print(f"{'projects':>8} {'file size':>10} {'1st save':>9} {'median save':>12} "
          f"{'max save':>9}   (ms; 1st save of a run includes its backup copy)")
    for n in (10, 200, 1000):
        r = bench_saves(n, args.saves)
        print(f"{n:>8} {r['size'] / 1e6:>8.2f}MB {r['first'] * 1e3:>9.1f} "
              f"{r['median'] * 1e3:>12.1f} {r['max'] * 1e3:>9.1f}")
    o = bench_open(1000)
    print(f"open 1000 projects: {o['warm'] * 1e3:.0f} ms warm (open + list + load), "
          f"{o['cold_in_process'] * 1e3:.0f} ms in a fresh interpreter incl. imports, "
          f"{o['cold_total'] * 1e3:.0f} ms incl. interpreter start")


if __name__ == "__main__":
    main()
