"""The CSV for a spreadsheet and the one-page summary for a clinician."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tests.core.history_records import BERLIN, berlin, session, stopped_for_pain
from unknot.core.history.export import (
    CSV_COLUMNS,
    history_csv,
    safe_cell,
    summary_html,
)
from unknot.core.playback.session import EndReason
from unknot.core.safety.wording import NOT_A_TREATMENT
from unknot.core.storage.atomic import write_atomic

WEEK = [
    session(berlin(2026, 3, 2, 7, 30), baseline=3, ratings=(3, 2), minutes=2.5),
    session(
        berlin(2026, 3, 3, 12),
        routine_id="desk-break",
        title="Desk break",
        baseline=2,
        ratings=(2, 2, 1),
        steps_done=7,
        step_count=7,
    ),
    stopped_for_pain(berlin(2026, 3, 4, 19), baseline=2, rating=4),
    session(
        berlin(2026, 3, 5, 7, 45),
        title="Chin tucks, level 1 (eased)",
        baseline=4,  # 2 above the 4th's first baseline: a next-morning flare (rule 7)
        ratings=(3,),
        eased=True,
    ),
    session(berlin(2026, 3, 6, 23, 50), baseline=1, ratings=(1,), end=None),
    session(berlin(2026, 3, 7, 9), baseline=2, ratings=(), end=EndReason.RED_FLAG),
]


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_one_row_per_session_with_a_header() -> None:
    text = history_csv(WEEK, BERLIN)
    parsed = rows(text)
    assert len(parsed) == len(WEEK)
    assert tuple(parsed[0]) == CSV_COLUMNS
    first, desk, stop, eased, cut_off, red = parsed
    assert first == {
        "date": "2026-03-02",
        "start": "07:30",
        "end": "07:32",
        "minutes": "3",
        "routine id": "chin-tucks-1",
        "routine": "Chin tucks, level 1",
        "routine version": "0123456789ab",
        "eased": "no",
        "pain before": "3",
        "pain after": "2",
        "highest pain": "3",
        "checks": "2",
        "steps done": "1",
        "steps in routine": "1",
        "finished": "yes",
        "outcome": "completed",
        "flare": "no",
        "morning flare": "",
    }
    assert (desk["routine"], desk["steps done"], desk["steps in routine"]) == (
        "Desk break",
        "7",
        "7",
    )
    assert (stop["outcome"], stop["finished"], stop["flare"], stop["morning flare"]) == (
        "stopped for pain",
        "no",
        "yes",
        "",
    )
    assert (eased["flare"], eased["morning flare"]) == (
        "yes",
        "the day started at 4, up from 2 on 2026-03-04",
    )
    assert (stop["pain before"], stop["pain after"], stop["highest pain"]) == ("2", "4", "4")
    assert (eased["eased"], eased["routine"]) == ("yes", "Chin tucks, level 1 (eased)")
    assert (cut_off["outcome"], cut_off["end"], cut_off["minutes"]) == ("not finished", "", "")
    assert (red["outcome"], red["pain after"], red["flare"]) == ("warning sign", "", "no")


def test_numbers_are_whole_so_no_locale_takes_one_for_a_date() -> None:
    numeric = ("minutes", "pain before", "pain after", "highest pain", "checks", "steps done")
    for row in rows(history_csv(WEEK, BERLIN)):
        for column in numeric:
            assert row[column] == "" or row[column].isdigit(), (column, row[column])


def test_local_dates_and_times_across_midnight() -> None:
    late = session(berlin(2026, 3, 6, 23, 50), minutes=20)
    (row,) = rows(history_csv([late], BERLIN))
    assert (row["date"], row["start"], row["end"]) == ("2026-03-06", "23:50", "00:10")


def test_rfc_4180_lines_and_quoting() -> None:
    tricky = session(berlin(2026, 3, 2), title='Neck, "gentle" stretch\nsecond line')
    text = history_csv([tricky], BERLIN)
    assert text.count("\r\n") == 2  # the header and the row; the LF is inside quotes
    assert '"Neck, ""gentle"" stretch\nsecond line"' in text
    (row,) = rows(text)
    assert row["routine"] == 'Neck, "gentle" stretch\nsecond line'
    dialect = csv.Sniffer().sniff(text[1:].split("\r\n")[0])
    assert dialect.delimiter == ","


def test_no_formula_runs_from_a_title() -> None:
    evil = [
        session(berlin(2026, 3, 2), title='=HYPERLINK("http://x.example","click")'),
        session(berlin(2026, 3, 3), title="+1+1", routine_id="@sum"),
        session(berlin(2026, 3, 4), title="-2+3"),
        session(berlin(2026, 3, 5), title="\tTabbed"),
    ]
    parsed = rows(history_csv(evil, BERLIN))
    titles = [row["routine"] for row in parsed]
    assert titles == ['\'=HYPERLINK("http://x.example","click")', "'+1+1", "'-2+3", "'\tTabbed"]
    assert parsed[1]["routine id"] == "'@sum"
    for row in parsed:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe_cell("Chin tucks") == "Chin tucks"


def test_the_file_is_utf8_with_a_bom(tmp_path: Path) -> None:
    accented = session(berlin(2026, 3, 2), title="Nacken – sanft, Übung")
    target = tmp_path / "unknot-history.csv"
    write_atomic(target, history_csv([accented], BERLIN))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert row["routine"] == "Nacken – sanft, Übung"


def test_an_empty_history_is_a_header_alone() -> None:
    text = history_csv([], BERLIN)
    assert rows(text) == []
    assert text == "\ufeff" + ",".join(f'"{c}"' if "," in c else c for c in CSV_COLUMNS) + "\r\n"


# -- the summary --------------------------------------------------------------------------------


def page(**kwargs: object) -> str:
    return summary_html(WEEK, berlin(2026, 3, 8, 18), BERLIN, **kwargs)  # type: ignore[arg-type]


def test_the_summary_has_the_numbers() -> None:
    text = page()
    assert "<h1>Unknot: session summary</h1>" in text
    assert "From 2026-03-02 to 2026-03-08 (1 week)" in text
    assert (
        "6 sessions on 6 days; 3 completed, 1 stopped for pain, 1 stopped for a warning "
        "sign, 2 flares. Pain before sessions averaged 2.3, after 2.2." in text
    )
    # the week of 2 March: 6 sessions on 6 days, before 14/6 = 2.3, after 2,1,4,3,1 = 2.2;
    # the flares: a stop for pain, and the 5th's start 2 above the 4th's (rule 7)
    week = re.search(r"<tr><td>2026-03-02</td>(.*?)</tr>", text)
    assert week is not None
    cells = re.findall(r"<td class=n>(.*?)</td>", week.group(1))
    assert cells == ["6", "6", "2.3", "2.2", "4", "2", "1"]
    assert "<tr><td>2026-02-23</td>" not in text  # no empty weeks before the first
    assert "Wed 2026-03-04, 19:00: Chin tucks, level 1" in text
    assert (
        "Wed 2026-03-04, 19:00: Chin tucks, level 1 (pain 2 at the start, highest 4): was " in text
    )
    assert "the day started at 4, up from 2 on 2026-03-04 (a next-morning flare)" in text
    assert "stopped for a warning sign" in text
    assert "Chin tucks, level 1: 5 sessions, 1 eased" in text
    assert "Desk break: 1 session" in text
    assert NOT_A_TREATMENT in text


def test_the_summary_is_self_contained() -> None:
    text = page(notes="Worse after long drives.")
    lowered = text.lower()
    for forbidden in ("<script", "<img", "<link", "<iframe", "src=", "href=", "http", "@import"):
        assert forbidden not in lowered
    assert lowered.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in text
    assert "Worse after long drives." in text


def test_everything_typed_is_escaped() -> None:
    evil = session(
        berlin(2026, 3, 4, 10),
        title='<script>alert("x")</script><img src=x onerror=alert(1)>',
        baseline=1,
        ratings=(3,),
        end=EndReason.STOPPED_FOR_PAIN,
    )
    text = summary_html([evil], berlin(2026, 3, 8), BERLIN, notes="</p><script>alert(2)</script>")
    assert "<script" not in text
    assert "<img" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in text


def test_a_summary_with_no_sessions_says_so() -> None:
    text = summary_html([], berlin(2026, 3, 8), BERLIN, weeks=4)
    assert "0 sessions on 0 days" in text
    assert text.count("<tr><td>") == 4
    assert "None in this period." in text
    assert "From 2026-02-09 to 2026-03-08 (4 weeks)" in text


def test_weeks_with_no_session_between_two_that_had_some_are_shown() -> None:
    records = [session(berlin(2026, 2, 10)), session(berlin(2026, 3, 4))]
    text = summary_html(records, berlin(2026, 3, 8), BERLIN)
    assert "From 2026-02-09 to 2026-03-08 (4 weeks)" in text
    week = re.search(r"<tr><td>2026-02-16</td>(.*?)</tr>", text)
    assert week is not None
    assert re.findall(r"<td class=n>(.*?)</td>", week.group(1)) == [
        "0",
        "0",
        "–",
        "–",
        "–",
        "0",
        "0",
    ]
    # sessions older than the weeks asked for are left out
    old = summary_html(records, berlin(2026, 3, 8), BERLIN, weeks=2)
    assert "From 2026-03-02 to 2026-03-08 (1 week)" in old
    assert "1 session on 1 day" in old


def test_a_session_skipped_through_is_not_finished_in_the_export() -> None:
    """Before: every step skipped gave finished=yes with steps done=0."""
    skipped = session(berlin(2026, 3, 2), steps_done=0, step_count=1)
    played = session(berlin(2026, 3, 3))
    assert not skipped.finished and played.finished
    by_day = {
        row["steps done"]: row["finished"] for row in rows(history_csv([skipped, played], BERLIN))
    }
    assert by_day == {"0": "no", "1": "yes"}
