"""The `.scaffold.yml` record written into every generated project.

It holds every answer (with the framework actually used), the decision and
the scaffold version, so that `scaffold new --no-input --answers
<project>/.scaffold.yml` re-creates the same files. It holds no secret and
no timestamp: the same answers give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scaffold._version import DISTRIBUTION, __version__
from scaffold.answers import Answers

__all__ = ["RECORD_NAME", "record_text"]

RECORD_NAME = ".scaffold.yml"

_HEADER = (
    "# Written by scaffold. Re-create this project with:\n"
    "#   scaffold new --no-input --answers .scaffold.yml -o <another folder>\n"
    "# `answers` is the input; `decision` records why the framework was picked.\n"
)


def record_text(answers: Answers, decision: Mapping[str, Any]) -> str:
    """The YAML text of the record for these answers and decision."""
    import yaml

    data = {
        "scaffold_version": __version__,
        "distribution": DISTRIBUTION,
        "answers": {
            key: list(value) if isinstance(value, tuple) else value for key, value in answers.as_dict().items()
        },
        "decision": dict(decision),
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88)
    return _HEADER + body
