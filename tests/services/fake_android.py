"""Fakes of ``jnius`` and python-for-android's ``android`` package, shaped like the real APIs.

Only what Unknot calls is here, with the real names, constants and argument
lists (Android API 35), and with the checks Java would make: a listener must
declare the Java interface it implements and a ``java_method`` signature, a
window may only be changed on the UI thread, a method with overloads (``speak``,
``putExtra``) goes to the one pyjnius 1.7.0 would choose, or refuses the call as
it would (java_overloads.py), a PendingIntent needs a mutability flag
from Android 12, exact alarms need the permission, methods added in a later API
level are missing on an older device. Anything else raises, as pyjnius would
for a class or method that does not exist.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.services.java_overloads import FakeJavaError as FakeJavaError
from tests.services.java_overloads import choose_overload, parse_arguments

ON_INIT_LISTENER = "android/speech/tts/TextToSpeech$OnInitListener"


def java_method(signature: str, name: str | None = None) -> Callable[[Any], Any]:
    """Like pyjnius: marks a method of a PythonJavaClass as implementing a Java method."""

    def mark(function: Any) -> Any:
        function.__javasignature__ = signature
        function.__javaname__ = name
        return function

    return mark


class PythonJavaClass:
    """Like pyjnius: refuses to be made without the Java interfaces it implements."""

    __javainterfaces__: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not self.__javainterfaces__:
            raise FakeJavaError("__javainterfaces__ not set")

    def implements(self, interface: str, method: str, signature: str) -> bool:
        """What Java checks when the proxy is passed where ``interface`` is expected."""
        function = getattr(type(self), method, None)
        return (
            interface in self.__javainterfaces__
            and function is not None
            and getattr(function, "__javasignature__", None) == signature
        )


def implements_on_init_listener(listener: object) -> bool:
    return isinstance(listener, PythonJavaClass) and listener.implements(
        ON_INIT_LISTENER, "onInit", "(I)V"
    )


class FakeLocale:
    __javaclass__ = "java/util/Locale"

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def toString(self) -> str:
        return self.tag

    def getCountry(self) -> str:
        """java.util.Locale.getCountry: the region code ("DE"), or "" when the locale has none."""
        parts = self.tag.split("_")
        return parts[1] if len(parts) > 1 else ""


class FakeWindow:
    def __init__(self, android: FakeAndroid) -> None:
        self._android = android
        self.flags = 0
        self.calls: list[tuple[str, int]] = []

    def _check_thread(self) -> None:
        if not self._android.on_ui_thread:
            raise FakeJavaError(
                "android.view.ViewRootImpl$CalledFromWrongThreadException: Only the original "
                "thread that created a view hierarchy can touch its views."
            )

    def addFlags(self, flags: int) -> None:
        self._check_thread()
        self.calls.append(("addFlags", flags))
        self.flags |= flags

    def clearFlags(self, flags: int) -> None:
        self._check_thread()
        self.calls.append(("clearFlags", flags))
        self.flags &= ~flags


EXACT_ALARM_SETTINGS = "android.settings.REQUEST_SCHEDULE_EXACT_ALARM"
JAVA_INT_MIN = -(2**31)
JAVA_INT_MAX = 2**31 - 1


def is_java_int(value: object) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (JAVA_INT_MIN <= value <= JAVA_INT_MAX)
    )


def is_java_long(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (-(2**63) <= value < 2**63)


def no_method(name: str, args: tuple[Any, ...]) -> FakeJavaError:
    return FakeJavaError(f"No methods matching your arguments: {name}{args!r}")


class FakeUri:
    """android.net.Uri: only ``parse`` and ``toString``."""

    __javaclass__ = "android/net/Uri"

    def __init__(self, text: str) -> None:
        self.text = text

    @staticmethod
    def parse(text: Any) -> FakeUri:
        if not isinstance(text, str):
            raise no_method("Uri.parse", (text,))
        return FakeUri(text)

    def toString(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FakeUri) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class FakeJavaString:
    """A java.lang.String made in Python (``autoclass("java.lang.String")(text)``).

    Also what a test builds an intent with where Java would put a String extra.
    """

    __javaclass__ = "java/lang/String"

    def __init__(self, text: Any) -> None:
        if not isinstance(text, str):
            raise no_method("String.<init>", (text,))
        self.text = text

    def toString(self) -> str:
        return self.text


@dataclass
class FakeCharArray:
    """What Java received when pyjnius chose an overload taking char[]."""

    chars: list[str]


@dataclass(frozen=True)
class FakeJavaNumber:
    """A primitive extra as Java holds it: ``getStringExtra`` finds no String in it."""

    java_type: str
    """The JNI type pyjnius chose: "S" for short, "J" for long, and so on."""
    value: int | float | bool


def _string_arg(value: Any) -> Any:
    return value.text if isinstance(value, FakeJavaString) else value


INTENT_PUT_EXTRA = tuple(
    f"(Ljava/lang/String;{value})Landroid/content/Intent;"
    for value in (
        *"ZBCSIJFD",
        "Ljava/lang/String;",
        "Ljava/lang/CharSequence;",
        "Landroid/os/Parcelable;",
        "[Landroid/os/Parcelable;",
        "Ljava/io/Serializable;",
        *(f"[{kind}" for kind in "ZBSCIJFD"),
        "[Ljava/lang/String;",
        "[Ljava/lang/CharSequence;",
        "Landroid/os/Bundle;",
    )
)
"""Intent.putExtra's overloads in API 35, as pyjnius lists them (JNI signatures)."""


class FakeIntent:
    """android.content.Intent with the constructors and methods Unknot uses.

    ``putExtra`` goes to the overload pyjnius 1.7.0 picks among Intent's 24
    (java_overloads.py): a Python str to (String, char[]), so ``getStringExtra``
    then finds no String, as on a phone; a small Python int to (String, short), a
    larger one to (String, long); a list of str to (String, String[]). Only a
    java.lang.String (``FakeJavaString``) reaches (String, String).
    """

    __javaclass__ = "android/content/Intent"

    ACTION_DIAL = "android.intent.action.DIAL"
    FLAG_ACTIVITY_NEW_TASK = 0x10000000
    FLAG_ACTIVITY_SINGLE_TOP = 0x20000000
    FLAG_ACTIVITY_LAUNCHED_FROM_HISTORY = 0x00100000

    def __init__(self, *args: Any) -> None:
        self.action: str | None = None
        self.data: FakeUri | None = None
        self.component: tuple[str, str] | None = None
        self.extras: dict[str, Any] = {}
        self.flags = 0
        if len(args) == 1 and isinstance(args[0], str):
            self.action = args[0]
        elif len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], FakeUri):
            self.action, self.data = args
        elif args:
            raise no_method("Intent.<init>", args)

    def setAction(self, action: Any) -> FakeIntent:
        if not isinstance(action, str):
            raise no_method("setAction", (action,))
        self.action = action
        return self

    def getAction(self) -> str | None:
        return self.action

    def setClassName(self, package: Any, class_name: Any) -> FakeIntent:
        if isinstance(package, FakeActivity):
            package = package.getPackageName()
        if not (isinstance(package, str) and isinstance(class_name, str)):
            raise no_method("setClassName", (package, class_name))
        self.component = (package, class_name)
        return self

    def putExtra(self, key: Any, value: Any) -> FakeIntent:
        chosen = choose_overload(
            "android/content/Intent", "putExtra", INTENT_PUT_EXTRA, (key, value)
        )
        java_type = parse_arguments(chosen)[1]
        if value is None:
            self.extras[str(key)] = None
        elif java_type in ("Ljava/lang/String;", "Ljava/lang/CharSequence;"):
            self.extras[_string_arg(key)] = _string_arg(value)
        elif java_type == "[C":
            self.extras[_string_arg(key)] = FakeCharArray(list(value))
        elif java_type in ("[Ljava/lang/String;", "[Ljava/lang/CharSequence;"):
            self.extras[_string_arg(key)] = [_string_arg(item) for item in value]
        elif len(java_type) == 1:
            self.extras[_string_arg(key)] = FakeJavaNumber(java_type, value)
        else:
            self.extras[_string_arg(key)] = value
        return self

    def getStringExtra(self, key: Any) -> str | None:
        value = self.extras.get(_string_arg(key))
        return value if isinstance(value, str) else None

    def getStringArrayExtra(self, key: Any) -> list[str] | None:
        value = self.extras.get(_string_arg(key))
        return list(value) if isinstance(value, list) else None

    def removeExtra(self, key: Any) -> None:
        self.extras.pop(key, None)

    def addFlags(self, flags: Any) -> FakeIntent:
        if not is_java_int(flags):
            raise no_method("addFlags", (flags,))
        self.flags |= flags
        return self

    def getFlags(self) -> int:
        return self.flags

    def filter_key(self) -> tuple[Any, ...]:
        """What Intent.filterEquals compares: action, data, component (not the extras)."""
        return (self.action, self.data, self.component)


@dataclass
class FakePendingIntent:
    __javaclass__ = "android/app/PendingIntent"
    kind: str
    request_code: int
    intent: FakeIntent
    flags: int
    cancelled: bool = False

    @property
    def immutable(self) -> bool:
        return bool(self.flags & FakePendingIntentClass.FLAG_IMMUTABLE)

    def cancel(self) -> None:
        self.cancelled = True


class FakePendingIntentClass:
    """android.app.PendingIntent's statics, with Android 12's rule on mutability flags."""

    FLAG_ONE_SHOT = 1073741824
    FLAG_NO_CREATE = 536870912
    FLAG_CANCEL_CURRENT = 268435456
    FLAG_UPDATE_CURRENT = 134217728
    FLAG_IMMUTABLE = 67108864
    FLAG_MUTABLE = 33554432

    android: FakeAndroid

    @classmethod
    def getBroadcast(cls, context: Any, request_code: Any, intent: Any, flags: Any) -> Any:
        return cls.android.pending_intent("broadcast", context, request_code, intent, flags)

    @classmethod
    def getActivity(cls, context: Any, request_code: Any, intent: Any, flags: Any) -> Any:
        return cls.android.pending_intent("activity", context, request_code, intent, flags)


@dataclass
class Alarm:
    type: int
    at_ms: int
    operation: FakePendingIntent
    exact: bool


class FakeAlarmManager:
    """android.app.AlarmManager: one alarm per equal PendingIntent, as on a phone."""

    RTC_WAKEUP = 0
    RTC = 1
    ELAPSED_REALTIME_WAKEUP = 2
    ELAPSED_REALTIME = 3

    def __init__(self, android: FakeAndroid) -> None:
        self._android = android
        self.alarms: dict[tuple[Any, ...], Alarm] = {}
        self.calls: list[tuple[Any, ...]] = []

    def _check(self, name: str, kind: Any, at_ms: Any, operation: Any) -> None:
        if not (
            is_java_int(kind) and is_java_long(at_ms) and isinstance(operation, FakePendingIntent)
        ):
            raise no_method(name, (kind, at_ms, operation))
        if operation.kind != "broadcast" or operation.cancelled:
            raise FakeJavaError(f"{name}: not a live broadcast PendingIntent")

    def setAndAllowWhileIdle(self, kind: Any, at_ms: Any, operation: Any) -> None:
        self._check("setAndAllowWhileIdle", kind, at_ms, operation)
        self.calls.append(("setAndAllowWhileIdle", kind, at_ms, operation))
        self.alarms[self._android.key_of(operation)] = Alarm(kind, at_ms, operation, exact=False)

    def setExactAndAllowWhileIdle(self, kind: Any, at_ms: Any, operation: Any) -> None:
        self._check("setExactAndAllowWhileIdle", kind, at_ms, operation)
        if self._android.sdk_int >= 31 and not self._android.exact_alarms_allowed:
            raise FakeJavaError(
                "java.lang.SecurityException: Caller needs to hold "
                "android.permission.SCHEDULE_EXACT_ALARM to set exact alarms."
            )
        self.calls.append(("setExactAndAllowWhileIdle", kind, at_ms, operation))
        self.alarms[self._android.key_of(operation)] = Alarm(kind, at_ms, operation, exact=True)

    def canScheduleExactAlarms(self) -> bool:
        if self._android.sdk_int < 31:
            raise FakeJavaError("java.lang.NoSuchMethodError: canScheduleExactAlarms (API 31)")
        return self._android.exact_alarms_allowed

    def cancel(self, operation: Any) -> None:
        if not isinstance(operation, FakePendingIntent):
            raise no_method("cancel", (operation,))
        self.calls.append(("cancel", operation))
        self.alarms.pop(self._android.key_of(operation), None)

    def by_code(self) -> dict[int, Alarm]:
        return {alarm.operation.request_code: alarm for alarm in self.alarms.values()}


