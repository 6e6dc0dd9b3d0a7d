"""Demo data of the publishing app: ledger entries for items published before the ledger existed."""

from __future__ import annotations

from .services import ledger_catch_up


def seed(*, verbose: bool, stdout) -> None:
    added = ledger_catch_up()
    if verbose:
        stdout.write(f"publishing: {added} ledger entries appended")
