"""The layers import one way, no file imports itself back, and no import hides in a function.

Lowest first (README, "Architecture"):

0. ``config``: settings, environment, the Celery app and the one queue helper;
1. ``campaigns``: the campaign core (users, campaigns, asks, team, permissions, tokens);
2. ``outreach``: the address book, interactions, briefings, op-eds, pitches, the outbox;
3. ``media_tracker``: outlets, feeds, articles, mentions, placements;
4. ``campaigns.reports``: dashboards, rollups, digests, "what is due", the demo seed;
5. the doors: views, API, admin, forms, URLs and management commands of every app.

A module may import its own layer or a lower one. Services publish tasks by name through
``config.queue``, so no service imports a task module.
"""

from __future__ import annotations

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "campaigns", "outreach", "media_tracker")
DOOR_PARTS = {"views", "api", "admin", "forms", "urls", "api_urls", "management", "templatetags", "wsgi", "asgi"}
# config modules that are doors: the URL map, the site-wide views and the sign-in view.
CONFIG_DOORS = {"config.views", "config.auth", "config.bench_views"}
LAYER_NAMES = ["config", "campaigns", "outreach", "media_tracker", "campaigns.reports", "doors"]


def layer_of(module: str) -> int:
    parts = module.split(".")
    if DOOR_PARTS.intersection(parts[1:]) or module in CONFIG_DOORS:
        return 5
    if module.startswith("campaigns.reports"):
        return 4
    return {"config": 0, "campaigns": 1, "outreach": 2, "media_tracker": 3}[parts[0]]


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (BASE_DIR / package).rglob("*.py"):
            relative = path.relative_to(BASE_DIR).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(path: Path, modules: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported project module, line, whether the import sits inside a function) for each import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] in PACKAGES:
                        found.append((_known(alias.name, modules), child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom) and child.module and child.module.split(".")[0] in PACKAGES:
                for alias in child.names:
                    candidate = f"{child.module}.{alias.name}"
                    target = candidate if candidate in modules else _known(child.module, modules)
                    found.append((target, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def _known(name: str, modules: dict[str, Path]) -> str:
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def import_graph() -> tuple[dict[str, set[str]], list[str], list[str]]:
    modules = project_modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    upward, hidden = [], []
    for name, path in sorted(modules.items()):
        for target, line, in_function in imports_of(path, modules):
            if target == name or target not in modules:
                continue
            graph[name].add(target)
            where = f"{path.relative_to(BASE_DIR)}:{line}"
            if in_function:
                hidden.append(f"{where} imports {target} inside a function")
            if layer_of(target) > layer_of(name):
                upward.append(
                    f"{where}: {name} ({LAYER_NAMES[layer_of(name)]}) imports {target} "
                    f"({LAYER_NAMES[layer_of(target)]}), a higher layer"
                )
    return graph, upward, hidden


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_module_imports_a_higher_layer():
    _graph, upward, _hidden = import_graph()
    assert upward == []


def test_no_import_loop_between_files():
    graph, _upward, _hidden = import_graph()
    assert cycles(graph) == []


def test_no_project_import_hidden_inside_a_function():
    _graph, _upward, hidden = import_graph()
    assert hidden == []


def test_the_checker_sees_a_loop_and_an_upward_import():
    """The checks above can fail: a made-up graph with a loop is caught, and layers rank as documented."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert layer_of("outreach.services.invitations") < layer_of("media_tracker.services.placements")
    assert layer_of("media_tracker.models") < layer_of("campaigns.reports.digests") < layer_of("outreach.views.home")
    assert layer_of("campaigns.models") < layer_of("outreach.models")
    assert layer_of("config.queue") == 0 and layer_of("config.urls") == 5
