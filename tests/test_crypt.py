"""Encryption at rest, without git: the pkt-line codec, the filter protocol, the key, the cache."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachcli import crypt_cache, pktline
from coachcli.crypt_cache import Sealer, prune
from coachcli.crypt_key import (
    default_key_path,
    key_warning,
    load_key,
    new_identity,
    recipient,
)
from coachcli.crypt_process import serve
from coachcli.errors import CoachError
from coachcli.fsys import AGE_HEADER
from coachcli.home import Home

# --- pkt-line -------------------------------------------------------------------------------


def test_a_packet_is_its_length_in_hex_then_its_data() -> None:
    assert pktline.encode(b"a\n") == b"0006a\n"
    assert pktline.text_list(["version=2"]) == b"000eversion=2\n0000"
    assert pktline.content(b"") == b"0000"


def test_content_is_cut_into_packets_of_at_most_65516_bytes() -> None:
    data = bytes(range(256)) * 600  # 153,600 bytes: three packets
    framed = pktline.content(data)
    assert framed[:4] == b"fff0" and framed.endswith(b"0000")
    assert pktline.read_content(io.BytesIO(framed)) == data
    assert len(framed) == len(data) + 3 * 4 + 4


@given(st.lists(st.binary(min_size=0, max_size=70_000), max_size=4))
@settings(max_examples=30, deadline=None)
def test_content_and_text_lists_read_back(parts: list[bytes]) -> None:
    lines = [f"pathname=reps/{len(p)}.md" for p in parts]
    stream = io.BytesIO(b"".join(pktline.text_list([line]) + pktline.content(p)
                                 for line, p in zip(lines, parts, strict=True)))  # fmt: skip
    for line, part in zip(lines, parts, strict=True):
        assert pktline.read_text_list(stream) == [line]
        assert pktline.read_content(stream) == part
    with pytest.raises(EOFError):
        pktline.read_packet(stream)


@pytest.mark.parametrize(
    ("stream", "said"),
    [
        (b"zz01", "not a pkt-line length"),
        (b"0x10abcdefghijkl", "not a pkt-line length"),
        (b"0004", "1 to 65516 bytes"),
        (b"0002", "1 to 65516 bytes"),
        (b"fff1" + b"x" * 65517, "1 to 65516 bytes"),
        (b"0009ab", "ended 2 bytes into a 5-byte read"),
        (b"00", "ended 2 bytes into a 4-byte read"),
    ],
)
def test_what_is_not_pkt_line_is_refused(stream: bytes, said: str) -> None:
    with pytest.raises(pktline.PacketError, match=said):
        pktline.read_packet(io.BytesIO(stream))


def test_a_packet_holds_one_to_65516_bytes() -> None:
    with pytest.raises(ValueError, match="1 to 65516"):
        pktline.encode(b"")
    with pytest.raises(ValueError, match="1 to 65516"):
        pktline.encode(b"x" * 65517)


# --- the key --------------------------------------------------------------------------------


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "backup-key.txt"
    new_identity(path)
    return path


def test_a_new_key_is_an_age_identity_file_only_its_owner_reads(key_file: Path) -> None:
    text = key_file.read_text(encoding="utf-8")
    public = recipient(key_file)
    assert public.startswith("age1") and f"# public key: {public}\n" in text
    assert text.splitlines()[-1].startswith("AGE-SECRET-KEY-1")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700


def test_a_key_is_never_overwritten(key_file: Path) -> None:
    before = key_file.read_bytes()
    with pytest.raises(CoachError, match="already at") as caught:
        new_identity(key_file)
    assert "only key" in (caught.value.hint or "")
    assert key_file.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("# only a comment\n\n", "holds no age secret key"),
        ("# created: x\nAGE-SECRET-KEY-1NOTBECH32\n", r"line 2: not an age secret key"),
        ("age1notasecret\n", r"line 1: not an age secret key"),
    ],
)
def test_a_bad_key_file_is_named_with_its_line(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "key.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CoachError, match=said) as caught:
        load_key(path)
    assert str(path) in caught.value.message


def test_a_missing_key_says_so_and_what_it_means(tmp_path: Path) -> None:
    with pytest.raises(CoachError, match="is missing") as caught:
        load_key(tmp_path / "nowhere.txt")
    assert "cannot be read" in (caught.value.hint or "")


def test_the_default_key_place_is_outside_the_home(
    coach_home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_key_path(coach_home) == tmp_path / "xdg-config" / "coachcli" / "backup-key.txt"
    # macOS and Windows: the config folder is the data folder, the default home.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(coach_home.root.parent))
    inside = Home(coach_home.root.parent / "coachcli")
    assert default_key_path(inside) == coach_home.root.parent / "coachcli-keys" / "backup-key.txt"


def test_the_warning_names_the_key_and_what_losing_it_means(key_file: Path) -> None:
    warning = key_warning(key_file)
    assert str(key_file) in warning
    assert "nobody can read the backup" in warning and "Keep a copy" in warning


# --- clean and smudge -----------------------------------------------------------------------


@pytest.fixture
def sealer(key_file: Path, tmp_path: Path) -> Sealer:
    return Sealer(load_key(key_file), tmp_path / "dot-git")


@given(plain=st.binary(max_size=5000), path=st.text(min_size=1, max_size=40))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_bytes_go_through_clean_and_smudge_unchanged(
    sealer: Sealer, plain: bytes, path: str
) -> None:
    cipher = sealer.clean(path, plain)
    assert cipher.startswith(AGE_HEADER)
    assert sealer.smudge(path, cipher) == plain
    assert sealer.clean(path, plain) == cipher  # the same blob each time


def test_smudge_records_the_blob_so_clean_gives_it_back(sealer: Sealer, key_file: Path) -> None:
    elsewhere = load_key(key_file).encrypt(b"# A note written on the other computer\n")
    assert sealer.smudge("reps/a/n.md", elsewhere) == b"# A note written on the other computer\n"
    assert sealer.clean("reps/a/n.md", b"# A note written on the other computer\n") == elsewhere
    # keyed by path too: the same text at another path is its own blob
    assert sealer.clean("reps/b/n.md", b"# A note written on the other computer\n") != elsewhere


def test_the_cache_holds_no_plain_text_and_a_damaged_entry_is_replaced(sealer: Sealer) -> None:
    plain = b"Holding price with the Zorblax buyer\n"
    first = sealer.clean("n.md", plain)
    (entry,) = [p for p in sealer.cache_dir.rglob("*") if p.is_file()]
    assert b"Zorblax" not in entry.read_bytes() and "Zorblax" not in str(entry)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    entry.write_bytes(b"garbage")
    again = sealer.clean("n.md", plain)
    assert again != first and sealer.smudge("n.md", again) == plain


def test_the_cache_is_keyed_so_a_guess_cannot_be_checked(key_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    new_identity(other)
    ours, theirs = load_key(key_file), load_key(other)
    assert ours.digest("n.md", b"x") != theirs.digest("n.md", b"x")
    assert ours.digest("n.md", b"x") == load_key(key_file).digest("n.md", b"x")


def _blob_id(data: bytes, how: str = "sha1") -> str:
    """The id git gives a blob holding ``data``."""
    import hashlib

    return hashlib.new(how, b"blob %d\0" % len(data) + data).hexdigest()


def _entries(sealer: Sealer) -> list[Path]:
    return sorted(p for p in sealer.cache_dir.rglob("*") if p.is_file())


@pytest.mark.parametrize("how", ["sha1", "sha256"])
def test_prune_keeps_the_entries_git_still_holds_and_only_those(
    sealer: Sealer, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    versions = [f"# Alex, version {n}\n".encode() for n in range(5)]
    ciphers = [sealer.clean("reps/alex/n.md", text) for text in versions]
    other = sealer.clean("reps/jo/n.md", b"# Jo\n")
    assert len(_entries(sealer)) == 6
    keep = {_blob_id(ciphers[-1], how), _blob_id(other, how), _blob_id(b"plain .gitignore", how)}
    assert prune(sealer.folder.parent, keep, how) == 0  # within the slack: not even read
    monkeypatch.setattr(crypt_cache, "SLACK", 0)
    monkeypatch.setattr(crypt_cache, "GROWTH", 0)
    assert prune(sealer.folder.parent, keep, how) == 4
    assert {p.read_bytes() for p in _entries(sealer)} == {ciphers[-1], other}
    monkeypatch.setattr(type(sealer.key), "encrypt", lambda *_: pytest.fail("encrypted again"))
    assert sealer.clean("reps/alex/n.md", versions[-1]) == ciphers[-1]  # unchanged: same blob
    assert sealer.clean("reps/jo/n.md", b"# Jo\n") == other


def test_prune_removes_what_an_interrupted_write_left_and_survives_no_cache(
    sealer: Sealer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    assert prune(tmp_path / "no-git-folder", set()) == 0
    sealer.clean("n.md", b"x")
    (folder,) = [p for p in sealer.cache_dir.iterdir() if p.is_dir()]
    old, new = folder / ".abc.tmp", folder / ".def.tmp"
    old.write_bytes(b"half")
    new.write_bytes(b"being written")
    os.utime(old, (1, 1))
    monkeypatch.setattr(crypt_cache, "SLACK", 0)
    prune(sealer.folder.parent, set())
    assert not old.exists() and new.exists()  # a write in progress is left alone
    assert _entries(sealer) == [new]


def test_a_blob_never_encrypted_comes_out_as_it_is(sealer: Sealer) -> None:
    assert (
        sealer.smudge("old.md", b"# written before encryption\n")
        == b"# written before encryption\n"
    )


def test_another_keys_blob_is_a_clear_error(sealer: Sealer, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    new_identity(other)
    foreign = load_key(other).encrypt(b"secret")
    with pytest.raises(CoachError, match=r"reps/a/n\.md: the backup key .* does not open it"):
        sealer.smudge("reps/a/n.md", foreign)
    with pytest.raises(CoachError, match="not a readable age file"):
        sealer.smudge("reps/a/n.md", AGE_HEADER + b"-> X25519 broken\n")


# --- the filter process protocol ------------------------------------------------------------

HELLO = pktline.text_list(["git-filter-client", "version=2"]) + pktline.text_list(
    ["capability=clean", "capability=smudge", "capability=delay"]
)


def request(command: str, path: str, data: bytes) -> bytes:
    return pktline.text_list([f"command={command}", f"pathname={path}"]) + pktline.content(data)


def replies(out: bytes) -> list[list[bytes] | None]:
    """The server's packets, flushes as None."""
    stream, packets = io.BytesIO(out), []
    while True:
        try:
            packets.append(pktline.read_packet(stream))
        except EOFError:
            return packets  # type: ignore[return-value]


