"""The Android services, one small module per feature, and the one way to reach the activity.

Laid out as plyer lays out ``platforms/android``: ``speech``, ``keep_awake``,
``notifications``, ``alarms``, ``heat_alarm``, ``documents``, ``launch`` and
``zone`` each hold one feature; ``unknot/services/*.py`` hold the interfaces, the Null versions
and the desktop ones. Nothing outside this package imports jnius or
python-for-android's ``android`` modules, and nothing in it imports them at
module level: every module imports on any desktop, and the tests run them
against a fake jnius (tests/services/fake_android.py).

python-for-android runs the whole app inside one Java activity; every service
that needs its window, a Context, or to start another screen gets it from
``activity()`` here, so how p4a exposes it is written once.
"""

from __future__ import annotations

from typing import Any

PYTHON_ACTIVITY = "org.kivy.android.PythonActivity"
"""python-for-android's activity class; the Java receivers open it by this name too."""


def activity() -> Any:
    """The running activity: its window, its intent, and the one that can start other screens.

    Raises (pyjnius's errors, ImportError off Android) when there is none; the
    services turn that into their Null version.
    """
    from jnius import autoclass

    return autoclass(PYTHON_ACTIVITY).mActivity


def app_context() -> Any:
    """The application's Context: for what outlives one activity (alarms, preferences)."""
    return activity().getApplicationContext()
