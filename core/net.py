"""The client's address, as far as the deployment can vouch for it."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

MAX_PATH = 300


#: What :func:`client_ip` answers when the address it would trust is not an address (a proxy that writes
#: ``X-Forwarded-For: unknown``, a port glued on, garbage): the unspecified address, one shared "unknown"
#: client for the limiter and the login lockout, and still a valid value for every address column.
UNKNOWN_ADDRESS = "0.0.0.0"


def _address(value: str) -> str:
    """``value`` if it is an IPv4/IPv6 address (normalised), else :data:`UNKNOWN_ADDRESS`."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return UNKNOWN_ADDRESS


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def trusted_networks() -> list[Network]:
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "TRUSTED_PROXIES", ()) or ()]


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request``.

    Two ways to describe the reverse proxies in front of the web tier (each appends to X-Forwarded-For):

    * ``TRUSTED_PROXIES`` (addresses or networks): when the direct peer is one of them, walk X-Forwarded-For
      from the right past the trusted entries; the first untrusted one is the client.
    * ``NUM_PROXIES = n``: the n-th entry from the right.

    Entries further left were written by the client and can be forged; with neither setting, only
    REMOTE_ADDR counts and no header is trusted. Whatever is picked is an address, or
    :data:`UNKNOWN_ADDRESS` when it is not one.
    """
    return _address(_pick(request))


def _pick(request: HttpRequest) -> str:
    remote: str = request.META.get("REMOTE_ADDR", "") or ""
    forwarded: list[str] = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    networks = trusted_networks()
    if networks:
        if not _trusted(remote, networks):
            return remote
        for hop in reversed(forwarded):
            if not _trusted(hop, networks):
                return hop
        return forwarded[0] if forwarded else remote
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies <= 0 or len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def safe_path(path: str | None) -> str | None:
    """``path`` if it is a relative path on this site ("/units/GS-HS/"), else None.

    Refused: empty, too long, absolute URLs (``http://…``), protocol-relative (``//evil``), backslashes
    (browsers read ``/\\evil`` as ``//evil``), and control characters.
    """
    if not path or len(path) > MAX_PATH or not path.startswith("/"):
        return None
    if path.startswith("//") or "\\" in path or any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return None
    return path


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The ``next`` parameter if it is a path on this site, else ``default`` (no open redirects)."""
    target: str = request.POST.get("next") or request.GET.get("next") or default

    if safe_path(target) and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default
