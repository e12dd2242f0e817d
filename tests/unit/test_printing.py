"""Printing decisions (services.printing) and the preview's page/zoom logic, with fakes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from g60desk.services import printing
from g60desk.services.preview import (
    ZOOM_STEPS,
    PdfPages,
    PreviewError,
    PreviewState,
    fit_zoom,
    next_zoom,
)
from g60desk.services.printing import (
    PrintEnv,
    PrintError,
    PrintPlan,
    PrintRequest,
    PrintSystem,
    discover,
    parse_copies,
    plan_print,
)

PDF = Path("/tmp/申报表.pdf")
LPSTAT_A = ("HP_LaserJet accepting requests since Tue 01 Dec 2026 09:00:00 AM CST\n"
            "Canon_Office accepting requests since Tue 01 Dec 2026 09:00:00 AM CST\n")


class FakeRun:
    def __init__(self, answers: dict[tuple[str, ...], tuple[int, str, str]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, ...]] = []

    def __call__(self, cmd: Sequence[str]) -> tuple[int, str, str]:
        self.calls.append(tuple(cmd))
        return self.answers.get(tuple(cmd), (0, "request id is X-1 (1 file(s))\n", ""))


def which_all(name: str) -> str | None:
    return f"/usr/bin/{name}"


def test_cups_printers_and_default_are_listed() -> None:
    run = FakeRun({("lpstat", "-a"): (0, LPSTAT_A, ""),
                   ("lpstat", "-d"): (0, "system default destination: Canon_Office\n", "")})
    env = discover("linux", which_all, run)
    assert env.printers == ("HP_LaserJet", "Canon_Office") and env.default == "Canon_Office"
    assert env.choices() == ["Canon_Office", "HP_LaserJet"]
    assert env.unavailable() is None
    assert run.calls == [("lpstat", "-a"), ("lpstat", "-d")]


def test_lp_command_names_printer_and_copies() -> None:
    env = PrintEnv("linux", has_lp=True, printers=("HP", "Canon"), default="Canon")
    plan = plan_print(PDF, PrintRequest("HP", 3), env)
    assert plan.commands == (("lp", "-d", "HP", "-n", "3", "--", str(PDF)),)
    assert "HP" in plan.note and "3 份" in plan.note
    # No choice: the default printer, named.
    assert plan_print(PDF, PrintRequest(None, 1), env).commands[0][:3] == ("lp", "-d", "Canon")
    # No default and no choice: lp's own default queue.
    bare = PrintEnv("linux", has_lp=True, printers=("HP",), default=None)
    assert plan_print(PDF, PrintRequest(None, 2), bare).commands == (
        ("lp", "-n", "2", "--", str(PDF)),)


def test_nothing_can_print_says_what_to_do_in_chinese() -> None:
    no_cups = discover("linux", lambda n: None, FakeRun({}))
    assert not no_cups.has_lp
    with pytest.raises(PrintError) as exc:
        plan_print(PDF, PrintRequest(), no_cups)
    assert "另存为 PDF" in exc.value.message and "CUPS" in exc.value.message
    no_printer = discover("linux", which_all, FakeRun({("lpstat", "-a"): (1, "", "lpstat: No destinations added.")}))
    assert no_printer.has_lp and no_printer.printers == ()
    message = no_printer.unavailable()
    assert message is not None and "添加打印机" in message and "另存为 PDF" in message
    windows = discover("win32", windows_printers=lambda: ((), None, True))
    assert windows.unavailable() is not None and "打印机和扫描仪" in str(windows.unavailable())
    # A printer list that could not be read does not block printing on Windows.
    unknown = discover("win32", windows_printers=lambda: ((), None, False))
    assert unknown.unavailable() is None


def test_windows_prints_with_the_shell_verbs_once_per_copy() -> None:
    env = discover("win32", windows_printers=lambda: (("HP", "Canon"), "HP", True))
    assert env.choices() == ["HP", "Canon"]
    default = plan_print(PDF, PrintRequest("HP", 2), env)
    assert default.shell == (("print", ""), ("print", "")) and not default.commands
    other = plan_print(PDF, PrintRequest("Canon", 1), env)
    assert other.shell == (("printto", '"Canon"'),)
    started: list[tuple[str, str]] = []
    shelled: list[tuple[str, str, str]] = []
    system = PrintSystem(startfile=lambda p, v: started.append((p, v)),
                         shell_execute=lambda v, p, a: shelled.append((v, p, a)))
    assert "2 份" in system.execute(PDF, default)
    system.execute(PDF, other)
    assert started == [(str(PDF), "print")] * 2 and shelled == [("printto", str(PDF), '"Canon"')]

    def no_program(p: str, v: str) -> None:
        raise OSError(1155, "No application is associated")

    with pytest.raises(PrintError) as exc:
        PrintSystem(startfile=no_program).execute(PDF, default)
    assert "PDF 阅读程序" in exc.value.message


def test_refused_job_and_missing_lp_are_chinese() -> None:
    plan = PrintPlan(commands=(("lp", "-d", "HP", "-n", "1", "--", str(PDF)),))
    refused = PrintSystem(run=FakeRun({plan.commands[0]: (1, "", "lp: The printer or class does not exist.\n")}))
    with pytest.raises(PrintError) as exc:
        refused.execute(PDF, plan)
    assert exc.value.message.startswith("打印机没有接受打印任务")

    def missing(cmd: Sequence[str]) -> tuple[int, str, str]:
        raise FileNotFoundError(2, "No such file or directory")

    with pytest.raises(PrintError) as exc:
        PrintSystem(run=missing).execute(PDF, plan)
    assert "找不到打印命令" in exc.value.message and "No such" not in exc.value.message


@pytest.mark.parametrize("text,ok", [("1", 1), (" 12 ", 12), ("99", 99), ("0", None),
                                     ("100", None), ("两", None), ("", None), ("-1", None)])
def test_copies_box(text: str, ok: int | None) -> None:
    if ok is None:
        with pytest.raises(PrintError):
            parse_copies(text)
    else:
        assert parse_copies(text) == ok


def test_out_of_range_copies_are_refused_by_the_plan() -> None:
    env = PrintEnv("linux", has_lp=True, printers=("HP",))
    with pytest.raises(PrintError):
        plan_print(PDF, PrintRequest("HP", printing.MAX_COPIES + 1), env)


def test_page_navigation_and_zoom() -> None:
    st = PreviewState(3)
    assert st.label() == "第 1 / 3 页" and not st.can_back and st.can_forward
    assert st.go(1) and st.label() == "第 2 / 3 页"
    assert st.go(5) and st.page == 2 and not st.can_forward
    assert not st.go(1)
    st.first()
    assert st.page == 0
    # An A4 page (595×842 pt) in a 700×480 box is limited by the height.
    z = fit_zoom(595.3, 841.9, 700, 480)
    assert abs(841.9 * 96 / 72 * z - (480 - 32)) < 0.5
    assert 595.3 * 96 / 72 * z <= 700
    assert next_zoom(1.0, 1) == 1.25 and next_zoom(1.0, -1) == 0.75
    assert next_zoom(ZOOM_STEPS[-1], 1) == ZOOM_STEPS[-1]
    assert next_zoom(0.4, -1) == 0.33


def test_pdf_pages_render_and_refuse_a_broken_file(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas
    path = tmp_path / "two.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 400))
    c.drawString(20, 20, "one")
    c.showPage()
    c.drawString(20, 20, "two")
    c.showPage()
    c.save()
    pages = PdfPages(path)
    assert pages.count == 2 and pages.size(1) == (300, 400)
    image = pages.render(0, 1.0)
    assert image.size[0] == 400 and image.size[1] in (533, 534)   # 300 × 400 pt at 96 dpi
    assert image.convert("L").getextrema()[0] < 100    # the text is drawn, not a blank page
    pages.close()
    path.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(PreviewError) as exc:
        PdfPages(path)
    assert "不是可以显示的 PDF" in exc.value.message