def test_the_filter_answers_git_clean_then_smudge(sealer: Sealer) -> None:
    plain = b"x" * 70_000  # more than one packet each way
    cipher = sealer.clean("a.md", plain)
    wire = HELLO + request("clean", "a.md", plain) + request("smudge", "a.md", cipher)
    out, messages = io.BytesIO(), []
    serve(io.BytesIO(wire), out, lambda: sealer, messages.append)
    stream = io.BytesIO(out.getvalue())
    assert pktline.read_text_list(stream) == ["git-filter-server", "version=2"]
    assert pktline.read_text_list(stream) == ["capability=clean", "capability=smudge"]
    for expected in (cipher, plain):
        assert pktline.read_text_list(stream) == ["status=success"]
        assert pktline.read_content(stream) == expected
        assert pktline.read_text_list(stream) == []
    assert stream.read() == b"" and messages == []


def test_a_file_the_key_does_not_open_is_an_error_and_the_next_goes_on(
    sealer: Sealer, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    new_identity(other)
    foreign = load_key(other).encrypt(b"secret")
    wire = HELLO + request("smudge", "reps/x.md", foreign) + request("clean", "b.md", b"ok")
    out, messages = io.BytesIO(), []
    serve(io.BytesIO(wire), out, lambda: sealer, messages.append)
    stream = io.BytesIO(out.getvalue())
    pktline.read_text_list(stream), pktline.read_text_list(stream)
    assert pktline.read_text_list(stream) == ["status=error"]
    assert pktline.read_text_list(stream) == ["status=success"]
    assert len(messages) == 1 and "reps/x.md: the backup key" in messages[0]


def test_without_a_usable_key_every_file_is_refused_and_it_is_said_once(tmp_path: Path) -> None:
    def no_key() -> Sealer:
        return Sealer(load_key(tmp_path / "gone.txt"), tmp_path)

    wire = HELLO + request("clean", "a.md", b"1") + request("smudge", "b.md", b"2")
    out, messages = io.BytesIO(), []
    serve(io.BytesIO(wire), out, no_key, messages.append)
    stream = io.BytesIO(out.getvalue())
    pktline.read_text_list(stream), pktline.read_text_list(stream)
    assert pktline.read_text_list(stream) == ["status=abort"]
    assert pktline.read_text_list(stream) == ["status=abort"]
    assert len(messages) == 1 and "is missing" in messages[0]


def test_an_unknown_command_is_an_error(sealer: Sealer) -> None:
    out, messages = io.BytesIO(), []
    serve(io.BytesIO(HELLO + request("frobnicate", "a.md", b"")), out, lambda: sealer,
          messages.append)  # fmt: skip
    assert replies(out.getvalue())[-2:] == [b"status=error\n", None]
    assert "'frobnicate'" in messages[0]


def test_a_client_that_is_not_git_version_2_is_refused(sealer: Sealer) -> None:
    wire = pktline.text_list(["git-filter-client", "version=1"])
    with pytest.raises(pktline.PacketError, match="version 2"):
        serve(io.BytesIO(wire), io.BytesIO(), lambda: sealer, print)
