"""The built wheel carries the frameworks, and the installed `coach` sees and validates them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a wheel from this checkout and install it (non-editable) into a folder."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out / "dist"), str(ROOT)],
        check=True,
    )  # fmt: skip
    wheels = list((out / "dist").glob("coachcli-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "coachcli/frameworks/grow.toml" in names
    assert "coachcli/frameworks/schema.json" in names
    target = out / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheels[0])],
        check=True,
    )  # fmt: skip
    return target


def _run(site: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "COACH_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "coachcli", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=site.parent,
    )


@pytest.mark.slow
def test_installed_package_lists_and_validates_builtins(installed: Path, tmp_path: Path) -> None:
    where = _run(installed, tmp_path, "frameworks", "path", "--builtin")
    assert where.returncode == 0, where.stderr
    builtin = Path(where.stdout.strip())
    assert builtin == installed / "coachcli" / "frameworks"

    listed = _run(installed, tmp_path, "frameworks", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)["frameworks"]
    shipped = sorted(p.stem for p in (ROOT / "frameworks").glob("*.toml"))
    assert sorted(r["id"] for r in rows) == shipped
    assert all(r["valid"] and r["source"] == "built-in" for r in rows)
    assert all(r["path"].startswith(str(builtin)) for r in rows)

    checked = _run(installed, tmp_path, "frameworks", "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    libraries = list((ROOT / "frameworks" / "feedback").glob("*.toml"))
    libraries += list((ROOT / "frameworks" / "stages").glob("*.toml"))
    assert checked.stdout.count("ok ") == len(shipped) + len(libraries)
    assert f"ok      {builtin / 'stages' / 'library.toml'}" in checked.stdout  # it ships


@pytest.mark.slow
def test_installed_version_matches_source(installed: Path, tmp_path: Path) -> None:
    from coachcli import __version__

    result = _run(installed, tmp_path, "--version")
    assert result.stdout.strip() == f"coach {__version__}"
    dist = list(installed.glob("coachcli-*.dist-info"))
    assert dist and dist[0].name == f"coachcli-{__version__}.dist-info"
