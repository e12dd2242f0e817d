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
