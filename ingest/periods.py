"""Time expressions in questions ("eelmisel nädalal", "in March 2024", "enne suve").

A question over the register often names its period in words, relative to the day it is
asked. This resolves such an expression, Estonian or English, with or without diacritics
and in any Estonian case ("märtsis", "märtsist", "märtsini"), to a closed period and a
label in both languages that an answer can repeat, so the asker sees which days were
counted ("1.-7. detsember 2026").

Conventions, chosen so that a period is not in the future (unless asked for: a deadline,
a restriction's end) and always says its days:

* a week is a calendar week, Monday to Sunday ("last week" = the week before this one);
  "the past week"/"the last 7 days" is the rolling seven days up to today;
* a month or season named without a year is the most recent one that has begun;
* "this week/month/quarter/year" and "since X" end today;
* seasons are the Estonian calendar seasons: spring March-May, summer June-August,
  autumn September-November, winter December-February; "before the summer" is the same
  year from 1 January to 31 May, "after the summer" from 1 September.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass

from ingest.fields import parse_date

MONTHS_ET = (
    "jaanuar", "veebruar", "märts", "aprill", "mai", "juuni", "juuli", "august",
    "september", "oktoober", "november", "detsember",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end`` inclusive; ``start`` None means "from the beginning"."""

    start: dt.date | None
    end: dt.date
    label_et: str
    label_en: str
    span: tuple[int, int] = (0, 0)  # where the expression stands in the question

    def label(self, lang: str) -> str:
        return self.label_et if lang == "et" else self.label_en

    def __contains__(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.end


def fold_keep_length(text: str) -> str:
    """Lower case without diacritics, one character for one, so positions carry over."""
    out = []
    for c in text:
        f = "".join(
            x for x in unicodedata.normalize("NFKD", c.lower()) if x.isascii() or x.isalnum()
        )
        f = "".join(x for x in f if not unicodedata.combining(x))
        out.append(f if len(f) == 1 else c.lower()[:1] or c)
    return "".join(out)


# --------------------------------------------------------------------------- labels


def _day_et(d: dt.date) -> str:
    return f"{d.day}. {MONTHS_ET[d.month - 1]} {d.year}"


def _day_en(d: dt.date) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def labels(start: dt.date | None, end: dt.date) -> tuple[str, str]:
    """The period as an Estonian and an English answer would write it."""
    if start is None:
        return f"kuni {_day_et(end)}", f"until {_day_en(end)}"
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if whole_months and start.month == 1 and end.month == 12:
        years = str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
        return years, years
    if whole_months and start.year == end.year:
        et_m, en_m = MONTHS_ET[start.month - 1], MONTHS_EN[start.month - 1]
        if start.month != end.month:
            et_m += f"-{MONTHS_ET[end.month - 1]}"
            en_m += f"-{MONTHS_EN[end.month - 1]}"
        return f"{et_m} {start.year}", f"{en_m} {start.year}"
    if start == end:
        return _day_et(start), _day_en(start)
    if (start.year, start.month) == (end.year, end.month):
        return (
            f"{start.day}.-{_day_et(end)}",
            f"{start.day}-{_day_en(end)}",
        )
    if start.year == end.year:
        return (
            f"{start.day}. {MONTHS_ET[start.month - 1]} - {_day_et(end)}",
            f"{start.day} {MONTHS_EN[start.month - 1]} - {_day_en(end)}",
        )
    return f"{_day_et(start)} - {_day_et(end)}", f"{_day_en(start)} - {_day_en(end)}"


def period(start: dt.date | None, end: dt.date, span: tuple[int, int] = (0, 0)) -> Period:
    et, en = labels(start, end)
    return Period(start, end, et, en, span)


# --------------------------------------------------------------------------- vocabulary
# All patterns run on fold_keep_length(question): lower case, no diacritics.

# Estonian month stems take any case ending (märtsis, märtsist, märtsini, septembrini);
# English month names count as months only beside a number or a preposition, since "may"
# and "march" are also verbs.
_ET_MONTH = [
    r"jaan(?:uar\w*)?", r"veebr(?:uar\w*)?", r"marts\w*", r"apr(?:ill\w*)?",
    r"mai(?:s|st|ni|ks|l|le|lt|kuu\w*)?", r"juuni\w*", r"juuli\w*", r"aug(?:ust\w*)?",
    r"sept(?:emb\w*)?", r"okt(?:oob\w*)?", r"nov(?:emb\w*)?", r"dets(?:emb\w*)?",
]  # fmt: skip
_EN_MONTH = [
    r"jan(?:uary)?", r"feb(?:ruary)?", r"mar(?:ch)?", r"apr(?:il)?", r"may", r"june?",
    r"july?", r"aug(?:ust)?", r"sep(?:t(?:ember)?)?", r"oct(?:ober)?", r"nov(?:ember)?",
    r"dec(?:ember)?",
]  # fmt: skip
_MONTH_ALT = "|".join(
    f"(?P<m{i}>{a}|{b})" for i, (a, b) in enumerate(zip(_ET_MONTH, _EN_MONTH, strict=False))
)
MONTH = rf"(?:{_MONTH_ALT})\b\.?"
YEAR = r"(?P<y>(?:19|20)\d\d)(?![\d/]|-(?!(?:19|20)\d\d\b)|\.\d)"
_YEAR_WORD = r"(?:\.?\s*(?:a\b\.?|aasta\w*))?"  # "2024. aastal", "2024. a", "2024"

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "uks": 1, "uhe": 1, "kaks": 2, "kahe": 2, "kolm": 3, "kolme": 3, "neli": 4, "nelja": 4,
    "viis": 5, "viie": 5, "kuus": 6, "kuue": 6, "seitse": 7, "seitsme": 7, "kaheksa": 8,
    "uheksa": 9, "kumme": 10, "kumne": 10, "kaksteist": 12, "kaheteist": 12,
}  # fmt: skip
_NUMBER = r"(?P<n>\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = (
    r"(?P<unit>paev\w*|day\w*|nadal\w*|week\w*|kuu\b|kuud\b|kuu[dls]?\w*|month\w*"
    r"|aasta\w*|year\w*)"
)

