"""Errors a reader raises for a document it cannot read: always naming the file and the reason."""

from __future__ import annotations


class DocumentError(Exception):
    """A document that cannot be read as a plan; the batch goes on without it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
