"""Time expressions resolved against a fixed today (Wednesday 2 December 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.periods import find_period, labels

TODAY = dt.date(2026, 12, 2)
D = dt.date


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        # relative days, weeks, months, years (a week is Monday to Sunday)
        ("what came in last week", D(2026, 11, 23), D(2026, 11, 29)),
        ("mis tuli eelmisel nädalal", D(2026, 11, 23), D(2026, 11, 29)),
        ("mis tuli eelmisel nadalal", D(2026, 11, 23), D(2026, 11, 29)),
        ("eelmise nädala kirjad", D(2026, 11, 23), D(2026, 11, 29)),
        ("letters this week", D(2026, 11, 30), TODAY),
        ("sel nädalal registreeritud", D(2026, 11, 30), TODAY),
        ("what came in the past week", D(2026, 11, 26), TODAY),
        ("yesterday's letters", D(2026, 12, 1), D(2026, 12, 1)),
        ("eilsed kirjad", D(2026, 12, 1), D(2026, 12, 1)),
        ("registered today", TODAY, TODAY),
        ("täna registreeritud", TODAY, TODAY),
        ("last month", D(2026, 11, 1), D(2026, 11, 30)),
        ("eelmisel kuul", D(2026, 11, 1), D(2026, 11, 30)),
        ("möödunud kuul", D(2026, 11, 1), D(2026, 11, 30)),
        ("this month", D(2026, 12, 1), TODAY),
        ("this year", D(2026, 1, 1), TODAY),
        ("tänavu", D(2026, 1, 1), TODAY),
        ("tanavu", D(2026, 1, 1), TODAY),
        ("sel aastal", D(2026, 1, 1), TODAY),
        ("käesoleval aastal", D(2026, 1, 1), TODAY),
        ("last year", D(2025, 1, 1), D(2025, 12, 31)),
        ("eelmisel aastal", D(2025, 1, 1), D(2025, 12, 31)),
        ("mullu", D(2025, 1, 1), D(2025, 12, 31)),
        # rolling spans
        ("in the last 30 days", D(2026, 11, 3), TODAY),
        ("viimase 30 päeva jooksul", D(2026, 11, 3), TODAY),
        ("viimase kahe nädala jooksul", D(2026, 11, 19), TODAY),
        ("past 3 months", D(2026, 9, 3), TODAY),
        # months: with a year, and alone (the most recent one that has begun)
        ("in March 2024", D(2024, 3, 1), D(2024, 3, 31)),
        ("2024. aasta märtsis registreeritud kirjad", D(2024, 3, 1), D(2024, 3, 31)),
        ("2024. aasta martsis", D(2024, 3, 1), D(2024, 3, 31)),
        ("märtsis 2024", D(2024, 3, 1), D(2024, 3, 31)),
        ("märtsis", D(2026, 3, 1), D(2026, 3, 31)),
        ("Märtsist", D(2026, 3, 1), D(2026, 3, 31)),
        ("detsembris", D(2026, 12, 1), TODAY),
        ("in December", D(2026, 12, 1), TODAY),
        ("septembrikuus", D(2026, 9, 1), D(2026, 9, 30)),
        ("eelmise aasta detsembris", D(2025, 12, 1), D(2025, 12, 31)),
        ("detsembris eelmisel aastal", D(2025, 12, 1), D(2025, 12, 31)),
        ("in December of last year", D(2025, 12, 1), D(2025, 12, 31)),
        ("last December", D(2025, 12, 1), D(2025, 12, 31)),
        ("last March", D(2026, 3, 1), D(2026, 3, 31)),
        ("märtsis saadetud kirjad 2024", D(2024, 3, 1), D(2024, 3, 31)),
        ("1. märtsil eelmisel aastal", D(2025, 3, 1), D(2025, 3, 1)),
        ("from March to May 2024", D(2024, 3, 1), D(2024, 5, 31)),
        ("märtsist maini 2024", D(2024, 3, 1), D(2024, 5, 31)),
        # years, in any case
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("millised dokumendid on 2024. aastast", D(2024, 1, 1), D(2024, 12, 31)),
        ("mitu kirja tuli 2024. aastal", D(2024, 1, 1), D(2024, 12, 31)),
        ("aastatel 2023-2024", D(2023, 1, 1), D(2024, 12, 31)),
        # seasons
        ("before the summer", D(2026, 1, 1), D(2026, 5, 31)),
        ("enne suve", D(2026, 1, 1), D(2026, 5, 31)),
        ("pärast suve", D(2026, 9, 1), TODAY),
        ("suvel", D(2026, 6, 1), D(2026, 8, 31)),
        ("summer 2024", D(2024, 6, 1), D(2024, 8, 31)),
        # open and closed ranges
        ("since 1 March", D(2026, 3, 1), TODAY),
        ("alates 1. märtsist", D(2026, 3, 1), TODAY),
        ("1. märtsist alates", D(2026, 3, 1), TODAY),
        ("alates 1. martsist", D(2026, 3, 1), TODAY),
        ("since March", D(2026, 3, 1), TODAY),
        ("after 2024", D(2025, 1, 1), TODAY),
        ("documents from 2024", D(2024, 1, 1), D(2024, 12, 31)),  # of 2024, not since
        ("between 1 March 2024 and 15 April 2024", D(2024, 3, 1), D(2024, 4, 15)),
        ("1. märtsi ja 15. aprilli vahel", D(2026, 3, 1), D(2026, 4, 15)),
        ("from 1.03.2024 to 15.04.2024", D(2024, 3, 1), D(2024, 4, 15)),
        ("10.03.2024 kuni 20.03.2024", D(2024, 3, 10), D(2024, 3, 20)),
        ("from 1.03. to 15.04.", D(2026, 3, 1), D(2026, 4, 15)),
        ("jaanuarist märtsini", D(2026, 1, 1), D(2026, 3, 31)),
        ("1. märtsist 15. aprillini", D(2026, 3, 1), D(2026, 4, 15)),
        ("2023. aastast 2024. aastani", D(2023, 1, 1), D(2024, 12, 31)),
        ("juunis", D(2026, 6, 1), D(2026, 6, 30)),
        ("viimasel nädalal", D(2026, 11, 26), TODAY),
        ("viimasel kuul", D(2026, 11, 3), TODAY),
        ("üleeile", D(2026, 11, 30), D(2026, 11, 30)),
        # quarters
        ("Q1 2024", D(2024, 1, 1), D(2024, 3, 31)),
        ("first quarter of 2024", D(2024, 1, 1), D(2024, 3, 31)),
        ("2024. aasta I kvartalis", D(2024, 1, 1), D(2024, 3, 31)),
        ("teises kvartalis", D(2026, 4, 1), D(2026, 6, 30)),
        ("last quarter", D(2026, 7, 1), D(2026, 9, 30)),
        ("this quarter", D(2026, 10, 1), TODAY),
        # explicit dates in the register's formats
        ("20.03.2024", D(2024, 3, 20), D(2024, 3, 20)),
        ("2024-03-20", D(2024, 3, 20), D(2024, 3, 20)),
        ("20. märtsil 2024", D(2024, 3, 20), D(2024, 3, 20)),
        ("on March 20, 2024", D(2024, 3, 20), D(2024, 3, 20)),
        ("on 20 March 2024", D(2024, 3, 20), D(2024, 3, 20)),
    ],
)
def test_period(question, start, end):
    p = find_period(question, TODAY)
    assert p is not None, question
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "end"),
    [
        ("before 2024", D(2023, 12, 31)),
        ("enne 2024. aastat", D(2023, 12, 31)),
        ("märtsini 2024", D(2024, 3, 31)),
        ("2024. aastani", D(2024, 12, 31)),
        ("until March 2024", D(2024, 3, 31)),
    ],
)
def test_open_start(question, end):
    p = find_period(question, TODAY)
    assert p.start is None and p.end == end
    assert p.label_et.startswith("kuni") and p.label_en.startswith("until")


@pytest.mark.parametrize(
    "question",
    [
        "May I see the letter?",  # a verb, not a month
        "Jaan Tamm saatis kirja",  # a name, not January
        "What is the letter 5-1/54-1 about?",
        "show outgoing letters in series 2-1",
        "kirjad toimikus 5-1/2024",
        "Is the ECPAT helpline open 24/7?",
        "the price rose 3.5 percent",
        "Does this fall under the data protection act?",
    ],
)
def test_no_period(question):
    assert find_period(question, TODAY) is None


@pytest.mark.parametrize(
    ("start", "end", "et", "en"),
    [
        (D(2026, 12, 1), D(2026, 12, 7), "1.-7. detsember 2026", "1-7 December 2026"),
        (D(2024, 3, 1), D(2024, 3, 31), "märts 2024", "March 2024"),
        (D(2024, 1, 1), D(2024, 12, 31), "2024", "2024"),
        (D(2024, 1, 1), D(2024, 3, 31), "jaanuar-märts 2024", "January-March 2024"),
        (D(2024, 3, 20), D(2024, 3, 20), "20. märts 2024", "20 March 2024"),
        (
            D(2026, 11, 30),
            D(2026, 12, 2),
            "30. november - 2. detsember 2026",
            "30 November - 2 December 2026",
        ),
        (D(2025, 12, 30), D(2026, 1, 2), "30. detsember 2025 - 2. jaanuar 2026",
         "30 December 2025 - 2 January 2026"),
    ],
)  # fmt: skip
def test_labels(start, end, et, en):
    assert labels(start, end) == (et, en)


def test_span_marks_the_expression():
    q = "Milliseid kirju saatis ECPAT 2024. aasta märtsis?"
    p = find_period(q, TODAY)
    assert q[p.span[0] : p.span[1]] == "2024. aasta märtsis"
    assert D(2024, 3, 5) in p and D(2024, 4, 1) not in p
