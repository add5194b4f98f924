"""A small TF-IDF in numpy: weighted term bags in, L2-normalised rows out.

Sublinear term frequency (log1p of the field-weighted count) and smoothed IDF, as in the usual
textbook / scikit-learn definition, so scores can be reproduced by hand.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TfidfModel:
    vocab: dict[str, int]
    terms: tuple[str, ...]
    idf: np.ndarray

    def transform(self, bags: Sequence[Counter[str]]) -> np.ndarray:
        """Rows of L2-normalised TF-IDF weights (terms outside the vocabulary are ignored)."""
        matrix = np.zeros((len(bags), len(self.terms)), dtype=np.float64)
        for i, bag in enumerate(bags):
            for term, weight in bag.items():
                j = self.vocab.get(term)
                if j is not None and weight > 0:
                    matrix[i, j] = math.log1p(weight) * self.idf[j]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def fit(bags: Sequence[Counter[str]]) -> TfidfModel:
    """IDF over the given documents: log((1 + n) / (1 + df)) + 1."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(t for t, w in bag.items() if w > 0)
    terms = tuple(sorted(df))
    n = len(bags)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
    return TfidfModel({t: i for i, t in enumerate(terms)}, terms, idf)
