"""Encryption turned on in the home's git repository: ``.gitattributes`` and the local git config.

``install`` marks every file of the home for the ``coach-crypt`` filter (all but
``.gitattributes`` and ``.gitignore``, which stay plain) and points the filter,
the diff text conversion and the merge driver at this Python, in the
repository's own ``.git/config``: never committed, never pushed. The key stays
where the manager keeps it; the repository holds only its path, in that local
config. ``unlock`` does the same for a clone of an existing encrypted backup,
after checking that the key opens it, and rewrites the ciphertext a clone
without the key left in the folder as plain files.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from coachcli.crypt_key import is_inside, load_key
from coachcli.errors import CoachError
from coachcli.fsys import AGE_HEADER, atomic_write, is_encrypted

FILTER = "coach-crypt"
"""The name of the filter, diff and merge driver in ``.gitattributes`` and ``.git/config``."""
PLAIN_FILES = (".gitattributes", ".gitignore")
"""Files of the home that stay plain in the repository: git must read them to filter the rest."""
ATTRIBUTES = f"""\
# Written by coach (docs/sync-encryption.md): every file is stored encrypted in the
# repository and stays plain in this folder; these two files stay plain.
* filter={FILTER} diff={FILTER} merge={FILTER} -text
.gitattributes !filter !diff !merge !text
.gitignore !filter !diff !merge !text
"""
_MARK = f"* filter={FILTER} "


def install(repo_root: Path, identity: Path) -> None:
    """Encrypt every file of the repository at ``repo_root`` with the key file ``identity``.

    Run it before the first commit (``coach sync init REMOTE --backup --encrypt``): a
    repository whose history already holds files in plain text is refused, since
    encrypting from now on would leave them readable in the backup. Running it again
    changes nothing, or points the filter at the Python running now.
    """
    identity = identity.expanduser().absolute()
    if is_inside(identity, repo_root):
        raise CoachError(
            f"The backup key {identity} is inside the notes folder {repo_root}: "
            "it would be copied to the backup with the notes it opens.",
            hint="Keep the key outside the notes folder (the default place is outside it).",
        )
    load_key(identity)
    git_dir = find_git_dir(repo_root)
    if not _configured(repo_root):
        plain = plain_in_history(repo_root)
        if plain:
            raise CoachError(
                f"The history of {repo_root} already holds {len(plain)} file(s) in plain text "
                f"(first: {plain[0]}); encrypting from now on would leave them readable.",
                hint="Encrypt a backup from its first commit: start a new repository and remote.",
            )
    _write_attributes(repo_root)
    command = f"{shlex.quote(sys.executable)} -m coachcli.crypt_filter"
    key = f"--identity {shlex.quote(str(identity))}"
    settings = {
        f"filter.{FILTER}.process": f"{command} process {key}",
        f"filter.{FILTER}.required": "true",
        f"diff.{FILTER}.textconv": f"{command} textconv {key}",
        f"merge.{FILTER}.name": "coach notes, merged as plain text and encrypted again",
        f"merge.{FILTER}.driver": f"{command} merge {key} %O %A %B %L %P",
    }
    for name, value in settings.items():
        git(repo_root, "config", "--local", name, value)
    (git_dir / "coach-crypt").mkdir(mode=0o700, exist_ok=True)


def unlock(repo_root: Path, identity: Path) -> list[str]:
    """Join an encrypted backup cloned at ``repo_root`` with the key file ``identity``.

    Checks first that the key opens the backup (else a :class:`CoachError`, and
    nothing changed), then installs the filter and writes every file that is still
    ciphertext in the folder (a clone made without the filter) as plain text. Files
    already plain are left alone. Returns the paths written.
    """
    key = load_key(identity.expanduser().absolute())
    at_head = _files_at_head(repo_root)
    encrypted = [(p, oid) for p, oid in at_head if Path(p).name not in PLAIN_FILES]
    for path, oid in encrypted:
        blob = git(repo_root, "cat-file", "blob", oid)
        if is_encrypted(blob):
            key.decrypt(blob, f"{repo_root / path}")  # the wrong key stops here
            break
    # A clone made with --no-checkout has none of its files yet: the plain ones first, so
    # install finds the backup's own .gitattributes.
    plain = [p for p, _oid in at_head if Path(p).name in PLAIN_FILES]
    _checkout(repo_root, [p for p in plain if not (repo_root / p).exists()])
    install(repo_root, identity)
    stale = [path for path, _oid in encrypted if _stale(repo_root, path)]
    for path in stale:
        (repo_root / path).unlink(missing_ok=True)
    _checkout(repo_root, stale)
    return stale


def prune_cache(repo_root: Path) -> int:
    """The encryption cache of the repository at ``repo_root`` pruned to what HEAD and the index
    hold (:func:`coachcli.crypt_cache.prune`; ``coach sync`` calls it once it has committed,
    pulled and pushed); how many entries went. No cache (encryption off): nothing to do."""
    from coachcli.crypt_cache import CACHE, CACHE_FOLDER, prune

    git_dir = find_git_dir(repo_root)
    if not (git_dir / CACHE_FOLDER / CACHE).is_dir():
        return 0
    keep = {oid for _, oid in _files_at_head(repo_root)}
    for entry in git(repo_root, "ls-files", "-s", "-z").split(b"\0"):
        if entry:
            keep.add(entry.split(b" ", 2)[1].decode())  # <mode> <object> <stage>\t<path>
    try:
        found = git(repo_root, "rev-parse", "--show-object-format").decode().strip()
    except CoachError:  # a git older than 2.25 knows only sha1
        found = "sha1"
    return prune(git_dir, keep, found or "sha1")


def find_git_dir(repo_root: Path) -> Path:
    """The git folder of the repository at ``repo_root`` (``.git``, or where a ``.git`` file
    points)."""
    out = git(repo_root, "rev-parse", "--absolute-git-dir")
    return Path(out.decode("utf-8", "surrogateescape").strip())


def git(repo_root: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run ``git -C repo_root ARGS``; its output, or a :class:`CoachError` with git's words."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo_root), *args], input=input, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise CoachError(
            "git is not installed (or not on PATH).",
            hint="Install git (https://git-scm.com), then try again.",
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise CoachError(f"git {args[0]} failed in {repo_root}: {said}")
    return done.stdout


def plain_in_history(repo_root: Path) -> list[str]:
    """Paths of files (not ``.gitattributes`` or ``.gitignore``) whose blob anywhere in the
    repository's history is not age ciphertext."""
    listed = git(repo_root, "rev-list", "--objects", "--all").decode("utf-8", "surrogateescape")
    paths: dict[str, str] = {}
    for line in listed.splitlines():
        oid, _, path = line.partition(" ")
        if path and Path(path).name not in PLAIN_FILES:
            paths.setdefault(oid, path)
    if not paths:
        return []
    out = git(repo_root, "cat-file", "--batch", input="\n".join(paths).encode() + b"\n")
    plain, at = [], 0
    while at < len(out):
        header_end = out.index(b"\n", at)
        oid, kind, size = out[at:header_end].decode().split()
        body = out[header_end + 1 : header_end + 1 + int(size)]
        at = header_end + 1 + int(size) + 1
        if kind == "blob" and not is_encrypted(body):
            plain.append(paths[oid])
    return sorted(plain)


