"""Fakes of what the cue service calls: its Service object, notifications, tones, focus, buzz.

Shaped like API 35 (and older where the code asks for the version) and as
pyjnius 1.7.0 calls them: every method with a CharSequence parameter or more
than one overload goes through ``choose_overload`` (java_overloads.py), so a
Python ``str`` where Java wants a CharSequence is refused as on a phone, and
a Java object passed as a class it is not fails. Methods added in a later API
are missing on an older device. Anything not listed raises, as pyjnius would
for a class or member that does not exist.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass, field
from typing import Any

from tests.services.fake_android import (
    FakeAndroidWithDocuments,
    FakeIntent,
    FakeJavaError,
    FakeJavaString,
    FakePendingIntent,
    no_method,
)
from tests.services.java_overloads import JAVA_SUPERTYPES, choose_overload, parse_arguments
from unknot.services.android.java_names import (
    PYTHON_SERVICE,
    SERVICE_CLASS,
    SESSION_RECEIVER_CLASS,
)

CONTEXT = "Landroid/content/Context;"
CHAR_SEQUENCE = "Ljava/lang/CharSequence;"
STRING = "Ljava/lang/String;"

JAVA_SUPERTYPES.update(
    {
        "org/kivy/android/PythonActivity": frozenset(
            {"android/content/Context", "android/app/Activity", "android/content/ContextWrapper"}
        ),
        "org/unknot/unknot/ServiceCues": frozenset(
            {
                "android/content/Context",
                "android/app/Service",
                "android/content/ContextWrapper",
                "org/kivy/android/PythonService",
            }
        ),
        "android/app/Notification$BigTextStyle": frozenset({"android/app/Notification$Style"}),
        "android/app/Notification": frozenset({"android/os/Parcelable"}),
    }
)


def text(value: Any) -> str | None:
    """What Java holds for a CharSequence argument (a java.lang.String made in Python)."""
    if value is None:
        return None
    if isinstance(value, FakeJavaString):
        return value.text
    raise AssertionError(f"not a Java string: {value!r}")


def call(owner: str, name: str, signatures: tuple[str, ...], args: tuple[Any, ...]) -> str:
    """The overload pyjnius 1.7.0 would call, or its error."""
    return choose_overload(owner, name, signatures, args)


# -- notifications -----------------------------------------------------------------------------


@dataclass
class FakeNotification:
    __javaclass__ = "android/app/Notification"
    channel: str | None
    fields: dict[str, Any]
    actions: list[tuple[int, str | None, FakePendingIntent]]

    @property
    def title(self) -> str | None:
        return self.fields.get("contentTitle")

    @property
    def text(self) -> str | None:
        return self.fields.get("contentText")

    @property
    def button_labels(self) -> list[str | None]:
        return [label for _icon, label, _intent in self.actions]


class FakeNotificationClass:
    """android.app.Notification's constants."""

    VISIBILITY_PRIVATE = 0
    VISIBILITY_PUBLIC = 1
    VISIBILITY_SECRET = -1
    CATEGORY_PROGRESS = "progress"
    CATEGORY_REMINDER = "reminder"
    DEFAULT_ALL = -1
    PRIORITY_LOW = -1
    PRIORITY_HIGH = 1


