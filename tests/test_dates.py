"""Article dates: date fields in any common form, saved pages' metadata, datelines; never mtime.

Expected dates were read by hand from the inputs (tests/data/dated.README.md lists where each
article's date is written).
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from conftest import DATA, SEEDS

from graphkit.cli import main
from graphkit.core.errors import GraphkitError
from graphkit.reading import DateRange, check_range, dateline_date, parse_date, read_documents

DATED = DATA / "dated"


@pytest.mark.parametrize(
    "value, day",
    [
        ("2019-01-04", "2019-01-04"),
        ("2019-01-04T23:30:00-05:00", "2019-01-04"),  # the day the article gives, in its own time zone
        ("2019-01-04 10:00:00", "2019-01-04"),
        ("January 4, 2019", "2019-01-04"),
        ("4 January 2019", "2019-01-04"),
        ("Fri, 04 Jan 2019 10:00:00 GMT", "2019-01-04"),
        ("1/4/2019", "2019-01-04"),  # month first, as in US exports
        ("13/01/2019", "2019-01-13"),  # a day over 12 is the day wherever it stands
        (1546560000, "2019-01-04"),  # Unix time, seconds
        ("1546560000000", "2019-01-04"),  # and milliseconds, as text
        ("2019-02-30", None),
        ("soon", None),
        ("yesterday", None),  # relative: would depend on the day of the build
        ("3 days ago", None),
        ("March 2019", None),  # a month is not a day
        ("2019", None),
        (2019, None),
        ("", None),
        (None, None),
        (True, None),
        ("x" * 500, None),
    ],
)
def test_parse_date(value, day):
    assert parse_date(value) == day


@pytest.mark.parametrize(
    "lines, day",
    [
        (["Friday, January 4, 2019", "An apartment building collapsed on Monday."], "2019-01-04"),
        (
            ["MOSCOW, April 28, 2025 (Reuters) - Russia said on Monday that its forces had retaken the region."],
            "2025-04-28",
        ),
        (["28 April 2025", "Officials said..."], "2025-04-28"),
        (["North Korea thanks Russia", "28 April 2025", "Officials said..."], "2025-04-28"),  # under a headline
        (["WASHINGTON (AP) — Jan. 5, 2024 — The Senate voted..."], "2024-01-05"),
        (["Published on 3rd March 2021 | 10:32"], "2021-03-03"),
        (["2019-01-04", "Text"], "2019-01-04"),
        # a date in the story is not the article's date
        (["The treaty was signed on June 19, 2024 in Pyongyang."], None),
        (["On January 4, 2019 the government said it would act."], None),
        (["In June 2024 the two signed a treaty."], None),
        (["Headline", "Standfirst", "Body", "Friday, January 4, 2019"], None),  # too far down
        (["February 30, 2019", "Text"], None),
        ([], None),
    ],
)
def test_dateline_date(lines, day):
    assert dateline_date(lines) == day


def test_each_kind_of_input_gets_its_date(tmp_path):
    read = read_documents([DATED])
    dates = {d.id: d.date for d in read.documents}
    assert dates == {
        "pelosi_speaker": "2019-01-04",  # dateline of a text file
        "trump_emergency": "2019-01-07",  # a saved page's article:published_time
        "cruz-term-limits": "2019-01-06",  # a JSONL date field written "January 6, 2019"
        "bush-veto": None,  # date field "soon": undated, with a note
        "puerto-rico": None,  # no date field
        "tibet_monasteries": None,  # no dateline
    }
    # the parsed date is the one kept with the evidence (not the raw "January 6, 2019")
    cruz = next(d for d in read.documents if d.id == "cruz-term-limits")
    assert cruz.meta["date"] == "2019-01-06"
    assert read.skipped == []
    [note] = read.notices
    assert "export.jsonl (row 2)" in note and "'date' field is not a date ('soon')" in note


def test_file_times_are_never_dates(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Kim Jong Un met Vladimir Putin in Moscow.\n", encoding="utf-8")
    os.utime(article, (1546560000, 1546560000))  # 2019-01-04
    [doc] = read_documents([article]).documents
    assert doc.date is None and "date" not in doc.meta


def test_date_field_option_and_a_date_column_beside_it(tmp_path):
    export = tmp_path / "export.jsonl"
    rows = [
        {"id": "a", "text": "Kim Jong Un met Vladimir Putin.", "published": "2025-04-28", "date": "n/a"},
        {"id": "b", "text": "Marco Rubio spoke in Washington.", "published": 1745798400},  # 2025-04-28 UTC
        {"id": "c", "text": "Pope Francis was buried in Rome."},
    ]
    export.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    read = read_documents([export], date_field="published")
    assert [d.date for d in read.documents] == ["2025-04-28", "2025-04-28", None]
    assert read.notices == []  # the "date" column is not read when another field is the date

    read = read_documents([export], date_field="pubdate")
    assert [d.date for d in read.documents] == [None, None, None]
    assert any("no row has a 'pubdate' field" in n and "--date-field" in n for n in read.notices)


def test_a_table_without_a_date_field_names_the_field_that_holds_dates(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(
        'id,source,published,text\na,Reuters,"March 4, 2019",Kim Jong Un met Vladimir Putin.\n'
        "b,AP,2019-03-05,Marco Rubio spoke.\n",
        encoding="utf-8",
    )
    read = read_documents([export])
    assert [d.date for d in read.documents] == [None, None]
    assert read.notices == [
        f"{export}: no row has a 'date' field, but 'published' holds dates ('March 4, 2019'): "
        "--date-field published dates its articles"
    ]
    assert [d.date for d in read_documents([export], date_field="published").documents] == ["2019-03-04", "2019-03-05"]
    # no field that holds dates: no hint
    export.write_text("id,source,text\na,Reuters,Kim Jong Un met Vladimir Putin.\n", encoding="utf-8")
    assert read_documents([export]).notices == []


def test_the_dates_line_names_one_day_once():
    from types import SimpleNamespace

    from graphkit.core.records import Document
    from graphkit.pipeline.summary import dates_line

    docs = [Document("a", ("x",), meta={"date": "2019-03-02"}), Document("b", ("y",))]
    result = SimpleNamespace(documents=docs, undated_count=1, date_range=DateRange())
    assert dates_line(result) == "1 article(s) dated 2019-03-02, 1 undated."


def test_csv_dates(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(
        "id,date,text\na,28/04/2025,Kim Jong Un met Vladimir Putin.\nb,,Marco Rubio spoke.\n", encoding="utf-8"
    )
    assert [d.date for d in read_documents([export]).documents] == ["2025-04-28", None]


def test_date_range():
    r = DateRange("2019-01-05", "2019-01-06")
    kept = [day for day in ["2019-01-04", "2019-01-05", "2019-01-06", "2019-01-07", None, None] if r.keep(day)]
    assert kept == ["2019-01-05", "2019-01-06"]
    assert (r.outside, r.undated) == (2, 2)
    everything = DateRange()
    assert all(everything.keep(day) for day in ["2019-01-04", None]) and everything.undated == 0
    assert check_range("January 5, 2019", None) == ("2019-01-05", None)
    with pytest.raises(GraphkitError, match="not a date"):
        check_range("soon", None)
    with pytest.raises(GraphkitError, match="after"):
        check_range("2019-02-01", "2019-01-01")


@pytest.mark.parametrize(
    "value", ["04/05/2025", "4.5.2025", "12-01-25", "04/05/2025 10:00", "04 / 05 / 2025", "4 5 2025"]
)
def test_a_range_date_that_reads_both_ways_is_refused(value):
    """5 April or 4 May: the range would keep the wrong articles without a word."""
    with pytest.raises(GraphkitError, match="either day-month or month-day.*YYYY-MM-DD"):
        check_range(value, None)
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--since", value, "--no-cache"])
    assert result.exit_code == 2 and "either day-month or month-day" in result.output
    assert "Traceback" not in result.output


def test_a_numeric_range_date_that_reads_one_way_is_taken():
    assert check_range("25/04/2025", None) == ("2025-04-25", None)
    assert check_range("2025.04.05", "12/12/2025") == ("2025-04-05", "2025-12-12")
    assert check_range(None, "04/4/2025") == (None, "2025-04-04")
