"""`actionplans report` in a real headless browser (Debian chromium driven by Playwright).

The dataset is the shared analyst build (tests/analysis_dataset.py): the corpus plus the
earlier Stoke-on-Trent issue V18 constructed for testing, whose README
(tests/fixtures/versions/README.md) lists every change to V19. The page must load with no
console error and no network request, draw every chart, show the crosswalk, list exactly those
changes, and escape document text. A screenshot is kept in tests/artifacts/report.png.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actionplans.cli import main
from actionplans.report import load, render, write_report

from .analysis_dataset import versions_dataset
from .conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def dataset() -> Path:
    return versions_dataset()  # read-only: the report is written to tmp_path


def _browse(html: Path, screenshot: Path | None = None) -> tuple[dict, list[str], list[str]]:
    """Open `html` in headless chromium: (facts about the page, console errors, requests)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium not found: apt-get install chromium chromium-driver (see .ci/run)")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html.resolve().as_uri())
        page.wait_for_load_state("load")
        facts = page.evaluate(
            """() => ({
            charts: [...document.querySelectorAll('svg.chart')].map(s => {
                const r = s.getBoundingClientRect();
                return {label: s.getAttribute('aria-label'), width: r.width, height: r.height,
                        marks: s.querySelectorAll('.mark').length,
                        visibleMarks: [...s.querySelectorAll('.mark')].filter(m => {
                            const b = m.getBoundingClientRect(); return b.width > 0 || b.height > 0;
                        }).length};
            }),
            crosswalkRows: document.querySelectorAll('table.crosswalk tbody tr').length,
            crosswalkHeader: [...document.querySelectorAll('table.crosswalk thead th')]
                .map(th => th.textContent),
            gaps: document.querySelectorAll('table.crosswalk td.gap').length,
            changes: [...document.querySelectorAll('table.changes tbody tr')]
                .map(tr => [...tr.children].map(td => td.textContent)),
            text: document.body.textContent,
            pwned: window.__pwned === undefined ? null : window.__pwned,
            scripts: document.scripts.length,
            images: document.images.length,
        })"""
        )
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return facts, errors, requests


def test_report_in_headless_browser(dataset: Path, tmp_path: Path) -> None:
    html = write_report(dataset, tmp_path / "report.html")
    shot = ARTIFACTS / "report.png"
    facts, errors, requests = _browse(html, shot)
    print(f"screenshot: {shot}")
    assert errors == []
    assert requests == [html.resolve().as_uri()]  # self-contained: no other file, no network
    assert shot.stat().st_size > 10_000

    # Two areas: status and RAG per area, a timeline per area, the organisations' load.
    labels = [c["label"] for c in facts["charts"]]
    assert len(labels) == 7, labels
    for area in ("Halton", "Stoke-on-Trent"):
        assert f"{area}: delivery status of actions by canonical theme" in labels
        assert f"{area}: RAG rating of actions by canonical theme" in labels
        assert f"{area}: due and revised dates" in labels
    for chart in facts["charts"]:
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["marks"] > 0 and chart["visibleMarks"] == chart["marks"], chart

    # Crosswalk: every canonical theme of the taxonomy (14) against the two areas.
    assert facts["crosswalkHeader"] == ["canonical theme", "Halton", "Stoke-on-Trent"]
    assert facts["crosswalkRows"] >= 14

    # What changed V18 -> V19: exactly the changes tests/fixtures/versions/README.md lists.
    changes = facts["changes"]
    assert {row[0] for row in changes} == {"2.1", "2.2", "2.3", "4.2", "4.4", "6.5.2", "6.7.6"}
    assert ["2.1", "rag changed", "GREEN", "AMBER"] in changes                      # change 1
    assert ["2.1", "status changed", "on_track", "at_risk"] in changes
    assert ["2.2", "slipped", "2018-04-30", "2018-06-30 (+61 days)"] in changes      # change 2
    assert ["2.3", "rag changed", "GREEN", "BLUE"] in changes                        # change 3
    assert ["4.2", "owner_raw changed", "Chief Operating Officer, UHNM",
            "Deputy Chief Operating Officer, UHNM"] in changes                       # change 4
    removed = [r for r in changes if r[1] == "removed"]
    assert [r[0] for r in removed] == ["4.4"]                                        # change 5
    assert removed[0][2].startswith("Agree one set of system performance measures")
    assert ["6.5.2", "rag_on_target changed", "AMBER", "GREEN"] in changes           # change 6
    assert [r[0] for r in changes if r[1] == "added"] == ["6.7.6"]                   # change 7
    assert "V18 (2018-02-19" in facts["text"] and "V19 (2018-03-19" in facts["text"]

    # Each area at its latest version: Halton 47 + Stoke-on-Trent V19 53, not + V18's 53.
    assert "100 actions in the latest versions" in facts["text"]
    # Warnings grouped by severity and code.
    assert "CELL_SHIFTED" in facts["text"]


def test_document_text_is_escaped(dataset: Path, tmp_path: Path) -> None:
    """Markup in a theme title or a warning is shown as text, never run."""
    data = load(dataset)
    first = (data.themes[0]["document_id"], data.themes[0]["theme_id"])
    for theme in data.themes:  # a theme number printed twice (open and completed parts)
        if (theme["document_id"], theme["theme_id"]) == first:
            theme["title"] = HOSTILE
    data.warnings[0]["message"] = HOSTILE
    page = tmp_path / "hostile.html"
    page.write_text(render(data), encoding="utf-8")
    facts, errors, requests = _browse(page)
    assert errors == [] and facts["pwned"] is None
    assert requests == [page.resolve().as_uri()]
    assert facts["scripts"] == 0 and facts["images"] == 0
    assert facts["text"].count(HOSTILE) == 2


def test_single_version_and_no_compare_tables(built) -> None:
    """The session dataset (corpus only, no compare stage) renders and says what is missing."""
    out, _ = built
    html = render(load(out))
    assert "Every area has a single version in this dataset" in html
    assert "No theme_alignment table" in html


def test_report_cli(dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "board.html"
    assert main(["report", "--out", str(dataset), "--to", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "report written to" in capsys.readouterr().out

    assert main(["report", "--out", str(tmp_path / "missing")]) == 1
    assert "no documents under" in capsys.readouterr().err

    blocked = tmp_path / "no-such-folder" / "report.html"
    assert main(["report", "--out", str(dataset), "--to", str(blocked)]) == 1
    assert f"cannot write {blocked}" in capsys.readouterr().err.replace("\n", "")
