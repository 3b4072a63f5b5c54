"""`scaffold serve`: the questionnaire as a web page, and an HTTP API for curl, IDEs and CI.

The web stack (Starlette, uvicorn) is the optional extra `scaffold-web[serve]`.
Only `app`, `protocol`, `worker` and `server` import it, and only when `scaffold serve` runs, so
`scaffold --help` never pays for it. The other modules are plain Python over
scaffold's own functions, so the API answers exactly what the CLI prints:

- `inputs`: answers from a query string or a JSON body, validated as `--set` is.
- `verdict`: the `recommend --json` text and the page's live form state.
- `rendered`: a project rendered into a temporary folder, read back, removed.
- `archive`: the zip of those files.
- `assets`: the page's HTML, JS and CSS (package data) and the plain-text usage.
- `app`: the routes, the security headers, the Host and cross-site checks, the body limit;
  `create_app` is also the ASGI factory for uvicorn and gunicorn (several workers, stateless).
- `protocol`: uvicorn's h11 protocol with a deadline for each request (idle and slow clients).
- `worker`: a gunicorn worker class running that protocol (needs gunicorn and uvicorn-worker).
- `server`: binding the socket and running the server (`scaffold serve`).

It asks the engine and the renderer directly, as the CLI does. May import:
`scaffold.render`, `scaffold.decide`, `scaffold.questionnaire`,
`scaffold.errors`, `scaffold._version`; never `scaffold.commands`,
`scaffold.lifecycle` or `scaffold.cli`.
"""
