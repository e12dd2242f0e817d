"""build/glibc-floor.sh: the highest GLIBC symbol version of a Linux bundle, and its limit.

The script is checked against an independent reading of ``objdump -T`` and ``-p`` here
(versions compared as integer tuples), on real ELF files of this machine.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "build" / "glibc-floor.sh"


def floor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          timeout=60, check=False)


def needed_versions(path: Path) -> set[tuple[int, ...]]:
    dump = "".join(subprocess.run(["objdump", flag, str(path)], capture_output=True, text=True,
                                  check=True).stdout for flag in ("-T", "-p"))
    return {tuple(int(x) for x in v.split("."))
            for v in re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)", dump)}


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(x) for x in version)


def test_self_test_of_the_version_comparison() -> None:
    result = floor("--self-test")
    assert result.returncode == 0, result.stderr
    assert "self-test OK" in result.stdout


def test_floor_is_the_highest_version_and_names_its_file(tmp_path: Path) -> None:
    python = Path(sys.executable).resolve()
    shutil.copy2(python, tmp_path / "python")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "notes.txt").write_text("not an ELF file", encoding="utf-8")
    top = max(needed_versions(tmp_path / "python"))

    at_limit = floor(str(tmp_path), dotted(top))
    assert at_limit.returncode == 0, at_limit.stderr
    assert f"glibc floor: {dotted(top)} (needed by: python;" in at_limit.stdout
    assert "1 ELF files checked" in at_limit.stdout

    # One step below the floor (2.34 -> 2.33): the build must fail and say why.
    below = (*top[:-1], top[-1] - 1)
    over = floor(str(tmp_path), dotted(below))
    assert over.returncode == 1
    assert f"GLIBC_{dotted(top)}  python" in over.stderr


def test_no_elf_file_or_bad_limit_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert floor(str(tmp_path)).returncode == 2
    assert floor(str(tmp_path / "missing")).returncode == 2
    shutil.copy2(Path(sys.executable).resolve(), tmp_path / "python")
    assert floor(str(tmp_path), "2.x").returncode == 2


def needed_symbols(path: Path, version: tuple[int, ...]) -> set[str]:
    dump = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True,
                          check=True).stdout
    tag = f"GLIBC_{dotted(version)}"
    return {line.split()[-1] for line in dump.splitlines()
            if "*UND*" in line and (f"({tag})" in line.split() or tag in line.split())}


def test_why_names_the_functions_above_the_limit(tmp_path: Path) -> None:
    shutil.copy2(Path(sys.executable).resolve(), tmp_path / "python")
    versions = sorted(needed_versions(tmp_path / "python"))
    top = versions[-1]
    below = (*top[:-1], top[-1] - 1)
    result = floor("--why", str(tmp_path), dotted(below))
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(f"  GLIBC_{dotted(top)}  ")]
    assert len(lines) == 1, result.stderr
    listed = lines[0].split(": ", 1)[1]
    expected = needed_symbols(tmp_path / "python", top)
    if expected:
        assert set(listed.split()) == expected
    else:
        assert listed == "(version reference only)"
    # Without --why the same failure names the file alone.
    plain = floor(str(tmp_path), dotted(below))
    assert f"  GLIBC_{dotted(top)}  python\n" in plain.stderr
