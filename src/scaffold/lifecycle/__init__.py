"""Carrying a generated project forward: `scaffold add`, `remove`, `update` and `check`.

A project's `.scaffold.yml` holds every answer and the scaffold version that
rendered it, and a replay of those is byte-identical. So an update is a
three-way merge, file by file: the base is the render of the recorded answers
and version, "theirs" the render of the new answers with the installed
scaffold, "ours" the project as its user has it.

- `project`: finding the project, reading its record, the git checks.
- `replay`: the two renders (the recorded version's, installed in a
  throwaway environment when it is not this one).
- `merge`: deciding, file by file, what the project becomes.
- `apply`: writing that into the project atomically, or showing it as a diff.
- `gitwork`: what the merge asks of git: renames since the last render, line endings, conflicts in the index.
- `migrations`: Alembic revisions in a project that exists: never edited; a feature added later appended.
- `revisions`: reading and re-pointing a revision file's graph lines, as text.
- `dependencies`: the reinstall command after a change of requirements; a requirement kept while kept code imports it.
- `report`: what the commands tell their user.
- `commands`: the four commands, in order (what `scaffold.cli` calls).

Writing goes through `scaffold.render.transaction`, the journal `new
--overwrite` uses too; `.env` is never merged, and the variables a new render
needs are listed by `scaffold.render.envfile`, as `new --overwrite` lists them.
May import: `scaffold.render`, `scaffold.decide`,
`scaffold.questionnaire`, `scaffold.errors`, `scaffold._version`; never
`scaffold.commands`, `scaffold.serve` or `scaffold.cli`.
"""
