"""What a routine's file wrote, kept apart from how YAML would read it."""

from __future__ import annotations


class Numeral(str):
    """A value written where YAML reads a number (``10``, ``2.5``, ``010``, ``1:30``), as written.

    A routine's rules read numbers from what was written, not from YAML 1.1's
    reading of it, so ``010`` can be refused instead of becoming 8 and ``1:5``
    instead of becoming 65. Being text, it goes through the same rules as what a
    person types into the editor; the rules for text refuse it, since other YAML
    tools would read it as a number.
    """

    __slots__ = ()
