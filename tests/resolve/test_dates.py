"""Date expressions: relative to the seed's publication date, absolute, MUC-4 upper case, spans."""
from __future__ import annotations

import datetime as dt

import pytest

from titfortat.resolve import find_date_expressions, resolve_date

REF = dt.date(2020, 3, 20)  # the seed's publication date, a Friday
D = dt.date.fromisoformat


@pytest.mark.parametrize("text, start, end, precision", [
    ("just last week", "2020-03-09", "2020-03-15", "week"),
    ("last week", "2020-03-09", "2020-03-15", "week"),
    ("LAST WEEK", "2020-03-09", "2020-03-15", "week"),
    ("early this week", "2020-03-16", "2020-03-17", "week"),
    ("late this week", "2020-03-19", "2020-03-20", "week"),
    ("this week", "2020-03-16", "2020-03-20", "week"),
    ("this Wednesday", "2020-03-18", "2020-03-18", "day"),
    ("as of this Wednesday", "2020-03-18", "2020-03-18", "day"),
    ("on Wednesday", "2020-03-18", "2020-03-18", "day"),
    ("on Tuesday", "2020-03-17", "2020-03-17", "day"),
    ("as of Tuesday this week", "2020-03-17", "2020-03-17", "day"),
    ("last Friday", "2020-03-13", "2020-03-13", "day"),
    ("on Friday", "2020-03-20", "2020-03-20", "day"),
    ("since late October", "2019-10-21", "2020-03-20", "year"),
    ("in January", "2020-01-01", "2020-01-31", "month"),
    ("in May", "2019-05-01", "2019-05-31", "month"),
    ("since January", "2020-01-01", "2020-03-20", "year"),
    ("on 11 March", "2020-03-11", "2020-03-11", "day"),
    ("March 11", "2020-03-11", "2020-03-11", "day"),
    ("25 December", "2019-12-25", "2019-12-25", "day"),
    ("yesterday", "2020-03-19", "2020-03-19", "day"),
    ("today", "2020-03-20", "2020-03-20", "day"),
    ("last night", "2020-03-19", "2020-03-19", "day"),
    ("2 days ago", "2020-03-18", "2020-03-18", "day"),
    ("three months ago", "2019-12-05", "2020-01-04", "month"),
    ("a week ago", "2020-03-10", "2020-03-16", "week"),
    ("since last autumn", "2019-09-01", "2020-03-20", "year"),
    ("last winter", "2019-12-01", "2020-02-29", "year"),
    ("last year", "2019-01-01", "2019-12-31", "year"),
    ("late last year", "2019-09-01", "2019-12-31", "year"),
    ("in 2019", "2019-01-01", "2019-12-31", "year"),
    ("earlier this month", "2020-03-01", "2020-03-20", "month"),
    ("last month", "2020-02-01", "2020-02-29", "month"),
    ("mid-March", "2020-03-11", "2020-03-20", "month"),
    ("the end of February", "2020-02-21", "2020-02-29", "month"),
    ("the past three days", "2020-03-17", "2020-03-20", "week"),
    ("over the weekend", "2020-03-14", "2020-03-15", "week"),
    ("11 March 2020", "2020-03-11", "2020-03-11", "day"),
    ("March 11, 2020", "2020-03-11", "2020-03-11", "day"),
    ("2020-03-11", "2020-03-11", "2020-03-11", "day"),
    ("early March 2019", "2019-03-01", "2019-03-10", "month"),
    ("March 2020", "2020-03-01", "2020-03-31", "month"),
])
def test_resolve_against_seed_date(text, start, end, precision):
    span = resolve_date(text, reference=REF)
    assert (span.start, span.end, span.precision) == (D(start), D(end), precision)
    assert span.text == text and span.why.startswith(f"'{text}' = ")


def test_three_months_ago_covers_the_seed_strike():
    span = resolve_date("Three months ago", reference=REF)
    assert span.start <= D("2019-12-31") and span.end >= D("2020-01-03")  # Soleimani: 3 Jan 2020


def test_why_names_the_reference():
    span = resolve_date("just last week", reference=REF)
    assert span.why == "'just last week' = last week: 2020-03-09..2020-03-15 (reference date 2020-03-20)"


@pytest.mark.parametrize("text, reference, start, end", [
    ("15 MAR 89", None, "1989-03-15", "1989-03-15"),
    ("4 FEB 90", None, "1990-02-04", "1990-02-04"),
    ("ON 3 FEBRUARY", D("1990-02-04"), "1990-02-03", "1990-02-03"),
    ("SINCE 2 FEBRUARY", D("1990-02-04"), "1990-02-02", "1990-02-04"),
    ("2 DAYS AGO", D("1990-02-04"), "1990-02-02", "1990-02-02"),
    ("TODAY", D("1990-02-04"), "1990-02-04", "1990-02-04"),
    ("LAST NIGHT", D("1989-11-16"), "1989-11-15", "1989-11-15"),
    ("IN DECEMBER", D("1990-01-10"), "1989-12-01", "1989-12-31"),
])
def test_muc_upper_case(text, reference, start, end):
    span = resolve_date(text, reference=reference)
    assert (span.start, span.end) == (D(start), D(end))


@pytest.mark.parametrize("text", ["last week", "on Wednesday", "three months ago", "in January", "since late October"])
def test_relative_needs_reference(text):
    assert resolve_date(text, reference=None) is None


@pytest.mark.parametrize("text", ["", "a barrage of rockets", "31 February 2020", "the spring offensive"])
def test_not_dates(text):
    assert resolve_date(text, reference=REF) is None


def test_future_tense_reads_forward():
    assert resolve_date("on Wednesday", reference=REF, tense="future").start == D("2020-03-25")
    assert resolve_date("in January", reference=REF, tense="future").start == D("2021-01-01")


@pytest.mark.parametrize("sentence, expected", [
    ("Just last week, a barrage of rockets was launched at the Camp Taji airbase.", ["Just last week"]),
    ("Early this week, rockets hit the Besmaya training base south of Baghdad.", ["Early this week"]),
    ("In fact, since late October, there have been 24 separate rocket attacks.", ["since late October"]),
    ("and even, as of this Wednesday, increasing the sanctions", ["as of this Wednesday"]),
    ("There has been no let-up since January and Soleimani's death.", ["since January"]),
    ("Three months ago, the US carried out a drone strike", ["Three months ago"]),
    ("protesting against Iran's influence since last autumn.", ["since last autumn"]),
    ("A GUERRILLA COLUMN ATTACKED THE FARM 2 DAYS AGO. ON 3 FEBRUARY CEREZO MET", ["2 DAYS AGO", "3 FEBRUARY"]),
    ("GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- [TEXT]", ["4 FEB 90"]),
    ("We may fall back in the spring.", []),
    ("16,000 infections and 988 deaths", []),
])
def test_find_date_expressions(sentence, expected):
    found = find_date_expressions(sentence)
    assert [text for _, _, text in found] == expected
    for start, end, text in found:
        assert sentence[start:end] == text
        assert resolve_date(text, reference=REF) is not None
