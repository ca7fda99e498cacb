"""Loads a screen's .kv file, once, from beside its .py file."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder


def load_kv_beside(module_file: str) -> None:
    """Loads ``name.kv`` next to ``name.py``; Kivy's Builder would load it twice otherwise."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)
