"""Errors a user can cause and act on.

The CLI turns a `UserError` into one line on stderr and exit code 2; anything else is a bug and
keeps its traceback. Keeping the distinction in one exception type means library callers get the
same contract as the command line.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or usage: the message names what is wrong and where (file, row, field)."""

    exit_code = 2


class StoreLockedError(UserError):
    """Another process holds the store's write lock."""


class NetworkError(UserError):
    """The Hub (or whatever HF_ENDPOINT points at) failed in a way retries could not cure."""
