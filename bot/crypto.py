"""Tokens at rest: encrypted with a key only the operator holds (`CIRCLES_ENCRYPTION_KEY`).

Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`. Stored values carry a prefix, so a value
written before encryption was switched on is still read, and nothing is ever encrypted twice.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

PREFIX = "enc:v1:"


def new_key() -> str:
    return Fernet.generate_key().decode()


class TokenCipher:
    def __init__(self, key: str):
        try:
            self._fernet = Fernet(key.encode())
        except (ValueError, TypeError) as error:
            raise ValueError("not a Fernet key") from error

    def encrypt(self, value: str | None) -> str | None:
        if value is None or value.startswith(PREFIX):
            return value
        return PREFIX + self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, value: str | None) -> str | None:
        if value is None or not value.startswith(PREFIX):
            return value
        try:
            return self._fernet.decrypt(value.removeprefix(PREFIX).encode()).decode()
        except InvalidToken as error:
            raise ValueError("a token in the database was encrypted with another CIRCLES_ENCRYPTION_KEY") from error
