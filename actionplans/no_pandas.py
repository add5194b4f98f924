"""Keep pandas out of a command that writes the dataset.

Why: pyarrow imports pandas, when it is installed, on every conversion of Python values
(`Table.from_pylist`, `pa.array`: Arrow's C++ side looks for pandas' missing-value objects,
and tries again each time until the import succeeds); the import costs about 0.5 s of CPU, more
than writing a small plan's tables, and nothing in actionplans uses pandas. A command that
only writes rows of Python values (`actionplans build`) installs this import finder for its
own process: pyarrow then sees no pandas and converts as it does where pandas is not
installed. Library callers are left alone (their process may well use pandas).

numpy likewise (`block_numpy`): pyarrow imports it when installed (about 0.15 s of CPU with
OpenBLAS starting its threads) yet converts Python values without it. Only for a process that
will never use numpy (a `build --no-compare`): a numpy imported after pyarrow loaded without
it is one pyarrow cannot hand arrays to.
"""

from __future__ import annotations

import sys


class _NoPandas:
    """An import finder that answers "not installed" for pandas (or `package`)."""

    package = "pandas"

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == self.package or name.startswith(self.package + "."):
            raise ImportError(f"{self.package} is kept out of this actionplans command "
                              "(actionplans.no_pandas)", name=name)
        return None


class _NoNumpy(_NoPandas):
    package = "numpy"


def block_pandas() -> None:
    """From now on `import pandas` fails in this process (unless pandas is loaded already)."""
    if "pandas" in sys.modules or any(type(f) is _NoPandas for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _NoPandas())


def block_numpy() -> None:
    """From now on `import numpy` fails in this process (unless numpy is loaded already)."""
    if "numpy" in sys.modules or any(isinstance(f, _NoNumpy) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _NoNumpy())
