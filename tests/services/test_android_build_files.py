"""The Android reminder build files: the Java receivers, the p4a hook, buildozer.spec.

Offline: buildozer.spec is read with buildozer's own reader (as in
tests/core/test_buildozer_spec.py), the hook's manifest edit runs on a sample
of the manifest python-for-android renders, and the Java sources are compared
with the names the manifest and the Python side use. Where a JDK is installed,
the Java is compiled against stubs of the Android API
(tests/services/android_api_stubs.py) and ``ReminderSchedule.nextFiring`` runs
on the JVM against the Python core's ``next_firing``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import types
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from buildozer import Buildozer

from tests.services.android_api_stubs import STUBS
from unknot.core.reminders.schedule import (
    EVERY_DAY,
    WEEKDAYS,
    WEEKEND,
    Reminder,
    Weekday,
    next_firing,
)
from unknot.services import android as android_services
from unknot.services.android import java_names
from unknot.services.android.slots import days_mask
from unknot.services.android.zone import epoch_ms
from unknot.services.heat_alarm import TITLE_NOW

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "buildozer.spec"
JAVA_PACKAGE = "org.unknot.reminders"
ANDROID_NS = "{http://schemas.android.com/apk/res/android}"
UTC = timezone.utc

# The shape of python-for-android's rendered manifest (sdl2 bootstrap,
# templates/AndroidManifest.tmpl.xml), trimmed.
SAMPLE_MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
      package="org.unknot.unknot"
      android:versionCode="1"
      android:versionName="0.1.0"
      android:installLocation="auto">
    <uses-sdk android:minSdkVersion="24" android:targetSdkVersion="35" />
    <uses-permission android:name="android.permission.POST_NOTIFICATIONS" />
    <uses-permission android:name="android.permission.RECEIVE_BOOT_COMPLETED" />
    <uses-permission android:name="android.permission.SCHEDULE_EXACT_ALARM" />
    <application android:label="@string/app_name"
                 android:icon="@mipmap/icon"
                 android:allowBackup="true"
                 android:hardwareAccelerated="true" >
        <meta-data android:name="wakelock" android:value="0"/>
        <activity android:name="org.kivy.android.PythonActivity"
                  android:exported="true"
                  android:launchMode="singleTask" >
            <intent-filter>
                <action android:name="android.intent.action.MAIN" />
                <category android:name="android.intent.category.LAUNCHER" />
            </intent-filter>
        </activity>
        <service android:name="org.unknot.unknot.ServiceCues"
                 android:foregroundServiceType="mediaPlayback"
                 android:process=":service_cues" />
    </application>
</manifest>
"""


@pytest.fixture(scope="module")
def spec() -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(("APP_", "BUILDOZER_")):
                mp.delenv(name)
        try:
            buildozer = Buildozer(filename=str(SPEC))
        except SystemExit:
            pytest.fail("buildozer rejected buildozer.spec: see the captured output")
    yield buildozer


@pytest.fixture(scope="module")
def hook(spec: Any) -> types.ModuleType:
    """The hook file buildozer.spec names, loaded the way p4a loads it (by path)."""
    path = ROOT / spec.config.get("app", "p4a.hook")
    loader_spec = importlib.util.spec_from_file_location("unknot_p4a_hook", path)
    assert loader_spec is not None and loader_spec.loader is not None
    module = importlib.util.module_from_spec(loader_spec)
    loader_spec.loader.exec_module(module)
    return module


def java_dir(spec: Any) -> Path:
    (source,) = spec.config.getlist("app", "android.add_src", [])
    return ROOT / str(source) / JAVA_PACKAGE.replace(".", "/")


def java_source(spec: Any, class_name: str) -> str:
    return (java_dir(spec) / f"{class_name}.java").read_text(encoding="utf-8")


def java_string_constants(source: str) -> dict[str, str]:
    return dict(re.findall(r'static final String (\w+) = "([^"]*)";', source))


def receivers(manifest: str) -> dict[str, ET.Element]:
    application = ET.fromstring(manifest).find("application")
    assert application is not None
    return {
        element.get(f"{ANDROID_NS}name", ""): element for element in application.findall("receiver")
    }


def actions_of(receiver: ET.Element) -> list[str]:
    return [a.get(f"{ANDROID_NS}name", "") for a in receiver.iter("action")]


# --- buildozer.spec ---------------------------------------------------------------------------


