"""Settings for pytest: the real settings module with test-friendly environment defaults."""

import os

os.environ.setdefault("KURATOR_DEBUG", "true")
os.environ.setdefault("KURATOR_FAST_PASSWORD_HASHER", "true")
os.environ.setdefault("KURATOR_SECURE_COOKIES", "false")
# Sign-in steps a test does not ask for stay out of its way; tests of them switch them on.
os.environ.setdefault("KURATOR_REQUIRE_2FA", "false")
os.environ.setdefault("KURATOR_BEHIND_PROXY", "false")
os.environ.setdefault("KURATOR_SSL_REDIRECT", "false")
# Rate limits out of the way of tests that send many requests; their own tests set them.
os.environ.setdefault("KURATOR_RATE_API_PER_MINUTE", "1000000")
os.environ.setdefault("KURATOR_RATE_DUPLICATES_PER_MINUTE", "1000000")
os.environ.setdefault("KURATOR_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from kurator.settings import *  # noqa: F403

# Each test process counts rate limits in its own memory (conftest clears it per test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
