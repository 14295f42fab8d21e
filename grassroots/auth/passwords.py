"""Salted slow password hashes: bcrypt over the password's SHA-256.

bcrypt reads at most 72 bytes and stops at a NUL byte; a Chinese passphrase reaches 72 bytes at 24
characters. Hashing the password with SHA-256 first (base64, 44 bytes) lets every length and
character count, as passlib's bcrypt_sha256 does. The stored form names the scheme.
"""

from __future__ import annotations

import base64
import hashlib

import bcrypt

SCHEME = "bcrypt-sha256$"


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str, rounds: int) -> str:
    return SCHEME + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode("ascii")


def verify(password: str, stored: str | None) -> bool:
    """True when `password` matches `stored`; False for anything malformed."""
    if not stored or not stored.startswith(SCHEME) or not isinstance(password, str):
        return False
    try:
        return bcrypt.checkpw(_prehash(password), stored[len(SCHEME) :].encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False


def rounds_of(stored: str) -> int | None:
    try:
        return int(stored[len(SCHEME) :].split("$")[2])
    except (IndexError, ValueError):
        return None


def needs_rehash(stored: str, rounds: int) -> bool:
    """A hash made with a lower cost than configured is upgraded at the next good sign-in."""
    have = rounds_of(stored)
    return have is None or have < rounds


_DUMMY: dict[int, str] = {}


def burn(password: str, rounds: int) -> None:
    """Spend the time a real check takes, so an unknown user name is not told apart by timing."""
    if rounds not in _DUMMY:
        _DUMMY[rounds] = hash_password("not a password", rounds)
    verify(password, _DUMMY[rounds])