_ORDINAL_Q = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4,
    "esimes": 1, "esimene": 1, "teis": 2, "teine": 2, "kolmand": 3, "neljand": 4, "viimas": 4,
}  # fmt: skip
_Q_ORD = (
    r"(?P<q>iv|iii|ii|i|[1-4]|first|second|third|fourth|esimes\w*|teis\w*|kolmand\w*|neljand\w*)"
)
_QUARTER_WORD = r"(?:kvartal\w*|quarter\w*)"

_SEASONS = {
    # Estonian stems take any case ending: kevadel, suvel, suve, sügisel, talvel
    r"kevad\w*|spring": 3,
    r"suv[ei]\w*|suvel|suvi|summer": 6,
    r"sugis\w*|autumn": 9,  # not "fall": "does it fall under …"
    r"talv\w*|winter": 12,
}

_THIS = r"(?:this|the current|current|sel|selle|sellel|kaesolev\w*|jooksv\w*|praegus\w*)"
_LAST = r"(?:last|previous|past|the previous|the last|eelmis\w*|moodunud|moodund\w*|viimas\w*)"
# "the past week", "viimasel kuul": the rolling span up to today, not the calendar one
_ROLLING = re.compile(r"past|viimas\w*")


# --------------------------------------------------------------------------- atoms


@dataclass(frozen=True)
class _Atom:
    start: dt.date
    end: dt.date
    pos: tuple[int, int]
    month: int = 0  # a month or day named without a year ("märtsis", "1. märtsil")
    day: int = 0
    whole_year: bool = False  # "2024", "eelmisel aastal": may give a yearless month its year

    def in_year(self, year: int) -> _Atom:
        """This yearless month or day in ``year``."""
        if self.day:
            d = _safe_date(year, self.month, self.day)
            return dataclasses.replace(self, start=d, end=d)
        start = dt.date(year, self.month, 1)
        return dataclasses.replace(self, start=start, end=_month_end(year, self.month))


def _month_number(m: re.Match) -> int | None:
    for i in range(12):
        if m.groupdict().get(f"m{i}"):
            return i + 1
    return None


def _recent_month(month: int, today: dt.date) -> int:
    """Year of the most recent ``month`` that has begun by ``today``."""
    return today.year if month <= today.month else today.year - 1


