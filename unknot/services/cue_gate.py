"""Mutes the app's cues while another process plays them, so the two never both speak.

The app's session controller plays cues through the services it was given;
the gate sits in front of sound, speech and vibration and lets nothing through
while the cue service owns the session (from ``on_pause`` to the take-back).
"""

from __future__ import annotations

from dataclasses import replace

from unknot.services import Services, SoundPlayer, Speaker, Vibrator


class CueGate:
    """Mutes the app's cues while another process plays them: never both at once.

    ``wrap`` gives the services with sound, speech and vibration passing
    through the gate; everything else is the services' own.
    """

    def __init__(self) -> None:
        self.open = True

    def wrap(self, services: Services) -> Services:
        return replace(
            services,
            sounds=_GatedSounds(self, services.sounds),
            speaker=_GatedSpeaker(self, services.speaker),
            vibrator=_GatedVibrator(self, services.vibrator),
        )


class _GatedSounds:
    def __init__(self, gate: CueGate, inner: SoundPlayer) -> None:
        self._gate, self._inner = gate, inner

    def play(self, name: str) -> None:
        if self._gate.open:
            self._inner.play(name)


class _GatedSpeaker:
    def __init__(self, gate: CueGate, inner: Speaker) -> None:
        self._gate, self._inner = gate, inner

    def say(self, text: str, priority: int = 0) -> None:
        if self._gate.open:
            self._inner.say(text, priority)

    def clear(self) -> None:
        self._inner.clear()

    def close(self) -> None:
        self._inner.close()


class _GatedVibrator:
    def __init__(self, gate: CueGate, inner: Vibrator) -> None:
        self._gate, self._inner = gate, inner

    def vibrate(self, seconds: float) -> None:
        if self._gate.open:
            self._inner.vibrate(seconds)
