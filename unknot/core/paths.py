"""Where the app's own files are: the built-in routines and the assets.

They sit beside ``main.py`` (that is how buildozer packs them for Android), one
folder above the package.
"""

from __future__ import annotations

from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[2]
BUILTIN_ROUTINES_DIR = APP_DIR / "routines"
ASSETS_DIR = APP_DIR / "assets"
