"""The WSGI entry point for production servers: `gunicorn {{ cookiecutter.project_slug }}.wsgi:app`.

This is production, always: debug is off whatever `.env` or the environment
says (the generated `.env` turns it on for the `flask` commands on your own
machine, as Django's manage.py runs its local settings). gunicorn does not read
`.env` the way `flask` does, so load it here; variables already set in the
environment win over the file. It refuses to serve without SECRET_KEY and
ALLOWED_HOSTS{% if cookiecutter.features.auth %} (and EMAIL_URL){% endif %}, naming the one missing.
"""

from dotenv import load_dotenv

from . import config, create_app

load_dotenv()
app = create_app({"DEBUG": False})
config.check_serving(app)
