"""Makes the cue sounds in assets/sounds/ from code, so they can be changed and reviewed.

    python tools/make_sounds.py            # writes assets/sounds/*.wav
    python tools/make_sounds.py --check    # exits 1 if the committed files differ

A person follows a routine with their eyes closed, lying on a towel roll: the
sounds have to say "three seconds left", "next step", "done" and "how is the
pain?" apart from each other, without startling anyone. So: sine tones in a
comfortable register, soft attacks and decays (no clicks), peaks at half of full
scale. 16-bit mono 44.1 kHz WAV, written with the standard library only, because
that is what Kivy's SDL2 mixer and Android's MediaPlayer both play, and the same
script gives the same bytes on every run (a test holds the committed files to it).
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOUNDS_DIR = ROOT / "assets" / "sounds"

RATE = 44100
PEAK = 0.5  # of full scale: audible over a fan, not a shock in a quiet room
FULL_SCALE = 32767


@dataclass(frozen=True)
class Note:
    """One tone inside a sound: when it starts, how long it rings, how it decays."""

    frequency: float
    start: float  # seconds from the sound's start
    length: float  # seconds
    attack: float = 0.008  # long enough to avoid a click, short enough to feel on time
    release: float = 0.04
    decay: float = 0.0  # exponential decay rate (1/s); 0 = flat, a beep rather than a bell
    weight: float = 1.0


@dataclass(frozen=True)
class SoundSpec:
    name: str
    duration: float  # seconds; the WAV has exactly round(duration * RATE) frames
    notes: tuple[Note, ...]
    purpose: str


SOUNDS: tuple[SoundSpec, ...] = (
    SoundSpec(
        "tick",
        0.120,
        (Note(880.0, 0.0, 0.120, attack=0.010, release=0.050),),
        "each of the last three seconds of a timed step",
    ),
    SoundSpec(
        "step",
        0.350,
        (
            # E5 then A5, each ringing into the next like a doorbell: "something new".
            Note(659.25, 0.0, 0.200, attack=0.006, release=0.060, decay=6.0),
            Note(880.0, 0.150, 0.200, attack=0.006, release=0.080, decay=6.0),
        ),
        "a new step begins",
    ),
    SoundSpec(
        "finish",
        0.700,
        (
            # A rising C major arpeggio that settles: the routine is over.
            Note(523.25, 0.0, 0.260, attack=0.008, release=0.080, decay=4.0),
            Note(659.25, 0.180, 0.260, attack=0.008, release=0.080, decay=4.0),
            Note(783.99, 0.360, 0.340, attack=0.008, release=0.160, decay=3.0),
        ),
        "the routine is finished",
    ),
    SoundSpec(
        "alert",
        0.300,
        (
            # Two equal soft pulses a fifth below the tick: asks for attention,
            # and cannot be mistaken for the countdown or a step change.
            Note(587.33, 0.0, 0.120, attack=0.012, release=0.040),
            Note(587.33, 0.170, 0.130, attack=0.012, release=0.050),
        ),
        "the pain check asks how the person feels",
    ),
)


def envelope(note: Note, t: float) -> float:
    """Raised-cosine attack and release around an optional exponential decay."""
    if t < 0.0 or t >= note.length:
        return 0.0
    level = math.exp(-note.decay * t) if note.decay else 1.0
    if t < note.attack:
        level *= 0.5 - 0.5 * math.cos(math.pi * t / note.attack)
    remaining = note.length - t
    if remaining < note.release:
        level *= 0.5 - 0.5 * math.cos(math.pi * remaining / note.release)
    return level


def render_samples(spec: SoundSpec) -> list[float]:
    frames = round(spec.duration * RATE)
    samples = [0.0] * frames
    for note in spec.notes:
        first = round(note.start * RATE)
        last = min(frames, first + round(note.length * RATE))
        for index in range(first, last):
            t = (index - first) / RATE
            # A quiet octave overtone makes a sine sound less like a test tone.
            tone = math.sin(2 * math.pi * note.frequency * t) + 0.15 * math.sin(
                4 * math.pi * note.frequency * t
            )
            samples[index] += note.weight * envelope(note, t) * tone
    loudest = max(abs(sample) for sample in samples)
    scale = PEAK / loudest if loudest else 0.0
    return [sample * scale for sample in samples]


def render_wav(spec: SoundSpec) -> bytes:
    pcm = array("h", (round(sample * FULL_SCALE) for sample in render_samples(spec)))
    if sys.byteorder == "big":
        pcm.byteswap()  # WAV is little-endian on every machine
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def render_all() -> dict[str, bytes]:
    """File name to WAV bytes, for every cue sound."""
    return {f"{spec.name}.wav": render_wav(spec) for spec in SOUNDS}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="compare with the files on disk; write nothing"
    )
    parser.add_argument("--out", type=Path, default=SOUNDS_DIR, help="folder for the WAV files")
    args = parser.parse_args(argv)
    rendered = render_all()
    if args.check:
        stale = [
            name
            for name, data in rendered.items()
            if not (args.out / name).is_file() or (args.out / name).read_bytes() != data
        ]
        for name in stale:
            print(
                f"{args.out / name} differs from what tools/make_sounds.py makes", file=sys.stderr
            )
        return 1 if stale else 0

    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in rendered.items():
        (args.out / name).write_bytes(data)
        print(f"{args.out / name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
