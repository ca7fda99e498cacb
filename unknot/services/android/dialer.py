"""Android's dialer: ACTION_DIAL with a ``tel:`` URI, which needs no permission.

ACTION_DIAL only fills the number in; the person presses call (ACTION_CALL,
which would call at once, needs CALL_PHONE and is never used). A tablet without
telephony may have no activity for it: ``dial`` then says False, and the screen
shows the number large.
"""

from __future__ import annotations

import logging

from unknot.services.android import activity

log = logging.getLogger("unknot.services")


def dial_intent(number: str) -> object:
    """``new Intent(Intent.ACTION_DIAL, Uri.parse("tel:" + number))``."""
    from jnius import autoclass

    intent_class = autoclass("android.content.Intent")
    uri = autoclass("android.net.Uri").parse(f"tel:{number}")
    return intent_class(intent_class.ACTION_DIAL, uri)


class AndroidDialer:
    """``Dialer`` on Android; never raises into the warning-signs screen."""

    def country(self) -> str:
        """``java.util.Locale.getDefault().getCountry()``: the region the person chose."""
        try:
            from jnius import autoclass

            country = autoclass("java.util.Locale").getDefault().getCountry()
        except Exception as error:
            log.warning("Could not ask Android for the region (%s)", error)
            return ""
        return str(country or "").upper()

    def dial(self, number: str) -> bool:
        if not (number.isascii() and number.isdigit()):
            log.warning("Not dialling %r: a phone number is digits only", number)
            return False
        try:
            activity().startActivity(dial_intent(number))
        except Exception as error:
            log.warning("Could not open the dialer (%s)", error)
            return False
        return True
