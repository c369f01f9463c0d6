"""A synthetic public document register of any size, for indexing benchmarks and tests.

Why: the two seed exports are far too few to measure how Viit indexes and rebuilds a
register of thousands of entries. This package writes a register that looks like a real
one to the readers (same export format, same kinds of attachments, the same scraping
artefacts) and is repeatable, so that timings of two runs compare the same input.

Layout, Viit's documented convention: one folder per entry,
``OUT/<series>/<ref with "/" replaced by "_">/``, holding

* ``entry.txt``: the export in the format of ``shared/seeds/000_*.txt``: the
  ``| field | value |`` metadata table, the e-mailed letter (Saatja/Saadetud/Adressaat/
  Teema/Manused header lines, body, signature) and the related-documents table
  ``| Nimi | K.p. | Δ | Viit | Tüüp | Org | Osapooled |``, whose rows point at other
  entries of the same register (``🔒`` after a restricted one);
* the attachments named in the ``Manused:`` header, and only those: PDF files with a text
  layer (mostly 2-3 pages) and, for a few entries, a forwarded letter as ``.txt`` in the
  format of ``shared/seeds/001_*.txt``.

A restricted entry has ``| Juurdepääsupiirang | AK |`` followed by a second
``Juurdepääsupiirang`` row holding the basis and, where the restriction ends, ``, kuni
DD.MM.YYYY`` (for example ``AvTS § 35 lg 1 p 12, kuni 10.11.2028``). Some end dates lie
before the sync date on purpose: such entries are public again. A public entry has
``Avalik`` and an empty second row, as in the seed.

Everything is drawn from seeded ``random.Random`` instances, one for the plan and one per
entry keyed by its reference, so the output depends only on the seed and the arguments,
not on the number of worker processes. The generator needs no third-party package.

Command line: ``python -m bench.synth --help``.
"""

from bench.synth.export import read_entry
from bench.synth.metadata import split_metadata
from bench.synth.mutations import add_filings, touch_metadata
from bench.synth.plan import DEFAULT_SYNC, Entry, plan_register
from bench.synth.register import ENTRY_FILE, entry_files, make_register
from bench.synth.scheme import OWNER, OWNER_CODE

__all__ = [
    "DEFAULT_SYNC",
    "ENTRY_FILE",
    "OWNER",
    "OWNER_CODE",
    "Entry",
    "add_filings",
    "entry_files",
    "make_register",
    "plan_register",
    "read_entry",
    "split_metadata",
    "touch_metadata",
]
