"""Make the PNG renders of the printed form shown in docs/pdf.md.

    .venv/bin/python build/tools/pdf_doc_renders.py [BUNDLE] [--out docs]

For each template (shanghai-2022 as the bundle is; shanghai-2026 with the same
projects moved to that form) it renders the declaration and writes

* ``pdf-<template>-first-table.png``: the first page on which a target table
  starts, in the export of the whole declaration;
* ``pdf-<template>-table2.png``: the page of project 2's table when project 2 is
  exported alone (a whole table on one page).

Needs ``pdftoppm`` (poppler-utils) and pypdf.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from g60desk.domain.model import Declaration, Indicator  # noqa: E402
from g60desk.exchange.bundle import read_bundle  # noqa: E402
from g60desk.formspec import load_templates  # noqa: E402
from g60desk.paths import forms_dir, sample_bundle  # noqa: E402
from g60desk.pdf import PdfOptions, render_declaration  # noqa: E402


def to_2026(decl: Declaration) -> Declaration:
    """The same projects on the 2026 form (year 2026): 项目性质 + 项目类别, a 成本指标 row each."""
    out = copy.deepcopy(decl)
    out.template = "shanghai-2026"
    shift = 2026 - out.year
    out.year = 2026
    for p in out.projects:
        for key in ("start", "end"):  # ISO dates, as the Shanghai forms store them
            text = p.values.get(key, "")
            if text[:4].isdigit():
                p.values[key] = f"{int(text[:4]) + shift}{text[4:]}"
        p.values["nature"], p.values["category"] = p.values.get("category", ""), "特定目标类"
        budget = p.funding.get("annual") or Decimal(0)
        p.indicators.insert(0, Indicator("成本指标", "经济成本指标", "项目预算控制数",
                                         f"<={budget / 10000:.2f}万元"))
        for ind in p.indicators:
            if ind.level1 == "满意度指标":
                ind.target = ">=90%"
    return out


def first_page_with(data: bytes, text: str) -> int:
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        if text in page.extract_text().replace(" ", ""):
            return number
    raise SystemExit(f"no page holds {text!r}")


def png(data: bytes, page: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "x.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page),
                        "-l", str(page), str(pdf), str(target.with_suffix(""))], check=True)
    print(f"{target} (page {page})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=sample_bundle())
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed")
    if args.bundle.is_file():
        decl = read_bundle(args.bundle)
    else:
        from tests.integration.pdf.seed_2022 import seed_declaration
        decl = seed_declaration()
        print(f"(no {args.bundle}; using the reference declaration from the tests)")
    templates = load_templates(forms_dir())
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("G60DESK_HOME", tempfile.mkdtemp())  # keep the font cache out
    for d in (decl, to_2026(decl)):
        tpl = templates[d.template]
        whole = render_declaration(d, tpl).data
        title1 = tpl.text["table_title"].format(n=1)
        png(whole, first_page_with(whole, title1), args.out / f"pdf-{d.template}-first-table.png")
        alone = render_declaration(d, tpl, PdfOptions(projects=(1,))).data
        title2 = tpl.text["table_title"].format(n=2)
        png(alone, first_page_with(alone, title2), args.out / f"pdf-{d.template}-table2.png")


if __name__ == "__main__":
    main()
