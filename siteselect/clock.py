"""The date outputs carry: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from siteselect.errors import ConfigError


def read_source_date() -> datetime | None:
    """The reproducible-build date (``SOURCE_DATE_EPOCH``, UTC), or ``None`` when unset.

    The convention: a whole number of seconds >= 0; anything else is an error, never ignored
    (a build that looks reproducible and is not is worse than one that stops).

    Raises
    ------
    ConfigError
        The variable is set to something else (empty, ``abc``, ``1.5``, ``-5``, too large).
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    try:
        if not value.strip().isdigit():
            raise ValueError(value)
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        msg = f"SOURCE_DATE_EPOCH={value!r} is not a Unix time in seconds (a whole number >= 0)"
        raise ConfigError(msg) from None
