"""Small coordinators, one per part of the app, each given the navigator and only what it uses.

A flow registers its screens with the navigator (built on first visit), binds
their events to its own methods, and asks the core for every decision. No
flow is given the App, and none reads another's screens: what crosses from
one flow to another is a method call the app wires in ``UnknotApp.build``.
"""
