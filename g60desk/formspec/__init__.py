"""Templates: one TOML file in ``forms/`` describes one year's/district's form."""

from g60desk.domain.form import FieldSpec, SectionSpec
from g60desk.formspec.spec import (
    Level1Spec,
    LibraryEntry,
    Template,
    TemplateError,
    TemplateSet,
    load_library,
    load_template,
    load_template_dirs,
    load_templates,
)

__all__ = [
    "FieldSpec",
    "Level1Spec",
    "LibraryEntry",
    "SectionSpec",
    "Template",
    "TemplateError",
    "TemplateSet",
    "load_library",
    "load_template",
    "load_template_dirs",
    "load_templates",
]
