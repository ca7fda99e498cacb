"""buildozer.spec, read offline with buildozer's own reader and checked against the project.

No SDK, NDK or network: the spec is parsed by ``buildozer.Buildozer`` (which also runs
buildozer's own token checks), then compared with pyproject.toml, the package version
and the files that must end up in the APK. The file-filtering rules mirror buildozer
1.6's ``Buildozer._copy_application_sources``; the requirement rules mirror
python-for-android v2026.05.09 (``split_argument_list``, ``run_pymodules_install``).
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import sys
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import pytest
from buildozer import Buildozer
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "buildozer.spec"
VERSION_FILE = ROOT / "unknot" / "__init__.py"

# Folders whose every file must be copied into the APK.
SHIPPED_DIRS = ("routines", "assets", "unknot")
# Files under SHIPPED_DIRS that are not needed on the phone.
NOT_SHIPPED_NAMES = frozenset({"py.typed"})
# Folders that must stay out of the APK.
EXCLUDED_DIRS = ("tests", "bench", "docs")

# python-for-android v2026.05.09: recipes kivy's recipe depends on, and the packages
# that p4a pip-installs for kivy (recipes/kivy python_depends) and pyjnius (six).
KIVY_RECIPE_DEPENDS = frozenset({"pyjnius", "android"})
P4A_PIP_DEPENDENCIES = frozenset(
    {"filetype", "requests", "urllib3", "idna", "certifi", "chardet", "six"}
)

GIT_COMMIT = re.compile(r"[0-9a-f]{40}")


@pytest.fixture(scope="module")
def spec() -> Iterator[Any]:
    """The spec as buildozer reads it (no target: nothing is downloaded or written)."""
    assert SPEC.is_file(), f"{SPEC} is missing"
    with pytest.MonkeyPatch.context() as mp:
        # buildozer lets SECTION_OPTION environment variables override the file.
        for name in list(os.environ):
            if name.startswith(("APP_", "BUILDOZER_")):
                mp.delenv(name)
        try:
            buildozer = Buildozer(filename=str(SPEC))
        except SystemExit:
            pytest.fail("buildozer rejected buildozer.spec: see the captured output")
    yield buildozer


def app_list(spec: Any, key: str) -> list[str]:
    values: list[str] = spec.config.getlist("app", key, [])
    return values


def pyproject_dependencies() -> list[Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    requirements = [Requirement(text) for text in project["dependencies"]]
    # p4a's Python reports sys.platform "linux" (before 3.13) or "android".
    return [
        req
        for req in requirements
        if req.marker is None
        or any(req.marker.evaluate({"sys_platform": p}) for p in ("linux", "android"))
    ]


def parse_entry(entry: str) -> tuple[str, str | None, str | None]:
    """A requirements entry as (canonical name, "==" version or None, URL or None)."""
    named_url = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)@(\w[\w+.-]*://\S+)", entry)
    if named_url:
        return canonicalize_name(named_url[1]), None, named_url[2]
    if "://" in entry:
        parts = urlsplit(entry)
        egg = re.search(r"(?:^|&)egg=([A-Za-z0-9._-]+)", parts.fragment)
        segments = [s for s in parts.path.split("@", 1)[0].split("/") if s]
        if egg:
            name = egg[1]
        elif parts.netloc.endswith("github.com") and len(segments) >= 2:
            name = segments[1]
        else:
            name = segments[-1] if segments else entry
        return canonicalize_name(name.removesuffix(".git")), None, entry
    name, _, version = entry.partition("==")
    return canonicalize_name(name), version or None, None


def requirements_by_name(spec: Any) -> dict[str, tuple[str, str | None, str | None]]:
    entries: dict[str, tuple[str, str | None, str | None]] = {}
    for entry in app_list(spec, "requirements"):
        name, version, url = parse_entry(entry)
        entries[name] = (entry, version, url)
    return entries


def is_shipped(spec: Any, relative_path: str) -> bool:
    """Whether buildozer would copy this file (path relative to source.dir) into the APK."""
    include_exts = [ext.lower() for ext in app_list(spec, "source.include_exts")]
    exclude_exts = [ext.lower() for ext in app_list(spec, "source.exclude_exts")]
    exclude_dirs = [d.lower().rstrip("/") + "/" for d in app_list(spec, "source.exclude_dirs")]
    exclude_patterns = [p.lower() for p in app_list(spec, "source.exclude_patterns")]
    include_patterns = [p.lower() for p in app_list(spec, "source.include_patterns")]

    path = PurePosixPath(relative_path)
    if any(part.startswith(".") for part in path.parts):
        return False
    folder = "/".join(path.parts[:-1]).lower()
    if folder:
        folder += "/"
        excluded = any(folder.startswith(d) for d in exclude_dirs) or any(
            fnmatch(folder, p) for p in exclude_patterns
        )
        if any(fnmatch(folder, p) for p in include_patterns):
            excluded = False
        if excluded:
            return False
    candidate = folder + path.name if folder else path.name.lower()
    excluded = any(fnmatch(candidate, p) for p in exclude_patterns)
    if any(fnmatch(candidate, p) for p in include_patterns):
        excluded = False
    if excluded:
        return False
    ext = path.suffix[1:].lower()
    if ext and include_exts and ext not in include_exts:
        return False
    return not (ext and ext in exclude_exts)


def test_buildozer_accepts_the_spec(spec: Any) -> None:
    assert spec.config.get("app", "title") == "Unknot"
    assert spec.config.get("app", "package.name") == "unknot"
    assert spec.config.get("app", "package.domain")
    assert spec.config.get("app", "source.dir") == "."
    assert (ROOT / spec.config.get("app", "source.dir") / "unknot").is_dir()


def test_requirement_entries_survive_p4a_parsing(spec: Any) -> None:
    entries = app_list(spec, "requirements")
    assert entries, "requirements is empty"
    assert all(entries), f"empty entry (stray comma) in {entries}"
    # p4a splits --requirements on commas and spaces.
    assert not [e for e in entries if re.search(r"\s", e)], "an entry contains a space"
    # Only "name" and "name==version" reach pip intact (p4a turns "==" into a pin).
    ranges = [e for e in entries if "://" not in e and re.search(r"[<>~!;\[]", e)]
    assert not ranges, f"p4a cannot pass version ranges, markers or extras: {ranges}"
    names = [parse_entry(e)[0] for e in entries]
    assert len(names) == len(set(names)), f"a requirement is listed twice: {names}"
    assert "python3" in names, "python3 (the interpreter recipe) is not listed"


def test_requirements_include_every_runtime_dependency(spec: Any) -> None:
    listed = requirements_by_name(spec)
    missing = [
        str(req) for req in pyproject_dependencies() if canonicalize_name(req.name) not in listed
    ]
    assert not missing, f"pyproject.toml dependencies missing from requirements: {missing}"


def test_pinned_versions_agree_with_pyproject(spec: Any) -> None:
    listed = requirements_by_name(spec)
    dependencies: dict[str, Requirement] = {
        canonicalize_name(req.name): req for req in pyproject_dependencies()
    }

    assert "kivy" in listed, "kivy is not in requirements"
    kivy_entry, kivy_version, _ = listed["kivy"]
    assert kivy_version is not None, f"kivy must be pinned (the recipe builds it): {kivy_entry}"
    kivy_pins = [s.version for s in dependencies["kivy"].specifier if s.operator == "=="]
    assert kivy_pins == [kivy_version], "kivy in buildozer.spec differs from pyproject.toml"

    for name, req in dependencies.items():
        entry, version, _ = listed.get(name, (name, None, None))
        if version is not None:
            assert req.specifier.contains(version, prereleases=True), (
                f"{entry} is outside pyproject.toml's {req}"
            )


def test_transitive_dependencies_are_listed(spec: Any) -> None:
    listed = set(requirements_by_name(spec))
    missing = sorted((KIVY_RECIPE_DEPENDS | P4A_PIP_DEPENDENCIES) - listed)
    assert not missing, f"kivy's dependencies (p4a recipes) missing from requirements: {missing}"


def installed_dependencies(name: str, found: set[str]) -> None:
    """Adds ``name``'s dependencies, and theirs, from the installed metadata to ``found``.

    Markers are evaluated for Android with Python 3.11, the oldest python3 p4a
    builds, so a backport needed only on older Pythons is still required.
    """
    environment = {"sys_platform": "android", "python_version": "3.11", "extra": ""}
    try:
        texts = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{name} is not installed: install the project (pip install -e .)")
    for text in texts:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        dependency = canonicalize_name(requirement.name)
        if dependency not in found:
            found.add(dependency)
            installed_dependencies(dependency, found)


def test_dependencies_of_pip_installed_requirements_are_listed(spec: Any) -> None:
    """p4a installs with --no-deps (see the spec): icalendar's own needs must be listed."""
    listed = set(requirements_by_name(spec))
    needed: set[str] = set()
    for req in pyproject_dependencies():
        if canonicalize_name(req.name) != "kivy":  # a recipe: checked above
            installed_dependencies(req.name, needed)
    missing = sorted(needed - listed)
    assert not missing, f"dependencies missing from requirements: {missing}"