def _configured(repo_root: Path) -> bool:
    done = subprocess.run(
        ["git", "-C", str(repo_root), "config", "--local", f"filter.{FILTER}.process"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _write_attributes(repo_root: Path) -> None:
    path = repo_root / ".gitattributes"
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"Cannot read {path}: {exc}.") from None
    if current == ATTRIBUTES:
        return
    if current is not None and _MARK not in current:
        raise CoachError(
            f"{path} already exists and is not coach's: coach will not overwrite it.",
            hint=f"Move it away, or add the line '{ATTRIBUTES.splitlines()[2]}' yourself.",
        )
    atomic_write(path, ATTRIBUTES)


def _checkout(repo_root: Path, paths: list[str]) -> None:
    """Write ``paths`` from HEAD into the folder and the index (through the filter, if set)."""
    if paths:
        names = b"\0".join(p.encode("utf-8", "surrogateescape") for p in paths)
        git(repo_root, "--literal-pathspecs", "checkout", "HEAD",
            "--pathspec-from-file=-", "--pathspec-file-nul", input=names)  # fmt: skip


def _stale(repo_root: Path, path: str) -> bool:
    """Whether a file of HEAD is missing from the folder, or still ciphertext there."""
    file = repo_root / path
    return not file.exists() or _starts_as_ciphertext(file)


def check_key(repo_root: Path, identity: Path, commit: str) -> None:
    """That the key file ``identity`` opens the files of ``commit`` (one is tried): a
    :class:`CoachError` if not, before anything is checked out (joining a backup)."""
    key = load_key(identity.expanduser().absolute())
    for path, oid in _files_at_head(repo_root, commit):
        blob = git(repo_root, "cat-file", "blob", oid)
        if Path(path).name not in PLAIN_FILES and is_encrypted(blob):
            key.decrypt(blob, path)
            return


def _files_at_head(repo_root: Path, commit: str = "HEAD") -> list[tuple[str, str]]:
    """(path, blob id) of the files at ``commit`` (links and submodules left out); none before
    a first commit."""
    try:
        git(repo_root, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
    except CoachError:
        return []
    listed = git(repo_root, "ls-tree", "-r", "-z", commit)
    files = []
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, _, raw = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = raw.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000":
            files.append((path, oid))
    return files


def _starts_as_ciphertext(file: Path) -> bool:
    try:
        with file.open("rb") as handle:
            return handle.read(len(AGE_HEADER)) == AGE_HEADER
    except OSError:
        return False
