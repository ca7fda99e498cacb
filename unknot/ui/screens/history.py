"""The history: this week's check-in, the days done, pain before and after, and the sessions.

Everything shown comes from the core (``unknot.core.history``, ``history_export``);
this screen only lays it out, in words first and the chart second, because a
chart alone says little to someone with a headache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from unknot.core.history.store import SessionRecord
from unknot.ui import theme
from unknot.ui.kv import load_kv_beside
from unknot.ui.widgets import common, pain_chart  # noqa: F401 (kv rules; PainChart for the kv)
from unknot.ui.widgets.common import Muted

WEEKS_SHOWN = 4


class DayCell(Label):
    """One day of the calendar: its date, and its sessions against the day's target."""


class HistoryScreen(Screen):
    check_in = StringProperty()
    review = StringProperty()
    message = StringProperty()
    empty = BooleanProperty(True)

    __events__ = ("on_back", "on_export_csv", "on_export_summary", "on_red_flags")

    def show(
        self,
        *,
        records: Sequence[SessionRecord],
        lines: Sequence[str],
        days: Mapping[date, int],
        targets: Mapping[date, int],
        today: date,
        check_in: str,
        review: str,
    ) -> None:
        """``records`` oldest first (the chart), ``lines`` newest first (the list)."""
        self.check_in = check_in
        self.review = review
        self.empty = not records
        chart = self.ids.chart
        chart.before = [r.baseline for r in records]
        chart.after = [r.pain_after for r in records]
        self._calendar(days, targets, today)
        holder = self.ids.sessions
        holder.clear_widgets()
        for line in lines:
            holder.add_widget(Muted(text=line))

    def _calendar(self, days: Mapping[date, int], targets: Mapping[date, int], today: date) -> None:
        grid = self.ids.calendar
        grid.clear_widgets()
        for name in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"):
            grid.add_widget(DayCell(text=name, bold=True, color=theme.TEXT_MUTED))
        monday = today - timedelta(days=today.weekday() + 7 * (WEEKS_SHOWN - 1))
        for offset in range(7 * WEEKS_SHOWN):
            day = monday + timedelta(days=offset)
            if day > today:
                grid.add_widget(DayCell(text=""))
                continue
            done, target = days.get(day, 0), max(targets.get(day, 1), 1)
            cell = DayCell(text=f"{day.day}\n{done}/{target}" if done else f"{day.day}\n–")
            cell.met = done >= target
            cell.some = done > 0
            grid.add_widget(cell)

    def on_back(self) -> None:
        pass

    def on_export_csv(self) -> None:
        pass

    def on_export_summary(self) -> None:
        pass

    def on_red_flags(self) -> None:
        pass


load_kv_beside(__file__)
