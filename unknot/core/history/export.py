"""The history for a clinician: a CSV with one row per session, and a one-page summary.

**CSV.** RFC 4180 (comma, double quotes, CRLF line ends) through the ``csv``
module, one header row, then one row per session, oldest first. It starts with
a UTF-8 byte-order mark: Excel reads a CSV without one in the computer's legacy
code page, which garbles any accented letter or dash in a routine's title; with
it, Excel and LibreOffice both read UTF-8 (and ``csv``/``pandas`` with
``encoding="utf-8-sig"``). Dates are ISO (2026-03-02) and times 24-hour local
(07:30), which every spreadsheet recognises; every number is a whole number, so
no locale's decimal comma (or a German Excel's "2.5 is the 2nd of May") gets in
the way. The separator is a comma: Excel set to a semicolon locale opens such a
file in one column unless imported (Data > From Text/CSV), a known limit that a
``sep=`` line would fix only by making Excel ignore the byte-order mark. Text
that a spreadsheet would take for a formula (a title starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe, as OWASP
advises against CSV injection: titles are typed by people, and a file shared
with a clinic must not run anything when opened.

**Summary.** One self-contained HTML page: inline CSS sized for A4 or Letter, no
scripts, no images, no links to load, every piece of text escaped. A person can
open it in a browser and print it, or hand over the file.
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from unknot.core.clock.days import aware_utc, local_day, week_start
from unknot.core.history.flares import flare, flare_words
from unknot.core.history.store import SessionRecord
from unknot.core.playback.session import EndReason
from unknot.core.safety.morning import MorningFlare, morning_flares
from unknot.core.safety.wording import NOT_A_TREATMENT

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

OUTCOME_WORDS: dict[EndReason | None, str] = {
    EndReason.COMPLETED: "completed",
    EndReason.STOPPED_BY_PERSON: "stopped by you",
    EndReason.STOPPED_FOR_PAIN: "stopped for pain",
    EndReason.RED_FLAG: "warning sign",
    None: "not finished",
}
"""How a session ended, in the words the history screen and the exports use."""

CSV_COLUMNS = (
    "date",
    "start",
    "end",
    "minutes",
    "routine id",
    "routine",
    "routine version",
    "eased",
    "pain before",
    "pain after",
    "highest pain",
    "checks",
    "steps done",
    "steps in routine",
    "finished",
    "outcome",
    "flare",
    "morning flare",
)

SUMMARY_WEEKS = 8
"""Weeks in the summary's table: enough for a trend, few enough for one printed page."""
SUMMARY_LISTED_EVENTS = 12


def outcome_words(record: SessionRecord) -> str:
    return OUTCOME_WORDS[record.end_reason]


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def describe_session(record: SessionRecord, zone: tzinfo) -> str:
    """One session as the history screen lists it, in the same words as the exports.

    "Wed 4 Mar 2026, 19:00 · Chin tucks, level 1 · pain 2, then 4 · stopped for pain
    after 1 of 3 steps". Day and month names are English whatever the C locale,
    like the rest of the app's text. Words, not an arrow: the app's font has no
    arrow glyph, and an empty box stood in for it.
    """
    local = record.started_at.astimezone(zone)
    when = (
        f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} "
        f"{local.year}, {local:%H:%M}"
    )
    after = record.pain_after
    pain = (
        f"pain {record.pain_before}, then {after}"
        if after is not None
        else f"pain {record.pain_before} at the start"
    )
    outcome = outcome_words(record)
    if not record.finished and record.step_count:
        outcome += f" after {record.steps_done} of {record.step_count} steps"
    title = record.routine_title
    if record.eased and not title.endswith("(eased)"):
        title += " (eased)"
    return f"{when} · {title} · {pain} · {outcome}"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula it would run."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _morning_flares(records: Sequence[SessionRecord], zone: tzinfo) -> dict[int, MorningFlare]:
    """Each next-morning flare (rule 7), by the id of the session that began its day."""
    by_day = {m.day: m for m in morning_flares(records, zone)}
    found: dict[int, MorningFlare] = {}
    for record in sorted(records, key=lambda r: (r.started_at, r.id)):
        day = local_day(record.started_at, zone)
        if day in by_day:
            found[record.id] = by_day.pop(day)
    return found


def _morning_words(morning: MorningFlare | None) -> str:
    if morning is None:
        return ""
    return (
        f"the day started at {morning.baseline}, up from {morning.earlier_baseline} "
        f"on {morning.earlier_day.isoformat()}"
    )


