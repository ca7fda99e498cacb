"""Test-wide set-up that must happen before anything imports Kivy.

Kivy reads these variables once, at import: no command-line parsing (pytest's
arguments are not Kivy's), no console or file logs, the default configuration
rather than the developer's ~/.kivy, and a throw-away KIVY_HOME.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_USE_DEFAULTCONFIG", "1")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="unknot-kivy-home-"))
# No sound card here: SDL's dummy driver lets Kivy load and play the real files.
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
