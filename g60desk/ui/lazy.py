"""Modules the first screen does not need, imported on first use.

The secondary windows, the Excel and roll-up actions and their imports cost about a
fifth of the start-up; a clerk may never open them in a session. ``lazy_module`` gives a
module object that runs the real import on its first attribute access
(:class:`importlib.util.LazyLoader`), so callers keep writing ``windows.TrashWindow``.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, loaded when an attribute of it is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
