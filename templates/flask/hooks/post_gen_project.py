"""Complete the project as `scaffold new` does (direct cookiecutter use): scaffold.template_hooks.finish."""

import json
from pathlib import Path

from scaffold.template_hooks import finish

finish(Path.cwd(), json.loads({{ cookiecutter | tojson | tojson }}))