BUILDER = "android/app/Notification$Builder"
BUILDER_SETTERS: dict[str, tuple[str, ...]] = {
    "setContentTitle": (f"({CHAR_SEQUENCE})L{BUILDER};",),
    "setContentText": (f"({CHAR_SEQUENCE})L{BUILDER};",),
    "setSubText": (f"({CHAR_SEQUENCE})L{BUILDER};",),
    "setSmallIcon": (
        f"(I)L{BUILDER};",
        f"(II)L{BUILDER};",
        f"(Landroid/graphics/drawable/Icon;)L{BUILDER};",
    ),
    "setWhen": (f"(J)L{BUILDER};",),
    "setShowWhen": (f"(Z)L{BUILDER};",),
    "setUsesChronometer": (f"(Z)L{BUILDER};",),
    "setChronometerCountDown": (f"(Z)L{BUILDER};",),
    "setOngoing": (f"(Z)L{BUILDER};",),
    "setOnlyAlertOnce": (f"(Z)L{BUILDER};",),
    "setAutoCancel": (f"(Z)L{BUILDER};",),
    "setCategory": (f"({STRING})L{BUILDER};",),
    "setVisibility": (f"(I)L{BUILDER};",),
    "setPublicVersion": (f"(Landroid/app/Notification;)L{BUILDER};",),
    "setContentIntent": (f"(Landroid/app/PendingIntent;)L{BUILDER};",),
    "setStyle": (f"(Landroid/app/Notification$Style;)L{BUILDER};",),
    "setPriority": (f"(I)L{BUILDER};",),
    "setDefaults": (f"(I)L{BUILDER};",),
}
ADD_ACTION = (
    f"(I{CHAR_SEQUENCE}Landroid/app/PendingIntent;)L{BUILDER};",
    f"(Landroid/app/Notification$Action;)L{BUILDER};",
)
LATER = {"setChronometerCountDown": 24}
"""Setters added after Android 7.0 (API 24) would be missing below their level."""


class FakeBigTextStyle:
    __javaclass__ = "android/app/Notification$BigTextStyle"

    def __init__(self, *args: Any) -> None:
        if args:
            raise no_method("BigTextStyle.<init>", args)
        self.big_text: str | None = None

    def bigText(self, *args: Any) -> FakeBigTextStyle:
        call("android/app/Notification$BigTextStyle", "bigText", (f"({CHAR_SEQUENCE})V",), args)
        self.big_text = text(args[0])
        return self


# -- audio -------------------------------------------------------------------------------------


class FakeAudioAttributes:
    __javaclass__ = "android/media/AudioAttributes"
    USAGE_ASSISTANCE_SONIFICATION = 13
    CONTENT_TYPE_SONIFICATION = 4

    def __init__(self, usage: int, content_type: int) -> None:
        self.usage = usage
        self.content_type = content_type


class FakeAudioAttributesBuilder:
    def __init__(self, *args: Any) -> None:
        if args:
            raise no_method("AudioAttributes.Builder.<init>", args)
        self.usage = 0
        self.content_type = 0

    def setUsage(self, *args: Any) -> FakeAudioAttributesBuilder:
        call("android/media/AudioAttributes$Builder", "setUsage", ("(I)V",), args)
        self.usage = args[0]
        return self

    def setContentType(self, *args: Any) -> FakeAudioAttributesBuilder:
        call("android/media/AudioAttributes$Builder", "setContentType", ("(I)V",), args)
        self.content_type = args[0]
        return self

    def build(self) -> FakeAudioAttributes:
        return FakeAudioAttributes(self.usage, self.content_type)


class FakeAudioFocusRequest:
    __javaclass__ = "android/media/AudioFocusRequest"

    def __init__(self, hint: int, attributes: FakeAudioAttributes | None) -> None:
        self.hint = hint
        self.attributes = attributes


class FakeAudioFocusRequestBuilder:
    def __init__(self, *args: Any) -> None:
        chosen = call(
            "android/media/AudioFocusRequest$Builder",
            "<init>",
            ("(I)V", "(Landroid/media/AudioFocusRequest;)V"),
            args,
        )
        if chosen != "(I)V":
            raise FakeJavaError("the fake builds a request from its hint only")
        self.hint = args[0]
        self.attributes: FakeAudioAttributes | None = None

    def setAudioAttributes(self, *args: Any) -> FakeAudioFocusRequestBuilder:
        call(
            "android/media/AudioFocusRequest$Builder",
            "setAudioAttributes",
            ("(Landroid/media/AudioAttributes;)V",),
            args,
        )
        self.attributes = args[0]
        return self

    def build(self) -> FakeAudioFocusRequest:
        return FakeAudioFocusRequest(self.hint, self.attributes)


