"""Read generated plans with the pipeline (optionally on several processes) and score them."""

from __future__ import annotations

import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from actionplans.extract.errors import DocumentError
from actionplans.pipeline import process_document

from .score import Scores, score_plan
from .truth import Plan


class LoadFailure(Exception):
    """Why a plan did not load, as one picklable line."""


def _read(path: str):
    try:
        return process_document(path)
    except DocumentError as exc:
        return LoadFailure(f"DocumentError: {exc.reason}")
    except Exception as exc:  # a reader bug is a measured failure, not a crash of the run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return LoadFailure(f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:"
                           f"{where.lineno})")


def read_and_score(generated: list[tuple[Plan, Path]], jobs: int = 1) -> Scores:
    files = [str(p) for _, p in generated]
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_read, files, chunksize=2))
    else:
        results = [_read(f) for f in files]
    scores = Scores()
    for (plan, path), result in zip(generated, results, strict=True):
        score_plan(scores, plan, path.name, result)
    return scores
