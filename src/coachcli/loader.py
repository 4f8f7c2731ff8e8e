"""Find, read and validate framework files.

Frameworks come from three places, later ones winning for the same id:

1. the built-in folder shipped inside the package (``coachcli/frameworks``;
   in a source checkout, the repository's top-level ``frameworks/``);
2. the user's folder, ``<home>/frameworks/*.toml``;
3. explicit paths given on the command line.

Every mistake in a file is reported, all at once, in a :class:`FrameworkError`
(see :mod:`coachcli.tomlfile`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

from coachcli import computed
from coachcli.errors import CoachError, did_you_mean
from coachcli.feedback_templates import FeedbackLibrary, FeedbackTemplate
from coachcli.framework import Framework
from coachcli.home import Home, builtin_dir
from coachcli.stages import StageLibrary, read_library
from coachcli.tomlfile import Problem, TomlFileError, format_key
from coachcli.tomlmodel import read_model
from coachcli.tomlpos import key_lines, line_of

Origin = Literal["built-in", "user", "path"]


class FrameworkError(TomlFileError):
    """A framework file that cannot be used, with every problem found in it."""

    what = "framework"
    hint_text = (
        "The format is described in docs/frameworks.md; "
        "`coach frameworks validate FILE` checks a file."
    )


@dataclass(frozen=True)
class Source:
    """One framework file found on disk, valid or not."""

    id: str
    path: Path
    origin: Origin
    framework: Framework | None = None
    error: FrameworkError | None = None
    overrides: Path | None = field(default=None)
    """For a user file: the built-in file it replaces."""

    def to_json(self) -> dict[str, object]:
        """What ``coach frameworks list --json`` says of this file."""
        fw = self.framework
        return {
            "id": self.id,
            "name": fw.name if fw else None,
            "kind": fw.kind if fw else None,
            "minutes": fw.minutes if fw else None,
            "source": self.origin,
            "path": str(self.path),
            "overrides": str(self.overrides) if self.overrides else None,
            "valid": self.error is None,
            "errors": [str(p) for p in self.error.problems] if self.error else [],
        }


# --------------------------------------------------------------------------- reading


def framework_ids(home: Home) -> list[str]:
    """The ids of the framework files, built-in and the user's, without reading them (sorted)."""
    folders = [builtin_dir(), home.frameworks_dir]
    return sorted({path.stem for folder in folders for path in folder.glob("*.toml")})


Library = dict[str, FeedbackTemplate]


StageLibraryOrError = StageLibrary | FrameworkError
"""The stage library, or the error that keeps it from being used."""


def load_file(
    path: Path, library: Library | None = None, stages: StageLibraryOrError | None = None
) -> Framework:
    """Read and validate one framework file; raise FrameworkError listing every problem.

    Templates named in ``use_feedback`` are taken from ``library`` (default:
    the built-in feedback library) and offered after the file's own; a choice
    question with ``options_from = "stages"`` takes its options from
    ``stages`` (default: the built-in stage library).
    """
    framework = read_model(path, Framework, FrameworkError)
    problems = [
        Problem(message, key=f"metrics[{index}].compute",
                line=_line_of(path, ("metrics", index, "compute")))
        for index, message in computed.problems(framework)
    ]  # fmt: skip
    framework, found = _with_stages(framework, stages)
    problems += [Problem(m, key=format_key(k), line=_line_of(path, k)) for k, m in found]
    if not framework.use_feedback:
        if problems:
            raise FrameworkError(path, problems)
        return framework
    if library is None:
        library = feedback_library(None)[0]
    own = {t.id for t in framework.feedback}
    for index, template_id in enumerate(framework.use_feedback):
        if template_id not in library:
            suggestion = did_you_mean(template_id, library)
            message = f"there is no shared feedback template {template_id!r}" + (
                f"; did you mean {suggestion!r}?" if suggestion else
                f"; the library has: {', '.join(sorted(library))}"
            )  # fmt: skip
            problems.append(
                Problem(
                    message, key=f"use_feedback[{index}]", line=_line_of(path, ("use_feedback",))
                )
            )
    if problems:
        raise FrameworkError(path, sorted(problems, key=lambda p: p.line or 0))
    shared = [library[i] for i in framework.use_feedback if i not in own]
    return framework.model_copy(update={"feedback": [*framework.feedback, *shared]})


def _with_stages(
    framework: Framework, stages: StageLibraryOrError | None
) -> tuple[Framework, list[tuple[tuple[str | int, ...], str]]]:
    """The framework with its stage questions' options filled in, and the problems found."""
    from coachcli import stages as stage_defs

    keys = stage_defs.stage_questions(framework)
    if not keys:
        return framework, []
    if stages is None:
        stages = stage_library(None)[0]
    if isinstance(stages, FrameworkError):
        message = (
            f'options_from = "stages" needs the stage library, but {stages.path} is not '
            "valid; fix it first (`coach frameworks validate` lists its problems)"
        )
        return framework, [(key, message) for key in keys]
    return stage_defs.with_stages(framework, stages)


