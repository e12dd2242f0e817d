"""Regression tests of issue 11: every file the program touches fails with a message, never a
traceback, and bad input is never taken silently. Numbers in comments are the issue's items."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from g60desk import cli, fileio, paths
from g60desk.domain.dates import try_parse_date
from g60desk.domain.money import try_parse_money
from g60desk.exchange.bundle import read_bundle
from g60desk.storage import DB_NAME, open_database
from g60desk.storage.lock import LOCK_NAME, parse_holder
from tests.store_samples import declaration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = paths.sample_bundle()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], home: Path,
            *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("G60DESK_HOME", str(home))
    try:
        code = cli.main(list(args))
    except SystemExit as exc:     # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_main(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "G60DESK_HOME": str(home)}

    def limit_memory() -> None:   # /dev/zero must not take the machine down on a failure
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], env=env,
                            capture_output=True, text=True, timeout=timeout,
                            preexec_fn=limit_memory, stdin=subprocess.DEVNULL, check=False)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@contextlib.contextmanager
def tmpfs(path: Path, size: str, *, read_only: bool = False) -> Iterator[bool]:
    """A small real file system at ``path`` (root only); yields False when none can be made."""
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    ok = IS_ROOT and subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)],
                                    capture_output=True, check=False).returncode == 0
    try:
        yield ok
    finally:
        if ok:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


# ---------------------------------------------------------------- 1. full disk

def test_1_export_works_on_a_completely_full_disk(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    disk = tmp_path / "disk"
    out = tmp_path / "rescued.json"
    with tmpfs(disk, "1m") as real:
        home = disk / "home"
        assert run_main(home, "import", str(SAMPLE)).returncode == 0
        (home / LOCK_NAME).unlink()       # as on a first start after the disk filled
        if real:
            subprocess.run(["dd", "if=/dev/zero", f"of={disk / 'fill'}", "bs=4k"],
                           capture_output=True, check=False)
            result = run_main(home, "export", "--year", "2022", "-o", str(out))
            code, err = result.returncode, result.stderr
        else:   # no tmpfs: the lock file's write fails as on a full disk
            import errno

            from g60desk.storage import lock

            class FullFile:
                def __init__(self, *a: object) -> None:
                    self.inner = open(*a)  # noqa: SIM115

                def write(self, data: bytes) -> int:
                    raise OSError(errno.ENOSPC, "No space left on device")

                def __getattr__(self, name: str) -> object:
                    return getattr(self.inner, name)

            monkeypatch.setattr(lock, "open", FullFile, raising=False)
            code, _, err = run_cli(monkeypatch, capsys, home, "export", "--year", "2022",
                                   "-o", str(out))
    assert code == 0, err
    assert "只能查看" in err
    assert read_bundle(out).id == "songjiang-g60-2022"


# ---------------------------------------------------------------- 2. lone surrogate

def test_2_lone_surrogate_kept_in_the_database_exports(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    db, _ = open_database(home)
    d = declaration(1, year=2022)
    d.projects[0].name = "坏\ud800字"
    db.add(d)
    db.close()
    out = tmp_path / "OUT.json"
    code, _, err = run_cli(monkeypatch, capsys, home, "export", "--year", "2022", "-o", str(out))
    assert code == 0, err
    assert read_bundle(out).projects[0].name == "坏\ufffd字"
    assert not list(tmp_path.glob("*.tmp"))


# ---------------------------------------------------------------- 3, 4. numbers in the database

def _meta() -> str:
    return '"meta":{"1":{"format":"g60desk-db","schema":1}}'


def test_3_huge_integer_in_the_database_is_damage_set_aside(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / DB_NAME).write_text('{' + _meta() + ',"declarations":{"a":{"year":' + "9" * 5000
                                + '}}}', encoding="utf-8")
    db, report = open_database(home)
    db.close()
    assert report.damage is not None and report.damage.kind == "bad-number"
    assert Path(report.damage.moved_to).read_text(encoding="utf-8").count("9") == 5000


@pytest.mark.parametrize("amount", ["1e30", "1e400", '"sNaN"'])
def test_4_prototype_database_with_impossible_amount_opens(tmp_path: Path, amount: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    proto = ('{"_default":{"1":{"year":2022,"department":"旧部门","projects":[{"name":"甲",'
             '"funding":{"total":' + amount + '}}]}}}')
    (home / DB_NAME).write_text(proto, encoding="utf-8")
    db, report = open_database(home)
    db.close()
    assert (report.damage is not None and "金额" in report.damage.message + report.damage.detail) \
        or (report.damage is not None and report.damage.kind == "bad-number")
    assert Path(report.damage.moved_to).read_text(encoding="utf-8") == proto   # kept as it was


# ---------------------------------------------------------------- 5. huge exponent, exit codes

@pytest.mark.parametrize("command", [["check"], ["import"], ["pdf", "-o", "OUT.pdf"]])
def test_5_huge_exponent_in_a_bundle_is_refused_with_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: list[str]) -> None:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    text = json.dumps(doc, ensure_ascii=False)[:-1] + ', "ignored": 1e9999999999999999999}'
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    args = [command[0], str(bad), *[str(tmp_path / a) if a.endswith(".pdf") else a
                                    for a in command[1:]]]
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "home", *args)
    assert code == 2 and "数字" in err


def test_5_internal_error_is_exit_3_with_the_log_path(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from g60desk.commands import check

    def bug(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(check, "run_checks", bug)
    home = tmp_path / "home"
    code, _, err = run_cli(monkeypatch, capsys, home, "check", str(SAMPLE))
    assert code == 3 and str(home / "g60desk.log") in err
    assert "ZeroDivisionError: a bug" in (home / "g60desk.log").read_text(encoding="utf-8")


# ---------------------------------------------------------------- 6. pdf -o

def test_6_pdf_onto_a_read_only_file_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "stick"
    with tmpfs(stick, "1m", read_only=True) as real:
        if not real:
            stick.mkdir(exist_ok=True)
            real_open = fileio.open if hasattr(fileio, "open") else open

            def read_only_open(path: object, mode: str = "r", *a: object) -> object:
                if "x" in mode or "w" in mode:
                    import errno
                    raise OSError(errno.EROFS, "Read-only file system")
                return real_open(path, mode, *a)  # type: ignore[call-overload]

            monkeypatch.setattr(fileio, "open", read_only_open, raising=False)
        code, _, err = run_cli(monkeypatch, capsys, tmp_path / "home", "pdf", str(SAMPLE),
                               "-o", str(stick / "OUT.pdf"))
    assert code == 2 and "只读" in err


def test_6_folder_named_like_the_temp_file_is_left_alone(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "OUT.pdf.tmp").mkdir()
    (tmp_path / "OUT.pdf.tmp" / "mine.txt").write_text("用户的文件", encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "home", "pdf", str(SAMPLE),
                           "-o", str(tmp_path / "OUT.pdf"))
    assert code == 0, err
    assert (tmp_path / "OUT.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "OUT.pdf.tmp" / "mine.txt").read_text(encoding="utf-8") == "用户的文件"


# ---------------------------------------------------------------- 7. garbled lock file

@pytest.mark.parametrize("text", ['{"pid": 1e999}', "[" * 3000, '{"pid": 1e9999999999999999999}',
                                  '{"pid": true, "host": "x"}'])
def test_7_garbled_lock_file_does_not_stop_the_start(tmp_path: Path, text: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / LOCK_NAME).write_text(text, encoding="utf-8")
    assert parse_holder(text) is None
    db, report = open_database(home)
    assert not report.read_only
    db.close()


# ---------------------------------------------------------------- 8. output paths

def _stored(home: Path) -> None:
    assert run_main(home, "import", str(SAMPLE)).returncode == 0


@pytest.mark.parametrize("command", ["export", "pdf"])
def test_8_empty_output_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str], command: str) -> None:
    home = tmp_path / "home"
    _stored(home)
    args = ["export", "--year", "2022", "-o", ""] if command == "export" \
        else ["pdf", str(SAMPLE), "-o", ""]
    code, _, err = run_cli(monkeypatch, capsys, home, *args)
    assert code == 2 and "文件名" in err


@pytest.mark.parametrize("suffix", [".json", ".pdf"])
def test_8_users_file_with_the_old_temp_name_survives(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str],
                                                      suffix: str) -> None:
    home = tmp_path / "home"
    _stored(home)
    out = tmp_path / f"OUT{suffix}"
    mine = tmp_path / f"OUT{suffix}.tmp"
    mine.write_text("我的文件", encoding="utf-8")
    args = ["export", "--year", "2022", "-o", str(out)] if suffix == ".json" \
        else ["pdf", str(SAMPLE), "-o", str(out)]
    code, _, err = run_cli(monkeypatch, capsys, home, *args)
    assert code == 0, err
    assert mine.read_text(encoding="utf-8") == "我的文件" and out.stat().st_size > 0


def test_8_symlink_output_keeps_the_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    _stored(home)
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, err = run_cli(monkeypatch, capsys, home, "export", "--year", "2022", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and read_bundle(real).id == "songjiang-g60-2022"


def test_8_device_or_fifo_output_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import stat

    home = tmp_path / "home"
    _stored(home)
    node = tmp_path / "full"
    if IS_ROOT:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))    # a private /dev/full
    else:
        os.mkfifo(node)
    for args in (["export", "--year", "2022", "-o", str(node)], ["pdf", str(SAMPLE), "-o", str(node)]):
        code, _, err = run_cli(monkeypatch, capsys, home, *args)
        assert code == 2 and "不是普通文件" in err
        assert not stat.S_ISREG(node.lstat().st_mode)


# ---------------------------------------------------------------- 9. input not a regular file

def test_9_check_on_a_fifo_and_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for source in (fifo, Path("/dev/zero")):
        result = run_main(tmp_path / "home", "check", str(source), timeout=30)
        assert result.returncode == 2 and "不是普通文件" in result.stderr


# ---------------------------------------------------------------- 10. bad input taken silently

@pytest.mark.parametrize("text", ["①②③", "¹²³", "١٢٣", "१२३", "1 2 3"])
def test_10_foreign_digits_are_not_amounts(text: str) -> None:
    value, problem = try_parse_money(text)
    assert value is None and problem is not None
    assert text.split()[0][0] in problem


def test_10_full_width_digits_stay_amounts_and_foreign_digits_are_not_dates() -> None:
    assert str(try_parse_money("１２３")[0]) == "123.00"
    value, problem = try_parse_date("٢٠٢٢-٠١-٠١")
    assert value is None and problem and "٢" in problem


def _bundle_with(tmp_path: Path, **changes: str) -> Path:
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    d = doc["declaration"]
    for key, value in changes.items():
        if key == "name":
            d["projects"][0]["fields"]["name"] = value
        elif key == "date":
            d["signatures"]["date"] = value
        elif key == "template":
            d["template"] = value
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_10_control_characters_are_a_finding_and_printed_escaped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _bundle_with(tmp_path, name="项目\x1b[2J\x07名称\x00")
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path / "home", "check", str(path))
    assert code == 1 and "X001" in out
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert "\\x1b" in out


def test_10_import_of_an_unknown_template_is_refused(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    path = _bundle_with(tmp_path, template="no-such-form")
    code, _, err = run_cli(monkeypatch, capsys, home, "import", str(path))
    assert code == 2 and "no-such-form" in err
    db, _ = open_database(home)
    assert db.list() == []
    db.close()


def test_10_impossible_signature_date_is_a_finding(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _bundle_with(tmp_path, date="2022-02-30")
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path / "home", "check", str(path))
    assert code == 1 and "X002" in out and "2022-02-30" in out


# ---------------------------------------------------------------- 11. damage messages, checksum

def _saved(home: Path) -> bytes:
    db, _ = open_database(home)
    db.add(declaration(1, year=2022))
    db.close()
    return (home / DB_NAME).read_bytes()


def test_11_cut_inside_a_character_is_truncated(tmp_path: Path) -> None:
    home = tmp_path / "home"
    raw = _saved(home)
    cut = raw.index("上海".encode()) + 1          # in the middle of 上
    (home / DB_NAME).write_bytes(raw[:cut])
    db, report = open_database(home)
    db.close()
    assert report.damage is not None and report.damage.kind == "truncated"
    assert "GBK" not in report.damage.message and "截断" in report.damage.message


def test_11_zeroed_tail_is_truncated(tmp_path: Path) -> None:
    home = tmp_path / "home"
    raw = _saved(home)
    (home / DB_NAME).write_bytes(raw[: len(raw) // 2] + b"\x00" * (len(raw) - len(raw) // 2))
    db, report = open_database(home)
    db.close()
    assert report.damage is not None and report.damage.kind == "truncated"


def test_11_flipped_byte_inside_a_chinese_character_is_damage(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _saved(home)
    db, _ = open_database(home)            # a second save: the first one is now a backup
    d = db.get(db.list()[0].id)
    d.department = "上海市松江区某中心"
    db.save(d)
    db.close()
    raw = bytearray((home / DB_NAME).read_bytes())
    at = raw.index("松".encode()) + 2      # the last byte of 松 stays a continuation byte
    raw[at] ^= 0x01
    (home / DB_NAME).write_bytes(bytes(raw))
    db, report = open_database(home)
    db.close()
    assert report.damage is not None and report.damage.kind == "checksum"
    assert Path(report.damage.moved_to).read_bytes() == bytes(raw)
    assert report.damage.offered_backup is not None


def test_5_a_bug_starting_the_window_is_exit_3_too(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from g60desk import app

    def bug() -> int:
        raise AttributeError("window bug")

    monkeypatch.setattr(app, "run", bug)
    home = tmp_path / "home"
    code, _, err = run_cli(monkeypatch, capsys, home)
    assert code == 3 and "g60desk.log" in err
    assert "AttributeError: window bug" in (home / "g60desk.log").read_text(encoding="utf-8")