class FakeSharedPreferences:
    """A SharedPreferences file: edits show only after apply() or commit()."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.commits = 0

    def getString(self, key: Any, default: Any) -> Any:
        if not isinstance(key, str) or not (default is None or isinstance(default, str)):
            raise no_method("getString", (key, default))
        value = self.values.get(key, default)
        if value is not None and not isinstance(value, str):
            raise FakeJavaError("java.lang.ClassCastException: not a String")
        return value

    def edit(self) -> FakeEditor:
        return FakeEditor(self)


class FakeEditor:
    def __init__(self, prefs: FakeSharedPreferences) -> None:
        self._prefs = prefs
        self._pending: dict[str, Any] = {}

    def putString(self, key: Any, value: Any) -> FakeEditor:
        if not isinstance(key, str) or not (value is None or isinstance(value, str)):
            raise no_method("putString", (key, value))
        self._pending[key] = value
        return self

    def apply(self) -> None:
        self._prefs.values.update(self._pending)

    def commit(self) -> bool:
        self.apply()
        self._prefs.commits += 1
        return True


class FakeJavaTimeZone:
    """java.util.TimeZone for one zone id; offsets from Python's zone data."""

    def __init__(self, zone_id: str) -> None:
        self._id = zone_id

    def getID(self) -> str:
        return self._id

    def getOffset(self, utc_ms: Any) -> int:
        if not is_java_long(utc_ms):
            raise no_method("getOffset", (utc_ms,))
        moment = datetime.fromtimestamp(utc_ms / 1000, tz=timezone.utc)
        offset = moment.astimezone(ZoneInfo(self._id)).utcoffset()
        assert offset is not None
        return int(offset.total_seconds() * 1000)


@dataclass
class PostedNotification:
    id: int
    title: str
    text: str
    routine_id: str | None
    reminder_id: str | None


@dataclass
class PermissionRequest:
    permissions: list[str]
    callback: Callable[[list[str], list[bool]], None] | None


@dataclass
class AndroidState:
    """What the fake device holds besides the activity: settings a test may change."""

    sdk_int: int = 35
    exact_alarms_allowed: bool = False
    zone_id: str = "Europe/Berlin"
    granted: set[str] = field(default_factory=set)


class FakeActivity:
    """PythonActivity.mActivity: a window, and the Context methods Unknot calls."""

    __javaclass__ = "org/kivy/android/PythonActivity"
    PACKAGE_NAME = "org.unknot.unknot"

    def __init__(self, window: FakeWindow, android: FakeAndroid | None = None) -> None:
        self._window = window
        self._android = android
        self.started: list[FakeIntent] = []
        self.intent: FakeIntent | None = FakeIntent("android.intent.action.MAIN")

    def getWindow(self) -> FakeWindow:
        return self._window

    def getApplicationContext(self) -> FakeActivity:
        return self

    def getPackageName(self) -> str:
        return self.PACKAGE_NAME

    def getSystemService(self, name: Any) -> Any:
        assert self._android is not None
        if name == "alarm":
            return self._android.alarm_manager
        raise no_method("getSystemService", (name,))

    def getSharedPreferences(self, name: Any, mode: Any) -> FakeSharedPreferences:
        assert self._android is not None
        if not isinstance(name, str) or mode != 0:  # Context.MODE_PRIVATE
            raise no_method("getSharedPreferences", (name, mode))
        return self._android.shared_preferences.setdefault(name, FakeSharedPreferences())

    def startActivity(self, intent: Any) -> None:
        if not isinstance(intent, FakeIntent):
            raise no_method("startActivity", (intent,))
        if self._android is not None and intent.action in self._android.missing_activities:
            raise FakeJavaError(
                "android.content.ActivityNotFoundException: No Activity found to handle Intent "
                f"{{ act={intent.action} }}"
            )
        self.started.append(intent)

    def getIntent(self) -> FakeIntent | None:
        return self.intent


TTS_SPEAK = (
    "(Ljava/lang/CharSequence;ILandroid/os/Bundle;Ljava/lang/String;)I",
    "(Ljava/lang/String;ILjava/util/HashMap;)I",
)
"""TextToSpeech.speak's overloads in API 35 (JNI signatures)."""


