"""What a routine id is: lowercase letters and digits in words joined by single dashes.

Apart from the routine fields' rules (``fields.identifier``, which says what is
wrong and suggests an id) so that the Lying / Seated choices, read before home's
first frame, can check their ids without the fields' module and the routine model
it brings (bench/startup.py).
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 64


def is_identifier(value: str) -> bool:
    """Whether ``value``, with its spaces tidied as every text field's are, is an id."""
    word = " ".join(value.split())
    return len(word) <= MAX_ID_LENGTH and ID_PATTERN.match(word) is not None