def history_csv(
    records: Sequence[SessionRecord],
    zone: tzinfo,
) -> str:
    """The sessions as CSV text (with its BOM); the app's exporter writes it in one step."""
    mornings = _morning_flares(records, zone)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for record in sorted(records, key=lambda r: (r.started_at, r.id)):
        start = record.started_at.astimezone(zone)
        end = record.ended_at.astimezone(zone) if record.ended_at else None
        duration = record.duration
        writer.writerow(
            [
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M") if end else "",
                _whole_minutes(duration),
                safe_cell(record.routine_id),
                safe_cell(record.routine_title),
                safe_cell(record.routine_version or ""),
                _yes(record.eased),
                record.pain_before,
                "" if record.pain_after is None else record.pain_after,
                record.highest_pain,
                len(record.checks),
                record.steps_done,
                "" if record.step_count is None else record.step_count,
                _yes(record.finished),
                outcome_words(record),
                _yes(flare(record) or record.id in mornings),
                _morning_words(mornings.get(record.id)),
            ]
        )
    return BOM + buffer.getvalue()


def _whole_minutes(duration: timedelta | None) -> str:
    """Whole minutes, halves up: a decimal point is a date to a German Excel ("2.5" is 2 May)."""
    if duration is None:
        return ""
    return str(int(duration.total_seconds() / 60 + 0.5))


# -- the one-page summary ----------------------------------------------------------------------

_STYLE = """
@page { size: auto; margin: 14mm; }
body { font: 10.5pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #111; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
h2 { font-size: 11.5pt; margin: 10pt 0 3pt; border-bottom: 1px solid #999; }
p { margin: 2pt 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #555; }
.note { white-space: pre-wrap; }
footer { margin-top: 10pt; font-size: 9pt; color: #444; }
""".strip()


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _avg(values: Sequence[int]) -> str:
    return f"{fmean(values):.1f}" if values else "–"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _when(record: SessionRecord, zone: tzinfo) -> str:
    """ "Wed 2026-03-04, 19:00": ISO dates, and English day names whatever the C locale."""
    local = record.started_at.astimezone(zone)
    return f"{_WEEKDAYS[local.weekday()]} {local:%Y-%m-%d, %H:%M}"


