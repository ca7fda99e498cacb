"""Eleven large buttons, 0 to 10, with plain words for the bands: one tap answers."""

from __future__ import annotations

from kivy.properties import ColorProperty, NumericProperty, StringProperty
from kivy.uix.gridlayout import GridLayout

from unknot.core.safety.wording import pain_band
from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets.common import BigButton


class PainButton(BigButton):
    """The number large, its band's word under it; both follow the text-size setting."""

    rating = NumericProperty(0)
    band = StringProperty()
    band_fill = ColorProperty(theme.SURFACE)


class PainScale(GridLayout):
    """Dispatches ``on_rating`` with the number tapped."""

    __events__ = ("on_rating",)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        for rating in range(11):
            band = pain_band(rating)
            button = PainButton(rating=rating, band=band, band_fill=theme.PAIN_COLOURS[band])
            button.bind(on_release=self._tapped)
            self.add_widget(button)

    def _tapped(self, button: PainButton) -> None:
        self.dispatch("on_rating", int(button.rating))

    def on_rating(self, rating: int) -> None:
        pass

    def button_for(self, rating: int) -> PainButton:
        return next(b for b in self.children if isinstance(b, PainButton) and b.rating == rating)


load_kv_beside(__file__)
