"""Settings for pytest: the real settings module with test-friendly environment defaults."""

import os

os.environ.setdefault("KURATOR_DEBUG", "true")
os.environ.setdefault("KURATOR_FAST_PASSWORD_HASHER", "true")
os.environ.setdefault("KURATOR_SECURE_COOKIES", "false")
os.environ.setdefault("KURATOR_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from kurator.settings import *  # noqa: F403
