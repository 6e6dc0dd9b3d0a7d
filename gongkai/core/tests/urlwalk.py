"""Every URL pattern of the site, found by walking Django's resolver (for tests that must cover all)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.core.ratelimit import is_staff_path

# Sample values for path converters; object ids that exist in no test database.
_SAMPLES = {"int": "987654", "slug": "no-such-slug", "str": "NOSUCHCODE", "path": "no/such", "uuid": "00000000-0000-0000-0000-000000000000"}


@dataclass(frozen=True)
class Pattern:
    route: str  # "yisq/staff/<int:pk>/", without the leading slash
    name: str  # "info_requests:staff_detail"
    callback: object
    operations: tuple = field(default=())  # django-ninja operations served at this URL

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_staff(self) -> bool:
        return is_staff_path("/" + self.route)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver()))


def public_patterns() -> list[Pattern]:
    """Every URL outside the staff areas and the admin (what the public may request)."""
    return [p for p in all_patterns() if not p.is_admin and not p.is_staff]


def fill(route: str, values: dict[str, str] | None = None) -> str:
    """The route with its parameters replaced: by `values` (by name), else by a sample of the converter."""
    values = values or {}

    def sample(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, _SAMPLES.get(converter, "x")))

    path = re.sub(r"<(?:(\w+):)?(\w+)>", sample, route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield Pattern(prefix + str(entry.pattern), name, entry.callback, tuple(_ninja_operations(entry.callback)))


def _ninja_operations(callback) -> list:
    """The operations of a django-ninja path (its view is a closure over the PathView)."""
    from ninja.operation import PathView

    for cell in getattr(callback, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, PathView):
            return list(value.operations)
    return []
