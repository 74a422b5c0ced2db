"""No string is translated once and for all at import time.

A ``gettext`` call evaluated when a module is imported — at module level, in a class body (a
field's label, a choices list, a dict of tabs), in a default argument or a decorator — is
translated into whatever language is active then (none: Vietnamese) and stays so for every
request. Such strings must go through ``gettext_lazy``. This test reads the project's Python
with ``ast`` (tests and migrations excepted) and lists each offending call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

BASE = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", "frontend", "static", "var", "migrations", "tests"}
TRANSLATION_MODULE = "django.utils.translation"
# The functions that translate at once; their *_lazy twins are what import time needs.
EAGER = {"gettext", "ngettext", "pgettext", "npgettext", "ugettext", "ungettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}
# Offenders tolerated for now: (file, the name the module-level statement assigns). Keep it
# empty; an entry is a debt with its reason beside it.
KNOWN: set[tuple[str, str]] = set()


def project_modules() -> Iterator[Path]:
    for path in sorted(BASE.rglob("*.py")):
        parts = set(path.relative_to(BASE).parts[:-1])
        if parts & SKIPPED_DIRS or path.name.startswith("test_") or path.name == "conftest.py":
            continue
        yield path


def eager_names(tree: ast.Module) -> tuple[set[str], set[str], set[str]]:
    """The local names bound to an eager gettext function, to a lazy one, and to the
    translation module."""
    names: set[str] = set()
    lazy: set[str] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == TRANSLATION_MODULE:
            names |= {a.asname or a.name for a in node.names if a.name in EAGER}
            lazy |= {a.asname or a.name for a in node.names if a.name in LAZY}
        elif isinstance(node, ast.ImportFrom) and node.module == "django.utils":
            modules |= {a.asname or a.name for a in node.names if a.name == "translation"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.name == TRANSLATION_MODULE and a.asname}
    return names, lazy, modules


class _ImportTime(ast.NodeVisitor):
    """Visits what runs when the module is imported: not function bodies nor lambdas."""

    def __init__(self, names: set[str], lazy: set[str], modules: set[str]) -> None:
        self.names = names
        self.lazy = lazy
        self.modules = modules
        self.calls: list[tuple[int, str]] = []  # line, and the name its statement assigns
        self.target = ""

    def visit_Assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        outer, self.target = (
            self.target,
            next((t.id for t in targets if isinstance(t, ast.Name)), self.target),
        )
        self.generic_visit(node)
        self.target = outer

    visit_AnnAssign = visit_Assign

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for expr in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if expr is not None:
                self.visit(expr)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for expr in [*node.args.defaults, *node.args.kw_defaults]:
            if expr is not None:
                self.visit(expr)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        eager = (isinstance(func, ast.Name) and func.id in self.names) or (
            isinstance(func, ast.Attribute)
            and func.attr in EAGER
            and isinstance(func.value, ast.Name)
            and func.value.id in self.modules
        )
        # str(gettext_lazy(...)) at import time is as eager as gettext.
        forced = (
            isinstance(func, ast.Name)
            and func.id == "str"
            and bool(node.args)
            and isinstance(node.args[0], ast.Call)
            and isinstance(node.args[0].func, ast.Name)
            and node.args[0].func.id in self.lazy
        )
        if eager or forced:
            self.calls.append((node.lineno, self.target))
        self.generic_visit(node)


def import_time_calls(source: str) -> list[tuple[int, str]]:
    """Where an eager gettext call runs at import time in ``source``: its line, and the name
    the enclosing module-level or class-level assignment binds."""
    tree = ast.parse(source)
    names, lazy, modules = eager_names(tree)
    if not names and not lazy and not modules:
        return []
    visitor = _ImportTime(names, lazy, modules)
    visitor.visit(tree)
    return sorted(visitor.calls)


def import_time_gettext(source: str) -> list[int]:
    return [line for line, _target in import_time_calls(source)]


class LazyGettextTestCase(SimpleTestCase):
    def test_no_string_is_translated_at_import_time(self) -> None:
        offenders = [
            f"{path.relative_to(BASE)}:{line}"
            for path in project_modules()
            for line, target in import_time_calls(path.read_text(encoding="utf-8"))
            if (path.relative_to(BASE).as_posix(), target) not in KNOWN
        ]
        self.assertEqual(offenders, [])


class ScannerTestCase(SimpleTestCase):
    """The scanner itself: what it flags and what it lets through."""

    def test_it_flags_a_module_level_call(self) -> None:
        source = "from django.utils.translation import gettext as _\nTITLE = _('Hồ sơ')\n"
        self.assertEqual(import_time_gettext(source), [2])

    def test_it_flags_a_dict_in_a_class_body(self) -> None:
        source = (
            "from django.utils.translation import gettext\n"
            "class Tabs:\n"
            "    LABELS = {'a': gettext('Chờ tiếp nhận')}\n"
        )
        self.assertEqual(import_time_gettext(source), [3])

    def test_it_flags_a_field_argument(self) -> None:
        source = (
            "from django import forms\n"
            "from django.utils.translation import gettext as _\n"
            "class F(forms.Form):\n"
            "    name = forms.CharField(label=_('Họ tên'))\n"
        )
        self.assertEqual(import_time_gettext(source), [4])

    def test_it_flags_a_default_argument_and_the_module_form(self) -> None:
        source = (
            "from django.utils import translation\n"
            "def f(x=translation.gettext('Có')):\n"
            "    return x\n"
        )
        self.assertEqual(import_time_gettext(source), [2])

    def test_it_lets_a_call_inside_a_function_through(self) -> None:
        source = (
            "from django.utils.translation import gettext as _\n"
            "def view():\n"
            "    return _('Đã lưu')\n"
            "class V:\n"
            "    def get(self):\n"
            "        return _('Đã lưu')\n"
        )
        self.assertEqual(import_time_gettext(source), [])

    def test_it_flags_a_lazy_string_forced_with_str(self) -> None:
        source = (
            "from django.utils.translation import gettext_lazy as _\nLABELS = [str(_('Hồ sơ'))]\n"
        )
        self.assertEqual(import_time_gettext(source), [2])

    def test_it_lets_gettext_lazy_through(self) -> None:
        source = "from django.utils.translation import gettext_lazy as _\nTITLE = _('Hồ sơ')\n"
        self.assertEqual(import_time_gettext(source), [])
