"""Time and memory of the workbook export/import and of the department roll-up.

Usage: ``.venv/bin/python bench/exchange_bench.py [--projects 200] [--units 30] [--repeat 3]``

Cases, each run in a fresh interpreter (so the peak RSS is the case's own):

- ``export``: a ``--projects`` declaration (the Songjiang sample's four projects copied
  with new ids, names and amounts) to an .xlsx, through ``write_workbook``;
- ``import``: that workbook read back with ``read_workbook`` (and compared);
- ``rollup``: ``--units`` one-unit bundles of 7 projects each read from disk, rolled up
  and written as one bundle;
- ``replace``: that roll-up's bundle and newer bundles of a third of its units read from
  disk and rolled up with ``newest=True`` (``rollup --replace``): each of those units'
  projects replaced by its newer version.

Prints wall time (median of ``--repeat``, and the best), CPU time (steadier than wall
time on a loaded machine), the Python heap peak (tracemalloc, one extra
run) and the process's peak RSS; the figures go into docs/performance.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from g60desk import paths  # noqa: E402
from g60desk.domain.model import Declaration, Project  # noqa: E402
from g60desk.domain.rollup import UnitBundle, roll_up  # noqa: E402
from g60desk.exchange.bundle import read_bundle, write_bundle  # noqa: E402
from g60desk.exchange.workbook import write_workbook  # noqa: E402
from g60desk.exchange.workbook_import import read_workbook  # noqa: E402
from g60desk.formspec import load_templates  # noqa: E402

PER_UNIT = 7


def build(n: int, unit: str = "", tag: str = "bench") -> Declaration:
    sample = read_bundle(paths.sample_bundle())
    projects: list[Project] = []
    for k in range(n):
        p = copy.deepcopy(sample.projects[k % len(sample.projects)])
        p.id = f"{tag}{k:05d}"
        p.name = f"{p.name}({k + 1})"
        if unit:
            p.unit = unit
        for key in ("total", "total_fiscal", "annual", "annual_appropriation"):
            value = p.funding.get(key)
            p.funding.set(key, None if value is None else value + Decimal(k * 100))
        projects.append(p)
    return Declaration(year=sample.year, template=sample.template, department=sample.department,
                       units=[unit or sample.department], projects=projects, id=f"{tag}decl")


def template() -> object:
    return load_templates(paths.template_dirs()[0])[read_bundle(paths.sample_bundle()).template]


def case(name: str, work: Path, n: int, units: int) -> Callable[[], None]:
    tpl = template()
    if name == "export":
        decl = build(n)
        return lambda: write_workbook(decl, tpl, work / "bench.xlsx")  # type: ignore[arg-type]
    if name == "import":
        decl = build(n)
        write_workbook(decl, tpl, work / "bench.xlsx")  # type: ignore[arg-type]

        def read() -> None:
            got = read_workbook(work / "bench.xlsx").declaration
            assert got is not None and len(got.projects) == n
        return read
    files = []
    for u in range(units):
        path = work / f"unit{u:02d}.json"
        write_bundle(build(PER_UNIT, unit=f"单位{u + 1:02d}", tag=f"u{u:02d}p"), path,
                     exported="2026-03-01T09:00:00+08:00")
        files.append(path)
    if name == "replace":
        bundles = [UnitBundle(f.name, read_bundle(f)) for f in files]
        write_bundle(roll_up(bundles, annual_key="annual", department="某区某局").declaration,
                     work / "earlier.json")
        newer = []
        for u in range(0, units, 3):
            path = work / f"newer{u:02d}.json"
            decl = build(PER_UNIT, unit=f"单位{u + 1:02d}", tag=f"u{u:02d}p")
            decl.projects[0].name += "(修改)"
            write_bundle(decl, path, exported="2026-03-08T09:00:00+08:00")
            newer.append(path)

        def replace() -> None:
            given = [UnitBundle(f.name, read_bundle(f)) for f in [work / "earlier.json", *newer]]
            result = roll_up(given, annual_key="annual", department="某区某局", newest=True)
            assert len(result.replaced) == len(newer)
            assert len(result.declaration.projects) == units * PER_UNIT
            write_bundle(result.declaration, work / "dept.json")
        return replace

    def rollup() -> None:
        bundles = [UnitBundle(f.name, read_bundle(f)) for f in files]
        result = roll_up(bundles, annual_key="annual", department="某区某局")
        assert len(result.declaration.projects) == units * PER_UNIT
        write_bundle(result.declaration, work / "dept.json")
    return rollup


def child(name: str, n: int, units: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run = case(name, work, n, units)
        times, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        tracemalloc.start()
        run()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = (work / ("dept.json" if name in ("rollup", "replace")
                        else "bench.xlsx")).stat().st_size
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"case": name, "median_s": statistics.median(times), "min_s": min(times),
                      "cpu_s": statistics.median(cpu),
                      "heap_peak_mb": peak / 2**20, "rss_peak_mb": rss / 1024,
                      "file_mb": size / 2**20}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=200)
    ap.add_argument("--units", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        child(args.case, args.projects, args.units, args.repeat)
        return
    print(f"Python {platform.python_version()}, {platform.system()}, "
          f"{args.projects} projects, {args.units} unit bundles of {PER_UNIT} projects")
    print("| case | median | best | CPU (median) | Python heap peak | peak RSS | file |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("export", "import", "rollup", "replace"):
        out = subprocess.run([sys.executable, __file__, "--case", name, "--projects",
                              str(args.projects), "--units", str(args.units), "--repeat",
                              str(args.repeat)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {name} | {r['median_s']:.2f} s | {r['min_s']:.2f} s | {r['cpu_s']:.2f} s | "
              f"{r['heap_peak_mb']:.0f} MB | {r['rss_peak_mb']:.0f} MB | {r['file_mb']:.2f} MB |")


if __name__ == "__main__":
    main()
