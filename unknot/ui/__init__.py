"""The Kivy app: thin screens over the core; nothing here decides anything clinical."""
