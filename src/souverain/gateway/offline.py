"""Offline mode: a guard inside the interpreter that stops every connection leaving the machine.

It is an audit hook (PEP 578), so it sees each name lookup and socket connection that any
library in the process makes through Python, and once installed it cannot be removed.
Loopback addresses and Unix sockets pass; anything else raises EgressBlocked and is
reported to the listeners (the audit log). Child processes started by souverain inherit it
through SOUVERAIN_OFFLINE. Native code that opens sockets without Python is out of its
sight: none of souverain's engines does, and a network namespace or firewall covers the rest.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Callable
from typing import Any

from souverain.errors import EgressBlocked
from souverain.settings import parse_boolean

ENV = "SOUVERAIN_OFFLINE"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# Environment switches that keep common model libraries from reaching their hubs.
LIBRARY_SWITCHES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")

Listener = Callable[[str], None]
_listeners: list[Listener] = []
_installed = False


def install(on_block: Listener | None = None) -> None:
    """Turn offline mode on for this process and the processes it starts."""
    global _installed
    os.environ[ENV] = "1"
    for name in LIBRARY_SWITCHES:
        os.environ.setdefault(name, "1")
    if on_block is not None and on_block not in _listeners:
        _listeners.append(on_block)
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


def installed() -> bool:
    return _installed


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not event.startswith("socket."):
        return
    target = _destination(event, args)
    if target is None or is_local(target):
        return
    for listener in list(_listeners):
        listener(target)
    raise EgressBlocked(
        f"offline mode: a connection to {target} was stopped ({event})",
        "Nothing left the machine. Turn offline mode off to use a remote provider.",
        (f"offline mode forbids connections off this machine ({target})",),
    )


def _destination(event: str, args: tuple[Any, ...]) -> str | None:
    """The host a socket event would reach, or None when it reaches no other machine."""
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", None):
            return None
        return _host(address)
    if event == "socket.getaddrinfo":
        return _host(args[0])
    if event in ("socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        return _host(args[0])
    if event == "socket.getnameinfo":
        return _host(args[0])
    return None


def _host(address: Any) -> str | None:
    if isinstance(address, tuple):
        address = address[0] if address else None
    if address is None:
        return None
    if isinstance(address, bytes):
        address = address.decode(errors="replace")
    return str(address)


def is_local(host: str) -> bool:
    """Loopback names and addresses, and the empty host (this machine)."""
    host = host.strip().lower().strip("[]")
    if host in ("", *LOCAL_NAMES):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def install_from_environment() -> None:
    """Called at import: a process started with SOUVERAIN_OFFLINE=1 is guarded from the start."""
    try:
        wanted = parse_boolean(os.environ.get(ENV, ""))
    except ValueError:
        wanted = False  # settings report the bad value when the command loads them
    if wanted:
        install()
