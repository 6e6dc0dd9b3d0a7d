from django.conf import settings

from .nav import nav_items, nav_key_for_request

FONT_SIZES = range(0, 4)  # 0 = normal; each step is about 2px larger


def font_size(request) -> int:
    try:
        size = int(request.COOKIES.get("gk_size", "0"))
    except ValueError:
        return 0
    return size if size in FONT_SIZES else 0


def site(request):
    """Site identity for header and footer, the main navigation, and the reader's display preferences (cookies).

    No database queries here: every page runs it.
    """
    return {
        "site": settings.GONGKAI_SITE,
        "elder_mode": request.COOKIES.get("gk_elder") == "1",
        "high_contrast": request.COOKIES.get("gk_contrast") == "1",
        "font_size": font_size(request),
        "nav_items": nav_items(),
        "nav_active": nav_key_for_request(request),
    }
