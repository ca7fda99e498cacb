"""The fake's overload choice is pyjnius 1.7.0's: what a phone would do with each Python value.

The cases are the ones read off pyjnius 1.7.0's ``calculate_score`` and
``JavaMultipleMethod.__call__`` (and reproduced on a desktop JVM for speak):
a fake that accepted more than pyjnius would let a crash through to a phone.
"""

from __future__ import annotations

import pytest

from tests.services.fake_android import (
    INTENT_PUT_EXTRA,
    FakeCharArray,
    FakeDocumentIntent,
    FakeIntent,
    FakeJavaError,
    FakeJavaNumber,
    FakeJavaString,
    FakeUri,
)
from tests.services.java_overloads import calculate_score, choose_overload, parse_arguments

KEY = "org.unknot.TEST"


def put_extra_choice(value: object) -> str:
    chosen = choose_overload("android/content/Intent", "putExtra", INTENT_PUT_EXTRA, (KEY, value))
    return parse_arguments(chosen)[1]


def test_signatures_split_into_argument_types() -> None:
    assert parse_arguments("(Ljava/lang/String;[CI[[Ljava/lang/String;J)V") == [
        "Ljava/lang/String;",
        "[C",
        "I",
        "[[Ljava/lang/String;",
        "J",
    ]
    assert len(INTENT_PUT_EXTRA) == 24


def test_the_score_is_pyjnius_s() -> None:
    assert calculate_score(["Ljava/lang/String;", "I"], ["a", 5]) == 30
    assert calculate_score(["Ljava/lang/String;", "I"], ["a"]) == -1  # wrong count
    assert calculate_score(["Ljava/lang/CharSequence;"], ["text"]) == -1
    assert calculate_score(["Ljava/lang/Object;"], ["text"]) == 15
    assert calculate_score(["Ljava/lang/CharSequence;"], [FakeJavaString("t")]) == 15
    assert calculate_score(["S"], [40_000]) == -1
    assert calculate_score(["D"], [1]) == 15
    assert calculate_score(["Z"], [1]) == -1
    assert calculate_score(["C"], ["ab"]) == -1


def test_a_python_str_goes_to_char_array_and_is_no_string_extra() -> None:
    intent = FakeIntent("a").putExtra(KEY, "morning")

    assert put_extra_choice("morning") == "[C"
    assert put_extra_choice("m") == "[C"  # (String, char) ties too, and sorts lower
    assert intent.extras[KEY] == FakeCharArray(list("morning"))
    assert intent.getStringExtra(KEY) is None


def test_a_java_string_goes_to_string() -> None:
    intent = FakeIntent("a").putExtra(KEY, FakeJavaString("morning"))

    assert put_extra_choice(FakeJavaString("morning")) == "Ljava/lang/String;"
    assert intent.getStringExtra(KEY) == "morning"


@pytest.mark.parametrize(
    ("value", "java_type"),
    [(5, "S"), (-32768, "S"), (40_000, "J"), (1_717_000_000_000, "J"), (True, "Z"), (0.5, "F")],
)
def test_python_numbers_go_where_the_greatest_signature_is(value: object, java_type: str) -> None:
    """A small int ties on byte, short, int and long: "S" sorts last, so short.

    A bool ties on all of those and boolean ("Z" is last); a float prefers float
    and double over the integers (5 points) and "F" sorts after "D".
    """
    intent = FakeIntent("a").putExtra(KEY, value)

    assert put_extra_choice(value) == java_type
    assert intent.extras[KEY] == FakeJavaNumber(java_type, value)  # type: ignore[arg-type]
    assert intent.getStringExtra(KEY) is None


def test_a_list_of_str_goes_to_string_array() -> None:
    intent = FakeDocumentIntent("a").putExtra(KEY, ["text/yaml", "text/plain"])

    assert put_extra_choice(["text/yaml"]) == "[Ljava/lang/String;"
    assert intent.getStringArrayExtra(KEY) == ["text/yaml", "text/plain"]


def test_a_java_object_of_the_wrong_class_is_refused_after_the_choice() -> None:
    with pytest.raises(FakeJavaError, match="Invalid instance"):
        choose_overload(
            "android/content/Intent",
            "setData",
            ("(Landroid/net/Uri;)Landroid/content/Intent;", "(I)V"),
            (FakeJavaString("content://x"),),
        )
    assert (
        choose_overload("X", "m", ("(Landroid/os/Parcelable;)V", "(I)V"), (FakeUri("content://x"),))
        == "(Landroid/os/Parcelable;)V"
    )


def test_no_fitting_overload_raises_pyjnius_s_error() -> None:
    with pytest.raises(FakeJavaError, match="No methods called putExtra"):
        FakeIntent("a").putExtra(KEY, object())
