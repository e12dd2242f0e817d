"""The indicator library offers only rows the checker accepts: a suggestion is never a finding."""

from __future__ import annotations

import pytest

from g60desk.domain.model import Indicator
from g60desk.formspec import load_library
from g60desk.rules.checker import check_declaration
from g60desk.services.library import depends_on_size
from tests import factories as fx

LIBRARY = load_library(fx.FORMS / "indicator-library.toml")


@pytest.mark.parametrize("template_id", ["shanghai-2022", "shanghai-2026"])
def test_every_fitting_library_row_passes_every_rule(template_id: str) -> None:
    tpl = fx.template(template_id)
    year = 2026 if template_id == "shanghai-2026" else 2022
    complaints = []
    for entry in LIBRARY:
        if entry.level2 not in tpl.level2_names(entry.level1):
            continue
        decl = fx.declaration(template_id, year)
        rows = decl.projects[0].indicators
        rows.append(Indicator(entry.level1, entry.level2, entry.name, entry.target))
        prefix = f"projects[0].indicators[{len(rows) - 1}]"
        # A money total (I015 in a small project) is inserted blank: its example
        # belongs to another project (services.library.depends_on_size).
        sized = depends_on_size(entry.target)
        found = [f"{f.code} {f.message}" for f in check_declaration(decl, tpl)
                 if f.path.startswith(prefix) and not (sized and f.code == "I015")]
        if found:
            complaints.append((entry.name, entry.target, found))
    assert not complaints


def test_library_rows_are_unique_within_their_level2() -> None:
    keys = [(e.level1, e.level2, e.name) for e in LIBRARY]
    assert len(keys) == len(set(keys))
