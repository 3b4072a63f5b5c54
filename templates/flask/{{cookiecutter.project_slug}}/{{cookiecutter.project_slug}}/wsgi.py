"""The WSGI entry point for production servers: `gunicorn {{ cookiecutter.project_slug }}.wsgi:app`.

gunicorn does not read `.env` the way `flask run` does, so load it here;
variables already set in the environment win over the file. It refuses to
serve without SECRET_KEY and ALLOWED_HOSTS, naming the one missing.
"""

from dotenv import load_dotenv

from . import config, create_app

load_dotenv()
app = create_app()
config.check_serving(app)