class FakeAudioManager:
    """android.media.AudioManager: audio focus, held by one request (or listener) at a time."""

    __javaclass__ = "android/media/AudioManager"
    STREAM_MUSIC = 3
    AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK = 3
    AUDIOFOCUS_REQUEST_FAILED = 0
    AUDIOFOCUS_REQUEST_GRANTED = 1

    def __init__(self, phone: FakePhone) -> None:
        self._phone = phone
        self.holder: Any = None
        self.calls: list[tuple[str, Any]] = []

    def requestAudioFocus(self, *args: Any) -> int:
        signatures = ["(Landroid/media/AudioManager$OnAudioFocusChangeListener;II)I"]
        if self._phone.sdk_int >= 26:
            signatures.append("(Landroid/media/AudioFocusRequest;)I")
        chosen = call("android/media/AudioManager", "requestAudioFocus", tuple(signatures), args)
        if chosen.startswith("(Landroid/media/AudioManager$"):
            listener, stream, hint = args
            if not listener.implements(
                "android/media/AudioManager$OnAudioFocusChangeListener",
                "onAudioFocusChange",
                "(I)V",
            ):
                raise FakeJavaError("the listener does not implement OnAudioFocusChangeListener")
            if hint != self.AUDIOFOCUS_GAIN_TRANSIENT_MAY_DUCK or stream != self.STREAM_MUSIC:
                raise FakeJavaError(f"unexpected focus request {stream}, {hint}")
            holder = listener
        else:
            holder = args[0]
        self.calls.append(("request", holder))
        if self._phone.focus_refused:
            return self.AUDIOFOCUS_REQUEST_FAILED
        self.holder = holder
        return self.AUDIOFOCUS_REQUEST_GRANTED

    def abandonAudioFocusRequest(self, *args: Any) -> int:
        if self._phone.sdk_int < 26:
            raise FakeJavaError("java.lang.NoSuchMethodError: abandonAudioFocusRequest (API 26)")
        call(
            "android/media/AudioManager",
            "abandonAudioFocusRequest",
            ("(Landroid/media/AudioFocusRequest;)I",),
            args,
        )
        return self._abandon(args[0])

    def abandonAudioFocus(self, *args: Any) -> int:
        call(
            "android/media/AudioManager",
            "abandonAudioFocus",
            ("(Landroid/media/AudioManager$OnAudioFocusChangeListener;)I",),
            args,
        )
        return self._abandon(args[0])

    def _abandon(self, holder: Any) -> int:
        self.calls.append(("abandon", holder))
        if self.holder is holder:
            self.holder = None
        return self.AUDIOFOCUS_REQUEST_GRANTED

    @property
    def ducked(self) -> bool:
        """Music plays lower: someone holds transient, duckable focus."""
        return self.holder is not None


class FakeToneGenerator:
    """android.media.ToneGenerator: the tones started, while focus was held or not."""

    TONE_PROP_BEEP = 24
    TONE_PROP_ACK = 25
    TONE_PROP_PROMPT = 27
    TONE_CDMA_ALERT_CALL_GUARD = 41
    phone: FakePhone

    def __init__(self, *args: Any) -> None:
        call("android/media/ToneGenerator", "<init>", ("(II)V",), args)
        if self.phone.tone_generator_fails:
            raise FakeJavaError("java.lang.RuntimeException: Init failed")
        self.stream, self.volume = args
        self.released = False
        self.phone.tone_generators.append(self)

    def startTone(self, *args: Any) -> bool:
        call("android/media/ToneGenerator", "startTone", ("(I)Z", "(II)Z"), args)
        if self.released:
            raise FakeJavaError("java.lang.RuntimeException: Method called after release()")
        self.phone.played.append(("tone", args[0], self.phone.audio_manager.ducked))
        return True

    def release(self) -> None:
        self.released = True


class FakeVibrationEffect:
    __javaclass__ = "android/os/VibrationEffect"
    DEFAULT_AMPLITUDE = -1

    def __init__(self, ms: int, amplitude: int) -> None:
        self.ms = ms
        self.amplitude = amplitude

    @staticmethod
    def createOneShot(*args: Any) -> FakeVibrationEffect:
        call(
            "android/os/VibrationEffect",
            "createOneShot",
            ("(JI)Landroid/os/VibrationEffect;",),
            args,
        )
        return FakeVibrationEffect(*args)


class FakeVibrator:
    __javaclass__ = "android/os/Vibrator"

    def __init__(self, phone: FakePhone) -> None:
        self._phone = phone

    def vibrate(self, *args: Any) -> None:
        signatures = ["(J)V", "([JI)V", "(JLandroid/media/AudioAttributes;)V"]
        if self._phone.sdk_int >= 26:
            signatures += ["(Landroid/os/VibrationEffect;)V"]
        chosen = call("android/os/Vibrator", "vibrate", tuple(signatures), args)
        ms = args[0].ms if chosen == "(Landroid/os/VibrationEffect;)V" else args[0]
        self._phone.played.append(("vibrate", ms, self._phone.audio_manager.ducked))


# -- the service, its wake lock, its receiver ----------------------------------------------------


class FakeWakeLock:
    def __init__(self) -> None:
        self.held = False
        self.counted = True
        self.timeouts: list[int | None] = []

    def setReferenceCounted(self, *args: Any) -> None:
        call("android/os/PowerManager$WakeLock", "setReferenceCounted", ("(Z)V",), args)
        self.counted = args[0]

    def acquire(self, *args: Any) -> None:
        call("android/os/PowerManager$WakeLock", "acquire", ("()V", "(J)V"), args)
        self.held = True
        self.timeouts.append(args[0] if args else None)

    def release(self, *args: Any) -> None:
        call("android/os/PowerManager$WakeLock", "release", ("()V", "(I)V"), args)
        if not self.held:
            raise FakeJavaError("java.lang.RuntimeException: WakeLock under-locked unknot:cues")
        self.held = False

    def isHeld(self) -> bool:
        return self.held


class FakePowerManager:
    __javaclass__ = "android/os/PowerManager"
    PARTIAL_WAKE_LOCK = 1

    def __init__(self, phone: FakePhone) -> None:
        self._phone = phone

    def newWakeLock(self, *args: Any) -> FakeWakeLock:
        call(
            "android/os/PowerManager",
            "newWakeLock",
            (f"(I{STRING})Landroid/os/PowerManager$WakeLock;",),
            args,
        )
        if args[0] != self.PARTIAL_WAKE_LOCK:
            raise FakeJavaError("only a partial wake lock is expected")
        lock = FakeWakeLock()
        self._phone.wake_locks.append(lock)
        return lock


class FakeNotificationManager:
    __javaclass__ = "android/app/NotificationManager"
    IMPORTANCE_NONE = 0
    IMPORTANCE_LOW = 2
    IMPORTANCE_DEFAULT = 3
    IMPORTANCE_HIGH = 4

    def __init__(self, phone: FakePhone) -> None:
        self._phone = phone
        self.channels: dict[str, FakeNotificationChannel] = {}
        self.posted: dict[int, FakeNotification] = {}
        self.history: list[tuple[int, FakeNotification]] = []

    def createNotificationChannel(self, *args: Any) -> None:
        if self._phone.sdk_int < 26:
            raise FakeJavaError("java.lang.NoSuchMethodError: createNotificationChannel (API 26)")
        call(
            "android/app/NotificationManager",
            "createNotificationChannel",
            ("(Landroid/app/NotificationChannel;)V",),
            args,
        )
        self.channels[args[0].id] = args[0]

    def notify(self, *args: Any) -> None:
        chosen = call(
            "android/app/NotificationManager",
            "notify",
            ("(ILandroid/app/Notification;)V", f"({STRING}ILandroid/app/Notification;)V"),
            args,
        )
        if chosen != "(ILandroid/app/Notification;)V":
            raise FakeJavaError("the fake posts by id only")
        self._post(*args)

    def _post(self, notification_id: int, notification: FakeNotification) -> None:
        if self._phone.sdk_int >= 26 and notification.channel not in self.channels:
            raise FakeJavaError(f"No Channel found for {notification.channel}")
        self.posted[notification_id] = notification
        self.history.append((notification_id, notification))


