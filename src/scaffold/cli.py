"""The command line: parse options, call one function of `commands`, map errors to exit codes.

Nothing here decides or renders. `ScaffoldGroup.invoke` is the single place
where a `ScaffoldError` becomes a short message on stderr and the exit code
its class carries (interface.md), and where Ctrl-C becomes exit 130. Heavy
modules (cookiecutter, questionary, yaml) are imported by the commands that
need them, never here, so `scaffold --help` stays fast.
"""

from __future__ import annotations

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
        try:
            return super().invoke(ctx)
        except ScaffoldError as exc:
            if debug:
                raise
            _fail(ctx, exc.message, exc.exit_code)
        except KeyboardInterrupt:
            if debug:
                raise
            _fail(ctx, "Interrupted: nothing was written.", 130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if debug:
                raise
            _fail(
                ctx,
                f"scaffold hit a bug: {type(exc).__name__}: {exc}\n"
                "Run again with --debug for the traceback, and please report it.",
                1,
            )


def _fail(ctx: click.Context, message: str, code: int) -> t.NoReturn:
    click.echo(f"Error: {message}", err=True)
    ctx.exit(code)


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
    from scaffold import commands

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
    from scaffold import commands

    click.echo(
        commands.recommend(answers_file=answers_file, assignments=assignments, no_input=no_input, as_json=as_json)
    )


@cli.command(short_help="Every answer key, its choices and default, for answers files.")
@click.option("--json", "as_json", is_flag=True, help="Print the schema as JSON.")
def questions(as_json: bool) -> None:
    """List every answer key with its choices and default."""
    from scaffold import present

    click.echo(present.questions_json() if as_json else present.questions_text())


def main(argv: t.Sequence[str] | None = None) -> None:
    """Entry point of the `scaffold` console script and `python -m scaffold`."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="scaffold")