class FakeAndroid:
    """One fake device: its activity and window, its speech engines, its UI thread."""

    def __init__(self) -> None:
        self.window = FakeWindow(self)
        self.activity = FakeActivity(self.window, self)
        self.state = AndroidState()
        self.alarm_manager = FakeAlarmManager(self)
        self.shared_preferences: dict[str, FakeSharedPreferences] = {}
        self.pending_intents: dict[tuple[Any, ...], FakePendingIntent] = {}
        self.pending_intents_made: list[FakePendingIntent] = []
        self.notifications: list[PostedNotification] = []
        self.notifier_error: str | None = None
        self.notifier_result = True
        self.permission_requests: list[PermissionRequest] = []
        self.new_intent_listeners: list[Callable[[Any], None]] = []
        self.engines: list[Any] = []
        self.ui_posts: list[Callable[[], None]] = []
        self.on_ui_thread = False
        self.default_locale = FakeLocale("de_DE")
        self.missing_activities: set[str] = set()
        """Actions no app on the device handles (a tablet without a phone has no dialer)."""
        self.language_result = 0  # TextToSpeech.LANG_AVAILABLE
        self.init_status_in_constructor: int | None = None
        self.speak_error: str | None = None
        """A Java exception every speak() call throws, for tests of a failing engine."""
        self.text_to_speech = self._make_text_to_speech()
        self.service_context: Any = None
        """The cue service's Context (PythonService.mService), where a test runs the service."""
        self.tts_speaking = False
        """What TextToSpeech.isSpeaking answers."""

    # --- what the code under test imports -------------------------------------------

    def autoclass(self, name: str) -> Any:
        android = self

        if name == "org.kivy.android.PythonActivity":
            return type("PythonActivity", (), {"mActivity": self.activity})
        if name == "android.view.WindowManager$LayoutParams":
            return type("LayoutParams", (), {"FLAG_KEEP_SCREEN_ON": 128})
        if name == "android.speech.tts.TextToSpeech":
            return self.text_to_speech
        if name == "java.util.Locale":

            class Locale:
                US = FakeLocale("en_US")

                @staticmethod
                def getDefault() -> FakeLocale:
                    return android.default_locale

            return Locale
        return self._autoclass_for_alarms(name)

    def _autoclass_for_alarms(self, name: str) -> Any:
        android = self
        if name == "android.os.Build$VERSION":

            class VersionMeta(type):
                @property
                def SDK_INT(cls) -> int:
                    return android.sdk_int

            return VersionMeta("VERSION", (), {})
        if name == "android.content.Context":
            return type(
                "Context",
                (),
                {
                    "ALARM_SERVICE": "alarm",
                    "NOTIFICATION_SERVICE": "notification",
                    "MODE_PRIVATE": 0,
                },
            )
        if name == "android.app.AlarmManager":
            return FakeAlarmManager
        if name == "android.app.PendingIntent":
            return type("PendingIntent", (FakePendingIntentClass,), {"android": self})
        if name == "android.content.Intent":
            return FakeDocumentIntent
        if name == "java.lang.String":
            return FakeJavaString
        if name == "android.net.Uri":
            return FakeUri
        if name == "android.provider.Settings":
            fields = (
                {}
                if self.sdk_int < 31
                else {"ACTION_REQUEST_SCHEDULE_EXACT_ALARM": EXACT_ALARM_SETTINGS}
            )
            return type("Settings", (), fields)
        if name == "java.util.TimeZone":

            class TimeZone:
                @staticmethod
                def getDefault() -> FakeJavaTimeZone:
                    return FakeJavaTimeZone(android.zone_id)

            return TimeZone
        if name == "org.unknot.reminders.ReminderNotifier":

            class ReminderNotifier:
                @staticmethod
                def post(*args: Any) -> bool:
                    return android.post_notification(*args)

            return ReminderNotifier
        raise FakeJavaError(f"java.lang.ClassNotFoundException: {name}")

    def cast(self, name: str, java_object: Any) -> Any:
        """jnius.cast: refuses an object that is not of the named class, as Java would."""
        expected = {"android.app.AlarmManager": FakeAlarmManager}.get(name)
        if expected is None:
            raise FakeJavaError(f"java.lang.ClassNotFoundException: {name}")
        if not isinstance(java_object, expected):
            raise FakeJavaError(f"java.lang.ClassCastException: not a {name}")
        return java_object

    # --- settings a test may change ------------------------------------------------------

    @property
    def sdk_int(self) -> int:
        return self.state.sdk_int

    @sdk_int.setter
    def sdk_int(self, value: int) -> None:
        self.state.sdk_int = value

    @property
    def exact_alarms_allowed(self) -> bool:
        return self.state.exact_alarms_allowed

    @exact_alarms_allowed.setter
    def exact_alarms_allowed(self, value: bool) -> None:
        self.state.exact_alarms_allowed = value

    @property
    def zone_id(self) -> str:
        return self.state.zone_id

    @zone_id.setter
    def zone_id(self, value: str) -> None:
        self.state.zone_id = value

    # --- PendingIntent, notifications, permissions ---------------------------------------

    def key_of(self, pending: FakePendingIntent) -> tuple[Any, ...]:
        return (pending.kind, pending.request_code, pending.intent.filter_key())

    def is_context(self, context: Any) -> bool:
        """The activity, or the cue service where a test runs it: both are Contexts."""
        return context is self.activity or (
            self.service_context is not None and context is self.service_context
        )

    def pending_intent(
        self, kind: str, context: Any, request_code: Any, intent: Any, flags: Any
    ) -> FakePendingIntent | None:
        """PendingIntent.getBroadcast/getActivity for an app targeting API 35."""
        if not (
            self.is_context(context)
            and is_java_int(request_code)
            and isinstance(intent, FakeIntent)
            and is_java_int(flags)
        ):
            raise no_method(
                f"PendingIntent.get{kind.capitalize()}", (context, request_code, intent, flags)
            )
        mutability = flags & (
            FakePendingIntentClass.FLAG_IMMUTABLE | FakePendingIntentClass.FLAG_MUTABLE
        )
        if self.sdk_int >= 31 and mutability == 0:
            raise FakeJavaError(
                "java.lang.IllegalArgumentException: org.unknot.unknot: Targeting S+ (version 31 "
                "and above) requires that one of FLAG_IMMUTABLE or FLAG_MUTABLE be specified when "
                "creating a PendingIntent."
            )
        if mutability == (
            FakePendingIntentClass.FLAG_IMMUTABLE | FakePendingIntentClass.FLAG_MUTABLE
        ):
            raise FakeJavaError(
                "java.lang.IllegalArgumentException: "
                "Cannot set both FLAG_IMMUTABLE and FLAG_MUTABLE"
            )
        copy = FakeIntent()
        copy.action, copy.data, copy.component = intent.action, intent.data, intent.component
        copy.extras, copy.flags = dict(intent.extras), intent.flags
        key = (kind, request_code, copy.filter_key())
        existing = self.pending_intents.get(key)
        if existing is not None and not existing.cancelled:
            if flags & FakePendingIntentClass.FLAG_UPDATE_CURRENT:
                existing.intent.extras = dict(copy.extras)
            return existing
        if flags & FakePendingIntentClass.FLAG_NO_CREATE:
            return None
        made = FakePendingIntent(kind, request_code, copy, flags)
        self.pending_intents[key] = made
        self.pending_intents_made.append(made)
        return made

    def post_notification(self, *args: Any) -> bool:
        """ReminderNotifier.post(Context, int, String, String, String, String)."""
        if len(args) != 6:
            raise no_method("ReminderNotifier.post", args)
        context, notification_id, title, text, routine_id, reminder_id = args
        if not (
            context is self.activity
            and is_java_int(notification_id)
            and isinstance(title, str)
            and isinstance(text, str)
            and (routine_id is None or isinstance(routine_id, str))
            and (reminder_id is None or isinstance(reminder_id, str))
        ):
            raise no_method("ReminderNotifier.post", args)
        if self.notifier_error is not None:
            raise FakeJavaError(self.notifier_error)
        if self.notifier_result:
            self.notifications.append(
                PostedNotification(notification_id, title, text, routine_id, reminder_id)
            )
        return self.notifier_result

    def grant(self, permission: str) -> None:
        self.state.granted.add(permission)

    def check_permission(self, permission: str) -> bool:
        """android.permissions.check_permission."""
        return permission in self.state.granted

    def request_permissions(
        self,
        permissions: list[str],
        callback: Callable[[list[str], list[bool]], None] | None = None,
    ) -> None:
        """android.permissions.request_permissions: the answer comes later (``answer``)."""
        self.permission_requests.append(PermissionRequest(list(permissions), callback))

    def answer(self, granted: bool) -> None:
        """The person answers the last permission dialog."""
        request = self.permission_requests[-1]
        if granted:
            self.state.granted.update(request.permissions)
        if request.callback is not None:
            request.callback(request.permissions, [granted] * len(request.permissions))

    def bind(self, **callbacks: Callable[[Any], None]) -> None:
        """android.activity.bind: only on_new_intent is used."""
        for event, callback in callbacks.items():
            if event != "on_new_intent":
                raise TypeError(f"unexpected event {event}")
            self.new_intent_listeners.append(callback)

    def deliver_new_intent(self, intent: FakeIntent) -> None:
        """PythonActivity.onNewIntent: a notification was tapped while the app runs."""
        for listener in self.new_intent_listeners:
            listener(intent)

    def run_on_ui_thread(self, function: Callable[..., Any]) -> Callable[..., None]:
        """Like p4a's: the call is posted to the UI thread and returns at once."""

        def post(*args: Any, **kwargs: Any) -> None:
            self.ui_posts.append(lambda: function(*args, **kwargs))

        return post

    def run_ui_thread(self) -> None:
        """Runs what was posted, as Android's UI thread would."""
        self.on_ui_thread = True
        try:
            while self.ui_posts:
                self.ui_posts.pop(0)()
        finally:
            self.on_ui_thread = False

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        jnius = types.ModuleType("jnius")
        jnius.autoclass = self.autoclass  # type: ignore[attr-defined]
        jnius.PythonJavaClass = PythonJavaClass  # type: ignore[attr-defined]
        jnius.java_method = java_method  # type: ignore[attr-defined]
        jnius.JavaException = FakeJavaError  # type: ignore[attr-defined]
        jnius.cast = self.cast  # type: ignore[attr-defined]
        android = types.ModuleType("android")
        runnable = types.ModuleType("android.runnable")
        runnable.run_on_ui_thread = self.run_on_ui_thread  # type: ignore[attr-defined]
        android.runnable = runnable  # type: ignore[attr-defined]
        permissions = types.ModuleType("android.permissions")
        permissions.check_permission = self.check_permission  # type: ignore[attr-defined]
        permissions.request_permissions = self.request_permissions  # type: ignore[attr-defined]
        permissions.Permission = type(  # type: ignore[attr-defined]
            "Permission", (), {"POST_NOTIFICATIONS": "android.permission.POST_NOTIFICATIONS"}
        )
        android.permissions = permissions  # type: ignore[attr-defined]
        activity = types.ModuleType("android.activity")
        activity.bind = self.bind  # type: ignore[attr-defined]
        android.activity = activity  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "jnius", jnius)
        monkeypatch.setitem(sys.modules, "android", android)
        monkeypatch.setitem(sys.modules, "android.runnable", runnable)
        monkeypatch.setitem(sys.modules, "android.permissions", permissions)
        monkeypatch.setitem(sys.modules, "android.activity", activity)

    # --- the speech engine -------------------------------------------------------------

    @property
    def engine(self) -> Any:
        assert len(self.engines) == 1, f"expected one TextToSpeech, found {len(self.engines)}"
        return self.engines[0]

    def _make_text_to_speech(self) -> type:
        android = self

        class TextToSpeech:
            SUCCESS = 0
            ERROR = -1
            QUEUE_FLUSH = 0
            QUEUE_ADD = 1
            LANG_AVAILABLE = 0
            LANG_MISSING_DATA = -1
            LANG_NOT_SUPPORTED = -2

            def __init__(self, context: Any, listener: Any) -> None:
                if not android.is_context(context):
                    raise FakeJavaError("TextToSpeech needs the app's Context")
                if not implements_on_init_listener(listener):
                    raise FakeJavaError("No constructor matching (Context, OnInitListener)")
                self.listener = listener
                self.spoken: list[tuple[str, int, Any, str]] = []
                self.calls: list[str] = []
                self.languages: list[FakeLocale] = []
                self.init_thread: threading.Thread | None = None
                android.engines.append(self)
                if android.init_status_in_constructor is not None:
                    # What Android does when no engine can be bound.
                    self.listener.onInit(android.init_status_in_constructor)

            def speak(self, *args: Any) -> int:
                """speak(CharSequence, int, Bundle, String), chosen as pyjnius chooses.

                The other overload, the deprecated (String, int, HashMap), takes
                three arguments; so a Python str, which pyjnius's scorer refuses
                for a CharSequence, leaves no overload at all.
                """
                chosen = choose_overload(
                    "android/speech/tts/TextToSpeech", "speak", TTS_SPEAK, args
                )
                if chosen != TTS_SPEAK[0]:
                    raise FakeJavaError(f"the fake has no {chosen}")
                text, queue_mode, params, utterance_id = args
                if android.speak_error is not None:
                    raise FakeJavaError(android.speak_error)
                self.calls.append("speak")
                self.spoken.append((_string_arg(text), queue_mode, params, utterance_id))
                return TextToSpeech.SUCCESS

            def setLanguage(self, locale: FakeLocale) -> int:
                self.calls.append("setLanguage")
                self.languages.append(locale)
                return android.language_result

            def stop(self) -> int:
                self.calls.append("stop")
                return TextToSpeech.SUCCESS

            def isSpeaking(self) -> bool:
                return android.tts_speaking

            def shutdown(self) -> None:
                self.calls.append("shutdown")

            # What Android's UI thread does once the engine is bound.
            def finish_init(self, status: int) -> None:
                def run() -> None:
                    self.listener.onInit(status)

                self.init_thread = threading.Thread(target=run, name="android-ui")
                self.init_thread.start()
                self.init_thread.join(5)

            @property
            def texts(self) -> list[str]:
                return [text for text, *_ in self.spoken]

        return TextToSpeech


