"""The embedded default: a laptop portal with nothing installed but Python."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-xathidua-local")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The embedded default runs jobs inline: keep Celery's per-task lines and the in-memory
# transport's hostname notice out of the console (workers with real settings still log them).
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}
