"""python-for-android hook: declares the Java receivers in AndroidManifest.xml.

buildozer.spec names this file in ``p4a.hook``. p4a renders AndroidManifest.xml
from its template (which has no option for receivers), then calls
``after_apk_build`` with the distribution folder as the working directory, and
only then runs gradle: so the receivers are added between the two. The pattern
is Fector101/android_notify's tests/p4a/hook.py.

The receivers are ReminderReceiver and RearmReceiver (the reminders),
HeatAlarmReceiver (the end of a heat step) and SessionActionReceiver (the
buttons of the cue service's notification). None is exported: AlarmManager and
the notification deliver the app's own PendingIntents, and the system
(system_server) may deliver BOOT_COMPLETED and the other system broadcasts to a
receiver that is not exported; other apps cannot reach any of them (the AOSP
DirectBoot sample declares its boot receiver the same way).

SessionActionReceiver runs in the cue service's process (``SERVICE_PROCESS``,
the name python-for-android gives the service ``cues``: ":service_" and its
name), so the queue it fills is the one the service's Python waits on.

The editing function is plain string work, importable without p4a, so that
tests/services/test_android_build_files.py can run it on a sample manifest.
The Python that runs p4a may be older than the app's: keep this file to 3.8.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BEGIN = "<!-- unknot reminders: begin (android/p4a_hook.py) -->"
END = "<!-- unknot reminders: end -->"

JAVA_PACKAGE = "org.unknot.reminders"

REARM_ACTIONS = (
    "android.intent.action.BOOT_COMPLETED",
    "android.intent.action.TIME_SET",
    "android.intent.action.TIMEZONE_CHANGED",
    "android.intent.action.MY_PACKAGE_REPLACED",
    "android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED",
)
"""What RearmReceiver handles; its Java ACTIONS list must be the same."""

SERVICE_PROCESS = ":service_cues"
"""python-for-android's process for the service named ``cues`` in buildozer.spec."""


def receivers_xml(indent: str = "        ") -> str:
    """The block inserted inside <application>, between the BEGIN and END markers."""
    actions = "\n".join(
        f'{indent}        <action android:name="{action}" />' for action in REARM_ACTIONS
    )
    return (
        f"{indent}{BEGIN}\n"
        f'{indent}<receiver android:name="{JAVA_PACKAGE}.ReminderReceiver"\n'
        f'{indent}          android:exported="false" />\n'
        f'{indent}<receiver android:name="{JAVA_PACKAGE}.HeatAlarmReceiver"\n'
        f'{indent}          android:exported="false" />\n'
        f'{indent}<receiver android:name="{JAVA_PACKAGE}.SessionActionReceiver"\n'
        f'{indent}          android:process="{SERVICE_PROCESS}"\n'
        f'{indent}          android:exported="false" />\n'
        f'{indent}<receiver android:name="{JAVA_PACKAGE}.RearmReceiver"\n'
        f'{indent}          android:exported="false">\n'
        f"{indent}    <intent-filter>\n"
        f"{actions}\n"
        f"{indent}    </intent-filter>\n"
        f"{indent}</receiver>\n"
        f"{indent}{END}\n"
    )


def add_receivers(manifest: str) -> str:
    """The manifest with the receivers declared exactly once.

    Run again (p4a reuses a distribution between builds), it replaces its own
    block rather than adding a second one. Raises ValueError when the manifest
    has no <application> element to put them in: better a failed build than an
    app whose reminders silently never fire.
    """
    start = manifest.find(BEGIN)
    if start != -1:
        end = manifest.find(END, start)
        if end == -1:
            raise ValueError("AndroidManifest.xml has the reminders' begin marker but no end")
        line_start = manifest.rfind("\n", 0, start) + 1
        line_end = manifest.find("\n", end)
        line_end = len(manifest) if line_end == -1 else line_end + 1
        manifest = manifest[:line_start] + manifest[line_end:]
    close = manifest.rfind("</application>")
    if close == -1:
        raise ValueError("AndroidManifest.xml has no </application> to add the receivers to")
    line_start = manifest.rfind("\n", 0, close) + 1
    return manifest[:line_start] + receivers_xml() + manifest[line_start:]


def manifest_path(toolchain: Any) -> Path:
    """src/main/AndroidManifest.xml of the distribution being built."""
    dist = getattr(toolchain, "_dist", None)
    dist_dir = getattr(dist, "dist_dir", None)
    root = Path(dist_dir) if dist_dir else Path.cwd()
    return root / "src" / "main" / "AndroidManifest.xml"


def after_apk_build(toolchain: Any) -> None:
    """p4a hook: the manifest is rendered, gradle has not run yet."""
    path = manifest_path(toolchain)
    text = path.read_text(encoding="utf-8")
    path.write_text(add_receivers(text), encoding="utf-8")
    print(f"unknot p4a hook: reminder, heat and session receivers declared in {path}")