# --- documents: the system's picker and save screens, content providers --------------------
#
# Shapes from API 35: Intent's document actions and extras, Activity's result codes,
# ContentResolver's openInputStream / openOutputStream(Uri, String) / the five-argument
# query, a Cursor, java.io streams, and python-for-android's ``android.activity``
# (bind/unbind of on_activity_result; PythonActivity walks its listener list with an
# iterator, so changing the list from inside a result throws).


class FakeParcelable:
    """What pyjnius gives for a method declared to return Parcelable (getParcelableExtra).

    A Uri wrapped this way is refused where a Uri is expected, until ``jnius.cast``.
    """

    __javaclass__ = "android/os/Parcelable"

    def __init__(self, value: Any) -> None:
        self.value = value


def refuse_non_uri(name: str, uri: Any) -> None:
    if isinstance(uri, FakeParcelable):
        raise FakeJavaError(
            "Invalid instance of 'android/os/Parcelable' passed for a 'android/net/Uri'"
        )
    if not isinstance(uri, FakeUri):
        raise no_method(name, (uri,))


class FakeDocumentIntent(FakeIntent):
    """android.content.Intent with the document actions, categories, types and extras.

    ``putExtra`` is ``FakeIntent``'s: pyjnius's choice among the overloads.
    """

    ACTION_MAIN = "android.intent.action.MAIN"
    ACTION_VIEW = "android.intent.action.VIEW"
    ACTION_SEND = "android.intent.action.SEND"
    ACTION_OPEN_DOCUMENT = "android.intent.action.OPEN_DOCUMENT"
    ACTION_CREATE_DOCUMENT = "android.intent.action.CREATE_DOCUMENT"
    CATEGORY_OPENABLE = "android.intent.category.OPENABLE"
    EXTRA_MIME_TYPES = "android.intent.extra.MIME_TYPES"
    EXTRA_TITLE = "android.intent.extra.TITLE"
    EXTRA_STREAM = "android.intent.extra.STREAM"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.categories: list[str] = []
        self.type: str | None = None

    def addCategory(self, category: Any) -> FakeDocumentIntent:
        if not isinstance(category, str):
            raise no_method("addCategory", (category,))
        self.categories.append(category)
        return self

    def setType(self, mime_type: Any) -> FakeDocumentIntent:
        if not isinstance(mime_type, str):
            raise no_method("setType", (mime_type,))
        self.type = mime_type
        return self

    def getType(self) -> str | None:
        return self.type

    def setData(self, uri: Any) -> FakeDocumentIntent:
        if uri is not None:
            refuse_non_uri("setData", uri)
        self.data = uri
        return self

    def getData(self) -> FakeUri | None:
        return self.data

    def put_stream(self, uri: FakeUri) -> FakeDocumentIntent:
        """What a sending app does: putExtra(EXTRA_STREAM, uri) (not a pyjnius call)."""
        self.extras[self.EXTRA_STREAM] = uri
        return self

    def getParcelableExtra(self, key: Any) -> FakeParcelable | None:
        if not isinstance(key, str):
            raise no_method("getParcelableExtra", (key,))
        value = self.extras.get(key)
        return None if value is None else FakeParcelable(value)


