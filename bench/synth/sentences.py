"""Sentences from templates, each slot filled from one document's seeded RNG.

A document's whole text comes from its own ``random.Random``, so the text of an entry
does not depend on which other entries were written before it, or by which process.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from typing import Any, TypeVar

from bench.synth.formats import SLOT_RE, cap, email_of, fmt_date, fmt_date_en, fmt_int
from bench.synth.parties import FOREIGN_ORGS, ORGS, Party, person_name
from bench.synth.plan import Entry
from bench.synth.scheme import OWNER, OWNER_DOMAIN, SERIES_BY_CODE, Topic, direction_of
from bench.synth.templates import EN_SUBJECT, SENTENCES_EN, SENTENCES_ET
from bench.synth.vocabulary import (
    ASPECTS,
    ASPECTS_EN,
    BUILDINGS,
    CITIES,
    CITIES_EN,
    COURTS,
    FUNDS,
    LAWS,
    REGIONS,
    ROLES_EN,
    ROLES_ET,
    SCENARIOS,
    STATUSES_EN,
    STREETS,
    VENUES,
)

T = TypeVar("T")


@functools.cache
def _template_parts(template: str) -> tuple[str, ...]:
    """Literal text and slot-method names alternating (parsed once per template)."""
    parts = SLOT_RE.split(template)
    return tuple(p if i % 2 == 0 else f"s_{p}" for i, p in enumerate(parts))


class Writer:
    """Fills sentence templates for one document with its own seeded RNG.

    Slots that belong together (``{topic}``/``{topic_g}``, ``{law_g}``/``{law_abbr}``,
    ``{year0}``/``{year}``) are drawn once per sentence, so a sentence stays coherent.
    Most topic slots take the case's own topic, which keeps an entry on one subject.
    """

    def __init__(self, rng: random.Random, entry: Entry) -> None:
        self.rng = rng
        self.entry = entry
        self.series = SERIES_BY_CODE[entry.series]
        self.party = entry.party or rng.choice(ORGS)
        self.day = entry.registered
        self.lang = entry.lang
        self._cache: dict[str, Any] = {}
        self.refs = [row[3].split(" ")[0] for row in entry.related] or [entry.ref]
        if self.lang == "en":
            keys = dict.fromkeys(EN_SUBJECT.get(k, k) for k in self.series.subjects)
            self.templates = [t for k in keys for t in SENTENCES_EN[k]]
        elif direction_of(entry.doc_type) == "in":
            keys = tuple(k for k in self.series.subjects if k != "decision")
            self.templates = [t for k in keys for t in SENTENCES_ET[k]]
        else:
            keys = (*self.series.subjects, "reply")
            self.templates = [t for k in keys for t in SENTENCES_ET[k]]
        # Each document uses its own share of the templates, so that two letters of one
        # series differ in what they say, not only in names and numbers.
        self.templates = rng.sample(self.templates, max(6, len(self.templates) * 2 // 3))
        self._bag: list[str] = []

    # -- machinery ----------------------------------------------------------------------
    def fill(self, template: str) -> str:
        """The template with its slots filled; a fresh draw for every sentence."""
        self._cache = {}
        parts = _template_parts(template)
        out = [p if i % 2 == 0 else getattr(self, p)() for i, p in enumerate(parts)]
        return cap("".join(out))

    def _once(self, key: str, make: Callable[[], T]) -> T:
        """A value drawn once per sentence, shared by the slots that name ``key``."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _topic(self) -> Topic:
        def pick() -> Topic:
            if self.rng.random() < 0.7:
                return self.series.topics[self.entry.topic]
            return self.rng.choice(self.series.topics)

        return self._once("topic", pick)

    def _days(self, key: str, lo: int, hi: int) -> dt.date:
        delta = self._once(key, lambda: self.rng.randint(lo, hi))
        return self.day + dt.timedelta(days=delta)

    def _person(self) -> str:
        return self._once("person", lambda: person_name(self.rng))

    def _person_en(self) -> str:
        return self._once("person", lambda: person_name(self.rng, "en"))

    def new_name(self) -> str:
        """A fresh person's name in the document's language (not tied to a sentence)."""
        return person_name(self.rng, self.lang)

    def sentence(self) -> str:
        """The next sentence; templates are drawn without replacement until all are used."""
        if not self._bag:
            self._bag = self.rng.sample(self.templates, len(self.templates))
        return self.fill(self._bag.pop())

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    # -- slots --------------------------------------------------------------------------
    def s_topic(self) -> str:
        return self._topic().et

    def s_topic_g(self) -> str:
        return self._topic().et_g

    def s_topic_en(self) -> str:
        return self._topic().en

    def _org(self, key: str) -> Party:
        return self._once(key, lambda: self.rng.choice(ORGS))

    def s_org(self) -> str:
        return self._org("org").name

    def s_org_g(self) -> str:
        return self._org("org").gen

    def s_org2_g(self) -> str:
        return self._org("org2").gen

    def s_org3_g(self) -> str:
        return self._org("org3").gen

    def s_org_en(self) -> str:
        return self._once("org_en", lambda: self.rng.choice(FOREIGN_ORGS).name)

    def s_cp(self) -> str:
        return self.party.name

    def s_owner(self) -> str:
        return OWNER

    def _law(self) -> tuple[str, str]:
        return self._once("law", lambda: self.rng.choice(LAWS))

    def s_law_g(self) -> str:
        return self._law()[0]

    def s_law_abbr(self) -> str:
        return self._law()[1]

    def _aspect(self, key: str) -> tuple[str, str]:
        return self._once(key, lambda: self.rng.choice(ASPECTS))

    def s_aspect(self) -> str:
        return self._aspect("aspect")[0]

    def s_aspect_g(self) -> str:
        return self._aspect("aspect")[1]

    def s_aspect2(self) -> str:
        return self._aspect("aspect2")[0]

    def s_aspect_en(self) -> str:
        return self._once("aspect_en", lambda: self.rng.choice(ASPECTS_EN))

    def s_date(self) -> str:
        return fmt_date(self._days("date", -60, -1))

    def s_date2(self) -> str:
        return fmt_date(self._days("date2", 5, 60))

    def s_date3(self) -> str:
        return fmt_date(self._days("date3", 61, 200))

    def s_date4(self) -> str:
        return fmt_date(self._days("date4", 201, 800))

    def s_date_en(self) -> str:
        return fmt_date_en(self._days("date", -60, -1))

    def s_date2_en(self) -> str:
        return fmt_date_en(self._days("date2", 5, 60))

    def _year(self) -> int:
        return self._once("year", lambda: self.day.year - self.rng.choice((0, 1, 1, 2)))

    def s_year(self) -> str:
        return str(self._year())

    def s_year0(self) -> str:
        return str(self._year() - self._once("y0", lambda: self.rng.randint(2, 5)))

    def s_year1(self) -> str:
        return str(self.day.year + 1)

    def s_n(self) -> str:
        return str(self.rng.randint(2, 20))

    def s_n2(self) -> str:
        return str(self.rng.choice((5, 7, 10, 14, 15, 20, 30)))

    def s_n_years(self) -> str:
        return str(self.rng.randint(2, 10))

    def s_months(self) -> str:
        return str(self.rng.choice((6, 12, 18, 24, 36, 48)))

    def s_quarter(self) -> str:
        return str(self.rng.randint(1, 4))

    def s_num(self) -> str:
        return fmt_int(self.rng.randint(3, 2500), self.lang)

    def s_num_small(self) -> str:
        return str(self.rng.randint(5, 120))

    def s_big_num(self) -> str:
        return fmt_int(self.rng.randint(10_000, 600_000))

    def s_big_num_en(self) -> str:
        return fmt_int(self.rng.randint(10_000, 600_000), "en")

    def s_pct(self) -> str:
        return str(self.rng.randint(2, 95))

    def _amount(self) -> int:
        r = self.rng
        return r.choice(
            (r.randint(1, 99) * 1000, r.randint(100, 2500) * 1000, r.randint(1000, 99_999))
        )

    def s_amount(self) -> str:
        return fmt_int(self._amount())

    def s_amount_en(self) -> str:
        return fmt_int(self._amount(), "en")

    def s_amount_small(self) -> str:
        return fmt_int(self.rng.randint(50, 9000))

    def s_small_amount(self) -> str:
        return str(self.rng.choice((10, 15, 20, 35, 50, 80, 100, 150, 300)))

    def s_area(self) -> str:
        return fmt_int(self.rng.randint(50, 5000))

    def s_defects(self) -> str:
        total = self.rng.randint(2, 40)
        return f"{total} puudust, millest {self.rng.randint(1, total)} on tänaseks kõrvaldatud"

    def s_refno(self) -> str:
        return str(self.rng.randint(10**9, 10**10))

    def s_sec(self) -> str:
        return str(self.rng.randint(1, 160))

    def s_lg(self) -> str:
        return str(self.rng.randint(1, 9))

    def s_p(self) -> str:
        return str(self.rng.randint(1, 19))

    def _art(self) -> int:
        return self._once("art", lambda: self.rng.randint(1, 90))

    def s_art(self) -> str:
        return str(self._art())

    def s_art2(self) -> str:
        return str(self._art() + self.rng.randint(1, 8))

    def s_time(self) -> str:
        return self.rng.choice(("09.00", "10.00", "10.30", "11.00", "13.00", "14.00", "15.30"))

    def s_time_en(self) -> str:
        return self.rng.choice(("9:30", "10:00", "11:00", "14:00", "15:30"))

    def s_phone(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"+372 612 {r.randint(5000, 5999)}"
        return f"+372 5{r.randint(100, 999)} {r.randint(1000, 9999)}"

    def s_phone_en(self) -> str:
        return (
            f"+32 2 {self.rng.randint(200, 299)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}"
        )

    def s_email(self) -> str:
        person = self._cache.get("person") or self._person()
        domain = self.party.domain if self.lang == "en" else OWNER_DOMAIN
        return email_of(str(person), domain)

    def s_person(self) -> str:
        return self._person()

    def s_person_en(self) -> str:
        return self._person_en()

    def s_role(self) -> str:
        return self.rng.choice(ROLES_ET)

    def s_role_en(self) -> str:
        return self.rng.choice(ROLES_EN)

    def s_ref(self) -> str:
        return self.rng.choice(self.refs)

    def s_sender_ref(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.randint(1, 12)}-{r.randint(1, 9)}/{r.randint(100, 9999)}"
        return (
            f"{r.randint(1, 9)}.{r.randint(1, 9)}-{r.randint(1, 9)}/{self.day.year % 100}"
            f"/{r.randint(1, 9999)}"
        )

    def s_contract(self) -> str:
        return f"{self.entry.series}/{self.day.year}/{self.rng.randint(1, 300)}"

    def s_com(self) -> str:
        return f"COM({self._year()}) {self.rng.randint(100, 800)}"

    def s_eu_reg(self) -> str:
        return f"{self._year()}/{self.rng.randint(100, 2999)}"

    def s_venue(self) -> str:
        return self.rng.choice(VENUES)

    def _region(self) -> tuple[str, str]:
        return self._once("region", lambda: self.rng.choice(REGIONS))

    def s_region(self) -> str:
        return self._region()[0]

    def s_region_g(self) -> str:
        return self._region()[0]  # the -maa names are the same in the genitive

    def s_region_in(self) -> str:
        return self._region()[1]

    def s_city(self) -> str:
        return self.rng.choice(CITIES)

    def s_city_en(self) -> str:
        return self.rng.choice(CITIES_EN)

    def s_addr(self) -> str:
        r = self.rng
        return f"{r.choice(STREETS)} {r.randint(1, 120)}, {r.choice(CITIES)}"

    def s_building(self) -> str:
        return self.rng.choice(BUILDINGS)

    def s_court(self) -> str:
        return self.rng.choice(COURTS)

    def s_fund_g(self) -> str:
        return self.rng.choice(FUNDS)[0]

    def s_fund_en(self) -> str:
        return self.rng.choice(FUNDS)[1]

    def s_scenario_g(self) -> str:
        return self.rng.choice(SCENARIOS)[0]

    def s_scenario_en(self) -> str:
        return self.rng.choice(SCENARIOS)[1]

    def s_status_en(self) -> str:
        return self.rng.choice(STATUSES_EN)
