"""Where coachcli keeps its data: the home folder and what lives in it.

The home is, in order: the ``--home`` option, the ``COACH_HOME`` environment
variable, or the platform's user-data folder (via platformdirs, e.g.
``~/.local/share/coachcli`` on Linux). Nothing is created until something is
written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "COACH_HOME"
APP_NAME = "coachcli"


@dataclass(frozen=True)
class Home:
    """The data home and the well-known paths inside it."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "config.toml"

    @property
    def frameworks_dir(self) -> Path:
        return self.root / "frameworks"

    @property
    def reps_dir(self) -> Path:
        return self.root / "reps"

    @property
    def scratch_dir(self) -> Path:
        """Short-lived files holding note text (an answer open in $EDITOR): never in $TMPDIR."""
        return self.root / ".scratch"


def default_root() -> Path:
    """The platform's user-data folder for coachcli."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def resolve_home(option: str | os.PathLike[str] | None = None) -> Home:
    """Resolve the home: the option, else ``$COACH_HOME``, else the platform default."""
    chosen = option if option not in (None, "") else os.environ.get(ENV_VAR) or None
    root = Path(chosen).expanduser() if chosen is not None else default_root()
    return Home(root.absolute())


def home_digest(home: Home) -> str:
    """16 hex digits that name this home (its resolved path): its cache folder, its calendar's
    event ids."""
    root = str(home.root.resolve()).encode("utf-8", "surrogateescape")
    return sha256_hex(root)[:16]


def sha256_hex(data: bytes) -> str:
    """``hashlib.sha256(data).hexdigest()``, through CPython's own SHA-256 when it has one.

    ``hashlib`` loads OpenSSL (~4 ms), a tenth of what a read command may
    take to start; every read needs this digest to find its index.
    """
    import importlib

    for name in ("_sha2", "_sha256"):  # CPython 3.12+, 3.11
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return str(module.sha256(data).hexdigest())
    import hashlib  # pragma: no cover - a Python without them

    return hashlib.sha256(data).hexdigest()  # pragma: no cover


def cache_dir(home: Home) -> Path:
    """The home's cache folder, in the platform's cache folder (never inside the home): the
    index and what else may be deleted at any time."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False) / home_digest(home)


def builtin_dir() -> Path:
    """The folder of built-in frameworks (inside the package when installed)."""
    here = Path(__file__).resolve().parent
    packaged = here / "frameworks"
    if packaged.is_dir():
        return packaged
    checkout = here.parent.parent / "frameworks"
    if checkout.is_dir():
        return checkout
    from coachcli.errors import CoachError

    raise CoachError(
        "The built-in frameworks are missing from this installation.",
        hint="Reinstall coachcli (pip install --force-reinstall coachcli).",
    )