@dataclass
class FakeDocument:
    """One document behind a content:// URI, and how its provider behaves."""

    name: str | None
    data: bytes = b""
    max_read: int = 8192
    """The most one read returns (pipes and network streams return less than asked)."""
    fail_read_after: int | None = None
    fail_write: bool = False
    fail_close_on_write: bool = False
    refused_modes: frozenset[str] = frozenset()
    fail_query: bool = False
    bytes_read: int = 0
    saves: int = 0


WRITE_MODES = {"w", "wt", "wa", "rw", "rwt"}


class FakeInputStream:
    """java.io.InputStream: read(byte[]) and read(byte[], int, int), -1 at the end.

    As through pyjnius: a bytearray or list passed as byte[] gets the bytes copied
    back after the call; ``bytes`` cannot be changed, so it stays as it was (no error).
    """

    def __init__(self, document: FakeDocument) -> None:
        self._document = document
        self.position = 0
        self.closed = False

    def read(self, *args: Any) -> int:
        if len(args) == 1:
            buffer, offset, length = args[0], 0, len(args[0]) if args[0] is not None else 0
        elif len(args) == 3:
            buffer, offset, length = args
        else:
            raise no_method("read", args)
        if not isinstance(buffer, (bytearray, bytes, list)) or not (
            is_java_int(offset) and is_java_int(length)
        ):
            raise no_method("read", args)
        if offset < 0 or length < 0 or offset + length > len(buffer):
            raise FakeJavaError("java.lang.IndexOutOfBoundsException")
        if self.closed:
            raise FakeJavaError("java.io.IOException: Stream Closed")
        document = self._document
        if document.fail_read_after is not None and self.position >= document.fail_read_after:
            raise FakeJavaError("java.io.IOException: Connection reset")
        if length == 0:
            return 0
        remaining = len(document.data) - self.position
        if remaining <= 0:
            return -1
        count = min(length, document.max_read, remaining)
        if document.fail_read_after is not None:
            count = min(count, max(1, document.fail_read_after - self.position))
        chunk = document.data[self.position : self.position + count]
        if isinstance(buffer, bytearray):
            buffer[offset : offset + count] = chunk
        elif isinstance(buffer, list):
            buffer[offset : offset + count] = list(chunk)
        self.position += count
        document.bytes_read = max(document.bytes_read, self.position)
        return count

    def close(self) -> None:
        self.closed = True


