"""The backup key: an age identity file the manager holds, outside the data home.

The encrypted backup (docs/sync-encryption.md) is age's format, through pyrage:
a file in the backup is an ordinary age file that ``age -d -i KEY`` opens, with
or without coach. The key is an age identity file as ``age-keygen`` writes it
(comment lines, then ``AGE-SECRET-KEY-1…``), 0600, in the platform's config
folder by default, never inside the home, so it can never be committed.

pyrage is imported only by the functions that encrypt or decrypt: nothing on
``coach``'s start-up path loads it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.fsys import atomic_write, ensure_dir
from coachcli.home import APP_NAME, Home

if TYPE_CHECKING:
    from pyrage import x25519

SECRET_PREFIX = "AGE-SECRET-KEY-1"
KEY_FILE_NAME = "backup-key.txt"
_CACHE_KEY_LABEL = b"coachcli backup cache v1"


def default_key_path(home: Home) -> Path:
    """Where a new backup key goes: the platform's config folder, unless the home is there.

    On macOS and Windows the platform's config and data folders are one folder,
    which is the default home: the key then goes to a sibling folder, so it is
    never inside the repository it opens.
    """
    from platformdirs import user_config_path

    candidates = [
        user_config_path(APP_NAME, appauthor=False),
        user_config_path(f"{APP_NAME}-keys", appauthor=False),
        Path.home() / f".{APP_NAME}-keys",
    ]
    for folder in candidates:
        if not is_inside(folder / KEY_FILE_NAME, home.root):
            return folder / KEY_FILE_NAME
    raise CoachError(
        f"Every place coach would keep the backup key is inside the notes folder {home.root}.",
        hint="Choose where the key goes (a folder outside the notes folder).",
    )


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or under it (both resolved, links followed)."""
    return path.resolve().is_relative_to(folder.resolve())


def key_warning(key_path: Path) -> str:
    """What a manager must read before the first encrypted push: losing the key loses the backup."""
    return (
        "Your backup will be encrypted with a key that only you hold:\n"
        f"  {key_path}\n"
        "Without this file nobody can read the backup: not coach, not the people who host it, "
        "not you. There is no reset and no recovery.\n"
        "Keep a copy somewhere else now (a password manager, or a USB key in a drawer), "
        "and copy it to any other computer you sync from. "
        "Never put it in the notes folder: coach refuses a key there.\n"
        "The notes on this computer stay plain Markdown; only the copy in the backup is encrypted."
    )


def new_identity(path: Path) -> str:
    """Write a new age identity to ``path`` (0600, its folder 0700); return its public recipient.

    Never overwrites: a key already there may be the only one that opens a backup.
    """
    from pyrage import x25519

    if path.exists():
        raise CoachError(
            f"A backup key is already at {path}.",
            hint="Use it (it may be the only key that opens your backup), or choose another path.",
        )
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = (
        f"# created: {created}\n"
        f"# public key: {recipient}\n"
        "# The coach backup key. Without this file the encrypted backup cannot be read by\n"
        "# anyone. Keep a copy somewhere safe; never put it in the notes folder.\n"
        f"{identity}\n"
    )
    ensure_dir(path.parent)
    atomic_write(path, text)
    return recipient


def recipient(path: Path) -> str:
    """The public recipient of the key at ``path`` (its first identity)."""
    return str(load_key(path).identities[0].to_public())


@dataclass(frozen=True)
class BackupKey:
    """The identities of a key file, what is encrypted to, and the key of the ciphertext cache."""

    path: Path
    identities: tuple[x25519.Identity, ...]
    cache_key: bytes

    def encrypt(self, plain: bytes) -> bytes:
        import pyrage

        return pyrage.encrypt(plain, [i.to_public() for i in self.identities])

    def decrypt(self, cipher: bytes, where: str) -> bytes:
        """The plain text of ``cipher``; a :class:`CoachError` naming ``where`` if this key
        cannot open it."""
        import pyrage

        try:
            return pyrage.decrypt(cipher, list(self.identities))
        except pyrage.DecryptError as exc:
            if "No matching keys" in str(exc):
                raise CoachError(
                    f"{where}: the backup key {self.path} does not open it "
                    "(it was encrypted for another key).",
                    hint="Use the key file this backup was created with (docs/sync-encryption.md).",
                ) from None
            raise CoachError(
                f"{where}: not a readable age file ({exc}); it may be damaged.",
                hint="Fetch it again from the backup, or restore it from another copy.",
            ) from None

    def digest(self, path: str, plain: bytes) -> str:
        """A keyed hash of a file's path and plain text: the cache's name for its ciphertext.

        Keyed (HMAC with a key derived from the identity), so the cache does not let anyone
        who can read ``.git`` but not the notes confirm a guess of a note's text.
        """
        mac = hmac.new(self.cache_key, digestmod=hashlib.sha256)
        mac.update(path.encode("utf-8", "surrogateescape") + b"\0")
        mac.update(plain)
        return mac.hexdigest()


def load_key(path: Path) -> BackupKey:
    """The key file at ``path``: its ``AGE-SECRET-KEY-1…`` lines (comments and blanks skipped)."""
    from pyrage import IdentityError, x25519

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CoachError(
            f"The backup key {path} is missing.",
            hint="Copy the key you kept there: without it the encrypted backup cannot be read.",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"Cannot read the backup key {path}: {exc}.") from None
    identities = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if not line.startswith(SECRET_PREFIX):
                raise IdentityError("not an age secret key")
            identities.append(x25519.Identity.from_str(line))
        except IdentityError:
            raise CoachError(
                f"{path}, line {number}: not an age secret key (AGE-SECRET-KEY-1…).",
                hint="A backup key file holds the line age-keygen or coach wrote; "
                "restore it from your copy.",
            ) from None
    if not identities:
        raise CoachError(
            f"{path} holds no age secret key (a line AGE-SECRET-KEY-1…).",
            hint="Restore the key file from your copy.",
        )
    secrets = b"\n".join(sorted(str(i).encode("ascii") for i in identities))
    cache_key = hmac.new(secrets, _CACHE_KEY_LABEL, hashlib.sha256).digest()
    return BackupKey(path, tuple(identities), cache_key)
