"""From answers to a rendered project, with nobody to ask: the one path `new`, `update` and `serve` share.

`scaffold new --no-input`, the replay behind `scaffold add/update/check` and
the web front door all need the same two steps: settle every answer (defaults
for the rest, the decision, the framework) and render that into a folder with
its `.scaffold.yml`. Keeping them here means the three can never disagree on
what a set of answers produces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scaffold.answers import Answers, complete
from scaffold.questions import Value

if TYPE_CHECKING:
    from scaffold.decision import Recommendation
    from scaffold.render import RenderResult

__all__ = ["Plan", "plan", "render_plan"]


@dataclass(frozen=True)
class Plan:
    """Everything decided about a project before a file is written."""

    answers: Answers
    recommendation: Recommendation
    framework: str


def plan(values: Mapping[str, Value]) -> Plan:
    """Settle validated answers (`values`) without asking: defaults, the decision, the framework."""
    from scaffold import decision
    from scaffold.flow import ask_stages
    from scaffold.questions import Stage

    given = ask_stages(dict(values), set(Stage), None)
    answers = complete(given)
    recommendation = decision.recommend(answers)
    framework = decision.chosen_framework(answers, recommendation)
    return Plan(answers.replace(framework=framework), recommendation, framework)


def render_plan(settled: Plan, output_dir: Path, *, overwrite: bool = False) -> RenderResult:
    """Render `settled` into `output_dir/<project_slug>/` with its `.scaffold.yml`, atomically."""
    from scaffold.context import template_context
    from scaffold.record import RECORD_NAME, record_text
    from scaffold.render import render, template_dir

    with template_dir(settled.framework) as template:
        return render(
            template=template,
            context=template_context(settled.answers, settled.framework),
            output_dir=output_dir,
            overwrite=overwrite,
            extra_files={RECORD_NAME: record_text(settled.answers, settled.recommendation.to_json_dict())},
        )