def test_plyer_is_pinned_as_pyproject_pins_it(spec: Any) -> None:
    listed = requirements_by_name(spec)
    assert "plyer" in listed, "plyer is not in requirements"
    entry, version, url = listed["plyer"]
    assert url is None, f"a git URL cannot be verified and adds a fetch to every build: {entry}"
    pinned = {canonicalize_name(r.name): r for r in pyproject_dependencies()}[
        canonicalize_name("plyer")
    ]
    assert version is not None and pinned.specifier.contains(version), (entry, str(pinned))


def test_android_never_reaches_plyers_notification_which_crashes_on_android_12() -> None:
    """plyer 2.1.0's notification PendingIntent has flags 0: Android 12+ refuses it.

    Only its vibrator is used on Android, so 2.1.0 is enough; this keeps it so.
    """
    from unknot.services.notifications import PlyerNotifier, create_notifier

    assert not isinstance(create_notifier("android"), PlyerNotifier)
    android = ROOT / "unknot" / "services" / "android"
    for path in sorted(android.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            assert not any(m.split(".")[0] == "plyer" for m in modules), path


def test_python_for_android_is_pinned_to_a_commit_on_a_branch(spec: Any) -> None:
    """A tag as p4a.branch never matches ``git branch``: buildozer re-clones every build."""
    branch = spec.config.getdefault("app", "p4a.branch", "")
    commit = spec.config.getdefault("app", "p4a.commit", "HEAD")
    assert branch in {"master", "develop"}, branch
    assert GIT_COMMIT.fullmatch(commit), f"p4a.commit must be a full hash: {commit!r}"


def test_shipped_folders_file_types_are_included(spec: Any) -> None:
    include_exts = {ext.lower() for ext in app_list(spec, "source.include_exts")}
    assert {"py", "kv", "yaml"} <= include_exts
    dropped = []
    for folder in SHIPPED_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT)
            if (
                not path.is_file()
                or path.name in NOT_SHIPPED_NAMES
                or "__pycache__" in relative.parts
                or any(part.startswith(".") for part in relative.parts)
            ):
                continue
            if not is_shipped(spec, relative.as_posix()):
                dropped.append(relative.as_posix())
    assert not dropped, f"buildozer would leave these out of the APK: {dropped}"


