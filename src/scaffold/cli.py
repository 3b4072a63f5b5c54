"""The command line: parse options, call one command function, map errors to exit codes.

Each command calls one function: `scaffold.commands` (new, recommend),
`scaffold.questionnaire.schema` (questions), `scaffold.lifecycle.commands`
(add, remove, update, check) or `scaffold.serve.server` (serve). Nothing here
decides or renders. `ScaffoldGroup.invoke` is the single place
where a `ScaffoldError` becomes a short message on stderr and the exit code
its class carries (interface.md), and where Ctrl-C becomes exit 130. Heavy
modules (cookiecutter, questionary, yaml) are imported by the commands that
need them, never here, so `scaffold --help` stays fast.
"""

from __future__ import annotations

import sys
import typing as t
from pathlib import Path

import click

from scaffold._version import DISTRIBUTION, __version__
from scaffold.errors import ScaffoldError

__all__ = ["cli", "main"]


class ScaffoldGroup(click.Group):
    """A click group that turns scaffold's errors into messages and exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click's signature
        """The commands in the order they are declared (the order of a first session), not A to Z."""
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> t.Any:
        """Run the subcommand; translate user errors, Ctrl-C and (without --debug) bugs."""
        debug = bool(ctx.params.get("debug"))
        _forget_written()
        try:
            return super().invoke(ctx)
        except ScaffoldError as exc:
            if debug:
                raise
            _fail(ctx, exc.message, exc.exit_code)
        except KeyboardInterrupt:
            if debug:
                raise
            _fail(ctx, _interrupted_text(), 130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`scaffold questions --json | head`): not a bug, and nothing to
            # say. Point stdout at /dev/null so the interpreter's last flush cannot fail either,
            # and exit as a shell reports a process ended by SIGPIPE (128 + 13), like 130 for SIGINT.
            _silence_stdout()
            ctx.exit(141)
        except Exception as exc:
            if debug:
                raise
            _fail(
                ctx,
                f"scaffold hit a bug: {type(exc).__name__}: {exc}\n"
                "Run again with --debug for the traceback, and please report it.",
                1,
            )


def _forget_written() -> None:
    # Only when loaded: importing the journal would slow `scaffold --help`, and a process
    # that never loaded it has written nothing.
    journal = sys.modules.get("scaffold.render.transaction")
    if journal is not None:
        journal.forget_written()


def _interrupted_text() -> str:
    """What Ctrl-C leaves: nothing, or the folders already written in full (the journal notes them)."""
    journal = sys.modules.get("scaffold.render.transaction")
    done = journal.written() if journal is not None else ()
    if not done:
        return "Interrupted: nothing was written."
    where = ", ".join(str(path) for path in done)
    return f"Interrupted after {where} was written in full; review it (git status), nothing after that was done."


def _silence_stdout() -> None:
    import os  # lazy: only when the reader went away

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _fail(ctx: click.Context, message: str, code: int) -> t.NoReturn:
    click.echo(f"Error: {_printable(message)}", err=True)
    ctx.exit(code)


#: The longest line an error prints: a message quotes values, and a value may be a megabyte.
_LINE_LIMIT = 400


def _printable(message: str) -> str:
    """`message` safe for a terminal: no escape sequence, no unencodable character, no flood.

    Messages quote what users gave (answers, file contents, paths); scaffold's
    own messages escape them, and this is the last line of defence for any
    that does not: control and format characters and lone surrogates are
    printed as escapes, and an over-long line is cut.
    """
    lines = []
    for line in message.split("\n"):
        text = "".join(_escaped(char) for char in line)
        if len(text) > _LINE_LIMIT:
            text = f"{text[:_LINE_LIMIT]}... ({len(text) - _LINE_LIMIT} more characters)"
        lines.append(text)
    return "\n".join(lines)


def _escaped(char: str) -> str:
    code = ord(char)
    if char == "\t" or 0x20 <= code < 0x7F:
        return char
    if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or _is_format(char):
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def _is_format(char: str) -> bool:
    # unicodedata costs nothing at start-up here: it is imported only when an error is printed.
    import unicodedata

    return unicodedata.category(char) in ("Cf", "Zl", "Zp")


_answers_file = click.option(
    "--answers",
    "answers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Answers file (.yml, .yaml, .json or .toml), e.g. a project's .scaffold.yml.",
)
_set = click.option(
    "--set",
    "assignments",
    metavar="KEY=VALUE",
    multiple=True,
    help="Answer one question; repeatable, wins over --answers. Lists: --set features=admin,auth.",
)
_no_input = click.option(
    "--no-input",
    is_flag=True,
    help="Ask nothing: every question not answered takes its default (for CI).",
)


@click.group(cls=ScaffoldGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name=DISTRIBUTION, message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def cli(debug: bool) -> None:  # noqa: ARG001 - read by ScaffoldGroup.invoke
    """Pick Django or Flask from what you need, and start the project.

    Run `scaffold new` and answer the questions; `scaffold COMMAND --help`
    shows a command's options.
    """


@cli.command(short_help="Ask about your needs, recommend, and render a starter project.")
@_answers_file
@_set
@click.option(
    "--framework",
    type=click.Choice(["auto", "django", "flask"]),
    default=None,
    help="Override the recommendation (default: auto, the recommended one).",
)
@_no_input
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=".",
    help="Folder in which the project folder is made.",
)
@click.option("--overwrite", is_flag=True, help="Write into an existing project folder (files not rendered survive).")
@click.option(
    "--setup/--no-setup",
    default=False,
    help="Then git init, make .venv, install, and run the project's tests once.",
)
def new(
    answers_file: Path | None,
    assignments: tuple[str, ...],
    framework: str | None,
    no_input: bool,
    output_dir: Path,
    overwrite: bool,
    setup: bool,
) -> None:
    """Ask about your needs, pick Django or Flask, and render a starter project."""
    from scaffold import commands  # lazy: --help

    commands.new(
        answers_file=answers_file,
        assignments=assignments,
        framework=framework,
        no_input=no_input,
        output_dir=output_dir,
        overwrite=overwrite,
        setup=setup,
        echo=click.echo,
    )


@cli.command(short_help="Only the questions and the recommendation, with why.")
@_answers_file
@_set
@_no_input
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
def recommend(answers_file: Path | None, assignments: tuple[str, ...], no_input: bool, as_json: bool) -> None:
    """Ask about your needs and say whether Django or Flask fits, and why."""
    from scaffold import commands  # lazy: --help

    click.echo(
        commands.recommend(answers_file=answers_file, assignments=assignments, no_input=no_input, as_json=as_json)
    )


@cli.command(short_help="Every answer key, its choices and default, for answers files.")
@click.option("--json", "as_json", is_flag=True, help="Print the schema as JSON.")
def questions(as_json: bool) -> None:
    """List every answer key with its choices and default."""
    from scaffold.questionnaire import schema  # lazy: --help

    click.echo(schema.questions_json() if as_json else schema.questions_text())


_directory = click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=".",
    help="The project's folder (where its .scaffold.yml is), as git -C.",
)
_dry_run = click.option("--dry-run", is_flag=True, help="Print the changes as a unified diff and change nothing.")
_allow_dirty = click.option(
    "--allow-dirty", is_flag=True, help="Run even with uncommitted changes in the project's git work tree."
)
_find_links = click.option(
    "--find-links",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="A folder of scaffold-web wheels, for replaying the version that made the project.",
)
_features = click.argument("features", nargs=-1, required=True)


@cli.command()
@_features
@_directory
@_dry_run
@_allow_dirty
def add(features: tuple[str, ...], directory: Path, dry_run: bool, allow_dirty: bool) -> None:
    """Add features to a generated project, merged with your edits.

    Exit 3 when conflict markers are left to resolve.
    """
    from scaffold.lifecycle import commands as lifecycle  # lazy: --help

    lifecycle.add(directory=directory, features=features, dry_run=dry_run, allow_dirty=allow_dirty, echo=click.echo)


@cli.command()
@_features
@_directory
@_dry_run
@_allow_dirty
def remove(features: tuple[str, ...], directory: Path, dry_run: bool, allow_dirty: bool) -> None:
    """Remove features from a generated project, keeping your edits.

    Files the features brought that you changed are kept. Exit 3 when conflict
    markers are left to resolve.
    """
    from scaffold.lifecycle import commands as lifecycle  # lazy: --help

    lifecycle.remove(directory=directory, features=features, dry_run=dry_run, allow_dirty=allow_dirty, echo=click.echo)


@cli.command()
@_directory
@_set
@_answers_file
@_dry_run
@_find_links
@_allow_dirty
def update(
    directory: Path,
    assignments: tuple[str, ...],
    answers_file: Path | None,
    dry_run: bool,
    find_links: Path | None,
    allow_dirty: bool,
) -> None:
    """Bring a generated project up to date, or to new answers.

    A three-way merge with your edits; exit 3 when conflict markers are left
    to resolve.
    """
    from scaffold.lifecycle import commands as lifecycle  # lazy: --help

    lifecycle.update(
        directory=directory,
        assignments=assignments,
        answers_file=answers_file,
        dry_run=dry_run,
        find_links=find_links,
        allow_dirty=allow_dirty,
        echo=click.echo,
    )


@cli.command()
@_directory
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: versions and the files that moved.")
@_find_links
def check(directory: Path, as_json: bool, find_links: Path | None) -> None:
    """Say whether this scaffold would change a generated project.

    Exit 3 when an update is available, 0 when the project is up to date.
    """
    from scaffold.lifecycle import commands as lifecycle  # lazy: --help

    lifecycle.check(directory=directory, as_json=as_json, find_links=find_links, echo=click.echo)


@cli.command(short_help="The questionnaire as a web page, and an HTTP API.")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on; any but loopback lets others in."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port (0: any free one)."
)
@click.option(
    "--allowed-host",
    "allowed_host",
    metavar="NAME",
    multiple=True,
    help="A host name the site is reached by (repeatable); required with a --host beyond loopback.",
)
@click.option("--open/--no-open", "open_browser", default=True, show_default=True, help="Open the page in a browser.")
def serve(host: str, port: int, allowed_host: tuple[str, ...], open_browser: bool) -> None:
    """Serve the questionnaire as a web page and an HTTP API.

    Needs the extra: pip install "scaffold-web[serve]". Open the page, or curl it for the API.
    """
    from scaffold.serve.server import serve as run_server  # lazy: --help

    run_server(host=host, port=port, open_browser=open_browser, echo=click.echo, warn=_warn, allowed_host=allowed_host)


def _warn(text: str) -> None:
    click.echo(text, err=True)


def main(argv: t.Sequence[str] | None = None) -> None:
    """Entry point of the `scaffold` console script and `python -m scaffold`."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="scaffold")
