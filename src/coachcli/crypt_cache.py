"""The filter's two directions (clean: plain → ciphertext; smudge: back), stable through a cache.

age is not deterministic: encrypting the same note twice gives two different
files. git runs the clean filter whenever it looks at a file again, so without
help every note would look modified forever. The cache, in the repository's own
``.git/coach-crypt/cache/`` (never committed, never pushed), maps a keyed hash
of a file's path and plain text to the ciphertext stored for it:

- clean returns the cached ciphertext when there is one (checked to decrypt to
  the same plain text first), else encrypts and records;
- smudge, decrypting a blob from the repository, records that blob, so a
  fresh clone's clean gives back exactly the blob it checked out.

The cache may be deleted at any time: the next clean encrypts afresh and git
sees those files as changed once (committing them loses nothing).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from coachcli.crypt_key import BackupKey
from coachcli.errors import CoachError
from coachcli.fsys import ensure_dir, is_encrypted

CACHE_FOLDER = "coach-crypt"
"""Inside the repository's git folder: the cache and the merge driver's scratch files."""


class Sealer:
    """Encrypts and decrypts one repository's files with one key, through its cache."""

    def __init__(self, key: BackupKey, git_dir: Path) -> None:
        self.key = key
        self.folder = git_dir / CACHE_FOLDER

    @property
    def cache_dir(self) -> Path:
        return self.folder / "cache"

    def clean(self, path: str, plain: bytes) -> bytes:
        """The blob git stores for ``plain`` at ``path``: the same ciphertext as last time."""
        entry = self._entry(path, plain)
        with contextlib.suppress(OSError):
            cached = entry.read_bytes()
            if self._opens_to(cached, plain):
                return cached
        cipher = self.key.encrypt(plain)
        self._record(entry, cipher)
        return cipher

    def smudge(self, path: str, blob: bytes) -> bytes:
        """The plain file for a blob: decrypted (and recorded), or as it is if never encrypted."""
        if not is_encrypted(blob):
            # A file committed before encryption was turned on: it is plain already.
            return blob
        plain = self.key.decrypt(blob, path)
        self._record(self._entry(path, plain), blob)
        return plain

    def _opens_to(self, cipher: bytes, plain: bytes) -> bool:
        try:
            return self.key.decrypt(cipher, "cache") == plain
        except CoachError:
            return False

    def _entry(self, path: str, plain: bytes) -> Path:
        digest = self.key.digest(path, plain)
        return self.cache_dir / digest[:2] / digest[2:]

    def _record(self, entry: Path, cipher: bytes) -> None:
        """Write a cache entry atomically (0600); not fsynced: a lost one costs a re-encryption.

        The cache only saves work: a disk that refuses the entry is not an error.
        """
        try:
            ensure_dir(entry.parent)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=entry.parent)
        except (OSError, CoachError):
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(cipher)
            Path(tmp).replace(entry)
        except OSError:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
