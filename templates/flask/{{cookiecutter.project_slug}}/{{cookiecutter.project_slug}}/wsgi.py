"""The WSGI entry point for production servers: `gunicorn {{ cookiecutter.project_slug }}.wsgi:app`.

gunicorn does not read `.env` the way `flask run` does, so load it here;
variables already set in the environment win over the file.
"""

from dotenv import load_dotenv

from . import create_app

load_dotenv()
app = create_app()