@pytest.mark.parametrize(
    ("relative_path", "shipped"),
    [
        ("main.py", True),
        ("unknot/__init__.py", True),
        ("unknot/ui/screens/session.kv", True),
        ("routines/desk-break.yaml", True),
        ("assets/sounds/bell.wav", True),
        *((f"{folder}/core/test_anything.py", False) for folder in EXCLUDED_DIRS),
        ("unknot/__pycache__/timer.cpython-311.pyc", False),
        ("unknot.egg-info/SOURCES.txt", False),
        ("buildozer.spec", False),
    ],
)
def test_source_filters(spec: Any, relative_path: str, shipped: bool) -> None:
    assert is_shipped(spec, relative_path) is shipped


def test_version_comes_from_the_package(spec: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not spec.config.has_option("app", "version"), "hard-coded version"
    version_file = ROOT / spec.config.get("app", "version.filename")
    assert version_file.resolve() == VERSION_FILE.resolve()

    tree = ast.parse(VERSION_FILE.read_text(encoding="utf-8"))
    versions = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
    ]
    assert len(versions) == 1, "unknot/__init__.py must assign __version__ once"

    monkeypatch.chdir(ROOT)  # buildozer opens version.filename from the spec's folder
    assert spec.get_version() == versions[0]


def test_android_api_levels(spec: Any) -> None:
    assert spec.config.getint("app", "android.api") >= 35
    assert spec.config.getint("app", "android.minapi") == 24
    assert {"arm64-v8a", "armeabi-v7a"} <= set(app_list(spec, "android.archs"))
    assert spec.config.getboolean("app", "android.accept_sdk_license", fallback=False)


def test_permissions(spec: Any) -> None:
    permissions = {
        p.removeprefix("android.permission.") for p in app_list(spec, "android.permissions")
    }
    assert {"POST_NOTIFICATIONS", "VIBRATE"} <= permissions
    # The cue service: a foreground service of type mediaPlayback, awake between cues.
    assert {"FOREGROUND_SERVICE", "FOREGROUND_SERVICE_MEDIA_PLAYBACK", "WAKE_LOCK"} <= permissions


def test_the_cue_service_entry_survives_buildozers_list_parsing(spec: Any) -> None:
    """One entry (buildozer splits the list on commas), as p4a's --service expects it."""
    assert app_list(spec, "services") == [
        "cues:unknot/services/android/cue_service.py:foreground:foregroundServiceType=mediaPlayback"
    ]
    assert is_shipped(spec, "unknot/services/android/cue_service.py")


def test_screen(spec: Any) -> None:
    # android.wakelock keeps the screen on for the app's whole life; sessions set
    # FLAG_KEEP_SCREEN_ON on the window instead.
    assert not spec.config.getboolean("app", "android.wakelock", fallback=False)
    assert {"portrait", "landscape"} <= set(app_list(spec, "orientation"))
    assert not spec.config.getboolean("app", "fullscreen", fallback=True)


def test_the_manifest_asks_to_see_text_to_speech_engines() -> None:
    """Without the <queries> entry, Android 11+ hides TTS engines and cues go silent."""
    spec = ROOT / "buildozer.spec"
    line = next(
        line
        for line in spec.read_text().splitlines()
        if line.startswith("android.extra_manifest_xml")
    )
    manifest = ROOT / line.split("=", 1)[1].strip()
    assert "android.intent.action.TTS_SERVICE" in manifest.read_text()
