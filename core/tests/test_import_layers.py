"""The apps form layers without circles: an app imports only from apps of a lower layer.

The test parses every non-test module of the project's apps with `ast` (imports at module
level and inside functions alike: lazy imports are how circles used to hide), maps each
imported module to its app and fails listing every edge that goes upward or sideways. A
lower app that must react to a higher one exposes a hook, a signal, a setting listing dotted
paths (as `MOTCUA_WORKER_SWEEPS` does for the worker) or an outbox row instead of importing it.
The layer table is documented in docs/architecture.md; change both together.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# App -> layer, lowest first. An app may import only apps of a strictly lower layer; apps of one
# layer do not import each other. `config` (settings, URLs) sits above all and may import anything.
LAYERS: dict[str, int] = {
    "core": 0,
    "identity": 1,
    "workdays": 1,
    "notifications": 1,
    "units": 2,
    "accounts": 3,
    "eforms": 3,
    "catalog": 4,
    "documents": 5,
    "registry": 5,
    "dossiers": 6,
    "payments": 7,
    "feedback": 7,
    "kpi": 7,
    "assistant": 7,
    "queues": 7,
    "portal": 8,
    "backoffice": 8,
    "api": 8,
    "demo": 9,
    "config": 10,
}

# `<app>/admin.py` modules are configuration UI, loaded by the admin site's autodiscovery and
# imported by no other module (checked below), so they cannot close a circle: they count as part
# of the faces' layer, whatever app they sit in (units' and workdays' admins use
# `accounts.scoping`; the templates' admin knows the slip kinds of `dossiers`).
ADMIN_LAYER = LAYERS["portal"]

# Edges that break the rule and are tolerated until removed (none now): (importer file, imported
# app) -> why. Each entry names one file, so a NEW upward import anywhere else still fails.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


def _is_skipped(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return (
        "tests" in parts
        or "migrations" in parts
        or path.name in {"testing.py", "conftest.py"}
        or any(part.startswith(".") for part in parts)
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(
    source: str, module: str, *, is_package: bool = False
) -> list[tuple[int, str]]:
    """Every module `source` (the text of `module`) imports, with its line; relative imports
    are resolved against `module`'s package."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from package import name`: the name may be a module of the package.
            found.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
    return found


def bad_edges(
    source: str, module: str, path: str, *, is_package: bool = False
) -> list[tuple[str, str, str, int]]:
    """The (importer app, imported app, file, line) edges of one module that break the layers."""
    importer = module.split(".")[0]
    if importer not in LAYERS:
        return []
    layer = ADMIN_LAYER if module.endswith(".admin") else LAYERS[importer]
    edges = []
    for line, target in imported_modules(source, module, is_package=is_package):
        imported = target.split(".")[0]
        if imported == importer or imported not in LAYERS or LAYERS[imported] < layer:
            continue
        if (edge := (importer, imported, path, line)) not in edges:  # one per line
            edges.append(edge)
    return edges


def _project_modules() -> list[Path]:
    return [
        path
        for app in LAYERS
        if (ROOT / app).is_dir()
        for path in sorted((ROOT / app).rglob("*.py"))
        if not _is_skipped(path)
    ]


def project_violations() -> list[tuple[str, str, str, int]]:
    edges = []
    for path in _project_modules():
        edges.extend(
            bad_edges(
                path.read_text(encoding="utf-8"),
                _module_name(path),
                str(path.relative_to(ROOT)),
                is_package=path.name == "__init__.py",
            )
        )
    return edges


def test_no_upward_or_sideways_import_between_apps() -> None:
    edges = project_violations()
    new = [e for e in edges if (e[2], e[1]) not in KNOWN_VIOLATIONS]
    listing = "\n".join(f"{a} -> {b}  ({path}:{line})" for a, b, path, line in new)
    assert not new, f"imports that go up or sideways between apps:\n{listing}"


def test_known_violations_are_still_there() -> None:
    # An entry that no longer matches an import is stale: drop it so the list only shrinks.
    found = {(path, imported) for _, imported, path, _ in project_violations()}
    assert set(KNOWN_VIOLATIONS) <= found, set(KNOWN_VIOLATIONS) - found


def test_a_planted_upward_import_is_caught() -> None:
    source = "def f():\n    from dossiers.models import Dossier\n    return Dossier\n"
    edges = bad_edges(source, "documents.planted", "documents/planted.py")
    assert edges == [("documents", "dossiers", "documents/planted.py", 2)]


def test_a_planted_sideways_import_is_caught() -> None:
    # documents and registry share a layer: neither may import the other.
    edges = bad_edges("import registry.models\n", "documents.planted", "documents/planted.py")
    assert edges == [("documents", "registry", "documents/planted.py", 1)]


def test_relative_imports_are_resolved() -> None:
    source = "from ..models import Slip\n"
    found = imported_modules(source, "dossiers.management.commands.planted")
    assert found == [(1, "dossiers.management.models.Slip")]
    edges = bad_edges("from .. import dossiers\n", "documents.sub.planted", "documents/sub/x.py")
    assert edges == []  # `documents.dossiers`: a module of documents itself


def test_an_admin_module_may_import_above_its_app() -> None:
    assert bad_edges("from accounts.scoping import X\n", "units.admin", "units/admin.py") == []


def test_no_module_imports_an_admin_module() -> None:
    # What lets admin modules stand above their app: nothing imports them.
    importers = [
        (str(path.relative_to(ROOT)), target)
        for path in _project_modules()
        for _line, target in imported_modules(path.read_text(encoding="utf-8"), _module_name(path))
        if target.split(".")[0] in LAYERS and target.endswith(".admin") and path.name != "admin.py"
    ]
    assert importers == []


def test_a_downward_import_passes() -> None:
    assert bad_edges("from core.text import nfc\n", "documents.planted", "documents/x.py") == []


def test_every_app_has_a_layer() -> None:
    # A new app outside the table would escape the check.
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - set(LAYERS) == set()


def module_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            if group:
                cycles.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def project_module_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (each import counts as the longest project
    module its dotted name starts with: `from registry import connector` is registry.connector)."""
    paths = {_module_name(path): path for path in _project_modules()}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        source = path.read_text(encoding="utf-8")
        targets = set()
        for _line, target in imported_modules(
            source, module, is_package=path.name == "__init__.py"
        ):
            parts = target.split(".")
            known = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
            found = next((name for name in known if name in paths), None)
            if found is not None and found != module:
                targets.add(found)
        graph[module] = targets
    return graph


def test_no_import_cycle_between_modules() -> None:
    # Within an app too: the registry's records and the outbox's task are modules of their own
    # so that nothing has to import lazily to break a circle.
    assert module_cycles(project_module_graph()) == []


def test_a_planted_module_cycle_is_caught() -> None:
    graph = {"a.outbox": {"a.tasks"}, "a.tasks": {"a.outbox"}, "a.models": set()}
    assert module_cycles(graph) == [["a.outbox", "a.tasks"]]
