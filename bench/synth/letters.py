"""Letters: the e-mailed letter of an export and the forwarded letters attached to some.

Who speaks decides how a letter reads: a counterparty writes in and signs with its own
name and role, the ministry writes out and signs as the responsible official, a private
person writes briefly. Lengths are chosen so that most letters make a few ~200-token
chunks and some make many.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from bench.synth.formats import email_of, fmt_datetime, mailbox, wrap
from bench.synth.parties import FOREIGN_ORGS, job_title, official_name, person_name, staff_role
from bench.synth.plan import title_for
from bench.synth.scheme import (
    IN,
    INCOMING,
    INTERNAL,
    OWNER,
    OWNER_DOMAIN,
    OWNER_MAILBOX,
    direction_of,
)
from bench.synth.sentences import Writer
from bench.synth.templates import BANNER, CLOSERS_EN, CLOSERS_ET, OPENERS


def office_time(rng: random.Random, day: dt.date) -> dt.datetime:
    """When a letter was sent: a time in office hours on ``day``."""
    return dt.datetime.combine(day, dt.time(rng.randint(7, 18), rng.randint(0, 59)))


def letter_parts(w: Writer) -> tuple[str, list[str], str, list[str]]:
    """Greeting, body paragraphs, closing sentence and signature lines of one letter."""
    e, rng, party = w.entry, w.rng, w.party
    direction = direction_of(e.doc_type)
    lang = e.lang
    staff_name = official_name(e.responsible)
    if lang == "en" and direction == "out":
        greeting = rng.choice(("Dear Sir or Madam,", "Dear colleagues,"))
    elif lang == "en":
        greeting = rng.choice(
            ("Dear Sir or Madam,", "Dear colleagues,", "Dear Minister,", f"Dear {staff_name},")
        )
    elif direction == "out":
        who = party.name if party.private else rng.choice(("adressaat", "kolleegid"))
        greeting = f"Lugupeetud {who}"
    elif direction == "int":
        greeting = ""
    else:
        greeting = rng.choice(
            ("Tere!", "Lugupeetud minister", "Lugupeetud ministeerium", f"Lugupeetud {staff_name}")
        )
    openers = OPENERS.get((lang, e.role)) or OPENERS.get((lang, direction), OPENERS[("et", "in")])
    paragraphs = [w.fill(rng.choice(openers)) + " " + w.paragraph(1, 3)]
    if e.role == "consult" and lang == "et":  # the bodies consulted, as the seed lists them
        paragraphs.append(
            _org_list(
                "Eelnõu saadeti kooskõlastamiseks järgmistele asutustele:", e.parties.split(", ")
            )
        )
    # Body length: mostly 250-650 words (a few ~200-token chunks), now and then much longer.
    if party.private and direction == "in":  # people write short letters
        target = rng.randint(60, 260)
    else:
        target = rng.randint(900, 1500) if rng.random() < 0.08 else rng.randint(220, 650)
    words = len(paragraphs[0].split())
    while words < target:
        if lang == "en" and direction == "in" and rng.random() < 0.1:
            names = [p.name for p in rng.sample(FOREIGN_ORGS, rng.randint(4, 12))]
            para = _org_list("The following organisations support this letter:", names)
        else:
            para = w.paragraph()
        paragraphs.append(para)
        words += len(para.split())
    closer = w.fill(rng.choice(CLOSERS_EN if lang == "en" else CLOSERS_ET))
    if direction == "in":
        if party.private:
            sender, role, org = party.name, "", ""
        else:
            sender = w.new_name()
            role = job_title(rng, lang)
            org = party.name
    else:
        sender, role = staff_name, staff_role(staff_name)
        org = "Ministry of the Interior of Estonia" if lang == "en" else OWNER
    sign = ["Best regards," if lang == "en" else "Lugupidamisega"]
    if direction != "in" and lang == "et":
        sign.append("(allkirjastatud digitaalselt)")
    sign += [x for x in (sender, role, org) if x]
    return greeting, paragraphs, closer, sign


def _org_list(intro: str, names: Sequence[str]) -> str:
    """A numbered list of organisations, as coalition letters and consultations carry."""
    return intro + "\n" + "\n".join(f"{i}. {name}" for i, name in enumerate(names, 1))


def sender_and_recipient(w: Writer) -> tuple[str, str]:
    """Saatja and Adressaat header values, as 'Name <address>'."""
    e, party = w.entry, w.party
    staff = mailbox(official_name(e.responsible), OWNER_DOMAIN)
    if e.doc_type in INTERNAL:
        return staff, f"SiM teenistujad <teenistujad@{OWNER_DOMAIN}>"
    if party.private:
        contact = mailbox(party.name, party.domain)
    else:
        contact = mailbox(w.new_name(), party.domain)
    if e.doc_type in INCOMING:
        return contact, (OWNER_MAILBOX if w.rng.random() < 0.6 else staff)
    return staff, contact


def render_letter_txt(w: Writer, sent: dt.datetime) -> str:
    """A forwarded letter in the seed-001 format: spaced headers, Markdown bold and links."""
    rng, party, lang = w.rng, w.party, w.lang
    staff_name = official_name(w.entry.responsible)
    sender = party.name if party.private else w.new_name()
    domain = party.domain
    to = [OWNER_MAILBOX] + [
        f"<{email_of(person_name(rng), d)}>"
        for d in rng.sample(("riigikantselei.ee", "mfa.ee", "fin.ee", "just.ee"), rng.randint(1, 3))
    ]
    cc = [mailbox(staff_name, OWNER_DOMAIN)]
    images = [
        f"Outlook-{rng.choice(('Icon_www', 'Icon_FB', 'logo', 'Icon_Linke'))}{i}.png"
        for i in range(1, rng.randint(2, 6))
    ]
    subject = title_for(
        rng, lang, IN, "request", w.series.topics[w.entry.topic], party, sent.date(), None
    )

    def header(name: str, value: str) -> list[str]:
        return ["\n\n".join(wrap(f"{name}: {value}", 80)), ""]

    out = [
        "",
        "",
        *header("Saatja", mailbox(sender, domain)),
        *header("Saadetud", fmt_datetime(sent)),
        *header("Adressaat", "; ".join(to) + ";"),
        *header("Koopia", "; ".join(cc)),
        *header("Teema", subject),
        *header("Manused", "; ".join(images)),
    ]
    out += [" ".join(BANNER), ""]
    out += ["Dear Minister," if lang == "en" else "Lugupeetud minister", ""]
    for _ in range(rng.randint(3, 6)):
        out += [_markdown(rng, w.paragraph(2, 5)), ""]
    out += [" ", "Best regards," if lang == "en" else "Lugupidamisega", ""]
    out += [sender] if party.private else [sender, job_title(rng, lang), "", "", party.name]
    return "\n".join(out) + "\n"


def _markdown(rng: random.Random, text: str) -> str:
    """Mark a run of words bold and another as a link, as mail-to-Markdown exports do."""
    words = text.split(" ")
    if len(words) > 12:
        i = rng.randrange(0, len(words) - 6)
        j = i + rng.randint(2, 5)
        words[i] = "**" + words[i]
        words[j] = words[j] + "**"
        k = rng.randrange(j + 1, len(words)) if j + 1 < len(words) - 1 else None
        if k is not None and not words[k].endswith("**"):
            words[k] = f"[{words[k]}](#)"
    return " ".join(words)
