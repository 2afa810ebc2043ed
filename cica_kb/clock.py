"""The one place that reads the day: rules of time (publication, staleness) apply as of it."""

from __future__ import annotations

import os
from datetime import date


def as_of() -> date:
    """The day publication and review rules are applied for: CICA_KB_AS_OF (YYYY-MM-DD) or today."""
    given = os.environ.get("CICA_KB_AS_OF")
    return date.fromisoformat(given) if given else date.today()
