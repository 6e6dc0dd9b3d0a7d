"""What changed between two versions of a list: entries added, removed, and changed field by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldChange:
    column: str  # column label
    old: str
    new: str


@dataclass
class EntryChange:
    key: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Diff:
    added: list[dict] = field(default_factory=list)  # entry data, in the new version's order
    removed: list[dict] = field(default_factory=list)  # entry data, in the old version's order
    changed: list[EntryChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_entries(
    old: Iterable[tuple[str, dict]], new: Iterable[tuple[str, dict]], columns: list[tuple[str, str]], title_key: str | None = None
) -> Diff:
    """Compare (key, data) entries of two versions; `columns` are (key, label) pairs in display order."""
    old_map = dict(old)
    new_list = list(new)
    new_map = dict(new_list)
    result = Diff()
    for key, data in new_list:
        if key not in old_map:
            result.added.append(data)
            continue
        before = old_map[key]
        changes = [
            FieldChange(label, str(before.get(col, "")), str(data.get(col, "")))
            for col, label in columns
            if str(before.get(col, "")) != str(data.get(col, ""))
        ]
        if changes:
            title = str(data.get(title_key, "")) if title_key else ""
            result.changed.append(EntryChange(key=key, title=title, fields=changes))
    result.removed = [data for key, data in old_map.items() if key not in new_map]
    return result
