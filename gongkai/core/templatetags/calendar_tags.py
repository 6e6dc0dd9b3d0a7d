"""{% load calendar_tags %}{% calendar_banner %}: tells staff which years' deadlines are provisional."""

from __future__ import annotations

from django import template

from gongkai.core import workdays

register = template.Library()


@register.inclusion_tag("core/calendar_banner.html", takes_context=True)
def calendar_banner(context) -> dict:
    """Shown to signed-in staff while this or next year has no official holiday arrangement."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return {"years": []}
    years = workdays.missing_arrangements()
    return {
        "years": years,
        "years_text": "、".join(f"{y}年" for y in years),
        "can_edit": workdays.can_edit_calendar(user),
    }
