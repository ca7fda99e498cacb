"""Fakes of ``jnius`` and ``android.runnable`` with the shapes of the real APIs.

Only what Unknot calls is here, with the real names, constants and argument
lists (Android API 35), and with the checks Java would make: a listener must
declare the Java interface it implements and a ``java_method`` signature, a
window may only be changed on the UI thread, ``speak`` takes exactly
(CharSequence, int, Bundle, String). Anything else raises, as pyjnius would for
a class or method that does not exist.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable
from typing import Any

import pytest

ON_INIT_LISTENER = "android/speech/tts/TextToSpeech$OnInitListener"


class FakeJavaError(Exception):
    """What pyjnius raises for a Java exception."""


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
    def __init__(self, tag: str) -> None:
        self.tag = tag

    def toString(self) -> str:
        return self.tag


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


class FakeActivity:
    def __init__(self, window: FakeWindow) -> None:
        self._window = window

    def getWindow(self) -> FakeWindow:
        return self._window


class FakeAndroid:
    """One fake device: its activity and window, its speech engines, its UI thread."""

    def __init__(self) -> None:
        self.window = FakeWindow(self)
        self.activity = FakeActivity(self.window)
        self.engines: list[Any] = []
        self.ui_posts: list[Callable[[], None]] = []
        self.on_ui_thread = False
        self.default_locale = FakeLocale("de_DE")
        self.language_result = 0  # TextToSpeech.LANG_AVAILABLE
        self.init_status_in_constructor: int | None = None
        self.text_to_speech = self._make_text_to_speech()

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
        raise FakeJavaError(f"java.lang.ClassNotFoundException: {name}")

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
        android = types.ModuleType("android")
        runnable = types.ModuleType("android.runnable")
        runnable.run_on_ui_thread = self.run_on_ui_thread  # type: ignore[attr-defined]
        android.runnable = runnable  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "jnius", jnius)
        monkeypatch.setitem(sys.modules, "android", android)
        monkeypatch.setitem(sys.modules, "android.runnable", runnable)

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
                if context is not android.activity:
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

            def speak(self, text: Any, queue_mode: Any, params: Any, utterance_id: Any) -> int:
                if not (
                    isinstance(text, str)
                    and isinstance(queue_mode, int)
                    and params is None
                    and isinstance(utterance_id, str)
                ):
                    raise FakeJavaError("No methods matching your arguments")
                self.calls.append("speak")
                self.spoken.append((text, queue_mode, params, utterance_id))
                return TextToSpeech.SUCCESS

            def setLanguage(self, locale: FakeLocale) -> int:
                self.calls.append("setLanguage")
                self.languages.append(locale)
                return android.language_result

            def stop(self) -> int:
                self.calls.append("stop")
                return TextToSpeech.SUCCESS

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
