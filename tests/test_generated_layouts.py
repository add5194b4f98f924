"""Measured generality: 60 generated plans in layouts the code was not written for.

tools/layouts writes plans (txt, md, docx, ruled and unruled PDF, xlsx) from truth records,
varying column order, header wording, id scheme, theme form, RAG form and key, date styles,
revisions, page breaks and title blocks, balanced so every value of every dimension appears a
few times. The pipeline's reading is scored field by field against the truth; the table of
accuracy per dimension value and field, and the most common failure kinds with examples, are
printed (shown by pytest when a test fails; `python tools/layout_accuracy.py` prints the same).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from tools.layouts.design import DIMENSIONS
from tools.layouts.generate import generate
from tools.layouts.runner import read_and_score
from tools.layouts.score import Scores, report_failures, table, worst_plans

N_PLANS = 60
SEED = 2018
MIN_ACCURACY = 0.98


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("generated-layouts")
    return generate(N_PLANS, SEED, folder)


@pytest.fixture(scope="session")
def scores(generated) -> Scores:
    return read_and_score(generated, jobs=1)  # a process pool is slower on a busy 2-core box


def test_every_dimension_value_appears_a_few_times(generated):
    for dim, values in DIMENSIONS.items():
        counts = Counter(plan.dims[dim] for plan, _ in generated)
        rare = {v: counts[v] for v in values if counts[v] < 3}
        assert not rare, f"{dim}: values used fewer than 3 times: {rare}"


def test_generation_is_deterministic(tmp_path: Path):
    def digests(folder: Path) -> dict[str, str]:
        generate(6, SEED, folder)
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.iterdir())}

    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_every_generated_plan_loads(scores: Scores):
    assert not scores.load_errors, "\n".join(
        f"{name}: {reason}" for name, reason in sorted(scores.load_errors.items()))


def test_field_accuracy_on_generated_layouts(scores: Scores):
    accuracy = scores.accuracy()
    print(f"\n{N_PLANS} generated plans (seed {SEED}): field accuracy {accuracy:.1%} over "
          f"{len(scores.checks)} fields ({scores.loaded_accuracy():.1%} over the plans that "
          "loaded)\n")
    print(table(scores))
    print("\nmost common failure kinds:")
    print(report_failures(scores))
    print("\nworst plans that loaded:")
    print(worst_plans(scores))
    assert accuracy >= MIN_ACCURACY, (
        f"field accuracy {accuracy:.1%} < {MIN_ACCURACY:.0%} on generated layouts "
        "(table and failures printed above)")
