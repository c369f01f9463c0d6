"""Users and their clearance, from a JSON file named by ``VIIT_USERS``.

The file maps user names to a bcrypt password hash and a clearance::

    {"users": {"mari": {"password": "$2b$12$...", "cleared": true, "name": "Mari Maasikas"}}}

A user with ``"role": "admin"`` (or ``"admin": true``) may also use the Admin page
(index status, uploads, rebuilds). Without sign-in a user is public.
``python -m assistant.users hash`` prints a hash.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import bcrypt

from assistant.privacy import User


def _users_file() -> Path | None:
    path = os.environ.get("VIIT_USERS")
    return Path(path) if path else None


def _load() -> dict[str, dict]:
    path = _users_file()
    if path is None or not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("users", {})
    except (OSError, ValueError):
        return {}


def _user(name: str, info: dict) -> User:
    admin = info.get("role") == "admin" or info.get("admin") is True
    return User(name=name, cleared=bool(info.get("cleared")), admin=admin)


def load_user(name: str) -> User | None:
    info = _load().get(name)
    return _user(name, info) if info else None


def authenticate(name: str, password: str) -> User | None:
    """The user if the password matches its stored bcrypt hash."""
    info = _load().get(name)
    if not info or not password:
        return None
    stored = str(info.get("password", "")).encode()
    try:
        ok = bcrypt.checkpw(password.encode(), stored)
    except ValueError:
        return None
    return _user(name, info) if ok else None


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "hash":
        print(hash_password(sys.argv[2]))
    else:
        print("usage: python -m assistant.users hash PASSWORD", file=sys.stderr)
        sys.exit(2)