def _recent_day(month: int, day: int, today: dt.date) -> dt.date | None:
    for year in (today.year, today.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= today:
            return d
    return None


_MONTH_YEAR = [
    re.compile(rf"\b{YEAR}{_YEAR_WORD}\s+{MONTH}"),  # 2024. aasta märtsis
    re.compile(rf"\b{MONTH}\s*,?\s+(?:of\s+)?{YEAR}{_YEAR_WORD}"),  # märtsis 2024, March 2024
]
_DAY_MONTH = [
    # 1. märtsist, 1 March 2024, 1st of March
    re.compile(
        rf"(?<![\d.])(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?{MONTH}(?:\s*,?\s*{YEAR})?"
    ),
    # March 1, 2024
    re.compile(rf"\b{MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*{YEAR})?"),
]
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?\d{4}(?!\d)|(?<!\d)\d{4}-\d\d-\d\d(?!\d)"
)
# "alates 1.03", "1.3. kuni 15.4.": a day of the most recent such month; a trailing dot or
# a two-digit month tells it from a decimal number
_NUMERIC_DAY_MONTH = re.compile(
    r"(?<![\d./-])(?P<d>\d{1,2})\.(?:(?P<mo>\d{1,2})\.|(?P<mo2>\d{2})(?![\d/-]|\.\d))"
)
# a month alone is written in full: "Jaan" and "Mai" are also first names
_ET_MONTH_FULL = [
    r"jaanuar\w*", r"veebruar\w*", r"marts\w*", r"aprill\w*", r"mai(?:s|st|ni|ks|kuu\w*)",
    r"juuni\w*", r"juuli\w*", r"august\w*", r"septemb\w*", r"oktoob\w*", r"novemb\w*",
    r"detsemb\w*",
]  # fmt: skip
_ET_MONTH_ONLY = re.compile(
    r"\b(?:" + "|".join(f"(?P<m{i}>{a})" for i, a in enumerate(_ET_MONTH_FULL)) + r")\b"
)
_EN_MONTH_ONLY = re.compile(
    r"\b(?P<prep>in|since|from|until|till|before|after|during|of|by|to|and|through|last|past|"
    r"previous)\s+"
    r"(?:the\s+month\s+of\s+)?(?P<month>"
    + "|".join(f"(?P<m{i}>{b})" for i, b in enumerate(_EN_MONTH))
    + r")\b"
)
# a year alone, not a part of a reference or a number; "2023-2024" is two years
_YEAR_ONLY = re.compile(rf"(?:(?<=(?:19|20)\d\d[-\u2013])|(?<![\w./\u2013-])){YEAR}{_YEAR_WORD}")
_QUARTER = [
    re.compile(rf"\bq(?P<q>[1-4])\b(?:\s*,?\s*{YEAR})?"),  # Q1 2024
    re.compile(rf"\b{YEAR}{_YEAR_WORD}\s+{_Q_ORD}\.?\s*{_QUARTER_WORD}"),  # 2024. a I kvartal
    re.compile(  # first quarter of 2024, I kvartalis 2024
        rf"\b{_Q_ORD}\.?\s*{_QUARTER_WORD}(?:\s+(?:of\s+)?{YEAR}{_YEAR_WORD})?"
    ),
    re.compile(rf"\b(?P<rel>{_THIS}|{_LAST})\s+{_QUARTER_WORD}"),  # last quarter
]
_SEASON = re.compile(
    r"\b(?:(?P<rel>enne|before|parast|peale|after)\s+(?:the\s+)?)?"
    r"(?:(?P<which>this|last|sel|eelmis\w*|moodunud)\s+)?(?:the\s+)?"
    r"(?P<s>" + "|".join(f"(?:{p})" for p in _SEASONS) + r")\b"
    r"(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d))?"
)
_RELATIVE = re.compile(
    rf"\b(?P<which>{_THIS}|{_LAST})\s+(?P<unit>week|nadal\w*|month|kuu\w*|year|aasta\w*)\b"
    r"|\b(?P<today>today|tana(?:se\w*|ne|sed)?)\b|\b(?P<yday>yesterday|eil(?:e|ne|se\w*|sed))\b"
    r"|\b(?P<tanavu>tanavu|mullu|ulemullu)\b"
    r"|\b(?P<dby>uleeile|(?:the\s+)?day before yesterday)\b"
)
_LAST_N = re.compile(
    r"\b(?:(?:in|during|over|within)\s+)?(?:the\s+)?(?:last|past|previous|viimas\w*|moodunud)\s+"
    rf"{_NUMBER}\s+{_UNIT}(?:\s+(?:jooksul|sees|valtel))?"
)


