"""RAG colours, a plan's own key, and status."""

from __future__ import annotations

import pytest

from actionplans.extract.text import read_text_bytes
from actionplans.normalise.rag import key_from_entries, read_rag, status_of


@pytest.mark.parametrize(
    ("text", "colour", "warned"),
    [
        ("Green", "GREEN", False),
        ("G", "GREEN", False),
        ("R", "RED", False),
        (" BLUE ", "BLUE", False),
        ("Yellow", "AMBER", True),
        ("Amber/Green", "AMBER", True),
        ("Green - on track", "GREEN", True),
        ("#FFC000", "AMBER", False),
        ("#00B050", "GREEN", False),
        ("#92D050", "GREEN", True),
        ("#FFFFFF", None, True),
        ("Progressing well", None, True),
        ("", None, False),
    ],
)
def test_read_rag(text, colour, warned):
    reading = read_rag(text)
    assert reading.colour == colour
    assert (reading.warning is not None) == warned


def test_key_as_table_and_as_list_read_the_same():
    table = (
        b"X LOCAL SYSTEM REVIEW\n\nRAG\tMeaning\nComplete with Assurance\tBLUE\n"
        b"On target for delivery\tGREEN\nRisk to delivery, plan in place\tAMBER\n"
        b"Not deliverable by target\tRED\n"
    )
    listed = (
        b"X LOCAL SYSTEM REVIEW\n\nKey\nBlue - Complete with Assurance\n"
        b"Green - On target for delivery\nAmber = Risk to delivery, plan in place\n"
        b"Red: Not deliverable by target\n"
    )
    keys = []
    for data in (table, listed):
        doc = read_text_bytes(data, "x.txt")
        keys.append(key_from_entries((e.colour, e.meaning) for e in doc.rag_key))
    assert (
        keys[0]
        == keys[1]
        == {"BLUE": "complete_assured", "GREEN": "on_track", "AMBER": "at_risk", "RED": "off_track"}
    )


def test_status_prefers_the_plans_own_key():
    key = {"BLUE": "complete", "AMBER": "at_risk"}
    assert status_of("BLUE", None, key) == ("complete", "rag_key")
    assert status_of("BLUE", None, None) == ("complete", "rag_convention")
    assert status_of(None, "RED", None) == ("off_track", "rag_convention")
    assert status_of(None, None, None, words=("Completed",)) == ("complete", "words")
    assert status_of(None, None, None, words=("31.3.18",), completed_section=True) == (
        "complete",
        "section",
    )
    assert status_of(None, None, None, words=("Ongoing",)) == ("unknown", "none")


def test_status_from_words_where_there_is_no_colour():
    assert status_of(None, None, None, status_words=("In progress",)) == ("on_track", "words")
    assert status_of(None, None, None, status_words=("Not started",)) == ("not_started", "words")
    assert status_of(None, None, None, status_words=("Slipped to May",)) == ("at_risk", "words")
    assert status_of(None, None, None, words=("Not started",)) == ("not_started", "words")
