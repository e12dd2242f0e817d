"""Fixtures for the PDF tests: templates and the reference declaration."""

from __future__ import annotations

from pathlib import Path

import pytest

from g60desk.domain.model import Declaration
from g60desk.formspec import Template, load_templates
from g60desk.paths import forms_dir
from tests.integration.pdf.seed_2022 import seed_declaration, seed_declaration_2026


@pytest.fixture(autouse=True)
def _user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G60DESK_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def templates() -> dict[str, Template]:
    return load_templates(forms_dir())


@pytest.fixture
def seed() -> Declaration:
    return seed_declaration()


@pytest.fixture
def seed_2026() -> Declaration:
    return seed_declaration_2026()
