"""Unknot's core: routines, sessions, the pain rule, reminders and history.

Nothing in this package imports Kivy, plyer or jnius, so the same core can serve
the Kivy app, the command line and the tests (a test checks ``sys.modules``).
"""
