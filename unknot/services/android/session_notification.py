"""The session on the lock screen: the cue service's notification, and its two alerts.

One ongoing notification, posted by the foreground service itself
(``startForeground``, again at each change): the routine, the step
with its side, set and rep, a countdown to the step's end (a chronometer
counting down to ``setWhen``: Android redraws it every second, the service
does not), and, while the service plays the cues, the buttons Pause or Resume,
"Stop: pain is worse" and End. A tap opens the player.

Health details stay private: the notification is ``VISIBILITY_PRIVATE`` with a
public version that says only "Unknot: a routine is running", and its channel
shows only that on a locked screen too. The channel is the app's own, low
importance (the service speaks; the notification must not chime at every
step), not python-for-android's IMPORTANCE_NONE channel.

Two alerts on a high-importance channel of their own: a pain check due ("How is
your pain now?", opening the pain check) and what to do after a stop from the
notification (its safety words, opening the app).

Every text goes to Java as a java.lang.String: the builder's setters take a
CharSequence, which pyjnius 1.7.0 refuses a Python str for.
"""

from __future__ import annotations

import logging
from typing import Any

from unknot.services.android import PYTHON_ACTIVITY
from unknot.services.android.cue_service import NoticeView
from unknot.services.android.java_names import (
    ACTION_OPEN_SESSION,
    ACTION_SESSION_END,
    ACTION_SESSION_PAUSE,
    ACTION_SESSION_RESUME,
    ACTION_SESSION_STOP_FOR_PAIN,
    EXTRA_SESSION_SCREEN,
    SESSION_ALERTS_CHANNEL_ID,
    SESSION_CHANNEL_ID,
    SESSION_RECEIVER_CLASS,
)

log = logging.getLogger("unknot.cue_service")

ONGOING_ID = 2
"""The session's notification; the heat alarm's is 1, reminders' 1000 and up."""
ALERT_ID = 3
PUBLIC_TITLE = "Unknot: a routine is running"
PAIN_CHECK_TITLE = "How is your pain now?"
SDK_CHANNELS = 26
SDK_STOP_FOREGROUND_FLAGS = 33
STOP_FOREGROUND_REMOVE = 1
OPEN_PLAYER_CODE = 2
OPEN_PAIN_CODE = 3
BUTTONS = {
    "pause": ("Pause", ACTION_SESSION_PAUSE),
    "resume": ("Resume", ACTION_SESSION_RESUME),
    "stop_for_pain": ("Stop: pain is worse", ACTION_SESSION_STOP_FOR_PAIN),
    "end": ("End", ACTION_SESSION_END),
}
"""The buttons' words, the player's own, and the intent action each sends."""


