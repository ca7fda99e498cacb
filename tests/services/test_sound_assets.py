"""The committed cue sounds are exactly what tools/make_sounds.py makes, and are sound WAVs."""

from __future__ import annotations

import importlib.util
import io
import sys
import wave
from array import array
from pathlib import Path
from types import ModuleType

import pytest

from unknot.core.paths import APP_DIR
from unknot.services.sounds import SOUND_NAMES, SOUNDS_DIR

SCRIPT = APP_DIR / "tools" / "make_sounds.py"
EXPECTED_SECONDS = {"tick": 0.120, "step": 0.350, "finish": 0.700, "alert": 0.300}


@pytest.fixture(scope="module")
def make_sounds() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sounds"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rendered(make_sounds: ModuleType) -> dict[str, bytes]:
    result: dict[str, bytes] = make_sounds.render_all()
    return result


def read_samples(data: bytes) -> tuple[wave._wave_params, array[int]]:
    with wave.open(io.BytesIO(data), "rb") as wav:
        params = wav.getparams()
        samples = array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return params, samples


def test_the_script_makes_every_cue_the_app_plays(rendered: dict[str, bytes]) -> None:
    assert sorted(rendered) == sorted(f"{name}.wav" for name in SOUND_NAMES)


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_the_committed_file_is_what_the_script_makes_now(
    rendered: dict[str, bytes], name: str
) -> None:
    committed = (SOUNDS_DIR / f"{name}.wav").read_bytes()

    assert committed == rendered[f"{name}.wav"], (
        f"assets/sounds/{name}.wav is stale: run python tools/make_sounds.py"
    )


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_the_committed_file_is_16_bit_mono_44khz_of_the_expected_length(name: str) -> None:
    path = SOUNDS_DIR / f"{name}.wav"

    params, _ = read_samples(path.read_bytes())

    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44100)
    assert params.nframes == round(EXPECTED_SECONDS[name] * 44100)
    assert path.stat().st_size < 100_000


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_the_sound_is_modest_and_starts_and_ends_in_silence(name: str) -> None:
    _, samples = read_samples((SOUNDS_DIR / f"{name}.wav").read_bytes())
    full_scale = 32767

    peak = max(abs(sample) for sample in samples) / full_scale
    edges = [abs(sample) / full_scale for sample in (*samples[:3], *samples[-3:])]

    assert 0.4 <= peak <= 0.55
    assert max(edges) < 0.01  # no click where the sound starts or stops


def test_the_sounds_are_all_different() -> None:
    contents = {(SOUNDS_DIR / f"{name}.wav").read_bytes() for name in SOUND_NAMES}

    assert len(contents) == len(SOUND_NAMES)


def test_check_mode_reports_a_stale_file(make_sounds: ModuleType, tmp_path: Path) -> None:
    assert make_sounds.main(["--out", str(tmp_path)]) == 0
    assert make_sounds.main(["--out", str(tmp_path), "--check"]) == 0

    (tmp_path / "tick.wav").write_bytes(b"RIFF")

    assert make_sounds.main(["--out", str(tmp_path), "--check"]) == 1