def _atoms(q: str, today: dt.date, future: bool = False) -> list[_Atom]:
    """Every time expression in the folded question ``q``, as closed day ranges.

    Patterns run from the most specific to the least; a match overlapping an earlier one
    is dropped ("märtsis 2024" is one month, not a month and a year).
    """
    found: list[_Atom] = []

    def add(start: dt.date | None, end: dt.date | None, pos: tuple[int, int], **kind) -> None:
        if start is None or end is None or (start > today and not future):
            return
        if any(not (pos[1] <= a.pos[0] or pos[0] >= a.pos[1]) for a in found):
            return
        end = min(end, today) if start <= today <= end else end
        found.append(_Atom(start, end, pos, **kind))

    for m in _LAST_N.finditer(q):
        add(_last_n(m, today), today, m.span())
    for m in _NUMERIC_DATE.finditer(q):
        d = parse_date(m.group())
        add(d, d, m.span())
    for pattern in _DAY_MONTH:
        for m in pattern.finditer(q):
            month, day = _month_number(m), int(m["d"])
            if m["y"]:
                d = _safe_date(int(m["y"]), month, day)
                add(d, d, m.span())
            else:
                d = _recent_day(month, day, today)
                add(d, d, m.span(), month=month, day=day)
    for m in _NUMERIC_DAY_MONTH.finditer(q):
        month, day = int(m["mo"] or m["mo2"]), int(m["d"])
        if 1 <= month <= 12:
            d = _recent_day(month, day, today)
            add(d, d, m.span(), month=month, day=day)
    for pattern in _QUARTER:
        for m in pattern.finditer(q):
            start = _quarter_start(m, today)
            add(start, _month_end(start.year, start.month + 2), m.span())
    for pattern in _MONTH_YEAR:
        for m in pattern.finditer(q):
            month, year = _month_number(m), int(m["y"])
            add(dt.date(year, month, 1), _month_end(year, month), m.span())
    for m in _SEASON.finditer(q):
        start, end = _season(m, today)
        add(start, end, m.span())
    for m in _RELATIVE.finditer(q):
        start, end = _relative(m, today)
        year = bool(m["tanavu"]) or bool(
            m["unit"] and m["unit"].startswith(("year", "aasta")) and start.month == 1
        )
        add(start, end, m.span(), whole_year=year and start.day == 1)
    for pattern in (_ET_MONTH_ONLY, _EN_MONTH_ONLY):
        for m in pattern.finditer(q):
            month = _month_number(m)
            year = _recent_month(month, today)
            if m.groupdict().get("prep") in ("last", "past", "previous") and month >= today.month:
                year = today.year - 1  # "last December", asked in December
            # "in March": the preposition is left for the combinators ("since March")
            pos = m.span("month") if "month" in m.groupdict() else m.span()
            if m.groupdict().get("prep") in ("last", "past", "previous"):
                pos = m.span()
            add(dt.date(year, month, 1), _month_end(year, month), pos, month=month)
    for m in _YEAR_ONLY.finditer(q):
        year = int(m["y"])
        add(dt.date(year, 1, 1), dt.date(year, 12, 31), m.span(), whole_year=True)
    return sorted(found, key=lambda a: a.pos)


def _last_n(m: re.Match, today: dt.date) -> dt.date:
    n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
    unit = m["unit"]
    if unit.startswith(("paev", "day")):
        return today - dt.timedelta(days=n - 1)
    if unit.startswith(("nadal", "week")):
        return today - dt.timedelta(days=7 * n - 1)
    if unit.startswith(("kuu", "month")):
        y, mo = divmod(today.year * 12 + today.month - 1 - n, 12)
        return _safe_date(y, mo + 1, today.day) + dt.timedelta(days=1)
    return _safe_date(today.year - n, today.month, today.day) + dt.timedelta(days=1)


