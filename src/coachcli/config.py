"""The user's settings: ``<home>/config.toml``.

Read with tomllib, written with tomli-w, validated with pydantic. A missing
file means all defaults; an unknown key or a bad value is an error that names
the key and what is expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from coachcli.errors import CoachError, unknown_choice
from coachcli.home import Home
from coachcli.tomlfile import Problem, TomlFileError, load_toml
from coachcli.tomlmodel import read_model


class SyncConfig(BaseModel):
    """The ``[sync]`` table: how ``coach sync`` runs (docs/sync.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    auto: bool = Field(False, description="Run `coach sync` after each finished session.")
    name: str = Field(
        "",
        max_length=100,
        description="Your name in the team remote (set by `coach sync init --team --as NAME`).",
    )


class Config(BaseModel):
    """Settings, with their defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    manager_name: str = Field("", description="Your name, written as the owner of your actions.")
    default_framework: Annotated[
        str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    ] = Field("grow", description="The framework offered first by `coach start`.")
    cadence_days: int = Field(7, ge=1, le=365, description="Days between 1:1s, unless a rep's own.")
    coaching_target: float = Field(
        0.6, ge=0, le=1, description="The share of time you aim to spend coaching (0 to 1)."
    )
    pager: str = Field(
        "",
        max_length=200,
        description="The pager for long output: a command, or false for none "
        "(default: $PAGER, else less -FRX; $COACH_PAGER comes first).",
    )
    sync: SyncConfig = Field(default_factory=SyncConfig, description="How `coach sync` runs.")


class ConfigError(TomlFileError):
    what = "config file"
    hint_text = "Fix it by hand, or remove the key with `coach config unset KEY`."

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__(path, problems)
        if any(not p.key for p in problems):  # the file itself, not one key: unset cannot help
            self.hint = "Fix that line by hand in any editor (`coach config path` shows the file)."


TABLES = {"sync": SyncConfig}
"""The settings that are tables: their keys are written ``table.key`` (``sync.auto``)."""
KEYS = tuple(
    key
    for name in Config.model_fields
    for key in (
        [f"{name}.{sub}" for sub in TABLES[name].model_fields] if name in TABLES else [name]
    )
)


def load_config(home: Home, warnings: list[str] | None = None) -> Config:
    """The settings in ``home``; defaults when there is no config file.

    With a ``warnings`` list (commands that only read the settings), a config
    file with mistakes does not stop the command: each setting that cannot
    be used takes its default, and one warning naming the file says so.
    Without it (``coach config``), the mistakes are a ConfigError.
    """
    if not home.config_file.exists():
        return Config()
    try:
        return read_model(home.config_file, Config, ConfigError)
    except TomlFileError as exc:
        if warnings is None:
            raise
        fixed = _usable(home, exc)
        fallback = "every setting takes" if fixed is None else "that setting takes"
        warnings.append(
            f"{home.config_file}: {exc.summary} — until it is fixed, {fallback} its default"
        )
        return fixed or Config()


def _usable(home: Home, error: TomlFileError) -> Config | None:
    """The settings without the keys the problems name; None when the file cannot be read."""
    from pydantic import ValidationError

    try:
        data = load_toml(home.config_file, ConfigError)[1]
    except TomlFileError:
        return None
    broken = {p.key.split(".")[0].split("[")[0] for p in error.problems}
    try:
        return Config.model_validate({k: v for k, v in data.items() if k not in broken})
    except ValidationError:
        return None


def describe() -> dict[str, str]:
    """Each key and what it means."""
    return {key: _field(key).description or "" for key in KEYS}


def _field(key: str) -> Any:
    table, _, sub = key.partition(".")
    return TABLES[table].model_fields[sub] if sub else Config.model_fields[key]


def value_of(config: Config, key: str) -> object:
    """The value of one key (``cadence_days``, ``sync.auto``) in ``config``."""
    table, _, sub = key.partition(".")
    return getattr(getattr(config, table), sub) if sub else getattr(config, key)


def _check_key(key: str) -> None:
    if key not in KEYS:
        raise unknown_choice("setting", key, KEYS)


def _raw(home: Home) -> dict[str, Any]:
    """The config file's table, even when its values are invalid (not when its syntax is)."""
    if not home.config_file.exists():
        return {}
    return load_toml(home.config_file, ConfigError)[1]


def _save_validated(home: Home, data: dict[str, Any], key: str, value: object) -> Config:
    try:
        updated = Config.model_validate(data)
    except ValidationError as exc:
        mine = [e for e in exc.errors() if ".".join(map(str, e["loc"])) == key and _has(data, key)]
        if not mine:
            load_config(home)  # another key is broken: raise the located error
            raise
        expected = str(mine[0]["msg"]).replace("Input should be", "expected")
        raise CoachError(
            f"Bad value for {key}: {value!r}; {expected[0].lower()}{expected[1:]}.",
            hint=_field(key).description,
        ) from None
    save_config(home, updated)
    return updated


def set_value(home: Home, key: str, value: str) -> Config:
    """Set one key from its text form, validate, and save; return the new settings.

    Works on a config file whose other values are fine, and repairs a file
    whose only problem is this key.
    """
    _check_key(key)
    from coachcli.fsys import home_writing

    with home_writing(home.root):  # not while coach sync pulls config.toml
        data = _raw(home)
        table, _, sub = key.partition(".")
        if sub:
            data[table] = {**(data[table] if isinstance(data.get(table), dict) else {}), sub: value}
        else:
            data[key] = value
        return _save_validated(home, data, key, value)


def _has(data: dict[str, Any], key: str) -> bool:
    table, _, sub = key.partition(".")
    return sub in data[table] if sub and isinstance(data.get(table), dict) else key in data


def unset_value(home: Home, key: str) -> Config:
    """Return one key to its default and save.

    Also repairs the file: a bad value for the key, or a key that is not a
    setting at all (a typo), is removed.
    """
    if not _has(_raw(home), key):
        _check_key(key)
    from coachcli.fsys import home_writing

    with home_writing(home.root):  # not while coach sync pulls config.toml
        data = _raw(home)
        table, _, sub = key.partition(".")
        if sub and isinstance(data.get(table), dict):
            data[table] = {k: v for k, v in data[table].items() if k != sub}
            if not data[table]:
                del data[table]
        else:
            data.pop(key, None)
        return _save_validated(home, data, key, None)


def save_config(home: Home, config: Config) -> None:
    """Write the settings that differ from the defaults (atomically, owner-only)."""
    import tomli_w

    from coachcli.fsys import atomic_write

    text = tomli_w.dumps(config.model_dump(exclude_defaults=True))
    atomic_write(home.config_file, "# coachcli settings: `coach config --help`\n" + text)