class FakeNotificationChannel:
    __javaclass__ = "android/app/NotificationChannel"

    def __init__(self, *args: Any) -> None:
        call("android/app/NotificationChannel", "<init>", (f"({STRING}{CHAR_SEQUENCE}I)V",), args)
        self.id = args[0]
        self.name = text(args[1])
        self.importance = args[2]
        self.description: str | None = None
        self.lockscreen_visibility: int | None = None

    def setDescription(self, *args: Any) -> None:
        call("android/app/NotificationChannel", "setDescription", (f"({STRING})V",), args)
        self.description = args[0]

    def setLockscreenVisibility(self, *args: Any) -> None:
        call("android/app/NotificationChannel", "setLockscreenVisibility", ("(I)V",), args)
        self.lockscreen_visibility = args[0]


class FakeResources:
    def getIdentifier(self, *args: Any) -> int:
        call(
            "android/content/res/Resources",
            "getIdentifier",
            (f"({STRING}{STRING}{STRING})I",),
            args,
        )
        return 0  # the app ships no status icon yet


class FakeServiceContext:
    """PythonService.mService (the generated ServiceCues): a Context, run in the foreground."""

    __javaclass__ = "org/unknot/unknot/ServiceCues"

    def __init__(self, phone: FakePhone) -> None:
        self._phone = phone
        self.foreground_id: int | None = None
        self.stopped = False
        self.stop_foreground_calls: list[Any] = []

    def getPackageName(self) -> str:
        return "org.unknot.unknot"

    def getResources(self) -> FakeResources:
        return FakeResources()

    def getSystemService(self, *args: Any) -> Any:
        call(
            "android/content/Context",
            "getSystemService",
            (f"({STRING})Ljava/lang/Object;", "(Ljava/lang/Class;)Ljava/lang/Object;"),
            args,
        )
        services = {
            "notification": self._phone.notification_manager,
            "audio": self._phone.audio_manager,
            "vibrator": self._phone.vibrator,
            "power": self._phone.power_manager,
        }
        if args[0] not in services:
            raise no_method("getSystemService", args)
        return services[args[0]]

    def startForeground(self, *args: Any) -> None:
        signatures = ["(ILandroid/app/Notification;)V"]
        if self._phone.sdk_int >= 29:
            signatures.append("(ILandroid/app/Notification;I)V")
        call("android/app/Service", "startForeground", tuple(signatures), args)
        notification_id, notification = args[0], args[1]
        self.foreground_id = notification_id
        self._phone.notification_manager._post(notification_id, notification)

    def stopForeground(self, *args: Any) -> None:
        signatures = ["(Z)V"] + (["(I)V"] if self._phone.sdk_int >= 33 else [])
        chosen = call("android/app/Service", "stopForeground", tuple(signatures), args)
        self.stop_foreground_calls.append((chosen, args[0]))
        removes = args[0] is True if chosen == "(Z)V" else args[0] == 1
        if removes and self.foreground_id is not None:
            self._phone.notification_manager.posted.pop(self.foreground_id, None)
        self.foreground_id = None

    def stopSelf(self, *args: Any) -> None:
        call("android/app/Service", "stopSelf", ("()V", "(I)V"), args)
        self.stopped = True