class FakeOutputStream:
    """java.io.OutputStream over a document; the provider keeps what was written at close.

    Mode "w" does not truncate (Android 10 and later): writing over a longer
    document leaves its old tail, as on a phone.
    """

    def __init__(self, document: FakeDocument, mode: str) -> None:
        self._document = document
        self.mode = mode
        self._content = bytearray() if "t" in mode else bytearray(document.data)
        self._position = len(self._content) if "a" in mode else 0
        self.closed = False
        self.flushed = False

    def write(self, *args: Any) -> None:
        if len(args) == 1:
            data, offset, length = args[0], 0, len(args[0]) if args[0] is not None else 0
        elif len(args) == 3:
            data, offset, length = args
        else:
            raise no_method("write", args)
        if not isinstance(data, (bytes, bytearray)) or not (
            is_java_int(offset) and is_java_int(length)
        ):
            raise no_method("write", args)
        if self.closed:
            raise FakeJavaError("java.io.IOException: Stream Closed")
        if self._document.fail_write:
            raise FakeJavaError("java.io.IOException: No space left on device")
        chunk = bytes(data[offset : offset + length])
        self._content[self._position : self._position + len(chunk)] = chunk
        self._position += len(chunk)

    def flush(self) -> None:
        self.flushed = True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._document.fail_close_on_write:
            raise FakeJavaError("java.io.IOException: upload failed")
        self._document.data = bytes(self._content)
        self._document.saves += 1


class FakeCursor:
    """android.database.Cursor over the rows a query found, with the projection's columns."""

    def __init__(self, columns: list[str], rows: list[list[Any]]) -> None:
        self._columns = columns
        self._rows = rows
        self._position = -1
        self.closed = False

    def moveToFirst(self) -> bool:
        self._check_open()
        self._position = 0 if self._rows else -1
        return bool(self._rows)

    def getColumnIndex(self, name: Any) -> int:
        self._check_open()
        if not isinstance(name, str):
            raise no_method("getColumnIndex", (name,))
        return self._columns.index(name) if name in self._columns else -1

    def getString(self, column: Any) -> Any:
        self._check_open()
        if not is_java_int(column):
            raise no_method("getString", (column,))
        if not 0 <= self._position < len(self._rows):
            raise FakeJavaError(
                f"android.database.CursorIndexOutOfBoundsException: Index {self._position} "
                f"requested, with a size of {len(self._rows)}"
            )
        if not 0 <= column < len(self._columns):
            raise FakeJavaError("java.lang.IllegalStateException: Couldn't read row 0, col -1")
        return self._rows[self._position][column]

    def close(self) -> None:
        self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            raise FakeJavaError("android.database.StaleDataException: closed cursor")


