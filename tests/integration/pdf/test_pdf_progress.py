"""Progress and cancel during layout: what the window's export dialog relies on."""

from __future__ import annotations

import pytest

from g60desk.domain.model import Declaration
from g60desk.formspec import Template
from g60desk.pdf import PdfOptions, RenderCancelled, render_declaration


def test_progress_rises_to_the_total(seed: Declaration, templates: dict[str, Template]) -> None:
    seen: list[tuple[int, int]] = []
    result = render_declaration(seed, templates[seed.template],
                                PdfOptions(progress=lambda d, t: seen.append((d, t))))
    assert result.pages > 1
    assert len(seen) > 10
    dones = [d for d, _ in seen]
    assert dones == sorted(dones)
    assert all(0 <= d <= t for d, t in seen)
    assert seen[-1][0] == seen[-1][1]


def test_cancel_stops_the_layout(seed: Declaration, templates: dict[str, Template]) -> None:
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > 5

    with pytest.raises(RenderCancelled):
        render_declaration(seed, templates[seed.template], PdfOptions(cancelled=cancelled))
    assert calls[0] == 6


def test_callbacks_do_not_change_the_bytes(seed: Declaration, templates: dict[str, Template]) -> None:
    plain = render_declaration(seed, templates[seed.template], PdfOptions())
    watched = render_declaration(seed, templates[seed.template],
                                 PdfOptions(progress=lambda d, t: None, cancelled=lambda: False))
    assert plain.data == watched.data