@dataclass
class ReceiverQueue:
    """SessionActionReceiver's queue, as the service's Python thread sees it through ``next``.

    With a ``clock``, waiting lets the fake time pass: up to the timeout, or to the
    moment of the next tap a test scheduled (``tap_at``), as the real wait would.
    """

    actions: queue.Queue[str] = field(default_factory=queue.Queue)
    waits: list[int] = field(default_factory=list)
    clock: Any = None
    scheduled: list[tuple[float, str]] = field(default_factory=list)

    def tap_at(self, at: float, action: str) -> None:
        self.scheduled.append((at, action))
        self.scheduled.sort()

    def next(self, *args: Any) -> str | None:
        call(SESSION_RECEIVER_CLASS.replace(".", "/"), "next", ("(J)Ljava/lang/String;",), args)
        self.waits.append(args[0])
        try:
            return self.actions.get_nowait()
        except queue.Empty:
            pass
        if self.clock is None:
            return None
        until = self.clock() + args[0] / 1000
        if self.scheduled and self.scheduled[0][0] <= until:
            at, action = self.scheduled.pop(0)
            self.clock.now = max(self.clock.now, at)
            return action
        self.clock.now = until
        return None


# -- the phone --------------------------------------------------------------------------------


class FakePhone(FakeAndroidWithDocuments):
    """The fake device with the cue service's process too: its Service, audio, notifications."""

    def __init__(self, cache_dir: Any) -> None:
        super().__init__(cache_dir)
        self.service = FakeServiceContext(self)
        self.service_context = self.service
        self.notification_manager = FakeNotificationManager(self)
        self.audio_manager = FakeAudioManager(self)
        self.vibrator = FakeVibrator(self)
        self.power_manager = FakePowerManager(self)
        self.wake_locks: list[FakeWakeLock] = []
        self.tone_generators: list[FakeToneGenerator] = []
        self.played: list[tuple[str, Any, bool]] = []
        """Tones and buzzes, each with whether focus was held (the music ducked) then."""
        self.focus_refused = False
        self.tone_generator_fails = False
        self.receiver = ReceiverQueue()
        self.service_starts: list[tuple[Any, str]] = []
        self.service_stops = 0
        self.broadcasts: list[FakeIntent] = []
        self.activity_broadcasts = self.broadcasts
        activity = self.activity

        def send_broadcast(*args: Any) -> None:
            call(
                "android/content/Context",
                "sendBroadcast",
                ("(Landroid/content/Intent;)V", f"(Landroid/content/Intent;{STRING})V"),
                args,
            )
            self.broadcasts.append(args[0])

        activity.sendBroadcast = send_broadcast  # type: ignore[attr-defined]

    @property
    def spoken(self) -> list[str]:
        """Everything the speech engines were given, in order."""
        return [t for engine in self.engines for t in engine.texts]

    def autoclass(self, name: str) -> Any:
        phone = self
        classes: dict[str, Any] = {
            "android.app.Notification": FakeNotificationClass,
            "android.app.Notification$BigTextStyle": FakeBigTextStyle,
            "android.app.NotificationChannel": FakeNotificationChannel,
            "android.app.NotificationManager": FakeNotificationManager,
            "android.media.AudioManager": FakeAudioManager,
            "android.media.AudioAttributes": FakeAudioAttributes,
            "android.media.AudioAttributes$Builder": FakeAudioAttributesBuilder,
            "android.os.PowerManager": FakePowerManager,
        }
        if name in classes:
            return classes[name]
        if name == "android.app.Notification$Builder":
            return self._builder_class()
        if name == "android.media.AudioFocusRequest$Builder":
            if self.sdk_int < 26:
                raise FakeJavaError(f"java.lang.ClassNotFoundException: {name}")
            return FakeAudioFocusRequestBuilder
        if name == "android.os.VibrationEffect":
            if self.sdk_int < 26:
                raise FakeJavaError(f"java.lang.ClassNotFoundException: {name}")
            return FakeVibrationEffect
        if name == "android.media.ToneGenerator":
            return type("ToneGenerator", (FakeToneGenerator,), {"phone": self})
        if name == "android.R$drawable":
            return type("drawable", (), {"ic_media_play": 17301540})
        if name == PYTHON_SERVICE:
            return type("PythonService", (), {"mService": self.service})
        if name == SESSION_RECEIVER_CLASS:
            return type("SessionActionReceiver", (), {"next": staticmethod(phone.receiver.next)})
        if name == SERVICE_CLASS:
            return self._service_class()
        if name == "android.content.Context":
            context = super().autoclass(name)
            extra = {
                "AUDIO_SERVICE": "audio",
                "VIBRATOR_SERVICE": "vibrator",
                "POWER_SERVICE": "power",
            }
            return type("Context", (context,), extra)
        return super().autoclass(name)

    def cast(self, name: str, java_object: Any) -> Any:
        expected = {
            "android.app.NotificationManager": FakeNotificationManager,
            "android.media.AudioManager": FakeAudioManager,
            "android.os.Vibrator": FakeVibrator,
            "android.os.PowerManager": FakePowerManager,
        }.get(name)
        if expected is None:
            return super().cast(name, java_object)
        if not isinstance(java_object, expected):
            raise FakeJavaError(f"java.lang.ClassCastException: not a {name}")
        return java_object

    def _service_class(self) -> type:
        phone = self

        class ServiceCues:
            @staticmethod
            def start(*args: Any) -> None:
                call(
                    "org/unknot/unknot/ServiceCues",
                    "start",
                    (f"({CONTEXT}{STRING})V", f"({CONTEXT}{STRING}{STRING}{STRING}{STRING})V"),
                    args,
                )
                phone.service_starts.append((args[0], args[-1]))

            @staticmethod
            def stop(*args: Any) -> None:
                call("org/unknot/unknot/ServiceCues", "stop", (f"({CONTEXT})V",), args)
                phone.service_stops += 1

        return ServiceCues

    def _builder_class(self) -> type:
        phone = self

        class Builder:
            __javaclass__ = BUILDER

            def __init__(self, *args: Any) -> None:
                signatures = [f"({CONTEXT})V"]
                if phone.sdk_int >= 26:
                    signatures.append(f"({CONTEXT}{STRING})V")
                chosen = call(BUILDER, "<init>", tuple(signatures), args)
                self.channel = args[1] if chosen != f"({CONTEXT})V" else None
                self.fields: dict[str, Any] = {}
                self.actions: list[tuple[int, str | None, FakePendingIntent]] = []

            def __getattr__(self, name: str) -> Any:
                signatures = BUILDER_SETTERS.get(name)
                if signatures is None or phone.sdk_int < LATER.get(name, 0):
                    raise AttributeError(name)

                def setter(*args: Any) -> Builder:
                    chosen = call(BUILDER, name, signatures, args)
                    kinds = parse_arguments(chosen)
                    value = args[0]
                    if kinds[0] == CHAR_SEQUENCE:
                        value = text(value)
                    key = name[3].lower() + name[4:]
                    self.fields[key] = value
                    return self

                return setter

            def addAction(self, *args: Any) -> Builder:
                chosen = call(BUILDER, "addAction", ADD_ACTION, args)
                if chosen != ADD_ACTION[0]:
                    raise FakeJavaError("the fake adds actions by icon, title and intent")
                self.actions.append((args[0], text(args[1]), args[2]))
                return self

            def build(self) -> FakeNotification:
                if "smallIcon" not in self.fields:
                    raise FakeJavaError(
                        "java.lang.IllegalArgumentException: Invalid notification "
                        "(no valid small icon)"
                    )
                return FakeNotification(self.channel, dict(self.fields), list(self.actions))

        return Builder
