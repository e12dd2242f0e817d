"""PDF export speed: the whole ``python main.py pdf`` process, for the sample
declaration and for a generated 200-project declaration.

Run from the repository root::

    .venv/bin/python bench/pdf_bench.py [--runs 5] [--projects 200] [--sample PATH]

Prints wall time (best and median of the runs, each a fresh interpreter) and
the peak resident memory of the process, plus an in-process breakdown.
Targets: sample under 1 s, 200 projects under 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from g60desk.domain.model import (  # noqa: E402
    Declaration,
    Funding,
    Indicator,
    Project,
    Signatures,
)
from g60desk.exchange.bundle import write_bundle  # noqa: E402
from g60desk.paths import sample_bundle  # noqa: E402

# Child process: run main.py, then report its own peak RSS (KiB on Linux).
_CHILD = """
import resource, runpy, sys, time
t0 = time.perf_counter()
sys.argv = ["main.py", *sys.argv[1:]]
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
print(f"@@bench {code} {usage.ru_maxrss} {cpu}", file=sys.stderr)
"""

PHRASES = (
    "围绕长三角G60科创走廊一体化高质量发展,", "组织专家开展课题研究和实地调研,",
    "形成研究报告并推动成果转化应用,", "按计划完成课程开发与巡回活动,",
    "确保数量和质量验收合格,经费支出控制合理,", "服务对象满意度达到90%以上,",
    "落实《建设方案》提出的各项任务;", "每季度报送进展情况(共4次)。",
)
# The seven parts of 项目经费情况说明 of the Shanghai forms.
SECTION_KEYS = ("overview", "basis", "implementer", "plan", "period", "budget", "targets")
INDICATORS = (
    ("产出指标", "数量指标", "完成课题研究报告数量", "=3 篇"),
    ("产出指标", "数量指标", "举办院士专家企业家巡回活动", "=4 场"),
    ("产出指标", "质量指标", "成果验收通过率", "=100%"),
    ("产出指标", "质量指标", "研究成果被采纳比例", ">=60%"),
    ("产出指标", "时效指标", "报告成果提交及时性", "及时"),
    ("效益指标", "社会效益指标", "推动九城市跨区域协作,形成可复制推广的经验", "完成"),
    ("效益指标", "经济效益指标", "促成产学研合作项目数", ">=10 个"),
    ("效益指标", "可持续影响指标", "建立长期稳定的院企合作机制", "完成"),
    ("满意度指标", "服务对象满意度指标", "相关方满意度", ">=90%"),
)


def _text(rng: random.Random, chars: int) -> str:
    out = ""
    while len(out) < chars:
        out += rng.choice(PHRASES)
    return out[:chars]


def generated_declaration(projects: int, seed: int = 60) -> Declaration:
    """``projects`` projects of realistic size: ~3,000 characters of narrative,
    two goals of 300–800 characters, 9–18 indicators each."""
    rng = random.Random(seed)
    unit = "上海市松江区长三角G60科创走廊创新研究中心"
    out = []
    for i in range(projects):
        amount = Decimal(rng.randrange(50_000, 5_000_000, 500))
        sections = {k: _text(rng, rng.randrange(100, 900)) for k in SECTION_KEYS}
        iso = (date(2026, 1, 1).isoformat(), date(2026, 12, 31).isoformat())
        sections["period"] = "2026年1月1日—2026年12月31日"
        rows = [Indicator(*row) for row in INDICATORS]
        rows += [Indicator(*rng.choice(INDICATORS)) for _ in range(rng.randrange(0, 10))]
        out.append(Project(
            unit=unit,
            values={"name": f"第{i + 1}个项目:{_text(rng, rng.randrange(6, 30))}",
                    "category": rng.choice(["经常性项目", "一次性项目"]), "department": unit,
                    "implementer": unit, "start": iso[0], "end": iso[1]},
            funding=Funding({"total": amount, "total_fiscal": amount, "total_other": Decimal(0),
                             "annual": amount, "annual_appropriation": amount,
                             "annual_carryover": Decimal(0), "annual_other": Decimal(0)}),
            goals={"overall_goal": _text(rng, rng.randrange(300, 800)),
                   "annual_goal": _text(rng, rng.randrange(300, 800))},
            sections=sections, indicators=rows))
    return Declaration(year=2026, template="shanghai-2022", department=unit, units=[unit],
                       signatures=Signatures(unit=unit), projects=out)


def run_process(bundle: Path, out: Path, home: Path) -> tuple[float, int, int, float]:
    """(wall s, exit code, peak RSS MiB, CPU s) of one ``main.py pdf`` process."""
    env = {**os.environ, "G60DESK_HOME": str(home)}   # never the real user folder
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CHILD, "pdf", str(bundle), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    marks = [line for line in proc.stderr.splitlines() if line.startswith("@@bench")]
    if not marks:
        raise SystemExit(f"main.py failed:\n{proc.stderr}")
    _, code, peak_kib, cpu = marks[-1].split()
    return wall, int(code), int(peak_kib) // 1024, float(cpu)


def measure(label: str, bundle: Path, runs: int, workdir: Path) -> None:
    """A first run with an empty user folder (fonts parsed and cached), then ``runs``
    runs with the font cache in place."""
    home = workdir / f"home-{bundle.stem}"
    out = workdir / f"{bundle.stem}.pdf"
    results = [run_process(bundle, out, home) for _ in range(runs + 1)]
    if any(r[1] != 0 for r in results):
        raise SystemExit(f"main.py pdf failed for {bundle}")
    cold = results[0]
    walls = [r[0] for r in results[1:]]
    cpus = [r[3] for r in results[1:]]
    peak = max(r[2] for r in results)
    from pypdf import PdfReader

    pages = len(PdfReader(out).pages)
    size = out.stat().st_size / 1024
    print(f"{label}: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s "
          f"over {runs} runs (first run, no font cache: {cold[0]:.2f} s); "
          f"CPU median {statistics.median(cpus):.2f} s; "
          f"peak RSS {peak} MiB; {pages} pages, {size:,.0f} KiB")


def breakdown(bundle: Path) -> None:
    """In-process: imports, bundle, fonts, layout (first call in this process)."""
    t0 = time.perf_counter()
    from g60desk.exchange.bundle import read_bundle
    from g60desk.formspec import load_templates
    from g60desk.paths import forms_dir
    from g60desk.pdf import PdfOptions, render_declaration
    from g60desk.pdf.fonts import default_fonts, load_font_set
    t1 = time.perf_counter()
    decl = read_bundle(bundle)
    template = load_templates(forms_dir())[decl.template]
    t2 = time.perf_counter()
    load_font_set(default_fonts(), None)
    t3 = time.perf_counter()
    render_declaration(decl, template, PdfOptions(font_cache=None))
    t4 = time.perf_counter()
    render_declaration(decl, template, PdfOptions(font_cache=None))
    t5 = time.perf_counter()
    print(f"  in process: imports {t1 - t0:.2f} s, bundle+template {t2 - t1:.2f} s, "
          f"font parse {t3 - t2:.2f} s, render {t4 - t3:.2f} s (again: {t5 - t4:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--sample", type=Path, default=sample_bundle())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.sample.is_file():
            sample = args.sample
        else:
            # Before the sample bundle is in assets/, use the test copy of the reference.
            from tests.integration.pdf.seed_2022 import seed_declaration
            sample = work / "reference.json"
            write_bundle(seed_declaration(), sample)
            print(f"(no {args.sample}; using the reference declaration from the tests)")
        big = work / f"generated-{args.projects}.json"
        write_bundle(generated_declaration(args.projects), big)
        meta = json.loads(big.read_text(encoding="utf-8"))["declaration"]
        print(f"python {sys.version.split()[0]}, {len(meta['projects'])} generated projects, "
              f"bundle {big.stat().st_size / 1024:,.0f} KiB")
        measure("sample (whole process)", sample, args.runs, work)
        breakdown(sample)
        measure(f"{args.projects} projects (whole process)", big, max(1, args.runs // 2), work)
        breakdown(big)


if __name__ == "__main__":
    main()
