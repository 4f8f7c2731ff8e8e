"""git's pkt-line framing, as its long-running filter protocol speaks it (standard library only).

A packet is four hex digits giving its length (the four digits included)
followed by its data; ``0000`` is a flush packet, which ends a list or a
content stream. A packet carries at most :data:`MAX_DATA` bytes, so content
goes in as many packets as it needs. Text packets end with a newline, which
the reader drops. See git's ``gitprotocol-common`` and ``gitattributes``
(“Long Running Filter Process”).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

FLUSH = b"0000"
HEX_DIGITS = b"0123456789abcdefABCDEF"
MAX_DATA = 65516
"""The most data one packet holds: git's LARGE_PACKET_DATA_MAX (65520, less the header)."""


class PacketError(Exception):
    """The other side sent something that is not pkt-line, or stopped in the middle of a packet."""


def encode(data: bytes) -> bytes:
    """One packet holding ``data`` (1 to :data:`MAX_DATA` bytes)."""
    if not 0 < len(data) <= MAX_DATA:
        raise ValueError(f"a packet holds 1 to {MAX_DATA} bytes, not {len(data)}")
    return b"%04x" % (len(data) + 4) + data


def read_packet(stream: BinaryIO) -> bytes | None:
    """The next packet's data; None for a flush packet; EOFError at a clean end of the stream."""
    header = _read_exactly(stream, 4, at_start=True)
    if header.strip(HEX_DIGITS):
        raise PacketError(f"not a pkt-line length: {header!r}")
    size = int(header, 16)
    if size == 0:
        return None
    if size <= 4 or size - 4 > MAX_DATA:
        raise PacketError(
            f"not a pkt-line length: {header!r} (a packet holds 1 to {MAX_DATA} bytes)"
        )
    return _read_exactly(stream, size - 4, at_start=False)


def _read_exactly(stream: BinaryIO, size: int, *, at_start: bool) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            if at_start and not data:
                raise EOFError
            raise PacketError(f"the stream ended {len(data)} bytes into a {size}-byte read")
        data += chunk
    return data


def read_text_list(stream: BinaryIO) -> list[str]:
    """Text packets up to the next flush, each without its trailing newline."""
    lines = []
    while (packet := read_packet(stream)) is not None:
        lines.append(packet.decode("utf-8", "surrogateescape").removesuffix("\n"))
    return lines


def read_content(stream: BinaryIO) -> bytes:
    """Binary packets up to the next flush, joined."""
    parts = []
    while (packet := read_packet(stream)) is not None:
        parts.append(packet)
    return b"".join(parts)


def text_list(lines: list[str]) -> bytes:
    """``lines`` as text packets (each with its newline), then a flush."""
    packets = [encode(line.encode("utf-8", "surrogateescape") + b"\n") for line in lines]
    return b"".join(packets) + FLUSH


def content(data: bytes) -> bytes:
    """``data`` in as many packets as it needs, then a flush (an empty content is a flush alone)."""
    return b"".join(_chunks(data)) + FLUSH


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), MAX_DATA):
        yield encode(data[start : start + MAX_DATA])