def test_add_src_is_the_root_of_the_java_package_tree(spec: Any) -> None:
    """p4a hands android.add_src to gradle as a java srcDir: folders must follow packages."""
    sources = spec.config.getlist("app", "android.add_src", [])
    assert sources == ["android/src"]
    files = sorted(java_dir(spec).glob("*.java"))
    assert {f.stem for f in files} >= {
        "ReminderReceiver",
        "RearmReceiver",
        "ReminderSchedule",
        "HeatAlarmReceiver",
        "SessionActionReceiver",
    }
    for file in files:
        assert f"package {JAVA_PACKAGE};" in file.read_text(encoding="utf-8"), file


def test_the_hook_file_exists_and_defines_the_hook_p4a_calls(
    spec: Any, hook: types.ModuleType
) -> None:
    assert (ROOT / spec.config.get("app", "p4a.hook")).is_file()
    assert callable(hook.after_apk_build)


def test_permissions_for_reminders(spec: Any) -> None:
    permissions = {
        p.removeprefix("android.permission.")
        for p in spec.config.getlist("app", "android.permissions", [])
    }
    assert {"POST_NOTIFICATIONS", "RECEIVE_BOOT_COMPLETED", "SCHEDULE_EXACT_ALARM"} <= permissions
    # USE_EXACT_ALARM is for alarm-clock and calendar apps; Play rejects it otherwise.
    assert "USE_EXACT_ALARM" not in permissions


def test_permissions_for_the_cue_service(spec: Any) -> None:
    permissions = {
        p.removeprefix("android.permission.")
        for p in spec.config.getlist("app", "android.permissions", [])
    }
    assert {"FOREGROUND_SERVICE", "FOREGROUND_SERVICE_MEDIA_PLAYBACK", "WAKE_LOCK"} <= permissions


def p4a_services(spec: Any) -> list[tuple[str, str, list[str]]]:
    """buildozer passes each entry as --service; p4a's build.py splits it on ':' like this."""
    found = []
    for entry in spec.config.getlist("app", "services", []):
        name, entrypoint, *options = entry.split(":")
        found.append((name, entrypoint, options))
    return found


def test_the_cue_service_is_a_foreground_media_playback_service(spec: Any) -> None:
    ((name, entrypoint, options),) = p4a_services(spec)
    assert name == java_names.SERVICE_NAME
    assert "foreground" in options
    assert "sticky" not in options  # swiped away, it stops with the app (the alarm remains)
    types_ = [o.split("=", 1)[1] for o in options if o.startswith("foregroundServiceType")]
    assert types_ == ["mediaPlayback"]
    script = ROOT / entrypoint
    assert script.is_file()
    assert 'if __name__ == "__main__":\n    main()' in script.read_text(encoding="utf-8")


def test_the_names_p4a_gives_the_service_are_the_ones_python_uses(
    spec: Any, hook: types.ModuleType
) -> None:
    """The class: package.domain, package.name, "Service" and the name capitalised; the
    process: ":service_" and the name (p4a's Service.tmpl.java and AndroidManifest.tmpl.xml)."""
    ((name, _entrypoint, _options),) = p4a_services(spec)
    package = f"{spec.config.get('app', 'package.domain')}.{spec.config.get('app', 'package.name')}"
    assert f"{package}.Service{name.capitalize()}" == java_names.SERVICE_CLASS
    assert package == java_names.APP_PACKAGE
    assert f":service_{name}" == java_names.SERVICE_PROCESS == hook.SERVICE_PROCESS
    service = ET.fromstring(SAMPLE_MANIFEST).find("application/service")
    assert service is not None
    assert service.get(f"{ANDROID_NS}name") == java_names.SERVICE_CLASS
    assert service.get(f"{ANDROID_NS}process") == java_names.SERVICE_PROCESS


def test_the_android_folder_is_not_shipped_as_app_files(spec: Any) -> None:
    assert "android" in spec.config.getlist("app", "source.exclude_dirs", [])


# --- the manifest hook -----------------------------------------------------------------------


def test_the_hook_declares_the_receivers(hook: types.ModuleType) -> None:
    found = receivers(hook.add_receivers(SAMPLE_MANIFEST))

    fire = found[f"{JAVA_PACKAGE}.ReminderReceiver"]
    rearm = found[f"{JAVA_PACKAGE}.RearmReceiver"]
    assert fire.get(f"{ANDROID_NS}exported") == "false"
    assert actions_of(fire) == []  # reached only through the app's own explicit PendingIntent
    assert rearm.get(f"{ANDROID_NS}exported") == "false"
    assert actions_of(rearm) == [
        "android.intent.action.BOOT_COMPLETED",
        "android.intent.action.TIME_SET",
        "android.intent.action.TIMEZONE_CHANGED",
        "android.intent.action.MY_PACKAGE_REPLACED",
        "android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED",
    ]


