"""The house rules of docs/architecture.md, checked on the source: no import cycle,
modules of a readable size, library modules that never print, every module on the map; and no
test module importing another."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "coachcli"
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """The coachcli modules ``name`` imports anywhere in its file (in functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from coachcli import notes" imports the module coachcli.notes
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("coachcli"):
                found.add(target)
    return found


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def _parents(name: str) -> set[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ first: not an edge we draw."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ()) - _parents(node)):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_module_imports_itself_back() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_are_resolved_to_modules() -> None:
    assert "coachcli.errors" in GRAPH["coachcli.layout"]  # from coachcli.errors import ...
    assert "coachcli.cli.common" in GRAPH["coachcli.cli"]  # from coachcli.cli.common import ...
    assert "coachcli.analytics" in GRAPH["coachcli.start"]  # from coachcli import analytics


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_is_at_most_about_500_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines: split it"


# Programs' entry points: `coach` itself, and the git filter git runs (its stdout is git's pipe;
# its stderr, which git shows, is where a filter must say what went wrong). Their work is in
# library modules, which are checked.
ENTRY_POINTS = ("coachcli.__main__", "coachcli.crypt_filter")
LIBRARY = sorted(n for n in MODULES if not n.startswith("coachcli.cli") and n not in ENTRY_POINTS)


@pytest.mark.parametrize("name", LIBRARY)
def test_library_modules_never_print(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"{name} line {node.lineno} prints"
        if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
            assert not (isinstance(node.value, ast.Name) and node.value.id == "sys"), (
                f"{name} line {node.lineno} writes to sys.{node.attr}"
            )
    cli = [m for m in GRAPH[name] if m == "coachcli.cli" or m.startswith("coachcli.cli.")]
    assert not cli, f"{name} imports the command line ({', '.join(sorted(cli))})"


def test_every_module_is_on_the_map() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    mapped = set(re.findall(r"`((?:cli/)?[a-z0-9_]+(?:/[a-z0-9_]+)?\.py|[a-z0-9_]+/)`", text))
    missing = []
    for path in MODULES.values():
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.endswith("__init__.py"):
            continue
        folder = relative.split("/")[0] + "/"
        if relative not in mapped and not (folder != "cli/" and folder in mapped):
            missing.append(relative)
    assert not missing, f"docs/architecture.md does not name: {', '.join(missing)}"
    for listed in mapped - {m for m in mapped if m.startswith(("tests/", "docs/", "src/"))}:
        assert (PACKAGE / listed).exists(), f"docs/architecture.md names {listed}, which is gone"


def _top(name: str) -> str:
    """``coachcli.index.files`` -> ``index``; ``coachcli.errors`` -> ``errors``."""
    return name.split(".")[1] if name.count(".") else name


def test_the_map_lists_what_each_module_imports() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9_]+(?:\.py|/))` \| .*? \| ([^|]*) \|$", text, flags=re.M)
    assert len(rows) > 30
    wrong = []
    for module, cell in rows:
        listed = set(re.findall(r"[a-z0-9_]+", cell.replace("type only", "")))
        prefix = "coachcli." + module.removesuffix(".py").removesuffix("/")
        actual = set()
        for name, deps in GRAPH.items():
            if name == prefix or name.startswith(prefix + "."):
                actual |= {_top(d) for d in deps if not d.startswith(prefix)}
        actual -= {"coachcli"}  # the version, from the package itself
        if actual - listed:
            wrong.append(f"{module} also imports {', '.join(sorted(actual - listed))}")
    assert not wrong, "docs/architecture.md is out of date: " + "; ".join(wrong)


# --------------------------------------------------------------------------- the tests' own rule

TESTS = ROOT / "tests"


def imported_test_modules(source: str) -> set[str]:
    """The test modules (``test_*``, and conftest) a file of tests/ imports, in any spelling:
    ``from .test_x import``, ``from tests.test_x import``, ``from . import test_x``,
    ``import tests.test_x``, in functions too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            dotted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            dotted = [
                base,
                *(f"{base}.{alias.name}" if base else alias.name for alias in node.names),
            ]
        else:
            continue
        for name in dotted:
            parts = name.split(".")
            if parts[0] == "tests":
                parts = parts[1:]
            if parts and (parts[0].startswith("test_") or parts[0] == "conftest"):
                found.add(parts[0])
    return found


def test_no_test_module_imports_another() -> None:
    """A test module's helpers and fixtures live in tests/helpers.py and the other helper
    modules (never named test_*): importing a test module runs its module-level code and
    copies its fixtures, so editing one test file would break another."""
    wrong = []
    for path in sorted(TESTS.glob("*.py")):
        if found := imported_test_modules(path.read_text(encoding="utf-8")) - {path.stem}:
            wrong.append(f"tests/{path.name} imports from {', '.join(sorted(found))}")
    assert not wrong, (
        "; ".join(wrong) + ": move what they share into tests/helpers.py "
        "(or another helper module of tests/, not named test_*)"
    )


@pytest.mark.parametrize(
    "source",
    [
        "from .test_engine import options",
        "from tests.test_index import session",
        "import tests.test_index",
        "from . import test_engine",
        "from tests import test_engine",
        "def f():\n    from .test_index import dump\n",
        "from .conftest import coach",
    ],
)
def test_the_rule_sees_every_way_of_importing_a_test_module(source: str) -> None:
    assert imported_test_modules(source)


def test_the_rule_lets_helpers_be_imported() -> None:
    source = "from .helpers import FULL\nfrom tests.scripted import ScriptedAsker\nimport pytest\n"
    assert imported_test_modules(source) == set()
