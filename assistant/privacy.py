"""Who may see what: users' clearance and masking of personal identification codes."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    """A person asking; ``cleared`` users may see restricted entries.

    ``admin`` users may also see index status, upload filings and start rebuilds.
    """

    name: str = "public"
    cleared: bool = False
    admin: bool = False


PUBLIC = User()

_ISIKUKOOD = re.compile(r"(?<!\d)[1-6]\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{4}(?!\d)")


def isikukood_valid(code: str) -> bool:
    """Estonian personal identification code checksum (two weight rounds, mod 11)."""
    if len(code) != 11 or not code.isdigit():
        return False
    digits = [int(c) for c in code]
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
        check = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
        if check != 10:
            return check == digits[10]
    return digits[10] == 0


def mask_isikukood(text: str) -> str:
    """Replace checksum-valid isikukood numbers with a placeholder of the same length."""
    return _ISIKUKOOD.sub(lambda m: "*" * 11 if isikukood_valid(m.group()) else m.group(), text)


def for_user(text: str, user: User) -> str:
    """Text as a user may see it: public users never see an isikukood."""
    return text if user.cleared else mask_isikukood(text)