def test_the_hook_declares_the_heat_receiver_unexported_and_without_a_filter(
    hook: types.ModuleType,
) -> None:
    heat = receivers(hook.add_receivers(SAMPLE_MANIFEST))[java_names.HEAT_RECEIVER_CLASS]

    assert heat.get(f"{ANDROID_NS}exported") == "false"
    assert actions_of(heat) == []  # only its own alarm's explicit PendingIntent reaches it


def test_the_hook_declares_the_session_receiver_in_the_cue_services_process(
    hook: types.ModuleType,
) -> None:
    manifest = hook.add_receivers(SAMPLE_MANIFEST)
    session = receivers(manifest)[java_names.SESSION_RECEIVER_CLASS]
    service = ET.fromstring(manifest).find("application/service")
    assert service is not None

    assert session.get(f"{ANDROID_NS}exported") == "false"
    assert actions_of(session) == []  # only the app's own explicit intents reach it
    # Its queue is the one the service's Python waits on: the same process, or nothing.
    assert session.get(f"{ANDROID_NS}process") == service.get(f"{ANDROID_NS}process")


def test_the_hook_is_idempotent(hook: types.ModuleType) -> None:
    once = hook.add_receivers(SAMPLE_MANIFEST)
    twice = hook.add_receivers(once)

    assert twice == once
    for name in ("ReminderReceiver", "RearmReceiver", "HeatAlarmReceiver", "SessionActionReceiver"):
        assert twice.count(f'android:name="{JAVA_PACKAGE}.{name}"') == 1


def test_the_hook_leaves_the_rest_of_the_manifest_alone(hook: types.ModuleType) -> None:
    edited = hook.add_receivers(SAMPLE_MANIFEST)

    assert edited.replace(hook.receivers_xml(), "") == SAMPLE_MANIFEST
    activity = ET.fromstring(edited).find("application/activity")
    assert activity is not None
    assert activity.get(f"{ANDROID_NS}name") == "org.kivy.android.PythonActivity"


def test_the_hook_refuses_a_manifest_without_an_application(hook: types.ModuleType) -> None:
    with pytest.raises(ValueError, match="application"):
        hook.add_receivers('<manifest package="org.unknot.unknot"></manifest>')


def test_the_hook_edits_the_distributions_manifest(hook: types.ModuleType, tmp_path: Path) -> None:
    manifest = tmp_path / "src" / "main" / "AndroidManifest.xml"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(SAMPLE_MANIFEST, encoding="utf-8")
    toolchain = types.SimpleNamespace(_dist=types.SimpleNamespace(dist_dir=str(tmp_path)))

    hook.after_apk_build(toolchain)
    hook.after_apk_build(toolchain)

    assert len(receivers(manifest.read_text(encoding="utf-8"))) == 4


def test_the_java_files_declare_the_classes_the_manifest_names(
    spec: Any, hook: types.ModuleType
) -> None:
    for name in receivers(hook.add_receivers(SAMPLE_MANIFEST)):
        package, _, class_name = name.rpartition(".")
        assert package == JAVA_PACKAGE
        source = java_source(spec, class_name)
        assert f"package {JAVA_PACKAGE};" in source
        assert re.search(rf"public class {class_name} extends BroadcastReceiver\b", source)


def test_the_rearm_receiver_handles_what_its_filter_lets_in(
    spec: Any, hook: types.ModuleType
) -> None:
    source = java_source(spec, "RearmReceiver")
    listed = re.search(r"ACTIONS = \{(.*?)\};", source, re.S)
    assert listed is not None
    assert tuple(re.findall(r'"([^"]+)"', listed[1])) == hook.REARM_ACTIONS


# --- Java and Python agree -------------------------------------------------------------------


