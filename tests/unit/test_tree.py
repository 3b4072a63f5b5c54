"""scaffold writes a template's files as cookiecutter does: the same files, bytes and modes.

`scaffold new` renders with `scaffold.render.generate` (no cookiecutter import, names
compiled once, compiled templates kept between runs); cookiecutter and
pytest-cookies render the same templates directly. Both must give the same
project, so each combination here is rendered both ways from the same
variables and compared file by file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from support.generated import cookiecutter_compiled

from scaffold.questionnaire.gather import given_answers
from scaffold.render.context import template_context
from scaffold.render.generate import write_tree
from scaffold.render.pipeline import plan, template_dir, template_values

# Each line: --set assignments. Between them: four kinds, every feature on and off, every
# database, both extras on and off.
COMBINATIONS = {
    "fullstack-everything-postgresql": [
        "kind=fullstack",
        "features=admin,auth,api,rss,sitemap,cache,tasks",
        "database=postgresql",
    ],
    "microservice-bare": ["kind=microservice", "features=", "database=none", "extras="],
    "cms-content-sqlite": ["kind=cms", "features=rss,sitemap,admin", "database=sqlite", "extras=docker"],
    "prototype-auth": ["kind=prototype", "features=auth", "extras=ci"],
}


def _variables(framework: str, assignments: list[str], template: Path, output_dir: Path) -> dict[str, Any]:
    settled = plan(given_answers(None, [*assignments, f"framework={framework}"]))
    assert settled.framework == framework
    return template_values(template, template_context(settled.answers, framework), output_dir)


def _tree(root: Path) -> dict[str, tuple[str, bytes | None]]:
    """Every folder and file under `root`: its kind and mode, and a file's bytes."""
    found: dict[str, tuple[str, bytes | None]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder, name)
            found[str(path.relative_to(root)) + "/"] = (oct(stat.S_IMODE(path.stat().st_mode)), None)
        for name in files:
            path = Path(folder, name)
            found[str(path.relative_to(root))] = (oct(stat.S_IMODE(path.stat().st_mode)), path.read_bytes())
    return found


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_scaffold_writes_what_cookiecutter_writes(framework: str, tmp_path: Path) -> None:
    from cookiecutter.generate import generate_files

    from scaffold.render.compiled import compiled_templates

    with template_dir(framework) as template:
        for name, assignments in COMBINATIONS.items():
            ours_dir, theirs_dir = tmp_path / name / "scaffold", tmp_path / name / "cookiecutter"
            ours_dir.mkdir(parents=True)
            theirs_dir.mkdir()
            ours_variables = _variables(framework, assignments, template, ours_dir)
            ours = write_tree(template, ours_variables, ours_dir, compiled_templates(template, ours_variables))
            variables = _variables(framework, assignments, template, theirs_dir)
            # Compiled code shared with the other cookiecutter renders of the session: no output changes.
            cache = cookiecutter_compiled(framework)
            variables["_jinja2_env_vars"] = {**variables.get("_jinja2_env_vars", {}), "bytecode_cache": cache}
            theirs = generate_files(
                repo_dir=str(template),
                context={"cookiecutter": variables},
                output_dir=str(theirs_dir),
                accept_hooks=False,
            )
            assert ours.name == Path(theirs).name
            ours_tree, theirs_tree = _tree(ours), _tree(Path(theirs))
            assert sorted(ours_tree) == sorted(theirs_tree), name
            differing = [path for path in ours_tree if ours_tree[path] != theirs_tree[path]]
            assert differing == [], f"{name}: {differing}"


def test_a_name_that_renders_empty_leaves_the_file_out(tmp_path: Path) -> None:
    with template_dir("flask") as template:
        bare = write_tree(
            template, _variables("flask", COMBINATIONS["microservice-bare"], template, tmp_path), tmp_path
        )
    # Conditional names in the Flask template: nothing is written for them, not even an empty file.
    assert not (bare / "tests" / "test_auth.py").exists()
    assert not (bare / "compose.yaml").exists()
    assert (bare / "tests" / "conftest.py").is_file()


def test_copied_folders_binary_files_line_endings_and_modes_match_cookiecutter(tmp_path: Path) -> None:
    # What the starters do not use today but docs/templates.md allows: a folder copied whole
    # (`_copy_without_render` matching the folder), a pattern on files, binary files, CRLF and
    # CR line endings, an executable script.
    import json

    from cookiecutter.generate import generate_files

    template = tmp_path / "template"
    project = template / "{{cookiecutter.project_slug}}"
    files: dict[str, bytes] = {
        "raw/page.html": b"{% block body %}{{ user }}{% endblock %}\n",
        "raw/deeper/{{ user }}.txt": b"{{ kept }}\n",
        "mail/welcome.j2": b"Hello {{ name }}\n",
        "mail/{{cookiecutter.project_slug}}.txt": b"{{ cookiecutter.project_slug }}\r\nsecond\r\n",
        "old_mac.txt": b"{{ cookiecutter.project_slug }}\rsecond\r",
        "logo.png": b"\x89PNG\r\n\x1a\n\x00{{ not a template }}",
        "bin/run.sh": b"#!/bin/sh\necho {{ cookiecutter.project_slug }}\n",
    }
    for relative, data in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (project / "bin" / "run.sh").chmod(0o755)
    values = {"project_slug": "demo", "_copy_without_render": ["raw", "*.j2"]}
    (template / "cookiecutter.json").write_text(json.dumps(values))
    ours_dir, theirs_dir = tmp_path / "scaffold", tmp_path / "cookiecutter"
    ours_dir.mkdir()
    theirs_dir.mkdir()
    ours = write_tree(template, values, ours_dir)
    theirs = generate_files(
        repo_dir=str(template), context={"cookiecutter": values}, output_dir=str(theirs_dir), accept_hooks=False
    )
    ours_tree = _tree(ours)
    assert ours_tree == _tree(Path(theirs))
    assert ours_tree["raw/deeper/{{ user }}.txt"][1] == b"{{ kept }}\n", "a copied folder's names stay as they are"
    assert ours_tree["mail/demo.txt"][1] == b"demo\r\nsecond\r\n"
    assert ours_tree["bin/run.sh"][0] == oct(0o755)
