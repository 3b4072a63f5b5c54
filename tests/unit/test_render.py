"""Rendering through scaffold: answers stay data, output is atomic, nothing leaks.

These use a small template built in the test's temp folder, so that faults
(a template error part-way, a failing hook) can be forced; the real templates
are rendered through `scaffold new` in test_new.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scaffold.errors import DestinationExistsError, RenderError
from scaffold.render.context import FLAGS, TemplateMismatchError, check_against
from scaffold.render.pipeline import render

CONTEXT = {
    "project_name": "Demo",
    "project_slug": "demo",
    "description": "",
    "author_name": "",
    "author_email": "",
    "python_version": "3.12",
    "database": "sqlite",
    "features": {
        "admin": False,
        "auth": False,
        "api": False,
        "rss": False,
        "sitemap": False,
        "cache": False,
        "tasks": False,
    },
    "extras": {"docker": True, "ci": True},
}


def make_template(root: Path, *, files: dict[str, str] | None = None, hook: str | None = None) -> Path:
    template = root / "template"
    project = template / "{{cookiecutter.project_slug}}"
    project.mkdir(parents=True)
    declared = {
        **{key: value for key, value in CONTEXT.items() if key not in ("python_version", "database")},
        "python_version": ["3.12", "3.13", "3.11"],
        "database": ["sqlite", "none", "postgresql"],
        "_framework": "flask",
        "_flags": dict.fromkeys(FLAGS),
        "_copy_without_render": ["raw/*"],
    }
    (template / "cookiecutter.json").write_text(json.dumps(declared), "utf-8")
    default_files = {
        "README.md": "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.description }}\n",
        "{{cookiecutter.project_slug}}/__init__.py": '"""{{ cookiecutter.project_slug }}."""\n',
        "raw/page.html": "{% block content %}{{ user }}{% endblock %}\n",
    }
    for relative, text in (files if files is not None else default_files).items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    if hook is not None:
        (template / "hooks").mkdir()
        (template / "hooks" / "post_gen_project.py").write_text(hook, "utf-8")
    return template


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} | {
        str(p.relative_to(folder)) + "/": b"" for p in folder.rglob("*") if p.is_dir()
    }


def do_render(template: Path, out: Path, *, overwrite: bool = False, **changes: object):
    return render(
        template=template,
        context={**CONTEXT, **changes},
        output_dir=out,
        overwrite=overwrite,
        extra_files={".scaffold.yml": "answers: {}\n"},
    )


def test_renders_into_place_with_the_record(tmp_path):
    template = make_template(tmp_path)
    result = do_render(template, tmp_path / "out")
    assert result.path == tmp_path / "out" / "demo"
    assert (result.path / "README.md").read_text("utf-8").startswith("# Demo")
    assert (result.path / "demo" / "__init__.py").is_file()
    assert (result.path / ".scaffold.yml").is_file()
    # _copy_without_render keeps the template language of the generated app as is.
    assert (result.path / "raw" / "page.html").read_text("utf-8") == "{% block content %}{{ user }}{% endblock %}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["demo"], "no staging folder is left"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('id -un').read() }}",
        "{% raw %}x{% endraw %}",
        "{{ 7 * 7 }}",
        "quotes \" ' and \\ backslash <script>alert(1)</script> Ünïcödé",
    ],
)
def test_answers_are_data_never_templates(tmp_path, payload):
    template = make_template(tmp_path)
    result = do_render(template, tmp_path / "out", project_name=payload, description=payload)
    readme = (result.path / "README.md").read_text("utf-8")
    assert readme == f"# {payload}\n\n{payload}\n"


def test_existing_non_empty_target_is_refused_untouched(tmp_path):
    template = make_template(tmp_path)
    out = tmp_path / "out"
    (out / "demo").mkdir(parents=True)
    (out / "demo" / "mine.txt").write_text("keep me", "utf-8")
    before = snapshot(out)
    with pytest.raises(DestinationExistsError, match="exists and is not empty.*--overwrite") as info:
        do_render(template, out)
    assert info.value.exit_code == 2
    assert snapshot(out) == before


def test_existing_empty_target_is_used(tmp_path):
    template = make_template(tmp_path)
    target = tmp_path / "out" / "demo"
    target.mkdir(parents=True)
    result = do_render(template, tmp_path / "out")
    # The empty folder becomes the project: the same path, the whole render in it, nothing replaced.
    assert result.path == target
    assert result.replaced == ()
    assert (target / "README.md").read_text("utf-8") == "# Demo\n\n\n"
    assert (target / "demo" / "__init__.py").read_text("utf-8") == '"""demo."""\n'
    assert (target / "raw" / "page.html").read_text("utf-8") == "{% block content %}{{ user }}{% endblock %}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["demo"]  # no staging folder left


def test_overwrite_replaces_rendered_files_and_keeps_the_others(tmp_path):
    template = make_template(tmp_path)
    out = tmp_path / "out"
    (out / "demo").mkdir(parents=True)
    (out / "demo" / "mine.txt").write_text("keep me", "utf-8")
    (out / "demo" / "README.md").write_text("old", "utf-8")
    result = do_render(template, out, overwrite=True)
    assert result.replaced == ("README.md",)
    assert (out / "demo" / "mine.txt").read_text("utf-8") == "keep me"
    assert (out / "demo" / "README.md").read_text("utf-8").startswith("# Demo")


def test_overwrite_refuses_a_file_where_a_folder_goes(tmp_path):
    template = make_template(tmp_path)
    out = tmp_path / "out"
    (out / "demo").mkdir(parents=True)
    (out / "demo" / "raw").write_text("a file", "utf-8")
    before = snapshot(out)
    with pytest.raises(DestinationExistsError, match="is a file where the project needs a folder"):
        do_render(template, out, overwrite=True)
    assert snapshot(out) == before


def test_a_target_that_is_a_file_is_refused(tmp_path):
    template = make_template(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "demo").write_text("x", "utf-8")
    with pytest.raises(DestinationExistsError, match="is not a folder"):
        do_render(template, tmp_path / "out", overwrite=True)


def test_template_error_part_way_leaves_nothing(tmp_path):
    files = {
        "a_first.txt": "fine {{ cookiecutter.project_name }}",
        "b_second.txt": "{{ cookiecutter.no_such_key.attribute }}",
    }
    template = make_template(tmp_path, files=files)
    out = tmp_path / "out"
    out.mkdir()
    (out / "other.txt").write_text("existing", "utf-8")
    before = snapshot(out)
    with pytest.raises(RenderError, match="rendering failed.*nothing was written") as info:
        do_render(template, out)
    assert info.value.exit_code == 1
    assert snapshot(out) == before


def test_hooks_are_not_run_their_steps_run_in_process(tmp_path):
    # The real templates' hooks call scaffold.render.hooks, which render() calls itself.
    marker = tmp_path / "hook-ran"
    template = make_template(tmp_path, hook=f"open({str(marker)!r}, 'w').close()\n")
    result = do_render(template, tmp_path / "out")
    assert not marker.exists()
    assert (result.path / ".env").stat().st_mode & 0o777 == 0o600


def test_missing_output_parents_are_created_and_removed_on_failure(tmp_path):
    template = make_template(tmp_path, files={"bad.txt": "{{ cookiecutter.no_such_key.attribute }}"})
    out = tmp_path / "a" / "b" / "c"
    with pytest.raises(RenderError):
        do_render(template, out)
    assert not (tmp_path / "a").exists()


def test_read_only_output_folder(tmp_path, read_only):
    template = make_template(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "existing.txt").write_text("x", "utf-8")
    read_only(out)
    before = snapshot(out)
    with pytest.raises(RenderError, match=r"cannot write in .*out.*choose another --output-dir"):
        do_render(template, out)
    assert snapshot(out) == before


def test_jinja_in_the_output_path_is_a_name_never_evaluated(tmp_path):
    # cookiecutter renders its output path as a template; scaffold writes the files itself and
    # takes a folder name as it is.
    template = make_template(tmp_path)
    out = tmp_path / "{{ 7 * 7 }}"
    result = do_render(template, out)
    assert result.path.parent == out
    assert not (tmp_path / "49").exists()


def test_nothing_is_written_to_home(tmp_path, _isolated_home):
    template = make_template(tmp_path)
    do_render(template, tmp_path / "out")
    assert list(_isolated_home.iterdir()) == []


def test_context_must_match_cookiecutter_json():
    declared = {
        "project_name": "x",
        "features": {"admin": False},
        "database": ["sqlite"],
        "_framework": "flask",
        "_flags": dict.fromkeys(FLAGS),
    }
    check_against({"project_name": "y", "features": {"admin": True}, "database": "sqlite"}, declared, template="t")
    with pytest.raises(TemplateMismatchError, match=r"not mapped by scaffold: \['database'\]"):
        check_against({"project_name": "y", "features": {"admin": True}}, declared, template="t")
    with pytest.raises(TemplateMismatchError, match=r"unknown to the template: \['colour'\]"):
        check_against(
            {"project_name": "y", "features": {"admin": True}, "database": "sqlite", "colour": "red"},
            declared,
            template="t",
        )
    with pytest.raises(TemplateMismatchError, match="not among the template's choices"):
        check_against({"project_name": "y", "features": {"admin": True}, "database": "none"}, declared, template="t")
    with pytest.raises(TemplateMismatchError, match="exactly the keys"):
        check_against({"project_name": "y", "features": {"rss": True}, "database": "sqlite"}, declared, template="t")
    with pytest.raises(TemplateMismatchError, match="must declare _framework and _flags"):
        check_against({"project_name": "y", "features": {"admin": True}, "database": "sqlite"}, {}, template="t")


def test_a_bug_in_scaffold_while_rendering_is_not_called_a_rendering_failure(tmp_path, monkeypatch):
    # Defect 5 of issue 9: a catch-all turned scaffold's own bugs into "rendering failed".
    import scaffold.render.pipeline

    def broken(project, context):
        raise TypeError("a bug in scaffold")

    monkeypatch.setattr(scaffold.render.pipeline, "finish", broken)
    template = make_template(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(TypeError, match="a bug in scaffold"):
        do_render(template, out)
    assert not out.exists(), "a bug leaves nothing behind either"


def test_the_file_system_failing_is_a_rendering_failure(tmp_path):
    # A name the file system refuses (too long) is the environment, not a bug.
    template = make_template(tmp_path, files={"{{ cookiecutter.project_slug * 100 }}.txt": "x"})
    with pytest.raises(RenderError, match="rendering failed: cannot write.*nothing was written"):
        do_render(template, tmp_path / "out")


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_scaffold_renders_byte_for_byte_what_cookiecutter_renders(tmp_path, framework):
    # scaffold renders faster than cookiecutter used directly (hook steps in-process, plain files
    # copied, brace-free names not compiled): the output must not differ by a byte.
    from support.generated import bake

    from scaffold.questionnaire.gather import complete
    from scaffold.render.context import template_context
    from scaffold.render.pipeline import template_dir

    answers = complete({"framework": framework, "features": ("admin", "auth", "api", "rss", "sitemap", "cache")})
    context = template_context(answers, framework)
    with template_dir(framework) as template:
        ours = render(
            template=template, context=context, output_dir=tmp_path / "scaffold", overwrite=False, extra_files={}
        )
    public = {key: value for key, value in context.items() if not key.startswith("_")}
    theirs = bake(framework, public, tmp_path / "cookiecutter", hooks=True).path
    skip = {".env"}
    assert {k: v for k, v in snapshot(ours.path).items() if k not in skip} == {
        k: v for k, v in snapshot(theirs).items() if k not in skip
    }
    assert (ours.path / ".env").stat().st_mode & 0o777 == (theirs / ".env").stat().st_mode & 0o777 == 0o600
