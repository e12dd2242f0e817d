"""The program's root window without ttkbootstrap's per-widget bindings
(g60desk/ui/toolkit.py): the window works the same, with no Python call per widget
mapped or resized."""

from __future__ import annotations

from typing import Any

from g60desk.ui.toolkit import _unbind, quiet_root


def test_the_root_has_no_per_widget_python_bindings(root: Any) -> None:
    # The tests' root is made as the program makes it (toolkit.new_root).
    assert "_on_shown" not in root.bind("<Map>")
    assert "_on_shown" not in root.bind("<Configure>")
    assert "on_map_child" not in root.bind_all("<Map>")
    assert "on_visibility" not in root.bind("<Visibility>")
    assert root._map_watch == []
    # ttkbootstrap's geometry() does not bind them again.
    geometry = root.geometry()
    root.geometry(geometry.split("+")[0])
    assert "_on_shown" not in root.bind("<Map>") + root.bind("<Configure>")
    # Its class bindings stay: Ctrl+A in an entry, Enter on a button.
    assert root.bind_class("TEntry", "<Control-a>")
    assert root.bind_class("TButton", "<Key-Return>")


def test_other_bindings_of_the_same_sequence_are_kept(root: Any) -> None:
    import tkinter

    top = tkinter.Toplevel(root)
    try:
        seen: list[str] = []
        keep = top.bind("<Map>", lambda e: seen.append("kept"), add="+")
        drop = top.bind("<Map>", lambda e: seen.append("dropped"), add="+")
        _unbind(top, top._w, "<Map>", drop)
        script = top.bind("<Map>")
        assert keep in script and drop not in script
        _unbind(top, top._w, "<Map>", "no-such-command")   # nothing to do, no error
        assert top.bind("<Map>") == script
        top.event_generate("<Map>")
        top.update()
        assert seen == ["kept"]
    finally:
        top.destroy()


def test_quiet_root_twice_is_harmless(root: Any) -> None:
    before = (root.bind("<Map>"), root.bind("<Configure>"), root.bind_all("<Map>"))
    quiet_root(root)
    assert (root.bind("<Map>"), root.bind("<Configure>"), root.bind_all("<Map>")) == before


def test_theme_images_come_back_from_their_png_copies(root: Any, tmp_path: Any) -> None:
    """An image ttkbootstrap drew is kept as PNG; made again from it, it has the same
    size and pixels, and the drawing is not repeated."""
    import ttkbootstrap as ttk
    from ttkbootstrap.style.engine import Style

    from g60desk import start_cache
    from g60desk.ui.toolkit import keep_theme_images

    assert getattr(Style._get_or_create_image, "_g60_keeps", False), "new_root installed it"
    assert keep_theme_images(Style, "x"), "installing twice is harmless"
    start_cache.uninstall()
    start_cache.install(tmp_path / "c.bin", writable=True)
    try:
        style = Style.get_instance()
        drawn: list[int] = []
        key = ("rounded_rect", "#123456", (30, 18), 4, "#654321", 1)

        def factory() -> Any:
            drawn.append(1)
            from PIL import Image, ImageDraw, ImageTk
            img = Image.new("RGBA", (30, 18), (0, 0, 0, 0))
            ImageDraw.Draw(img).rounded_rectangle((0, 0, 29, 17), radius=4,
                                                  fill="#123456", outline="#654321")
            return ImageTk.PhotoImage(img, master=root)

        first = style._get_or_create_image(key, factory)
        png = root.tk.call(first, "data", "-format", "png")
        assert drawn == [1] and start_cache.stats()["entries"] == 1
        style._image_cache.pop(key)            # a new start: nothing drawn yet
        second = style._get_or_create_image(key, factory)
        assert drawn == [1], "made from the PNG, not drawn again"
        assert second != first
        assert root.tk.call(second, "data", "-format", "png") == png
        # A key that is not plain data (an object's address in its repr) is not kept.
        odd = ("image", object())
        style._get_or_create_image(odd, factory)
        assert start_cache.stats()["entries"] == 1
        ttk.Label(root, image=second).destroy()
    finally:
        start_cache.uninstall()


def test_only_the_windows_theme_family_is_worked_out(root: Any) -> None:
    from ttkbootstrap.themes import builtin

    assert root.style.theme_use() == "bootstrap-light"
    assert set(root.style.theme_names()) >= {"bootstrap-light"}
    assert not {"nord-light", "dracula-dark"} & set(root.style.theme_names())
    assert len(builtin.CURATED_THEMES) > 1, "ttkbootstrap's catalog is given back"


def _passes(root: Any, during: Any) -> int:
    """ttk's theme passes (each sends ``<<ThemeChanged>>`` to every widget) while
    ``during`` runs and the window then goes idle, counted in ``ttk::ThemeChanged``."""
    tk = root.tk
    tk.eval("set ::g60_passes 0; rename ::ttk::ThemeChanged ::g60_ThemeChanged;"
            " proc ::ttk::ThemeChanged {} { incr ::g60_passes; ::g60_ThemeChanged }")
    try:
        during()
        for _ in range(5):   # a pass asked for during a pass runs at the next idle
            root.update_idletasks()
        return int(tk.eval("set ::g60_passes"))
    finally:
        tk.eval("rename ::ttk::ThemeChanged {}; rename ::g60_ThemeChanged ::ttk::ThemeChanged")


def test_the_navigators_first_resize_asks_for_no_theme_pass(root: Any) -> None:
    """The navigator wrote its style's indent at its first resize, which made ttk go
    over every widget of the window once more before the first paint."""
    import tkinter

    from g60desk.ui.navigator import NAV_STYLE, Navigator

    top = tkinter.Toplevel(root)
    try:
        top.geometry("420x500")
        nav: list[Any] = []

        def build() -> None:
            nav.append(Navigator(top, lambda d, p: None, lambda text: None))
            nav[0].frame.pack(fill="both", expand=True)
            top.update()   # mapped and resized: the first <Configure> runs fit()

        assert _passes(root, build) == 1, "one pass for the new widgets and styles"
        assert nav[0].tree.winfo_width() > 300
        assert int(root.style.lookup(NAV_STYLE, "indent")) == nav[0]._indent == 20
        # Narrowed, it indents less: that write makes its one pass.
        assert _passes(root, lambda: (top.geometry("150x500"), top.update())) == 1
        assert int(root.style.lookup(NAV_STYLE, "indent")) == 10
    finally:
        top.destroy()


def test_input_contexts_wait_for_the_first_paint_and_the_focus_is_given_again(
        root: Any) -> None:
    import tkinter

    from g60desk.ui.toolkit import input_methods_later

    def used() -> bool:
        return bool(root.tk.getboolean(root.tk.call("tk", "useinputmethods")))

    if not used():
        resume = input_methods_later(root)
        assert not used()
        resume()
        assert not used(), "a Tk without an input method is left as it was"
        return
    top = tkinter.Toplevel(root)
    try:
        entry = tkinter.Entry(top)
        entry.pack()
        top.update()
        entry.focus_force()
        top.update()
        if root.focus_get() is not entry:
            import pytest
            pytest.skip("the display gives this program no keyboard focus")
        focused: list[str] = []
        entry.bind("<FocusIn>", lambda e: focused.append("in"), add="+")
        resume = input_methods_later(root)
        assert not used()
        resume()
        assert used()
        top.update()
        assert root.focus_get() is entry and focused == ["in"], \
            "the focused entry had its focus given again, with input contexts on"
        resume()   # twice: nothing more
        top.update()
        assert used() and focused == ["in"]
    finally:
        top.destroy()
