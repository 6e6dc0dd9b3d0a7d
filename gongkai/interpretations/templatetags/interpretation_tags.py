from django import template

from gongkai.interpretations.selectors import public_related

register = template.Library()


@register.simple_tag
def related_interpretations(item):
    """Published interpretations of a disclosure item (for 相关解读 on its page)."""
    return public_related(item)