def _line_of(path: Path, key: tuple[str | int, ...]) -> int | None:
    try:
        return line_of(key_lines(path.read_text(encoding="utf-8-sig")), key)
    except (OSError, UnicodeDecodeError):
        return None


class FeedbackLibraryError(TomlFileError):
    what = "feedback library"
    hint_text = "A feedback library file holds schema = 1 and [[feedback]] templates."


def feedback_library(home: Home | None) -> tuple[Library, list[Source]]:
    """The shared feedback templates: built-in, then the user's (same id replaces).

    Returns the templates by id and one Source per library file (an invalid
    file carries its error and contributes nothing).
    """
    folders: list[tuple[Path, Origin]] = [(builtin_dir() / "feedback", "built-in")]
    if home is not None:
        folders.append((home.frameworks_dir / "feedback", "user"))
    library: Library = {}
    sources: list[Source] = []
    for folder, origin in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                data = read_model(path, FeedbackLibrary, FeedbackLibraryError)
            except TomlFileError as exc:
                error = FrameworkError(path, exc.problems)
                sources.append(
                    Source(id=f"feedback/{path.stem}", path=path, origin=origin, error=error)
                )
                continue
            except CoachError as exc:
                error = FrameworkError(path, [Problem(exc.message)])
                sources.append(
                    Source(id=f"feedback/{path.stem}", path=path, origin=origin, error=error)
                )
                continue
            for template in data.feedback:
                library[template.id] = template
            sources.append(Source(id=f"feedback/{path.stem}", path=path, origin=origin))
    return library, sources


STAGE_LIBRARY_ID = "stages/library"


def stage_library(home: Home | None) -> tuple[StageLibraryOrError, Source]:
    """The shared stage definitions in use (the user's file replaces the built-in one), or the
    error that keeps them from being used; and the file as a Source."""
    from coachcli.stages import StageLibraryError, library_path

    path = library_path(home)
    origin: Origin = (
        "user" if home is not None and home.frameworks_dir in path.parents else ("built-in")
    )
    try:
        return read_library(path), Source(id=STAGE_LIBRARY_ID, path=path, origin=origin)
    except StageLibraryError as exc:
        error = FrameworkError(path, exc.problems)
    except CoachError as exc:
        error = FrameworkError(path, [Problem(exc.message)])
    return error, Source(id=STAGE_LIBRARY_ID, path=path, origin=origin, error=error)


# --------------------------------------------------------------------------- discovery


def _read_folder(
    folder: Path, origin: Origin, library: Library, stages: StageLibraryOrError
) -> list[Source]:
    if not folder.is_dir():
        return []
    return [read_source(path, origin, library, stages) for path in sorted(folder.glob("*.toml"))]


def read_source(
    path: Path,
    origin: Origin,
    library: Library | None = None,
    stages: StageLibraryOrError | None = None,
) -> Source:
    """Read one file into a Source; a bad file becomes a Source with an error."""
    try:
        framework = load_file(path, library, stages)
    except FrameworkError as exc:
        return Source(id=path.stem, path=path, origin=origin, error=exc)
    except CoachError as exc:
        error = FrameworkError(path, [Problem(exc.message)])
        return Source(id=path.stem, path=path, origin=origin, error=error)
    return Source(id=framework.id, path=path, origin=origin, framework=framework)


def discover(home: Home) -> list[Source]:
    """Every framework file: built-ins, then the user's; never raises for a bad file.

    A user file with the id of a built-in replaces it (and says so in
    ``overrides``); the replaced built-in is left out.
    """
    library, library_sources = feedback_library(home)
    stages, stage_source = stage_library(home)
    builtins = {s.id: s for s in _read_folder(builtin_dir(), "built-in", library, stages)}
    found = dict(builtins)
    for broken in (s for s in [*library_sources, stage_source] if s.error is not None):
        found[broken.id] = broken
    for source in _read_folder(home.frameworks_dir, "user", library, stages):
        twin = found.get(source.id)
        if twin is not None and twin.origin == "user":
            if source.error is not None:
                # A broken file's id is only guessed from its name: keep its own problems.
                found[f"{source.id} ({source.path.name})"] = source
                continue
            if twin.error is None:
                problem = Problem(
                    f"the id {source.id!r} is already used by {twin.path.name}",
                    key="id",
                    line=line_of(key_lines(source.path.read_text(encoding="utf-8-sig")), ("id",)),
                )
                found[f"{source.id} ({source.path.name})"] = Source(
                    id=source.id,
                    path=source.path,
                    origin="user",
                    error=FrameworkError(source.path, [problem]),
                )
                continue
            # The twin is broken and only named like this id: this valid file takes the id.
            found[f"{twin.id} ({twin.path.name})"] = twin
        replaced = builtins.get(source.id)
        if replaced is not None:
            source = Source(
                id=source.id,
                path=source.path,
                origin="user",
                framework=source.framework,
                error=source.error,
                overrides=replaced.path,
            )
        found[source.id] = source
    return sorted(found.values(), key=lambda s: s.id)


