"""An in-memory repository: the fake that tests of everything above storage use."""

from __future__ import annotations

import copy

from g60desk.domain.model import Declaration
from g60desk.services.ports import DeclarationInfo, NotFound, RepositoryError


def info_of(decl: Declaration) -> DeclarationInfo:
    return DeclarationInfo(
        id=decl.id, year=decl.year, department=decl.department, template=decl.template,
        units=tuple(decl.units) or tuple(decl.declaring_units()),
        project_count=len(decl.projects))


class MemoryRepository:
    def __init__(self) -> None:
        self._items: dict[str, Declaration] = {}

    def list(self, *, year: int | None = None, unit: str | None = None) -> list[DeclarationInfo]:
        out = []
        for d in self._items.values():
            if year is not None and d.year != year:
                continue
            if unit is not None and unit not in d.units and unit not in d.declaring_units():
                continue
            out.append(info_of(d))
        return sorted(out, key=lambda i: (-i.year, i.department, i.id))

    def get(self, declaration_id: str) -> Declaration:
        try:
            return copy.deepcopy(self._items[declaration_id])
        except KeyError:
            raise NotFound(f"找不到申报(编号 {declaration_id})。") from None

    def add(self, declaration: Declaration) -> None:
        if declaration.id in self._items:
            raise RepositoryError(f"申报编号 {declaration.id} 已存在。")
        self._items[declaration.id] = copy.deepcopy(declaration)

    def save(self, declaration: Declaration) -> None:
        self._items[declaration.id] = copy.deepcopy(declaration)

    def delete(self, declaration_id: str) -> None:
        if self._items.pop(declaration_id, None) is None:
            raise NotFound(f"找不到申报(编号 {declaration_id})。")
