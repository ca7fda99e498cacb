"""How pyjnius 1.7.0 picks one of a Java method's overloads, for the fake Java classes.

python-for-android builds pyjnius 1.7.0. When a Java method has more than one
overload, its ``JavaMultipleMethod.__call__`` (jnius/jnius_export_class.pxi)
scores every signature with ``calculate_score`` (jnius/jnius_utils.pxi), drops
those scoring 0 or less, and calls the greatest ``(score, signature)`` pair: a tie
goes to the signature that sorts last as a string. That is how a Python ``str``
ends up in ``putExtra(String, char[])`` ("[C" sorts after "Ljava/lang/String;")
and a small Python ``int`` in ``putExtra(String, short)`` ("S" sorts after "I"
and "J"), and why a ``str`` is refused where the only fitting overload takes a
``CharSequence``: the scorer accepts a Python ``str`` for ``String`` and
``Object`` only. After choosing, pyjnius's ``populate_args`` checks that a Java
object passed for a class parameter is assignable to it (``check_assignable_from``).

``calculate_score`` here follows 1.7.0's line by line, with the fake classes
standing in for pyjnius's: a fake Java object names its class in
``__javaclass__`` (as an autoclass instance does), and the fake
``PythonJavaClass`` stands for pyjnius's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JAVA_SUPERTYPES: dict[str, frozenset[str]] = {
    "java/lang/String": frozenset(
        {"java/lang/CharSequence", "java/io/Serializable", "java/lang/Comparable"}
    ),
    "android/net/Uri": frozenset({"android/os/Parcelable", "java/lang/Comparable"}),
    "android/content/Intent": frozenset({"android/os/Parcelable", "java/lang/Cloneable"}),
    "android/app/PendingIntent": frozenset({"android/os/Parcelable"}),
}
"""What each fake Java class may be passed as, besides itself and java.lang.Object."""

PRIMITIVE_RANGES = {
    "B": (-(2**7), 2**7 - 1),
    "S": (-(2**15), 2**15 - 1),
    "I": (-(2**31), 2**31 - 1),
    "J": (-(2**63), 2**63 - 1),
}


class FakeJavaError(Exception):
    """What pyjnius raises for a Java exception, and for a call no overload accepts."""


def java_class_of(arg: Any) -> str | None:
    """The Java class a fake Java object stands for (pyjnius's ``JavaClass``), else None."""
    name = getattr(type(arg), "__javaclass__", None)
    return name if isinstance(name, str) else None


def is_python_java_class(arg: Any) -> bool:
    """The fake ``PythonJavaClass`` (a Python proxy of a Java interface) declares its interfaces."""
    return getattr(type(arg), "__javainterfaces__", None) is not None


def parse_arguments(signature: str) -> list[str]:
    """A JNI signature's argument types: "(Ljava/lang/String;[C)V" has two, String and char[]."""
    inside = signature[1 : signature.index(")")]
    types: list[str] = []
    index = 0
    while index < len(inside):
        start = index
        while inside[index] == "[":
            index += 1
        if inside[index] == "L":
            index = inside.index(";", index)
        index += 1
        types.append(inside[start:index])
    return types


def calculate_score(sign_args: Sequence[str], args: Sequence[Any]) -> int:
    """pyjnius 1.7.0's ``calculate_score`` for a method without varargs (-1: unusable)."""
    if len(args) != len(sign_args):
        return -1
    score = 10
    for r, arg in zip(sign_args, args, strict=True):
        if r == "Z":
            if not isinstance(arg, bool):
                return -1
            score += 10
        elif r == "B":
            if not isinstance(arg, int):
                return -1
            score += 10
        elif r == "C":
            if not isinstance(arg, str) or len(arg) != 1:
                return -1
            score += 10
        elif r in ("S", "I"):
            low, high = PRIMITIVE_RANGES[r]
            if isinstance(arg, int) and low <= arg <= high:
                score += 10
            elif isinstance(arg, float):
                score += 5
            else:
                return -1
        elif r == "J":
            if isinstance(arg, int):
                score += 10
            elif isinstance(arg, float):
                score += 5
            else:
                return -1
        elif r in ("F", "D"):
            if isinstance(arg, int):
                score += 5
            elif isinstance(arg, float):
                score += 10
            else:
                return -1
        elif r[0] == "L":
            added = _class_score(r[1:-1], arg)
            if added < 0:
                return -1
            score += added
        elif r[0] == "[":
            added = _array_score(r, arg)
            if added < 0:
                return -1
            score += added
    return score


def _class_score(name: str, arg: Any) -> int:
    if arg is None:
        return 10
    if name == "java/lang/String" and isinstance(arg, str):
        return 10
    if name == "java/lang/Object":
        if java_class_of(arg) is not None or is_python_java_class(arg):
            return 10
        if isinstance(arg, (str, list, tuple, int, float)):
            return 5
        return -1
    java_class = java_class_of(arg)
    if java_class is not None:
        if name == "java/lang/Class":
            return 10
        return 10 if java_class == name else 5
    if is_python_java_class(arg) or callable(arg):
        return 1
    return -1  # "native type? not accepted"


def _array_score(r: str, arg: Any) -> int:
    if arg is None:
        return 10
    if r == "[B" and isinstance(arg, (bytes, bytearray)):
        return 10
    if r == "[C" and isinstance(arg, str):
        return 10
    if not isinstance(arg, (list, tuple)):
        return -1
    if arg and calculate_score([r[1:]] * len(arg), arg) == -1:
        return -1
    return 10 if arg else 0


def choose_overload(owner: str, name: str, signatures: Sequence[str], args: Sequence[Any]) -> str:
    """The signature pyjnius 1.7.0 calls for ``args``, or its JavaException when none fits.

    Then, as ``populate_args`` does, refuses a Java object passed for a class it is not.
    """
    scores = []
    for signature in signatures:
        score = calculate_score(parse_arguments(signature), args)
        if score > 0:
            scores.append((score, signature))
    if not scores:
        raise FakeJavaError(
            f"No methods called {name} in {owner} matching your arguments, requested: "
            f"{tuple(args)!r}, available: {list(signatures)!r}"
        )
    _, chosen = max(scores)
    for wanted, arg in zip(parse_arguments(chosen), args, strict=True):
        java_class = java_class_of(arg)
        if wanted[0] == "L" and java_class is not None:
            target = wanted[1:-1]
            if not assignable(java_class, target):
                raise FakeJavaError(f"Invalid instance of {java_class!r} passed for a {target!r}")
        low_high = PRIMITIVE_RANGES.get(wanted)
        if low_high is not None and isinstance(arg, int) and not low_high[0] <= arg <= low_high[1]:
            raise OverflowError(f"value too large to convert to a Java {wanted}: {arg}")
    return chosen


def assignable(java_class: str, target: str) -> bool:
    return (
        java_class == target
        or target == "java/lang/Object"
        or target in JAVA_SUPERTYPES.get(java_class, frozenset())
    )
