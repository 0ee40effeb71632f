from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core.http import client_ip


class AnonymousThrottle(AnonRateThrottle):
    """Requests per client address, counted in the shared cache; the rate is a setting (API_ANONYMOUS_RATE).

    The address is the one the trusted proxies saw (core.http.client_ip): a forged X-Forwarded-For
    does not buy a fresh allowance.
    """

    def get_rate(self):
        return settings.API_ANONYMOUS_RATE

    def get_ident(self, request):
        return client_ip(request)
