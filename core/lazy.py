"""Modules imported on first use, for heavy libraries a module needs only in some functions.

A short process (the deadline scan run from cron) imports the modules of every action through
their packages; a library those load at import time costs each start its import time even when
nothing calls it. ``lazy_module("pikepdf")`` gives the module object at once and executes it on
the first attribute read (``importlib.util.LazyLoader``). Write it as::

    if TYPE_CHECKING:
        import pikepdf
    else:
        pikepdf = lazy_module("pikepdf")
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, already imported, or loaded when an attribute is first read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
