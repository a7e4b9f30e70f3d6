from django.conf import settings


def site(request):
    """What every page's frame needs: the site's name and public address."""
    return {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL}
