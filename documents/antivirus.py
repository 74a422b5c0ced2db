"""Virus scanning with ClamAV's daemon (clamd), over its INSTREAM protocol.

The content is sent as ``zINSTREAM\\0`` followed by chunks, each preceded by its length as four
big-endian bytes, and a zero-length chunk to finish. clamd answers ``stream: OK`` or
``stream: <signature> FOUND`` (null-terminated). The address is ``tcp://host:port`` or
``unix:///path/to/clamd.ctl``.
"""

from __future__ import annotations

import socket
import struct
from urllib.parse import urlsplit

CHUNK = 64 * 1024
CLEAN = "stream: OK"
FOUND = " FOUND"
PREFIX = "stream: "
MAX_REPLY = 4096


class ScannerUnavailable(Exception):
    """The scanner could not be reached or did not give a verdict."""


def connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    try:
        if parts.scheme == "tcp" and parts.hostname and parts.port:
            return socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        if parts.scheme == "unix" and parts.path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(parts.path)
            except OSError:
                sock.close()
                raise
            return sock
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(f"cannot connect to {address}: {error}") from error
    raise ScannerUnavailable(f"not a clamd address (tcp://host:port or unix:///path): {address}")


def scan(data: bytes, address: str, *, timeout: float = 30) -> str | None:
    """The name of the signature clamd found in ``data``, or None when it is clean."""
    with connect(address, timeout) as sock:
        try:
            try:
                _send(sock, data)
                sent = True
            except (BrokenPipeError, ConnectionResetError):
                sent = False  # clamd answers and hangs up early, e.g. past StreamMaxLength
            reply = _read_reply(sock)
        except OSError as error:
            raise ScannerUnavailable(f"{address}: {error}") from error
    if reply == CLEAN and sent:  # never clean on a part of the file
        return None
    if reply.startswith(PREFIX) and reply.endswith(FOUND):
        return reply[len(PREFIX) : -len(FOUND)].strip() or "?"
    raise ScannerUnavailable(f"{address} answered {reply!r}")


def _send(sock: socket.socket, data: bytes) -> None:
    sock.sendall(b"zINSTREAM\0")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
    sock.sendall(struct.pack("!L", 0))


def _read_reply(sock: socket.socket) -> str:
    received = b""
    while not received.endswith(b"\0") and len(received) < MAX_REPLY:
        part = sock.recv(4096)
        if not part:
            break
        received += part
    return received.rstrip(b"\0").decode("utf-8", "replace").strip()
