"""Refuse, before any file is written, what `scaffold new` refuses (direct cookiecutter use).

The rules are scaffold's (scaffold.template_hooks.refusals); the context
arrives as a JSON string literal, so no answer is ever Python source here.
"""

import json
import sys

from scaffold.template_hooks import refusals

CONTEXT = json.loads({{ cookiecutter | tojson | tojson }})

problems = refusals(CONTEXT)
for problem in problems:
    print(f"ERROR: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
