"""The filter's work for git: its long-running filter process protocol answered, the merge driver.

git starts one filter process for a whole ``git add`` or checkout and speaks
pkt-line to it (:mod:`coachcli.pktline`): a handshake (``git-filter-client``,
version 2), the capabilities (clean and smudge), then one request per file.
Each file is cleaned or smudged by the :class:`~coachcli.crypt_cache.Sealer`.
The merge driver decrypts the three versions of a note, lets ``git merge-file``
merge them as text, and encrypts the result. Nothing here prints: what goes
wrong is handed to ``report`` (the entry point, :mod:`coachcli.crypt_filter`,
writes it to stderr, which git shows).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from coachcli import pktline
from coachcli.crypt_cache import Sealer
from coachcli.errors import CoachError
from coachcli.fsys import ensure_dir

CAPABILITIES = ("clean", "smudge")


def serve(
    reader: BinaryIO,
    writer: BinaryIO,
    open_sealer: Callable[[], Sealer],
    report: Callable[[str], None],
) -> None:
    """Answer git's filter requests on ``reader``/``writer`` until git closes the pipe.

    The key is read at the first request (``open_sealer``); if it cannot be, that is
    reported once and every request gets ``status=abort``, so git stops with the
    file it was at (the filter is required) and writes nothing it cannot read.
    A file that fails (a blob this key does not open) gets ``status=error``.
    """
    _handshake(reader, writer)
    sealer: Sealer | None = None
    unusable = False
    while True:
        try:
            headers = pktline.read_text_list(reader)
        except EOFError:
            return
        fields = dict(line.partition("=")[::2] for line in headers)
        command, path = fields.get("command", ""), fields.get("pathname", "")
        data = pktline.read_content(reader)
        if sealer is None and not unusable:
            try:
                sealer = open_sealer()
            except CoachError as exc:
                report(str(exc))
                unusable = True
        if sealer is None:
            _reply(writer, "abort")
            continue
        try:
            if command == "clean":
                out = sealer.clean(path, data)
            elif command == "smudge":
                out = sealer.smudge(path, data)
            else:
                raise CoachError(f"git asked the coach-crypt filter to {command!r} {path}.")
        except CoachError as exc:
            report(str(exc))
            _reply(writer, "error")
            continue
        writer.write(pktline.text_list(["status=success"]) + pktline.content(out))
        writer.write(pktline.FLUSH)  # an empty list: the status stays "success"
        writer.flush()


def _handshake(reader: BinaryIO, writer: BinaryIO) -> None:
    hello = pktline.read_text_list(reader)
    if not hello or hello[0] != "git-filter-client" or "version=2" not in hello[1:]:
        raise pktline.PacketError(f"not git's filter protocol version 2: {hello!r}")
    writer.write(pktline.text_list(["git-filter-server", "version=2"]))
    writer.flush()
    offered = {line.removeprefix("capability=") for line in pktline.read_text_list(reader)}
    writer.write(pktline.text_list([f"capability={c}" for c in CAPABILITIES if c in offered]))
    writer.flush()


def _reply(writer: BinaryIO, status: str) -> None:
    writer.write(pktline.text_list([f"status={status}"]))
    writer.flush()


def merge(sealer: Sealer, ours: Path, base: Path, theirs: Path, markers: int, path: str) -> int:
    """git's merge driver: the three versions decrypted and merged as text, the result
    encrypted again into ``ours``; the number of conflicts (0: merged cleanly).

    Conflict markers are in the plain text, where the manager resolves them in the note.
    The plain versions are written only inside the repository's git folder, never in a
    shared temporary folder, and removed at once.
    """
    plain = {name: sealer.smudge(path, file.read_bytes()) for name, file in
             (("ours", ours), ("base", base), ("theirs", theirs))}  # fmt: skip
    scratch = Path(tempfile.mkdtemp(prefix="merge-", dir=ensure_dir(sealer.folder)))
    try:
        for name, text in plain.items():
            (scratch / name).write_bytes(text)
        labels = [arg for name in ("ours", "base", "theirs") for arg in ("-L", name)]
        done = subprocess.run(
            ["git", "merge-file", "-p", f"--marker-size={markers}", *labels,
             str(scratch / "ours"), str(scratch / "base"), str(scratch / "theirs")],
            capture_output=True, check=False,
        )  # fmt: skip
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if done.returncode < 0 or done.returncode > 127:
        raise CoachError(f"git merge-file failed on {path}: {done.stderr.decode(errors='replace')}")
    ours.write_bytes(sealer.clean(path, done.stdout))
    return done.returncode
