"""Settings for working on your machine: DEBUG on, values read from .env.

manage.py uses these by default.
"""

from pathlib import Path

from dotenv import load_dotenv

# .env must be read before base.py reads the environment; variables already
# set in the environment win over it.
load_dotenv(Path(__file__).resolve().parent.parent.parent / ".env")

from config.env import env_bool, env_list, env_str  # noqa: E402
from config.settings.base import *  # noqa: E402

# SECURITY WARNING: keep the secret key used in production secret!
# The post-generation step wrote one for this project into .env.
SECRET_KEY = env_str("SECRET_KEY")

DEBUG = env_bool("DEBUG", default=True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Mail: base.py prints it to the console unless EMAIL_URL names an SMTP server.