def test_java_and_python_use_the_same_names(spec: Any) -> None:
    schedule = java_string_constants(java_source(spec, "ReminderSchedule"))
    notifier = java_string_constants(java_source(spec, "ReminderNotifier"))

    assert schedule["PREFS_NAME"] == java_names.PREFS_NAME
    assert schedule["KEY_SLOTS"] == java_names.KEY_SLOTS
    assert schedule["ACTION_FIRE"] == java_names.ACTION_FIRE
    assert schedule["EXTRA_REMINDER_ID"] == java_names.EXTRA_REMINDER_ID
    assert schedule["EXTRA_DUE_AT"] == java_names.EXTRA_DUE_AT
    assert notifier["ACTION_OPEN"] == java_names.ACTION_OPEN
    assert notifier["EXTRA_ROUTINE_ID"] == java_names.EXTRA_ROUTINE_ID
    assert notifier["PYTHON_ACTIVITY"] == android_services.PYTHON_ACTIVITY
    assert notifier["CHANNEL_ID"] == "reminders"
    assert f"public static final int FORMAT = {java_names.FORMAT};" in java_source(
        spec, "ReminderSchedule"
    )
    assert java_names.JAVA_PACKAGE == JAVA_PACKAGE
    assert java_names.RECEIVER_CLASS.endswith(".ReminderReceiver")
    assert java_names.NOTIFIER_CLASS.endswith(".ReminderNotifier")


def test_the_heat_receiver_uses_pythons_names_and_a_channel_of_its_own(spec: Any) -> None:
    heat = java_string_constants(java_source(spec, "HeatAlarmReceiver"))
    reminders = java_string_constants(java_source(spec, "ReminderNotifier"))

    assert f"{JAVA_PACKAGE}.HeatAlarmReceiver" == java_names.HEAT_RECEIVER_CLASS
    assert heat["ACTION_HEAT_DONE"] == java_names.ACTION_HEAT_DONE
    assert heat["EXTRA_TITLE"] == java_names.EXTRA_HEAT_TITLE
    assert heat["EXTRA_TEXT"] == java_names.EXTRA_HEAT_TEXT
    assert heat["CHANNEL_ID"] == java_names.HEAT_CHANNEL_ID != reminders["CHANNEL_ID"]
    assert heat["FALLBACK_TITLE"] == TITLE_NOW


def test_the_heat_receiver_posts_on_a_high_channel_and_rearms_nothing(spec: Any) -> None:
    source = java_source(spec, "HeatAlarmReceiver")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)

    assert re.search(r"new NotificationChannel\(\s*CHANNEL_ID,[^;]*IMPORTANCE_HIGH\)", code)
    assert "new Notification.Builder(context, CHANNEL_ID)" in code
    assert "Notification.PRIORITY_HIGH" in code  # Android 7, which has no channels
    for rearming in ("AlarmManager", "ReminderSchedule.arm", "setExact", "setAndAllowWhileIdle"):
        assert rearming not in code, rearming


def test_the_session_receiver_uses_pythons_names(spec: Any) -> None:
    session = java_string_constants(java_source(spec, "SessionActionReceiver"))

    assert f"{JAVA_PACKAGE}.SessionActionReceiver" == java_names.SESSION_RECEIVER_CLASS
    assert session["ACTION_PAUSE"] == java_names.ACTION_SESSION_PAUSE
    assert session["ACTION_RESUME"] == java_names.ACTION_SESSION_RESUME
    assert session["ACTION_STOP_FOR_PAIN"] == java_names.ACTION_SESSION_STOP_FOR_PAIN
    assert session["ACTION_END"] == java_names.ACTION_SESSION_END
    assert session["ACTION_WAKE"] == java_names.ACTION_SESSION_WAKE
    assert "public static String next(long timeoutMs)" in java_source(spec, "SessionActionReceiver")


def test_every_java_pending_intent_is_immutable(spec: Any) -> None:
    calls = 0
    for file in java_dir(spec).glob("*.java"):
        text = file.read_text(encoding="utf-8")
        for match in re.finditer(r"PendingIntent\.get(?:Broadcast|Activity|Service)\(", text):
            statement = text[match.start() : text.index(";", match.start())]
            assert "FLAG_IMMUTABLE" in statement, f"{file.name}: {statement}"
            calls += 1
    assert calls == 2  # the heat receiver's tap target is ReminderNotifier.openIntent


def test_the_java_uses_framework_apis_and_java_7_syntax(spec: Any) -> None:
    """p4a's gradle set-up adds no androidx; older p4a compiles Java 7 without it."""
    for file in java_dir(spec).glob("*.java"):
        text = file.read_text(encoding="utf-8")
        for imported in re.findall(r"^import ([\w.]+);", text, re.M):
            assert imported.startswith(("android.", "java.", "org.json.", JAVA_PACKAGE)), imported
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
        assert "->" not in code and "::" not in code, f"{file.name}: lambdas need Java 8"


