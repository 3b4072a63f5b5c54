"""What each command does, in order; the CLI calls these with parsed options.

Each function runs one command from start to end: gather the answers (asking
only on a terminal), decide, and for `new` render and optionally set up.
Output goes through the `echo` given by the CLI; errors are `ScaffoldError`s.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.decide import engine
from scaffold.decide.explain import override_text, verdict_json, verdict_text
from scaffold.errors import Echo
from scaffold.questionnaire.answers import Answers, needs_of
from scaffold.questionnaire.gather import ask_stages, complete, given_answers, settle_slug, slug_question
from scaffold.questionnaire.prompt import Asker
from scaffold.questionnaire.pythons import command_for
from scaffold.questionnaire.questions import QUESTIONS, Stage, Value, by_key
from scaffold.questionnaire.schema import python_note, summary_text

if TYPE_CHECKING:
    from scaffold.render.pipeline import RenderResult

__all__ = ["new", "recommend"]


def _asker(no_input: bool) -> Asker | None:
    if no_input:
        return None
    # Lazy: questionary (and prompt_toolkit under it) loads only when a person is asked.
    from scaffold.questionnaire.prompt import QuestionaryAsker, require_terminal

    require_terminal()
    return QuestionaryAsker()


def recommend(*, answers_file: Path | None, assignments: Collection[str], no_input: bool, as_json: bool) -> str:
    """Run the needs questionnaire and return the verdict, as text or one JSON object."""
    asker = _asker(no_input)
    values = ask_stages(given_answers(answers_file, assignments), {Stage.NEEDS}, asker)
    result = engine.recommend(needs_of(values))
    if as_json:
        return verdict_json(result)
    return verdict_text(result)


def _pick_framework(needs: Answers, result: engine.Recommendation, asker: Asker | None) -> str:
    """The framework to render: an override or the recommendation, else the user's pick at the prompt."""
    if asker is None or needs.framework != "auto":
        return engine.chosen_framework(needs, result)
    # The declared framework question, asked as a choice between the two, the recommended one first.
    question = by_key("framework")
    title = {choice.value: choice.title for choice in question.choices}
    choices = [(result.framework, f"{title[result.framework]} (recommended)"), (result.other, title[result.other])]
    return asker.select(question.message, choices, default=result.framework)


def new(
    *,
    answers_file: Path | None,
    assignments: Collection[str],
    framework: str | None,
    no_input: bool,
    output_dir: Path,
    overwrite: bool,
    setup: bool,
    echo: Echo,
) -> Path | None:
    """Ask, decide, confirm, render the starter project, and optionally set it up.

    Returns:
        The project's path, or None when the user declined to create it.
    """
    asker = _asker(no_input)
    # Lazy: the renderer brings Jinja, which `recommend` never needs.
    from scaffold.render.context import database_for, mapping_notes
    from scaffold.render.next_steps import next_steps
    from scaffold.render.pipeline import Plan, render_plan

    values = given_answers(answers_file, assignments)
    if framework is not None:
        values["framework"] = framework
    python_given = "python_version" in values
    ask_stages(values, {Stage.NAME}, asker)
    settle_slug(values, asker, output_dir=output_dir, overwrite=overwrite)
    ask_stages(values, {Stage.NEEDS}, asker)
    needs = needs_of(values)
    result = engine.recommend(needs)
    if asker is not None:
        asker.show(verdict_text(result))
    chosen = _pick_framework(needs, result, asker)
    values["framework"] = chosen
    ask_stages(values, {Stage.PROJECT}, asker, ask_as={"project_slug": slug_question(output_dir, overwrite=overwrite)})
    answers = complete(values)
    overridden = engine.override_notes(result, chosen)
    if overridden:
        echo(override_text(result.framework, chosen, overridden))
    database = database_for(answers, chosen)
    for note in mapping_notes(answers, chosen):
        echo(note)
    if not python_given and asker is None:
        echo(python_note(answers.python_version))
    if asker is not None:
        asker.show(summary_text(_shown(values), chosen, str(output_dir / answers.project_slug)))
        if not asker.confirm("Create it?", default=True):
            # Declining is a choice, not a failure: one plain line, exit 0.
            echo("Not created: nothing was written.")
            return None
    rendered = render_plan(Plan(answers, result, chosen), output_dir, overwrite=overwrite, users=True)
    _report_overwrite(rendered, echo)
    echo(f"Created {rendered.path} ({chosen.capitalize()}).")
    if setup:
        from scaffold.bootstrap import set_up  # lazy: subprocess and the rest only for --setup

        set_up(rendered.path, answers, echo=echo)
    python = command_for(answers.python_version)
    echo(next_steps(rendered.path, answers, chosen, database.database, set_up=setup, python=python))
    return rendered.path


def _report_overwrite(rendered: RenderResult, echo: Echo) -> None:
    """What `new --overwrite` replaced, and the `.env` it kept (in the words `scaffold update` uses)."""
    if rendered.replaced:
        echo(f"Replaced {len(rendered.replaced)} existing file(s): {', '.join(rendered.replaced)}")
    if not rendered.env_kept:
        return
    if not rendered.env_missing:
        echo("Not replaced: kept your .env (it holds this machine's settings and secrets).")
        return
    echo("Not replaced: kept your .env. The new render needs these variables it lacks:")
    for line in rendered.env_missing:
        echo(f"  {line}")


def _shown(values: dict[str, Value]) -> dict[str, Value]:
    """The answers worth a line in the summary: those the flow asks, given the others."""
    return {question.key: values[question.key] for question in QUESTIONS if question.applies(values)}
