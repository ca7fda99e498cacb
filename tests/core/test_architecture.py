"""The shape the architecture promises, checked on the source: each rule fails when broken.

Read by ``ast`` rather than by grepping text, so a comment or a docstring that
names a thing does not count, and the checks prove themselves on a bad example.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "unknot" / "ui"
CORE = ROOT / "unknot" / "core"


def modules(folder: Path) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(alias.name for alias in node.names)
    return names


def renamed_imports(tree: ast.AST) -> list[str]:
    """Imports of an unknot module under another name (``import x as y``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None) or ""
            for alias in node.names:
                full = f"{module}.{alias.name}" if module else alias.name
                if full.startswith("unknot") and alias.asname and alias.asname != alias.name:
                    found.append(f"{full} as {alias.asname}")
    return found


def assigns_current_or_stack(tree: ast.AST) -> list[int]:
    """Lines that set a ScreenManager's ``current`` or a back stack from outside it."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets, line = list(node.targets), node.lineno
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets, line = [node.target], node.lineno
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in ("current", "history"):
                owner = target.value
                if isinstance(owner, ast.Attribute) and owner.attr == "manager":
                    lines.append(line)
                if isinstance(owner, ast.Attribute) and owner.attr == "app":
                    lines.append(line)
    return lines


def test_only_the_app_module_imports_the_app() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path, tree in modules(UI)
        if path.name != "app.py" and "UnknotApp" in imported_names(tree)
    ]
    assert offenders == []


def test_the_app_check_sees_an_import_of_the_app() -> None:
    tree = ast.parse("from unknot.ui.app import UnknotApp\n")
    assert "UnknotApp" in imported_names(tree)


def test_only_the_navigator_changes_the_screen_shown() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path, tree in modules(UI)
        if path.name != "navigator.py" and (lines := assigns_current_or_stack(tree))
    }
    assert offenders == {}


def test_the_screen_check_sees_an_assignment() -> None:
    tree = ast.parse("self.app.manager.current = 'home'\nself.app.history = []\n")
    assert assigns_current_or_stack(tree) == [1, 2]


def test_no_screen_or_flow_asks_which_platform_it_is_on() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path, tree in modules(UI)
        if path.name != "app.py" and "platform" in imported_names(tree)
    ]
    assert offenders == []


def test_no_unknot_module_is_imported_under_another_name() -> None:
    offenders = {}
    for folder in (ROOT / "unknot", ROOT / "tools"):
        for path, tree in modules(folder):
            if found := renamed_imports(tree):
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_rename_check_sees_a_renamed_import() -> None:
    tree = ast.parse("from unknot.core.reminders import schedule as rules\n")
    assert renamed_imports(tree) == ["unknot.core.reminders.schedule as rules"]


def test_the_core_is_grouped_by_concern() -> None:
    loose = sorted(p.name for p in CORE.glob("*.py") if p.name != "__init__.py")
    assert loose == ["paths.py", "settings.py"]
    packages = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").exists())
    assert packages == [
        "clock",
        "history",
        "playback",
        "reminders",
        "routines",
        "safety",
        "storage",
    ]


# -- the UI tests move through the app as a person does -------------------------------------

ALLOWED_APP_CALLS = {
    "_run_prepare",  # the fixture starts the app (the first half of App.run)
    "dispatch",  # the fixture's on_stop, as closing the window does
    "stop",  # closing the app, before another starts on the same data
    "done_for_today",  # reads the reminders' state; moves nothing
    "get_screen",  # reads a screen to look at it
    "sessions",  # reads the history's records; moves nothing
}


def app_calls(tree: ast.AST) -> list[str]:
    """Calls made through an ``app`` attribute or name: ``pilot.app.x.y(...)``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        chain, owner = [node.func.attr], node.func.value
        while isinstance(owner, ast.Attribute):
            chain.append(owner.attr)
            owner = owner.value
        names = [*chain, owner.id if isinstance(owner, ast.Name) else ""]
        if "app" in names[1:]:
            found.append(".".join(reversed(names[: names.index("app", 1) + 1])))
    return found


def test_no_ui_test_calls_an_app_method_to_move_through_the_app() -> None:
    offenders = {}
    for path, tree in modules(ROOT / "tests" / "ui"):
        moves = [c for c in app_calls(tree) if c.rsplit(".", 1)[-1] not in ALLOWED_APP_CALLS]
        if moves:
            offenders[str(path.relative_to(ROOT))] = moves
    assert offenders == {}


def test_the_move_check_sees_an_app_method_call() -> None:
    tree = ast.parse("pilot.app.start.baseline(3)\npilot.app.go_home()\n")
    assert app_calls(tree) == ["app.start.baseline", "app.go_home"]
