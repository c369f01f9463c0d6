"""Is a restriction in force today? The one rule, in Python and as SQL.

An entry whose access level is not public (AK, "Asutusesiseseks kasutamiseks",
RESTRICTED, a basis) is restricted until its end date: from the day after, it is public
again without a rebuild. A related-document row of an export that marks a reference 🔒
counts as restricted while the register holds no entry for it (no end date is known);
where the register holds that entry, the entry decides.

Every view asks here: the search's exclusions, answers, related lists, entry views,
exports. A second copy of this rule is a privacy bug waiting to disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def in_force(restricted: bool, end: dt.date | str | None, today: dt.date | None = None) -> bool:
    """Restricted, and ``today`` is not past the restriction's end date."""
    if not restricted:
        return False
    last = _day(end)
    return last is None or (today or dt.date.today()) <= last


def entry_restricted(row: Mapping[str, Any] | Any, today: dt.date | None = None) -> bool:
    """For a catalog row with the entry's ``restricted`` flag and ``access_end``."""
    return in_force(bool(row["restricted"]), row["access_end"], today)


def related_restricted(
    marked: bool, entry_flag: bool | None, entry_end: str | None, today: dt.date | None = None
) -> bool:
    """A related row: the register's own entry decides if it holds one, else the 🔒 mark."""
    if entry_flag is None:
        return bool(marked)
    return in_force(bool(entry_flag), entry_end, today)


def sql_in_force(alias: str = "e") -> str:
    """SQL that is true for a row of ``entries`` (as ``alias``) restricted on the day bound
    to its one ``?`` parameter (an ISO date)."""
    return f"({alias}.restricted = 1 AND ({alias}.access_end IS NULL OR {alias}.access_end >= ?))"