class AndroidSessionNotice:
    """``SessionNotice`` (cue_service.py): the foreground notification and the alerts."""

    def __init__(self, service: Any) -> None:
        from jnius import autoclass, cast

        self._service = service
        self._string = autoclass("java.lang.String")
        self._notification = autoclass("android.app.Notification")
        self._builder = autoclass("android.app.Notification$Builder")
        self._big_text = autoclass("android.app.Notification$BigTextStyle")
        self._pending_intent = autoclass("android.app.PendingIntent")
        self._intent = autoclass("android.content.Intent")
        self._sdk = int(autoclass("android.os.Build$VERSION").SDK_INT)
        manager_class = autoclass("android.app.NotificationManager")
        context_class = autoclass("android.content.Context")
        manager = service.getSystemService(context_class.NOTIFICATION_SERVICE)
        self._manager = cast("android.app.NotificationManager", manager)
        self._package = str(service.getPackageName())
        self._icon = self._small_icon(autoclass("android.R$drawable").ic_media_play)
        if self._sdk >= SDK_CHANNELS:
            channel_class = autoclass("android.app.NotificationChannel")
            ongoing = channel_class(
                SESSION_CHANNEL_ID,
                self._string("Routine in progress"),
                manager_class.IMPORTANCE_LOW,
            )
            ongoing.setDescription("The routine that is playing, with its buttons")
            ongoing.setLockscreenVisibility(self._notification.VISIBILITY_PRIVATE)
            alerts = channel_class(
                SESSION_ALERTS_CHANNEL_ID,
                self._string("Pain checks and stops"),
                manager_class.IMPORTANCE_HIGH,
            )
            alerts.setDescription("A pain check due, and what to do after a stop")
            alerts.setLockscreenVisibility(self._notification.VISIBILITY_PRIVATE)
            self._manager.createNotificationChannel(ongoing)
            self._manager.createNotificationChannel(alerts)

    # -- SessionNotice ---------------------------------------------------------------------

    def show(self, view: NoticeView) -> None:
        """Posts the notification through startForeground each time, not notify.

        python-for-android makes the service foreground with its own silent
        notification as it starts, on another thread: if that comes after ours,
        the next step's call takes the foreground back (the id changes, and
        Android removes python-for-android's notification).
        """
        try:
            self._service.startForeground(ONGOING_ID, self._ongoing(view))
        except Exception as error:
            log.warning("The session's notification could not be shown (%s)", error)

    def pain_check(self, routine: str) -> None:
        text = f"{routine}: tap to answer. The routine waits for you."
        self._alert(PAIN_CHECK_TITLE, text, "pain")

    def ended(self, title: str, text: str) -> None:
        self._alert(title, text, "player")

    def close(self) -> None:
        """The session is over: the notification goes and the service stops itself."""
        try:
            if self._sdk >= SDK_STOP_FOREGROUND_FLAGS:
                self._service.stopForeground(STOP_FOREGROUND_REMOVE)
            else:
                self._service.stopForeground(True)
        except Exception as error:
            log.warning("stopForeground failed (%s)", error)
        self._service.stopSelf()

    # -- building --------------------------------------------------------------------------

    def _ongoing(self, view: NoticeView) -> Any:
        builder = self._new_builder(SESSION_CHANNEL_ID)
        text = f"{PAIN_CHECK_TITLE} Tap to answer." if view.pain_check else view.line
        builder.setSmallIcon(self._icon)
        builder.setContentTitle(self._string(view.routine))
        builder.setContentText(self._string(text))
        notes = [
            note for note, on in (("Paused", view.paused), ("Heat pack on", view.heat_on)) if on
        ]
        if notes:
            builder.setSubText(self._string(" · ".join(notes)))
        builder.setOngoing(True)
        builder.setOnlyAlertOnce(True)
        builder.setCategory(self._notification.CATEGORY_PROGRESS)
        builder.setVisibility(self._notification.VISIBILITY_PRIVATE)
        builder.setPublicVersion(self._public())
        builder.setContentIntent(self._open("pain" if view.pain_check else "player"))
        if view.ends_at is not None:
            builder.setShowWhen(True)
            builder.setWhen(int(view.ends_at * 1000))
            builder.setUsesChronometer(True)
            builder.setChronometerCountDown(True)
        else:
            builder.setShowWhen(False)
        if view.actions:
            for name in ("resume" if view.paused else "pause", "stop_for_pain", "end"):
                label, action = BUTTONS[name]
                builder.addAction(0, self._string(label), self._broadcast(action))
        return builder.build()

    def _public(self) -> Any:
        builder = self._new_builder(SESSION_CHANNEL_ID)
        builder.setSmallIcon(self._icon)
        builder.setContentTitle(self._string(PUBLIC_TITLE))
        builder.setContentIntent(self._open("player"))
        return builder.build()

    def _alert(self, title: str, text: str, screen: str) -> None:
        builder = self._new_builder(SESSION_ALERTS_CHANNEL_ID)
        builder.setSmallIcon(self._icon)
        builder.setContentTitle(self._string(title))
        builder.setContentText(self._string(text))
        builder.setStyle(self._big_text().bigText(self._string(text)))
        builder.setAutoCancel(True)
        builder.setCategory(self._notification.CATEGORY_REMINDER)
        builder.setVisibility(self._notification.VISIBILITY_PRIVATE)
        builder.setPublicVersion(self._public())
        builder.setContentIntent(self._open(screen))
        try:
            self._manager.notify(ALERT_ID, builder.build())
        except Exception as error:
            log.warning("The notification %r could not be posted (%s)", title, error)

    def _new_builder(self, channel: str) -> Any:
        if self._sdk >= SDK_CHANNELS:
            return self._builder(self._service, channel)
        builder = self._builder(self._service)
        if channel == SESSION_ALERTS_CHANNEL_ID:
            builder.setDefaults(self._notification.DEFAULT_ALL)
            builder.setPriority(self._notification.PRIORITY_HIGH)
        else:
            builder.setPriority(self._notification.PRIORITY_LOW)
        return builder

    def _open(self, screen: str) -> Any:
        """Opens the app on the player (or the pain check): its activity with an extra."""
        intent = self._intent(ACTION_OPEN_SESSION)
        intent.setClassName(self._package, PYTHON_ACTIVITY)
        intent.putExtra(EXTRA_SESSION_SCREEN, self._string(screen))
        intent.addFlags(self._intent.FLAG_ACTIVITY_NEW_TASK | self._intent.FLAG_ACTIVITY_SINGLE_TOP)
        code = OPEN_PAIN_CODE if screen == "pain" else OPEN_PLAYER_CODE
        flags = self._pending_intent.FLAG_IMMUTABLE | self._pending_intent.FLAG_UPDATE_CURRENT
        return self._pending_intent.getActivity(self._service, code, intent, flags)

    def _broadcast(self, action: str) -> Any:
        """A button's PendingIntent: an explicit broadcast to the service's receiver."""
        intent = self._intent(action)
        intent.setClassName(self._package, SESSION_RECEIVER_CLASS)
        flags = self._pending_intent.FLAG_IMMUTABLE | self._pending_intent.FLAG_UPDATE_CURRENT
        return self._pending_intent.getBroadcast(self._service, 0, intent, flags)

    def _small_icon(self, fallback: int) -> int:
        """The app's monochrome status icon if it ships one, else the platform's play sign."""
        try:
            own = int(
                self._service.getResources().getIdentifier(
                    "ic_stat_unknot", "drawable", self._package
                )
            )
        except Exception:
            own = 0
        return own or int(fallback)
