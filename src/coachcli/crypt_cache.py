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

Each version of each file adds an entry, so :func:`prune` (after a ``coach sync``)
removes the entries whose ciphertext is no blob of HEAD or the index: the
ciphertext of a file git holds is kept, so an unchanged file still cleans to
the same blob; a pruned entry costs at most one encryption. Nothing is ever
decrypted from the cache without being checked (clean compares it with the
plain text), so no prune can give a wrong file back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

from coachcli.crypt_key import BackupKey
from coachcli.errors import CoachError
from coachcli.fsys import ensure_dir, is_encrypted

CACHE_FOLDER = "coach-crypt"
"""Inside the repository's git folder: the cache and the merge driver's scratch files."""
CACHE = "cache"
"""The cache's folder inside :data:`CACHE_FOLDER`: ``<first two of the hash>/<the rest>``."""
SLACK = 32
GROWTH = 0.25
"""The cache may hold up to a quarter more entries than git holds files, and :data:`SLACK`
more, before :func:`prune` reads it: most syncs then cost one listing of the folder."""
TEMP_AGE = 3600.0
"""Seconds after which a temporary file an interrupted write left in the cache is removed."""


class Sealer:
    """Encrypts and decrypts one repository's files with one key, through its cache."""

    def __init__(self, key: BackupKey, git_dir: Path) -> None:
        self.key = key
        self.folder = git_dir / CACHE_FOLDER

    @property
    def cache_dir(self) -> Path:
        return self.folder / CACHE

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


def prune(git_dir: Path, keep: Collection[str], object_format: str = "sha1") -> int:
    """Remove the cache entries whose ciphertext is none of the blobs ``keep`` (object ids, as
    ``object_format`` hashes them: HEAD's and the index's), once the cache holds more than a
    quarter (:data:`GROWTH`, and :data:`SLACK`) more entries than that; return how many went.

    Safe at any time: an entry removed by mistake costs one encryption (git then sees the
    file changed once), never a wrong file, since clean checks an entry before using it.
    """
    entries: list[Path] = []
    now = time.time()
    for folder in _listing(git_dir / CACHE_FOLDER / CACHE):
        if not folder.is_dir(follow_symlinks=False):
            continue
        for item in _listing(Path(folder.path)):
            if not item.name.startswith("."):
                entries.append(Path(item.path))
                continue
            with contextlib.suppress(OSError):  # an interrupted write's temporary file
                if now - item.stat(follow_symlinks=False).st_mtime > TEMP_AGE:
                    Path(item.path).unlink()
    if len(entries) <= len(keep) * (1 + GROWTH) + SLACK:
        return 0
    wanted = set(keep)
    removed = 0
    for entry in entries:
        try:
            data = entry.read_bytes()
        except OSError:
            continue
        blob = hashlib.new(object_format, b"blob %d\0" % len(data) + data).hexdigest()
        if blob not in wanted:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []
