"""Columns researchers ask for that derive from the normalised rows of one document.

Kept apart from normalise/ because they add no reading of the source: an effective due date
and its slippage, the canonical theme's label beside its id, and owners reduced to one row per
action and organisation so that "actions per organisation" is a plain GROUP BY.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from actionplans.compare.taxonomy import load_taxonomy


def add_due_columns(action: MutableMapping[str, Any]) -> None:
    """effective_due_date (revised, else due) and days_slipped (revised - due, in days)."""
    due, revised = action.get("due_date"), action.get("revised_date")
    action["effective_due_date"] = revised or due
    action["days_slipped"] = (revised - due).days if due and revised else None


def theme_label(theme_id: str) -> str:
    """The taxonomy's label for a canonical theme id ("Other / unclassified" for `other`)."""
    return load_taxonomy().label(theme_id)


def owner_organisation_rows(owners: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per (action, organisation) of an owners table, roles merged, in first-seen order.

    Owners without an organisation give no row; an organisation is one row however many of its
    people the cells name ("Jan Ross, HBC / Sue Wallace-Bonner, HBC" counts HBC once).
    """
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for o in owners:
        if not o.get("organisation"):
            continue
        key = (o["document_id"], o["action_id"], o["organisation"])
        row = rows.get(key)
        if row is None:
            rows[key] = {
                "document_id": o["document_id"],
                "area": o["area"],
                "area_id": o["area_id"],
                "action_id": o["action_id"],
                "organisation": o["organisation"],
                "org_code": o.get("org_code"),
                "org_code_system": o.get("org_code_system") if o.get("org_code") else None,
                "org_type": o.get("org_type"),
                "roles": [o["role"]],
            }
        elif o["role"] not in row["roles"]:
            row["roles"].append(o["role"])
    return list(rows.values())
