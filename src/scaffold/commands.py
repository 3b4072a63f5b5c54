"""What each command does, in order; the CLI calls these with parsed options.

Each function runs one command from start to end: gather the answers (asking
only on a terminal), decide, and for `new` render and optionally set up.
Output goes through the `echo` given by the CLI; errors are `ScaffoldError`s.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.answers import Answers, complete
from scaffold.errors import ScaffoldError
from scaffold.flow import ask_stages, given_answers
from scaffold.prompt import Asker
from scaffold.questions import Stage, Value

if TYPE_CHECKING:
    from scaffold.decision import Recommendation

__all__ = ["new", "recommend"]

Echo = Callable[[str], None]


def _asker(no_input: bool) -> Asker | None:
    if no_input:
        return None
    from scaffold.prompt import QuestionaryAsker, require_terminal

    require_terminal()
    return QuestionaryAsker()


def recommend(*, answers_file: Path | None, assignments: Collection[str], no_input: bool, as_json: bool) -> str:
    """Run the needs questionnaire and return the verdict, as text or one JSON object."""
    asker = _asker(no_input)
    from scaffold import decision, present

    values = ask_stages(given_answers(answers_file, assignments), {Stage.NEEDS}, asker)
    result = decision.recommend(complete(values))
    if as_json:
        return json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False)
    return present.verdict_text(result)


def _pick_framework(values: dict[str, Value], answers: Answers, result: Recommendation, asker: Asker | None) -> str:
    """The framework to render: an override or the recommendation, else the user's pick at the prompt."""
    from scaffold.decision import chosen_framework

    if asker is None or "framework" in values:
        return chosen_framework(answers, result)
    recommended, other = result.framework, result.other
    choices = [(recommended, f"{recommended.capitalize()} (recommended)"), (other, other.capitalize())]
    return asker.select("Which framework?", choices, default=recommended)


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
) -> Path:
    """Ask, decide, confirm, render the starter project, and optionally set it up; return its path."""
    asker = _asker(no_input)
    from scaffold import decision, present
    from scaffold.context import database_for, features_for
    from scaffold.generate import Plan, render_plan

    values = given_answers(answers_file, assignments)
    if framework is not None:
        values["framework"] = framework
    ask_stages(values, {Stage.NAME, Stage.NEEDS}, asker)
    needs = complete(values)
    result = decision.recommend(needs)
    if asker is not None:
        asker.show(present.verdict_text(result))
    chosen = _pick_framework(values, needs, result, asker)
    values["framework"] = chosen
    ask_stages(values, {Stage.PROJECT}, asker)
    answers = complete(values)
    overridden = decision.override_notes(result, chosen)
    if overridden:
        echo(present.override_text(result.framework, chosen, overridden))
    database = database_for(answers, chosen)
    if database.note:
        echo(f"Database: {database.note}")
    if features_note := features_for(answers).note:
        echo(f"Features: {features_note}")
    target = output_dir / answers.project_slug
    if asker is not None:
        _confirm(asker, answers, chosen, target)
    rendered = render_plan(Plan(answers, result, chosen), output_dir, overwrite=overwrite)
    if rendered.replaced:
        echo(f"Replaced {len(rendered.replaced)} existing file(s): {', '.join(rendered.replaced)}")
    echo(f"Created {rendered.path} ({chosen.capitalize()}).")
    if setup:
        from scaffold.bootstrap import set_up

        set_up(rendered.path, answers, echo=echo)
    echo(present.next_steps(rendered.path, answers, chosen, database.database, set_up=setup))
    return rendered.path


def _confirm(asker: Asker, answers: Answers, framework: str, target: Path) -> None:
    from scaffold import present

    asker.show(present.summary_text(answers.as_dict(), framework, str(target)))
    if not asker.confirm("Create it?", default=True):
        raise ScaffoldError("Cancelled: nothing was written.")
