"""Rendering: from settled answers to a project folder, atomically.

The third stage of the pipeline. `pipeline` is the way in (`plan`,
`render_plan`); the rest are its parts:

- `context`: the template context built from the answers, and the facts derived from it (flags).
- `generate`: writing the template's tree with Jinja (what cookiecutter's `generate_files` writes).
- `extensions`: the Jinja extension the templates declare, with its filters; `quoting`: the literal filter.
- `compiled`: compiled template code kept between runs.
- `hooks`: what the templates' hooks do before and after rendering (refusals, the `.env`).
- `envfile`: the variables a render's `.env` sets that a project's own `.env` lacks (it is never replaced).
- `record`: the `.scaffold.yml` every project carries.
- `transaction`: moving files into a folder all or nothing (also used by the lifecycle).
- `next_steps`: the commands printed after rendering.

May import: `scaffold.decide`, `scaffold.questionnaire`, `scaffold.errors`,
`scaffold._version`, `scaffold._tmpcache`.
"""
