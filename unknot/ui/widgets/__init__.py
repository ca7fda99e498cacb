"""Widgets shared by several screens, each with its .kv beside it."""
