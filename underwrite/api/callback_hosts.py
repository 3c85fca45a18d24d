"""Where a webhook may be POSTed: the callback host's addresses, resolved and checked.

A callback makes this server send a request where the client says, from inside its network. A
host *name* is resolved, at registration and again at every delivery (its owner may point it
elsewhere in between: DNS rebinding), and every address it resolves to must be public. Loopback,
private, link-local (the cloud metadata service, 169.254.169.254), shared (100.64/10), unspecified,
multicast and reserved addresses are refused in words, unless the operator allows a network
(``underwrite api --callback-allow 10.20.0.0/16`` for an LOS on the bank's own network); link-local
addresses are refused even then. A delivery is sent to the address that was checked (the URL's
host stays the ``Host`` header and the TLS server name), so the name is not looked up a second
time by the HTTP client between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolve = Callable[[str], list[str]]


class CallbackRefused(Exception):
    """The callback URL's host is not one this server POSTs to (the message says why)."""


def resolve_host(host: str) -> list[str]:
    """Every address ``host`` resolves to (the system resolver); OSError when it does not."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _kind(address: IPAddress) -> str | None:
    """What kind of non-public address this is, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind, test in (
        ("link-local", address.is_link_local),
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if test:
            return kind
    return None if address.is_global else "non-public"


@dataclass(frozen=True)
class Target:
    """Where one delivery goes: the checked address in the URL, the name in Host and TLS."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, object]


@dataclass(frozen=True)
class CallbackGuard:
    allow: tuple[IPNetwork, ...] = ()
    resolve: Resolve | None = None
    """None: :func:`resolve_host`, looked up at each call (tests replace it with a stub)."""

    def _lookup(self, host: str) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        resolve = self.resolve or resolve_host
        try:
            found = resolve(host)
        except (OSError, UnicodeError) as exc:
            raise CallbackRefused(f"callback host {host!r} does not resolve ({exc})") from exc
        if not found:
            raise CallbackRefused(f"callback host {host!r} resolves to no address")
        return [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]

    def addresses(self, url: str) -> list[IPAddress]:
        """The URL host's addresses, every one public (or allowed); CallbackRefused otherwise."""
        try:
            host = httpx.URL(url).host
        except httpx.InvalidURL as exc:
            raise CallbackRefused(f"callback URL {url!r} is not a URL ({exc})") from exc
        addresses = self._lookup(host)
        for address in addresses:
            kind = _kind(address)
            if kind is None:
                continue
            if kind != "link-local" and any(address in net for net in self.allow):
                continue
            said = "is" if str(address) == host else f"resolves to {address},"
            raise CallbackRefused(
                f"callback host {host!r} {said} a {kind} address: this server does not POST to "
                "loopback, private, link-local or other non-public addresses"
                + ("" if kind == "link-local" else " (an operator may allow a network: --callback-allow)")
            )
        return addresses

    def target(self, url: str) -> Target:
        """The request for one delivery, pinned to an address checked just now."""
        parsed = httpx.URL(url)
        address = self.addresses(url)[0]
        pinned = parsed.copy_with(host=str(address))
        host_header = parsed.host if parsed.port is None else f"{parsed.host}:{parsed.port}"
        extensions: dict[str, object] = {}
        if parsed.scheme == "https":
            extensions["sni_hostname"] = parsed.host  # the certificate is checked for the name
        return Target(url=str(pinned), headers={"Host": host_header}, extensions=extensions)


def parse_networks(values: list[str]) -> tuple[IPNetwork, ...]:
    """``--callback-allow`` values as networks; ValueError in words for one that is not."""
    try:
        return tuple(ipaddress.ip_network(v, strict=False) for v in values)
    except ValueError as exc:
        raise ValueError(f"--callback-allow: {exc} (give a network such as 10.20.0.0/16)") from exc
