from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or '' when missing (entry data by column key)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
