from django.conf import settings


def site(request):
    """Site identity for header and footer, and the reader's display preferences (cookies)."""
    return {
        "site": settings.GONGKAI_SITE,
        "elder_mode": request.COOKIES.get("gk_elder") == "1",
        "high_contrast": request.COOKIES.get("gk_contrast") == "1",
    }
