"""Android stays in unknot/services/android: one place finds the activity, one package uses jnius.

A second lookup of the activity, or a screen importing jnius, is how the code
drifted before (eight lookups); these checks keep it from coming back.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import unknot

PACKAGE = Path(unknot.__file__).resolve().parent
ANDROID = PACKAGE / "services" / "android"
ACTIVITY_HELPER = ANDROID / "__init__.py"

# An import of pyjnius or of python-for-android's own modules (android.activity,
# android.runnable, android.permissions), not of unknot.services.android.
ANDROID_IMPORT = re.compile(r"^\s*(from|import)\s+(jnius|android)\b", re.MULTILINE)
AUTOCLASS = re.compile(r"\bautoclass\b")


def python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def relative(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_the_checks_look_at_the_package_they_mean() -> None:
    assert ACTIVITY_HELPER in python_files()
    assert ANDROID_IMPORT.search((ANDROID / "speech.py").read_text(encoding="utf-8"))


def test_only_the_activity_helper_names_python_activity() -> None:
    naming = [relative(p) for p in python_files() if "PythonActivity" in p.read_text("utf-8")]

    assert naming == [relative(ACTIVITY_HELPER)]


def test_only_the_android_package_imports_jnius_or_p4a_modules() -> None:
    outside = [
        relative(path)
        for path in python_files()
        if ANDROID not in path.parents and ANDROID_IMPORT.search(path.read_text("utf-8"))
    ]

    assert outside == []


def test_only_the_android_package_calls_autoclass() -> None:
    outside = [
        relative(path)
        for path in python_files()
        if ANDROID not in path.parents and AUTOCLASS.search(path.read_text("utf-8"))
    ]

    assert outside == []


def test_the_services_do_not_import_jnius_when_imported() -> None:
    """Every module imports on a desktop: jnius is imported inside the code that uses it."""
    check = (
        "import importlib, pkgutil, sys; import unknot.services; "
        "import unknot.services.android as a; "
        "names = [m.name for m in pkgutil.iter_modules(a.__path__, a.__name__ + '.')]; "
        "[importlib.import_module(name) for name in names]; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'jnius', 'android'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "[]"
