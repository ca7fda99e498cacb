"""The cue service's Android pieces, put together in its own process.

The service runs inside python-for-android's ``PythonService`` (the generated
``ServiceCues``), whose Java object is ``PythonService.mService``: it is the
Context here (there is no activity in this process), and it is what starts
and stops the foreground. What the notification's buttons send arrives in
``SessionActionReceiver``'s queue (Java, in the same process); a partial wake
lock keeps the CPU awake between cues while the service plays them, and only then.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unknot.services.android.java_names import (
    ACTION_SESSION_END,
    ACTION_SESSION_PAUSE,
    ACTION_SESSION_RESUME,
    ACTION_SESSION_STOP_FOR_PAIN,
    ACTION_SESSION_WAKE,
    PYTHON_SERVICE,
    SESSION_RECEIVER_CLASS,
)

log = logging.getLogger("unknot.cue_service")

WAKE_LOCK_TAG = "unknot:cues"
WAKE_LOCK_MS = 30 * 60 * 1000
"""Each hold lasts at most this long: a service that dies without releasing frees the CPU."""
RENEW_AFTER_S = 10 * 60
ACTIONS = {
    ACTION_SESSION_PAUSE: "pause",
    ACTION_SESSION_RESUME: "resume",
    ACTION_SESSION_STOP_FOR_PAIN: "stop_for_pain",
    ACTION_SESSION_END: "end",
    ACTION_SESSION_WAKE: "wake",
}


class ReceiverActions:
    """``Actions`` (cue_service.py): waits on the receiver's queue until the next deadline."""

    def __init__(self) -> None:
        from jnius import autoclass

        self._receiver = autoclass(SESSION_RECEIVER_CLASS)

    def wait(self, seconds: float) -> str | None:
        # Rounded up: waking a moment late is fine, waking early would spin until the deadline.
        action = self._receiver.next(max(0, math.ceil(seconds * 1000)))
        if action is None:
            return None
        return ACTIONS.get(str(action), "wake")


class WakeLock:
    """``Awake``: a partial wake lock, not reference-counted, renewed while held."""

    def __init__(self, context: Any, clock: Callable[[], float] = time.monotonic) -> None:
        from jnius import autoclass, cast

        self._time = clock
        power_class = autoclass("android.os.PowerManager")
        context_class = autoclass("android.content.Context")
        manager = cast(
            "android.os.PowerManager", context.getSystemService(context_class.POWER_SERVICE)
        )
        self._lock = manager.newWakeLock(power_class.PARTIAL_WAKE_LOCK, WAKE_LOCK_TAG)
        self._lock.setReferenceCounted(False)
        self._since: float | None = None

    def hold(self) -> None:
        now = self._time()
        if self._since is not None and now - self._since < RENEW_AFTER_S:
            return
        try:
            self._lock.acquire(WAKE_LOCK_MS)
            self._since = now
        except Exception as error:
            log.warning("No wake lock: cues may come late with the screen off (%s)", error)

    def release(self) -> None:
        self._since = None
        try:
            if self._lock.isHeld():
                self._lock.release()
        except Exception as error:
            log.warning("The wake lock could not be released (%s)", error)


@dataclass(frozen=True)
class AndroidParts:
    output: Any
    notice: Any
    actions: Any
    awake: Any


def running_service() -> Any:
    """The ``PythonService`` this process runs (python-for-android sets it before Python starts)."""
    from jnius import autoclass

    service = autoclass(PYTHON_SERVICE).mService
    if service is None:
        raise RuntimeError("no python-for-android service in this process")
    return service


def android_parts(service: Any = None) -> AndroidParts:
    from unknot.services.android.service_audio import AndroidCueOutput
    from unknot.services.android.session_notification import AndroidSessionNotice

    if service is None:
        service = running_service()
    return AndroidParts(
        output=AndroidCueOutput(service),
        notice=AndroidSessionNotice(service),
        actions=ReceiverActions(),
        awake=WakeLock(service),
    )
