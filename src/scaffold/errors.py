"""What scaffold says to its users: the errors, each with the exit code it ends in, and `Echo`.

`ScaffoldError` is the one base class the CLI catches: anything else is a bug
and keeps its traceback (shown only with --debug). The exit code lives on the
class, as interface.md fixes them: 1 for a failure while rendering or setting
up, 2 for bad usage or bad input, 3 when `add`/`remove`/`update` left conflicts
or `check` found an update, 130 for an interruption. Messages name what was
wrong and say what to do next. `Echo` is how a command prints a line of
progress: the CLI passes `click.echo`, tests a list's `append`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

__all__ = [
    "Echo",
    "AbortedError",
    "AnswersFileError",
    "ConflictsError",
    "DestinationExistsError",
    "InvalidAnswerError",
    "NonInteractiveError",
    "RenderError",
    "ReplayError",
    "RestoreError",
    "RulesFileError",
    "ScaffoldError",
    "SetupError",
    "UpdateAvailableError",
    "UsageError",
]


#: How a command prints one line for its user (`click.echo` from the CLI).
Echo = Callable[[str], None]


class ScaffoldError(Exception):
    """Base of every error meant for the user; `exit_code` says how scaffold exits."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ScaffoldError):
    """Bad usage or bad input: exit 2."""

    exit_code: ClassVar[int] = 2


class InvalidAnswerError(UsageError, ValueError):
    """An answer key is unknown or its value is outside what the key allows."""


class AnswersFileError(UsageError):
    """An answers file cannot be read or parsed."""


class NonInteractiveError(UsageError):
    """A prompt was needed but stdin is not a terminal."""


class DestinationExistsError(UsageError):
    """The target folder exists, is not empty, and --overwrite was not given."""


class RulesFileError(ScaffoldError):
    """The decision rules shipped with scaffold are malformed: a bug in the package."""


class RenderError(ScaffoldError):
    """The template could not be rendered; nothing was left behind."""


class RestoreError(RenderError):
    """Rendering over a project failed and some replaced files could not be put back; their copies are kept."""


class SetupError(ScaffoldError):
    """A --setup step (git, venv, install, tests) failed; the project is kept."""


class AbortedError(ScaffoldError):
    """The user pressed Ctrl-C: exit 130, as shells expect after SIGINT."""

    exit_code: ClassVar[int] = 130


class ReplayError(ScaffoldError):
    """The recorded scaffold version cannot be installed or run, so its render cannot be replayed."""


class ConflictsError(ScaffoldError):
    """An update was applied, but some files hold conflict markers to resolve: exit 3."""

    exit_code: ClassVar[int] = 3


class UpdateAvailableError(ScaffoldError):
    """`scaffold check`: the installed scaffold renders the project differently: exit 3."""

    exit_code: ClassVar[int] = 3
