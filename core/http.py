"""Who is asking: the client's address as the trusted reverse proxies saw it."""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, the entry the outermost proxy appended to
    X-Forwarded-For (anything further left was written by the client and proves nothing); else REMOTE_ADDR.

    Sign-in lockouts (AXES_CLIENT_IP_CALLABLE) key on it: behind nginx REMOTE_ADDR is always 127.0.0.1.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote_addr
    # ipware counts the proxies listed in the header; the one nearest Django is REMOTE_ADDR, not listed.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote_addr