def summary_html(
    records: Sequence[SessionRecord],
    now: datetime,
    zone: tzinfo,
    *,
    weeks: int = SUMMARY_WEEKS,
    notes: str | None = None,
) -> str:
    """A printable page for a clinician: the last ``weeks`` local ISO weeks, up to ``now``."""
    today = local_day(aware_utc(now), zone)
    first_week = week_start(today) - timedelta(days=7 * (weeks - 1))
    period = sorted(
        (r for r in records if first_week <= local_day(r.started_at, zone) <= today),
        key=lambda r: (r.started_at, r.id),
    )
    if period:
        # Someone who began three weeks ago gets three rows, not five empty ones first.
        first_week = week_start(local_day(period[0].started_at, zone))
        weeks = (week_start(today) - first_week).days // 7 + 1
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Unknot: session summary</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Unknot: session summary</h1>",
        f'<p class="muted">From {_e(first_week.isoformat())} to {_e(today.isoformat())} '
        f"({_plural(weeks, 'week')}). Made on {_e(today.isoformat())}. Times are local "
        f"({_e(now.astimezone(zone).tzname() or '')}). Pain is rated 0 (none) to 10.</p>",
    ]
    mornings = _morning_flares(records, zone)
    parts += _overview(period, zone, mornings)
    parts += _weeks_table(period, first_week, weeks, zone, mornings)
    parts += _events(period, zone, mornings)
    parts += _routines(period)
    if notes:
        parts += ["<h2>Notes</h2>", f'<p class="note">{_e(notes)}</p>']
    parts += [
        "<footer>",
        "<p>A flare is a session stopped for pain, one that ended with pain 2 or more "
        "above where it started, or a day whose first pain rating was 2 or more above the "
        "last session day's (within 3 days). The pain rule stops a session at 6 or more, "
        "at a rise of 2, or at sharp pain on touch; a restful routine only at a rise of 2 "
        "or sharp pain.</p>",
        f"<p>{_e(NOT_A_TREATMENT)}</p>",
        "</footer></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _flares(records: Sequence[SessionRecord], mornings: dict[int, MorningFlare]) -> int:
    """Rule 8's count: flared sessions and next-morning flares, each an event of its own."""
    return sum(flare(r) for r in records) + sum(r.id in mornings for r in records)


def _overview(
    period: Sequence[SessionRecord], zone: tzinfo, mornings: dict[int, MorningFlare]
) -> list[str]:
    days = {local_day(r.started_at, zone) for r in period}
    stops = sum(r.end_reason is EndReason.STOPPED_FOR_PAIN for r in period)
    red = sum(r.end_reason is EndReason.RED_FLAG for r in period)
    flares = _flares(period, mornings)
    befores = [r.pain_before for r in period]
    afters = [r.pain_after for r in period if r.pain_after is not None]
    return [
        "<h2>Overview</h2>",
        f"<p>{_plural(len(period), 'session')} on {_plural(len(days), 'day')}; "
        f"{sum(r.finished for r in period)} completed, {stops} stopped for pain, "
        f"{red} stopped for a warning sign, {_plural(flares, 'flare')}. "
        f"Pain before sessions averaged {_avg(befores)}, after {_avg(afters)}.</p>",
    ]


def _weeks_table(
    period: Sequence[SessionRecord],
    first_week: date,
    weeks: int,
    zone: tzinfo,
    mornings: dict[int, MorningFlare],
) -> list[str]:
    rows = [
        "<h2>Week by week</h2>",
        "<table><thead><tr><th>week from</th><th class=n>sessions</th>"
        "<th class=n>days</th><th class=n>pain before (avg)</th>"
        "<th class=n>pain after (avg)</th><th class=n>highest</th>"
        "<th class=n>flares</th><th class=n>stopped for pain</th></tr></thead><tbody>",
    ]
    for number in range(weeks):
        monday = first_week + timedelta(days=7 * number)
        week = [
            r for r in period if monday <= local_day(r.started_at, zone) < monday + timedelta(7)
        ]
        afters = [r.pain_after for r in week if r.pain_after is not None]
        cells = [
            len(week),
            len({local_day(r.started_at, zone) for r in week}),
            _avg([r.pain_before for r in week]),
            _avg(afters),
            max((r.highest_pain for r in week), default="–"),
            _flares(week, mornings),
            sum(r.end_reason is EndReason.STOPPED_FOR_PAIN for r in week),
        ]
        rows.append(
            f"<tr><td>{_e(monday.isoformat())}</td>"
            + "".join(f"<td class=n>{_e(cell)}</td>" for cell in cells)
            + "</tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _events(
    period: Sequence[SessionRecord], zone: tzinfo, mornings: dict[int, MorningFlare]
) -> list[str]:
    events = [
        r for r in period if flare(r) or r.end_reason is EndReason.RED_FLAG or r.id in mornings
    ]
    out = ["<h2>Flares, stops for pain and warning signs</h2>"]
    if not events:
        return [*out, "<p>None in this period.</p>"]
    shown = events[-SUMMARY_LISTED_EVENTS:]
    out.append("<ul>")
    for record in shown:
        parts = []
        if record.id in mornings:
            parts.append(_morning_words(mornings[record.id]) + " (a next-morning flare)")
        if record.end_reason is EndReason.RED_FLAG:
            parts.append("stopped for a warning sign (urgent-care advice shown)")
        elif flare(record):
            parts.append(flare_words(record))
        what = "; ".join(parts)
        out.append(
            f"<li>{_e(_when(record, zone))}: {_e(record.routine_title)} "
            f"(pain {record.pain_before} at the start, highest {record.highest_pain}): "
            f"{_e(what)}</li>"
        )
    out.append("</ul>")
    if len(events) > len(shown):
        out.append(f'<p class="muted">And {len(events) - len(shown)} earlier ones.</p>')
    return out


def _routines(period: Sequence[SessionRecord]) -> list[str]:
    used = Counter(r.routine_id for r in period)
    if not used:
        return []
    # The title the routine had last, as the person knows it, not an eased variant's.
    titles = {r.routine_id: r.routine_title for r in period}
    titles.update({r.routine_id: r.routine_title for r in period if not r.eased})
    eased = Counter(r.routine_id for r in period if r.eased)
    out = ["<h2>Routines used</h2>", "<ul>"]
    for routine_id, count in used.most_common():
        extra = f", {eased[routine_id]} eased" if eased[routine_id] else ""
        sessions = _plural(count, "session")
        out.append(f"<li>{_e(titles[routine_id])}: {sessions}{_e(extra)}</li>")
    out.append("</ul>")
    return out
