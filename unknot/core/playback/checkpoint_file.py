"""Where a session's checkpoint is kept, apart from reading and writing it.

The app asks whether a session was cut off (this file is there) before home's first
frame; the checkpoint's own module brings the routine loader and PyYAML with it,
which that frame does without (bench/startup.py).
"""

from __future__ import annotations

CHECKPOINT_FILE = "session.json"
"""In the data folder; there while a session runs, removed when it ends."""
