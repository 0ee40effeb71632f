from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Requests per client address, counted in the shared cache; the rate is a setting (API_ANONYMOUS_RATE)."""

    def get_rate(self):
        return settings.API_ANONYMOUS_RATE