def resolve(home: Home, ref: str) -> Framework:
    """The framework named by ``ref``: an id, or a path to a ``.toml`` file."""
    candidate = Path(ref).expanduser()
    if ref.endswith(".toml") or candidate.is_file():
        return load_file(candidate, feedback_library(home)[0], stage_library(home)[0])
    sources = discover(home)
    for source in sources:
        if source.id == ref:
            if source.error is not None:
                raise source.error
            assert source.framework is not None
            return source.framework
    ids = [s.id for s in sources]
    suggestion = did_you_mean(ref, ids)
    raise CoachError(
        f"No framework with the id {ref!r}."
        + (f" Did you mean {suggestion!r}?" if suggestion else ""),
        hint="`coach frameworks list` shows the frameworks you have.",
    )


class Checked(NamedTuple):
    """One file checked by ``coach frameworks validate``."""

    path: Path
    error: FrameworkError | None
    warnings: list[Problem]
    """Things that do not make the file invalid but deserve a look (control characters)."""


def check_files(home: Home, paths: list[Path]) -> list[Checked]:
    """Validate ``paths`` (default: every built-in and user file); one result per file.

    A file in a folder named ``feedback`` is checked as a feedback library;
    a framework file is checked against the home's library plus the
    ``feedback/`` folder beside it, if any (a team's framework repository).
    """
    library, library_sources = feedback_library(home)
    stages, stage_source = stage_library(home)
    if not paths:
        sources = _read_folder(builtin_dir(), "built-in", library, stages)
        sources += _read_folder(home.frameworks_dir, "user", library, stages)
        sources += library_sources
        sources += _stage_sources(home, stage_source)
        return [Checked(s.path, s.error, _warnings(s.path, s.error)) for s in sources]
    results: list[Checked] = []
    for path in paths:
        if path.parent.name == "feedback":
            error = _library_error(path)
        elif path.parent.name == "stages":
            error = _stage_error(path)
        else:
            beside = dict(library)
            for extra in sorted((path.parent / "feedback").glob("*.toml")):
                if _library_error(extra) is None:
                    data = read_model(extra, FeedbackLibrary, FeedbackLibraryError)
                    beside.update({t.id: t for t in data.feedback})
            team = path.parent / "stages" / "library.toml"  # a team's repository, as laid out
            error = read_source(
                path,
                "path",
                beside,
                _stage_error(team) or (read_library(team) if team.is_file() else stages),
            ).error
        results.append(Checked(path, error, _warnings(path, error)))
    return results


def _warnings(path: Path, error: FrameworkError | None) -> list[Problem]:
    """Text values of a valid file that hold characters able to drive a terminal."""
    if error is not None:
        return []
    from coachcli.tomlfile import load_toml
    from coachcli.wording import unsafe_characters

    source, data = load_toml(path)
    lines = key_lines(source)
    found = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*where, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*where, i), v) for i, v in enumerate(node))
        elif isinstance(node, str) and (chars := unsafe_characters(node)):
            some = len(chars) > 1
            message = (
                f"holds {'control characters' if some else 'a control character'} "
                f"({', '.join(chars)}) that could drive a terminal; coach shows "
                f"{'each' if some else 'it'} as <U+...>: remove {'them' if some else 'it'}"
            )
            found.append(Problem(message, key=format_key(where), line=line_of(lines, where)))
    return sorted(found, key=lambda p: (p.line or 0, p.key))


def _library_error(path: Path) -> FrameworkError | None:
    try:
        read_model(path, FeedbackLibrary, FeedbackLibraryError)
    except TomlFileError as exc:
        return FrameworkError(path, exc.problems)
    except CoachError as exc:
        return FrameworkError(path, [Problem(exc.message)])
    return None


def _stage_sources(home: Home, in_use: Source) -> list[Source]:
    """The stage library files to check: the one in use, and the built-in one it replaces."""
    from coachcli.stages import library_paths

    return [in_use] + [
        Source(STAGE_LIBRARY_ID, path, "built-in", error=_stage_error(path))
        for path in library_paths(None)
        if path != in_use.path and path.is_file()
    ]


def _stage_error(path: Path) -> FrameworkError | None:
    """The problems of a stage library file (None when it is valid, or absent)."""
    from coachcli.stages import StageLibraryError

    if not path.is_file():
        return None
    try:
        read_library(path)
    except StageLibraryError as exc:
        return FrameworkError(path, exc.problems)
    except CoachError as exc:
        return FrameworkError(path, [Problem(exc.message)])
    return None
