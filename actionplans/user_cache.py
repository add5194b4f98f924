"""The folder where actionplans keeps what it can rebuild (compiled rules and expressions).

`$ACTIONPLANS_CACHE`, else `$XDG_CACHE_HOME/actionplans`, else `~/.cache/actionplans`. Nothing
in it is needed: a missing, unreadable or unwritable folder only means things are built again.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("ACTIONPLANS_CACHE"):
        return Path(os.environ["ACTIONPLANS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "actionplans"
