"""Tests: the same settings as local, quicker hashing, in-memory mail.

``DATABASE_URL`` / ``CELERY_BROKER_URL`` from the environment choose real PostgreSQL / Redis
(the README's test command starts both); without them the suite runs on SQLite, eager.
"""

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