class FakeContentResolver:
    """android.content.ContentResolver over the documents a test puts in."""

    def __init__(self) -> None:
        self.documents: dict[str, FakeDocument] = {}
        self.input_streams: list[FakeInputStream] = []
        self.output_streams: list[FakeOutputStream] = []
        self.cursors: list[FakeCursor] = []

    def add(self, uri: str, name: str | None, data: bytes = b"", **options: Any) -> FakeUri:
        """A test's way to put a document behind ``uri`` (not a ContentResolver method)."""
        self.documents[uri] = FakeDocument(name, data, **options)
        return FakeUri(uri)

    def _document(self, method: str, uri: Any) -> FakeDocument:
        refuse_non_uri(method, uri)
        document = self.documents.get(uri.toString())
        if document is None:
            raise FakeJavaError(f"java.io.FileNotFoundException: No such document: {uri.text}")
        return document

    def openInputStream(self, uri: Any) -> FakeInputStream:
        stream = FakeInputStream(self._document("openInputStream", uri))
        self.input_streams.append(stream)
        return stream

    def openOutputStream(self, uri: Any, mode: Any = "w") -> FakeOutputStream:
        document = self._document("openOutputStream", uri)
        if mode not in WRITE_MODES:
            raise FakeJavaError(f"java.lang.IllegalArgumentException: Bad mode '{mode}'")
        if mode in document.refused_modes:
            raise FakeJavaError(f"java.io.FileNotFoundException: Unsupported mode: {mode}")
        stream = FakeOutputStream(document, mode)
        self.output_streams.append(stream)
        return stream

    def query(
        self, uri: Any, projection: Any, selection: Any, selection_args: Any, sort_order: Any
    ) -> FakeCursor:
        document = self._document("query", uri)
        if not (
            (projection is None or isinstance(projection, list))
            and (selection is None or isinstance(selection, str))
            and (selection_args is None or isinstance(selection_args, list))
            and (sort_order is None or isinstance(sort_order, str))
        ):
            raise no_method("query", (uri, projection, selection, selection_args, sort_order))
        if document.fail_query:
            raise FakeJavaError("java.lang.SecurityException: Permission Denial")
        columns = list(projection) if projection else ["_display_name", "_size"]
        values = {"_display_name": document.name, "_size": len(document.data)}
        row = [values.get(column) for column in columns]
        cursor = FakeCursor(columns, [row])
        self.cursors.append(cursor)
        return cursor


class FakeJavaFile:
    """java.io.File: only getAbsolutePath."""

    def __init__(self, path: str) -> None:
        self._path = path

    def getAbsolutePath(self) -> str:
        return self._path


@dataclass
class ActivityRequest:
    intent: FakeDocumentIntent
    request_code: int


class FakeDocumentsActivity(FakeActivity):
    """PythonActivity.mActivity, with a ContentResolver, a cache folder, startActivityForResult."""

    def __init__(self, window: FakeWindow, android: FakeAndroidWithDocuments) -> None:
        super().__init__(window, android)
        self._documents_android = android
        self.requests: list[ActivityRequest] = []

    def getContentResolver(self) -> FakeContentResolver:
        return self._documents_android.content_resolver

    def getCacheDir(self) -> FakeJavaFile:
        return FakeJavaFile(str(self._documents_android.cache_dir))

    def startActivityForResult(self, intent: Any, request_code: Any) -> None:
        if not (isinstance(intent, FakeDocumentIntent) and is_java_int(request_code)):
            raise no_method("startActivityForResult", (intent, request_code))
        if intent.action in self._documents_android.missing_activities:
            raise FakeJavaError(
                "android.content.ActivityNotFoundException: No Activity found to handle Intent "
                f"{{ act={intent.action} }}"
            )
        self.requests.append(ActivityRequest(intent, request_code))


class FakeAndroidWithDocuments(FakeAndroid):
    """A fake device whose activity can start the system's document screens."""

    RESULT_OK = -1
    RESULT_CANCELED = 0

    def __init__(self, cache_dir: Any) -> None:
        super().__init__()
        self.cache_dir = cache_dir
        self.content_resolver = FakeContentResolver()
        self.activity_result_listeners: list[Callable[[int, int, Any], None]] = []
        self.dispatching_results = False
        self.documents_activity = FakeDocumentsActivity(self.window, self)
        self.activity = self.documents_activity

    def autoclass(self, name: str) -> Any:
        if name == "android.content.Intent":
            return FakeDocumentIntent
        if name == "java.lang.String":
            return FakeJavaString
        if name == "android.app.Activity":
            return type(
                "Activity",
                (),
                {"RESULT_OK": self.RESULT_OK, "RESULT_CANCELED": self.RESULT_CANCELED},
            )
        return super().autoclass(name)

    def cast(self, name: str, java_object: Any) -> Any:
        if name == "android.net.Uri":
            value = java_object.value if isinstance(java_object, FakeParcelable) else java_object
            if not isinstance(value, FakeUri):
                raise FakeJavaError("java.lang.ClassCastException: not a android.net.Uri")
            return value
        return super().cast(name, java_object)

    def _check_not_dispatching(self) -> None:
        if self.dispatching_results:
            raise FakeJavaError("java.util.ConcurrentModificationException")

    def bind(self, **callbacks: Callable[..., None]) -> None:
        """android.activity.bind: on_activity_result here, on_new_intent as before."""
        for event, callback in callbacks.items():
            if event == "on_activity_result":
                self._check_not_dispatching()
                self.activity_result_listeners.append(callback)
            else:
                super().bind(**{event: callback})

    def unbind(self, **callbacks: Callable[..., None]) -> None:
        for event, callback in callbacks.items():
            if event != "on_activity_result":
                raise TypeError(f"unexpected event {event}")
            self._check_not_dispatching()
            self.activity_result_listeners = [
                listener for listener in self.activity_result_listeners if listener != callback
            ]

    def deliver_activity_result(self, request_code: int, result_code: int, intent: Any) -> None:
        """PythonActivity.onActivityResult: every bound listener, on Android's UI thread."""
        self.dispatching_results = True
        try:
            for listener in list(self.activity_result_listeners):
                listener(request_code, result_code, intent)
        finally:
            self.dispatching_results = False

    def choose(self, uri: FakeUri | None) -> None:
        """The person picks (or creates) ``uri`` in the screen opened last; None cancels."""
        request = self.documents_activity.requests[-1]
        if uri is None:
            self.deliver_activity_result(request.request_code, self.RESULT_CANCELED, None)
            return
        result = FakeDocumentIntent()
        result.setData(uri)
        self.deliver_activity_result(request.request_code, self.RESULT_OK, result)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().install(monkeypatch)
        activity = sys.modules["android.activity"]
        activity.unbind = self.unbind  # type: ignore[attr-defined]
