"""Which addresses the service may fetch from: public ones only, checked before a request and again when its
connection is opened (see ``index.fetching`` for the rules this serves)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from index.errors import FetchFailed, FetchRefused

_BLOCKED = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3",
    "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8")]


def is_web_address(url: str) -> bool:
    """Whether ``url`` is an http(s) address with a host (what is fetched, and what an article's url may be)."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchFailed(f"{host} cannot be resolved: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked_address(host: str, port: int, addresses: list[str] | None = None) -> str | None:
    """The first address ``host`` resolves to (or of ``addresses``) that is not a public one (None when all
    are public)."""
    for text in resolve(host, port) if addresses is None else addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in _BLOCKED if network.version == address.version):
            return str(address)
    return None


def refused(host: str, address: str) -> FetchRefused:
    return FetchRefused(f"{host} is a private or local address ({address}); this service does not fetch "
                        "from its own network unless QA_FETCH_ALLOW_PRIVATE=true")


def _public_only_backend() -> Any:
    """An httpcore network backend that resolves a host when it connects, refuses it when any of its addresses
    is not public, and connects to one of the addresses it checked (no second lookup to be answered
    differently)."""
    import httpcore

    class _PublicOnly(httpcore.SyncBackend):
        def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                        socket_options: Any = None) -> Any:
            addresses = resolve(host, port)
            if (address := blocked_address(host, port, addresses)) is not None:
                raise refused(host, address)
            for i, address in enumerate(addresses):
                try:
                    return super().connect_tcp(address, port, timeout, local_address, socket_options)
                except httpcore.ConnectError:
                    if i == len(addresses) - 1:
                        raise
            raise httpcore.ConnectError(f"{host} has no address")

    return _PublicOnly()


def transport(allow_private: bool, limits: Any) -> Any:
    """httpx's transport, connecting through ``_public_only_backend`` unless private addresses are allowed."""
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(limits=limits)
    if not allow_private:
        pool = transport._pool  # httpx builds its pool without a way to name the network backend
        transport._pool = httpcore.ConnectionPool(
            ssl_context=pool._ssl_context, max_connections=pool._max_connections,
            max_keepalive_connections=pool._max_keepalive_connections, keepalive_expiry=pool._keepalive_expiry,
            network_backend=_public_only_backend())
    return transport
