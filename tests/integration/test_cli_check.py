"""``main.py check``: exit codes, text and JSON output, unreadable files, as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from g60desk.exchange.bundle import write_bundle
from tests import factories as fx

MAIN = fx.ROOT / "main.py"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(MAIN), *map(str, args)], capture_output=True,
                          text=True, encoding=fx.CONSOLE_ENCODING, check=False, cwd=fx.ROOT)


@pytest.fixture
def clean_bundle(tmp_path: Path) -> Path:
    path = tmp_path / "clean.json"
    write_bundle(fx.declaration(), path)
    return path


def test_clean_bundle_exits_0_with_summary(clean_bundle: Path) -> None:
    proc = run("check", clean_bundle)
    assert proc.returncode == 0, proc.stderr
    assert "共 0 个错误" in proc.stdout
    assert "涉及项目预算资金14.15万元。" in proc.stdout


def test_json_output_shape(clean_bundle: Path) -> None:
    proc = run("check", clean_bundle, "--json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["findings"] == [] or all(
        set(f) == {"severity", "code", "path", "message"} for f in doc["findings"])
    assert doc["summary"]["units"] == 1 and doc["summary"]["projects"] == 1
    assert doc["summary"]["annual_total_wan"] == "14.15"
    assert doc["summary"]["sentence"].startswith("按照本市预算绩效管理工作的总体要求")


def test_an_error_exits_1_and_names_the_field(tmp_path: Path) -> None:
    decl = fx.declaration()
    decl.projects[0].funding.set("total_fiscal", Decimal("100.00"))
    path = tmp_path / "broken.json"
    write_bundle(decl, path)
    proc = run("check", path, "--json")
    assert proc.returncode == 1
    errors = [f for f in json.loads(proc.stdout)["findings"] if f["severity"] == "error"]
    assert "projects[0].funding.total_fiscal" in {f["path"] for f in errors}


@pytest.mark.parametrize("content", [b"", b"not json", b"[1,2]", "中文".encode("gbk"),
                                     b'{"format": "g60desk-bundle", "version": 99}'])
def test_unreadable_file_exits_2_with_chinese_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    proc = run("check", path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "无法检查" in proc.stderr


def test_missing_file_and_bad_usage_exit_2(tmp_path: Path) -> None:
    proc = run("check", tmp_path / "nope.json")
    assert proc.returncode == 2 and "找不到文件" in proc.stderr
    proc = run("check")
    assert proc.returncode == 2 and "命令行参数错误" in proc.stderr


def test_unknown_template_is_an_error_not_a_crash(tmp_path: Path) -> None:
    decl = fx.declaration()
    decl.template = "nowhere-1999"
    path = tmp_path / "t.json"
    write_bundle(decl, path)
    proc = run("check", path)
    assert proc.returncode == 1
    assert "C003" in proc.stdout and "shanghai-2022" in proc.stdout


def test_output_cut_short_by_the_reader_is_not_an_internal_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``check … | head -1``: the reader goes away; no exit 3, nothing in the crash log."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "bench"))
    import bench_check

    from g60desk.exchange.bundle import write_bundle

    big = tmp_path / "big.json"  # findings far beyond a pipe's buffer
    write_bundle(bench_check.build(300), big)
    env = {**os.environ, "G60DESK_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, str(root / "main.py"), "check", str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) != 3, err
    assert "内部错误" not in err and not list((tmp_path / "home").glob("*.log"))
