"""Errors a user can cause and act on.

The CLI turns a `UserError` into one line on stderr and exit code 2; anything else is a bug and
keeps its traceback. Keeping the distinction in one exception type means library callers get the
same contract as the command line.
"""

from __future__ import annotations

import datetime as dt


class UserError(Exception):
    """Bad input or usage: the message names what is wrong and where (file, row, field)."""

    exit_code = 2


class StoreLockedError(UserError):
    """Another process holds the store's write lock."""


class NetworkError(UserError):
    """The Hub (or whatever HF_ENDPOINT points at) failed in a way retries could not cure."""


def parse_date(value: str | None, name: str, error: type[UserError] = UserError) -> dt.date | None:
    """A YYYY-MM-DD date given by a user (an option, a query parameter), or `error` naming it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise error(f"{name} {value!r}: expected a date as YYYY-MM-DD") from None
