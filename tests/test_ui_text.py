"""The strings catalogue: both languages say everything, the browser's language is heard."""

from __future__ import annotations

import re
import string

import pytest

from assistant.ui_text import CATALOGUES, DEFAULT_LANG, EN, ET, browser_lang, field_label, t


def test_both_languages_have_the_same_keys():
    assert set(ET) == set(EN), {"only et": set(ET) - set(EN), "only en": set(EN) - set(ET)}
    assert set(CATALOGUES) == {"et", "en"} and DEFAULT_LANG == "et"


@pytest.mark.parametrize("key", sorted(ET))
def test_a_key_takes_the_same_placeholders_in_both_languages(key):
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert fields(ET[key]) == fields(EN[key])
    assert ET[key].strip() and EN[key].strip()


# words that give away an English string left in the Estonian catalogue
ENGLISH = re.compile(r"\b(the|and|of|to|sign|file|search|index|answer|page|with|what)\b", re.I)


@pytest.mark.parametrize("key", sorted(k for k in ET if k not in ("app.title",)))
def test_estonian_strings_are_estonian(key):
    # a command quoted as typed (`viit index KAUST`) and placeholders are not words
    text = re.sub(r"`[^`]*`|\{[^}]*\}", "", ET[key])
    assert not ENGLISH.search(text), (key, ET[key])


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "et"),
        ("", "et"),
        ("et-EE,et;q=0.9,en;q=0.8", "et"),
        ("en-US,en;q=0.9", "en"),
        ("en-GB", "en"),
        ("fi-FI,fi;q=0.9,en;q=0.8", "en"),  # Finnish first: English is the one we have
        ("de-DE,de;q=0.9", "et"),  # neither: the default
        ("en;q=0.5,et;q=0.8", "et"),  # by weight, not by position
        ("et;q=0,en", "en"),  # q=0 means not wanted
        ("EN-us", "en"),
        ("en;q=abc,et", "et"),
    ],
)
def test_browser_language(header, lang):
    assert browser_lang(header) == lang


@pytest.mark.parametrize(
    ("key", "lang", "values", "expected"),
    [
        ("auth.signed_in", "et", {"name": "mari"}, "Sisse logitud: mari"),
        ("auth.signed_in", "en", {"name": "mari"}, "Signed in: mari"),
        ("answer.page", "et", {"page": 3}, "lk 3"),
        ("answer.page", None, {"page": 3}, "lk 3"),  # Estonian by default
        ("answer.page", "xx", {"page": 3}, "lk 3"),  # an unknown language: the default
        ("answer.open", "en", {}, "Open entry"),
    ],
)
def test_t(key, lang, values, expected):
    assert t(key, lang, **values) == expected


@pytest.mark.parametrize(
    ("label", "lang", "expected"),
    [
        ("Registreeritud", "et", "Registreeritud"),
        ("Registreeritud", "en", "Registration date"),
        ("Juurdepääsupiirang", "en", "Access restriction"),
        ("Tundmatu väli", "en", "Tundmatu väli"),  # a label we do not know stays as it is
    ],
)
def test_field_label(label, lang, expected):
    assert field_label(label, lang) == expected