def _quarter_start(m: re.Match, today: dt.date) -> dt.date:
    current = (today.month - 1) // 3  # 0-based
    if m.groupdict().get("rel"):
        if re.fullmatch(_THIS, m["rel"]):
            return dt.date(today.year, 3 * current + 1, 1)
        y, q0 = divmod(today.year * 4 + current - 1, 4)
        return dt.date(y, 3 * q0 + 1, 1)
    key = m["q"]
    qn = _ORDINAL_Q.get(key) or next(
        v for k, v in _ORDINAL_Q.items() if len(k) > 3 and key.startswith(k)
    )
    if m["y"]:
        return dt.date(int(m["y"]), 3 * qn - 2, 1)
    start = dt.date(today.year, 3 * qn - 2, 1)
    return start if start <= today else dt.date(today.year - 1, 3 * qn - 2, 1)


def _season(m: re.Match, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    first = next(v for p, v in _SEASONS.items() if re.fullmatch(p, m["s"]))
    length_end = lambda s: _month_end(s.year + (s.month + 2 > 12), (s.month + 1) % 12 + 1)  # noqa: E731
    rel = m["rel"]
    if m["y"]:
        start = dt.date(int(m["y"]), first, 1)
    elif rel:
        start = dt.date(today.year, first, 1)  # "before the summer": this year's
    else:
        start = dt.date(today.year, first, 1)
        if start > today:
            start = dt.date(today.year - 1, first, 1)
        if m["which"] and m["which"] not in ("this", "sel") and length_end(start) >= today:
            start = dt.date(start.year - 1, first, 1)  # "last summer" while it is summer
    end = length_end(start)
    if rel in ("enne", "before"):
        return dt.date(start.year, 1, 1), start - dt.timedelta(days=1)
    if rel in ("parast", "peale", "after"):
        return end + dt.timedelta(days=1), dt.date(end.year, 12, 31)
    return start, end


def _relative(m: re.Match, today: dt.date) -> tuple[dt.date, dt.date]:
    if m["today"]:
        return today, today
    if m["yday"]:
        return today - dt.timedelta(days=1), today - dt.timedelta(days=1)
    if m["dby"]:
        return today - dt.timedelta(days=2), today - dt.timedelta(days=2)
    if m["tanavu"]:
        y = today.year - {"tanavu": 0, "mullu": 1, "ulemullu": 2}[m["tanavu"]]
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    this = re.fullmatch(_THIS, m["which"]) is not None
    unit = m["unit"]
    if _ROLLING.fullmatch(m["which"]):
        days = 7 if unit.startswith(("week", "nadal")) else None
        if days:
            return today - dt.timedelta(days=days - 1), today
        back = 1 if unit.startswith(("month", "kuu")) else 12
        y, mo = divmod(today.year * 12 + today.month - 1 - back, 12)
        return _safe_date(y, mo + 1, today.day) + dt.timedelta(days=1), today
    if unit.startswith(("week", "nadal")):
        monday = today - dt.timedelta(days=today.weekday())
        if this:
            return monday, monday + dt.timedelta(days=6)
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if unit.startswith(("month", "kuu")):
        first = today.replace(day=1)
        if this:
            return first, _month_end(today.year, today.month)
        prev = first - dt.timedelta(days=1)
        return prev.replace(day=1), prev
    if this:
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The day, or the month's last day for a day the month lacks (31 April)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return _month_end(year, month) if 1 <= month <= 12 and day <= 31 else None


# --------------------------------------------------------------------------- combinators

_JOIN = re.compile(r"^\s*(?:and|ja|to|until|till|through|kuni|-|\u2013|\u2014)\s*$")
_RANGE_START = re.compile(r"\b(?:between|from|alates|vahemikus|perioodil|ajavahemikus)\s*$")
_VAHEL = re.compile(r"^\s*vahel\b")  # "1. märtsi ja 15. aprilli vahel"
_SINCE = re.compile(r"\b(?:since|alates|starting(?:\s+from)?|beginning(?:\s+from)?)\s*$")
_SINCE_AFTER = re.compile(r"^\s*(?:alates|algusega)\b")  # "1. märtsist alates"
_AFTER = re.compile(r"\b(?:after|parast|peale|later\s+than)\s*$")
_AFTER_AFTER = re.compile(r"^\s*(?:parast|jarel|peale)\b")  # "1. märtsi järel"
_UNTIL = re.compile(r"\b(?:until|till|up\s+to|by|kuni|through)\s*$")
_BEFORE = re.compile(r"\b(?:before|enne|earlier\s+than|prior\s+to)\s*$")
_BEFORE_AFTER = re.compile(r"^\s*(?:eel|eelsel\w*|eelne\w*)\b")


def find_period(question: str, today: dt.date, future: bool = False) -> Period | None:
    """The period a question names, resolved against ``today``; None if it names none.

    ``future``: also a period that has not begun (a deadline, a restriction's end); a month
    or season named without a year is still the most recent one.
    """
    q = fold_keep_length(question)
    atoms = _atoms(q, today, future)
    if not atoms:
        return None
    atoms = _years_to_months(q, atoms)
    # two expressions joined as a range: "between X and Y", "X kuni Y", "from X to Y"
    for a, b in itertools.pairwise(atoms):
        joint = q[a.pos[1] : b.pos[0]]
        cases = not joint.strip() and _elative(q, a) and _terminative(q, b)  # märtsist aprillini
        if cases or _JOIN.match(joint):
            if a.month and not b.month:  # "from March to May 2024": March of 2024
                a = a.in_year(b.end.year)
                if a.start > b.end:
                    a = a.in_year(b.end.year - 1)
            s0 = m.start() if (m := _RANGE_START.search(q[: a.pos[0]])) else a.pos[0]
            e1 = b.pos[1] + (m.end() if (m := _VAHEL.match(q[b.pos[1] :])) else 0)
            return period(a.start, b.end, (s0, e1))
    a = atoms[0]
    before, after = q[: a.pos[0]], q[a.pos[1] :]
    one_day = dt.timedelta(days=1)
    if m := _SINCE.search(before):
        return period(a.start, today, (m.start(), a.pos[1]))
    if m := _SINCE_AFTER.match(after):
        return period(a.start, today, (a.pos[0], a.pos[1] + m.end()))
    if m := _AFTER.search(before):
        return period(a.end + one_day, today, (m.start(), a.pos[1]))
    if m := _AFTER_AFTER.match(after):
        return period(a.end + one_day, today, (a.pos[0], a.pos[1] + m.end()))
    if m := _BEFORE.search(before):
        return period(None, a.start - one_day, (m.start(), a.pos[1]))
    if m := _BEFORE_AFTER.match(after):
        return period(None, a.start - one_day, (a.pos[0], a.pos[1] + m.end()))
    if m := _UNTIL.search(before):
        return period(None, a.end, (m.start(), a.pos[1]))
    if _terminative(q, a):  # "märtsini", "2024. aastani"
        return period(None, a.end, a.pos)
    return period(a.start, a.end, a.pos)


def _years_to_months(q: str, atoms: list[_Atom]) -> list[_Atom]:
    """A yearless month or day and a year beside it are one expression ("eelmise aasta
    detsembris", "detsembris eelmisel aastal"): the month of that year."""
    out: list[_Atom] = []
    for atom in atoms:
        prev = out[-1] if out else None
        if prev is not None and _beside(q, prev, atom):
            month, year = (prev, atom) if prev.month else (atom, prev)
            if month.month and year.whole_year:
                merged = month.in_year(year.start.year)
                pos = (min(prev.pos[0], atom.pos[0]), max(prev.pos[1], atom.pos[1]))
                out[-1] = dataclasses.replace(merged, pos=pos, month=0, day=0)
                continue
        out.append(atom)
    months = [a for a in out if a.month]
    years = [a for a in out if a.whole_year]
    if len(months) == 1 and len(years) == 1 and len(out) == 2:
        # "märtsis saadetud kirjad 2024": one month, one year, apart
        return [months[0].in_year(years[0].start.year)]
    return out


def _beside(q: str, a: _Atom, b: _Atom) -> bool:
    return re.fullmatch(r"[\s,]*(?:in|of|aasta\w*)?[\s,]*", q[a.pos[1] : b.pos[0]]) is not None


def _elative(q: str, a: _Atom) -> bool:
    """The expression is in the elative case ("märtsist", "2023. aastast"): from."""
    return any(w.endswith("st") for w in re.findall(r"[a-z]+", q[a.pos[0] : a.pos[1]]))


def _terminative(q: str, a: _Atom) -> bool:
    """The expression is in the terminative case ("aprillini", "2024. aastani"): until."""
    return any(
        w.endswith("ni") and (w != "juuni") for w in re.findall(r"[a-z]+", q[a.pos[0] : a.pos[1]])
    )