# --- compiled, where a JDK is installed ---------------------------------------------------------


@pytest.fixture(scope="module")
def compiled(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The receivers compiled against the API stubs; skipped without javac."""
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("no javac on this machine")
    work = tmp_path_factory.mktemp("java")
    stub_root, classes = work / "stubs", work / "classes"
    for relative, source in STUBS.items():
        target = stub_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    classes.mkdir()
    stubs = [str(p) for p in stub_root.rglob("*.java")]
    subprocess.run(
        [javac, "--release", "8", "-nowarn", "-d", str(classes), *stubs],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Every lint warning in the app's own Java fails the build check.
    sources = [str(p) for p in java_dir(spec).glob("*.java")]
    lint = ["-Xlint:all,-options", "-Werror"]
    result = subprocess.run(
        [javac, "--release", "8", *lint, "-cp", str(classes), "-d", str(classes), *sources],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return classes


def test_the_java_compiles(compiled: Path) -> None:
    for name in (
        "ReminderReceiver",
        "RearmReceiver",
        "ReminderSchedule",
        "ReminderNotifier",
        "HeatAlarmReceiver",
        "SessionActionReceiver",
    ):
        assert (compiled / JAVA_PACKAGE.replace(".", "/") / f"{name}.class").is_file()


HARNESS = """
package org.unknot.reminders;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.TimeZone;

/** Reads "afterMs hour minute mask zone" lines, prints nextFiring and localDate for each. */
public class Harness {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split(" ");
            TimeZone zone = TimeZone.getTimeZone(f[4]);
            long after = Long.parseLong(f[0]);
            long next = ReminderSchedule.nextFiring(after, Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]), Integer.parseInt(f[3]), zone);
            out.append(next).append(' ').append(ReminderSchedule.localDate(after, zone))
                    .append('\\n');
        }
        System.out.print(out);
    }
}
"""


def test_java_next_firing_agrees_with_the_python_core(compiled: Path, tmp_path: Path) -> None:
    """Python arms the first alarm, Java every later one: both must pick the same instants."""
    java = shutil.which("java")
    javac = shutil.which("javac")
    assert java is not None and javac is not None
    harness = tmp_path / "Harness.java"
    harness.write_text(HARNESS, encoding="utf-8")
    subprocess.run(
        [javac, "--release", "8", "-cp", str(compiled), "-d", str(compiled), str(harness)],
        check=True,
        capture_output=True,
        timeout=300,
    )

    cases: list[tuple[int, Reminder, str]] = []
    windows = [
        ("Europe/Berlin", datetime(2024, 3, 29, 12, tzinfo=UTC)),  # spring forward
        ("Europe/Berlin", datetime(2024, 10, 25, 12, tzinfo=UTC)),  # fall back
        ("America/New_York", datetime(2024, 3, 8, 12, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2024, 4, 5, 12, tzinfo=UTC)),  # half-hour shift
        ("Asia/Kolkata", datetime(2024, 12, 30, 12, tzinfo=UTC)),  # no DST, year end
    ]
    at_times = [time(0, 0), time(0, 30), time(2, 0), time(2, 30), time(3, 0), time(8, 0)]
    at_times += [time(13, 15), time(23, 59)]
    day_sets = [EVERY_DAY, WEEKDAYS, WEEKEND, frozenset({Weekday.SUN})]
    for zone_id, start in windows:
        for hours in range(0, 96, 7):
            after = start + timedelta(hours=hours, minutes=hours % 4 * 15)
            for at in at_times:
                for days in day_sets:
                    reminder = Reminder("r", at, days)
                    cases.append((epoch_ms(after), reminder, zone_id))
    lines = [f"{after} {r.at.hour} {r.at.minute} {days_mask(r)} {zone}" for after, r, zone in cases]
    result = subprocess.run(
        [java, "-cp", str(compiled), f"{JAVA_PACKAGE}.Harness"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )

    answers = result.stdout.splitlines()
    mismatches = []
    for (after_ms, reminder, zone_id), answer in zip(cases, answers, strict=True):
        zone = ZoneInfo(zone_id)
        after = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=after_ms)
        expected = next_firing(reminder, after, zone)
        assert expected is not None
        java_ms, java_day = answer.split()
        if int(java_ms) != epoch_ms(expected):
            mismatches.append((zone_id, after, reminder.at, reminder.days, expected, java_ms))
        assert java_day == after.astimezone(zone).date().isoformat()
    assert not mismatches, mismatches[:5]
    assert len(cases) > 1000
