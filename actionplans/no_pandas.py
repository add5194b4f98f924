"""Keep pandas out of a command that writes the dataset.

Why: pyarrow imports pandas, when it is installed, on every conversion of Python values
(`Table.from_pylist`, `pa.array`: Arrow's C++ side looks for pandas' missing-value objects,
and tries again each time until the import succeeds); the import costs about 0.5 s of CPU, more
than writing a small plan's tables, and nothing in actionplans uses pandas. A command that
only writes rows of Python values (`actionplans build`) installs this import finder for its
own process: pyarrow then sees no pandas and converts as it does where pandas is not
installed. Library callers are left alone (their process may well use pandas).
"""

from __future__ import annotations

import sys


class _NoPandas:
    """An import finder that answers "not installed" for pandas."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is kept out of this actionplans command "
                              "(actionplans.no_pandas)", name=name)
        return None


def block_pandas() -> None:
    """From now on `import pandas` fails in this process (unless pandas is loaded already)."""
    if "pandas" in sys.modules or any(isinstance(f, _NoPandas) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _NoPandas())
