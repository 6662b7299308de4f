"""Production settings: ``check --deploy`` is clean, cookies and headers are strict, and the
content security policy allows only what the pages really use."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from kurator.accounts.models import User
from kurator.core.settings_checks import check_sign_in_in_production, check_sign_in_lockout
from kurator.settings import PRODUCTION_PASSWORD_HASHERS as PRODUCTION_HASHERS

ROOT = Path(__file__).resolve().parents[3]
SETTINGS_FILE = ROOT / "kurator" / "settings.py"
SECRET = "x" * 20 + "production-secret-key-for-the-deploy-check-0123456789"
PRODUCTION_ENV = {
    "KURATOR_SECRET_KEY": SECRET,
    "KURATOR_ALLOWED_HOSTS": "kurator.example.org",
    "KURATOR_CSRF_TRUSTED_ORIGINS": "https://kurator.example.org",
    "KURATOR_EMAIL_HOST": "smtp.example.org",
}
# What check --deploy looks at, taken from the settings module as production loads it.
DEPLOY_KEYS = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "PASSWORD_HASHERS",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "KURATOR_REQUIRE_2FA",
    "KURATOR_BEHIND_PROXY",
]


def _production_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KURATOR_")}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)  # the last one is set for the browser tests (conftest.py)
    return {**env, **PRODUCTION_ENV}


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """kurator/settings.py evaluated with a production environment (it has no side effects
    at import, so evaluating it again is harmless)."""
    for name in list(os.environ):
        if name.startswith("KURATOR_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KURATOR_VAR_DIR", str(tmp_path))
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_defaults_are_strict(production: dict[str, Any]) -> None:
    assert production["DEBUG"] is False
    assert production["KURATOR_REQUIRE_2FA"] is True
    assert production["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["AXES_FAILURE_LIMIT"] == 5
    assert production["AXES_COOLOFF_TIME"] == timedelta(minutes=15)


def test_the_environment_can_switch_the_second_factor_off_for_a_demo(
    monkeypatch: pytest.MonkeyPatch, production: dict[str, Any]
) -> None:
    monkeypatch.setenv("KURATOR_REQUIRE_2FA", "false")
    assert runpy.run_path(str(SETTINGS_FILE))["KURATOR_REQUIRE_2FA"] is False


def test_check_deploy_is_clean_with_production_settings(
    production: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set for browser tests
    out = StringIO()
    with override_settings(**{key: production[key] for key in DEPLOY_KEYS}):
        call_command("check", "--deploy", "--fail-level", "WARNING", stdout=out, stderr=out)
    assert "no issues" in out.getvalue()


def test_manage_py_check_deploy_is_clean_in_a_production_process(tmp_path: Path) -> None:
    """The same through the real entry point: the settings module, as production loads it."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**_production_environment(), "KURATOR_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@override_settings(DEBUG=False, KURATOR_REQUIRE_2FA=False, PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_the_second_factor_off_in_production_is_a_warning() -> None:
    assert [m.id for m in check_sign_in_in_production()] == ["kurator.W020"]


@override_settings(
    DEBUG=False,
    KURATOR_REQUIRE_2FA=True,
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
)
def test_the_test_hasher_in_production_is_an_error() -> None:
    assert [m.id for m in check_sign_in_in_production()] == ["kurator.E021"]


@override_settings(AXES_COOLOFF_TIME=None)
def test_a_lockout_without_cool_off_is_an_error() -> None:
    assert [m.id for m in check_sign_in_lockout()] == ["kurator.E020"]


@override_settings(DEBUG=True)
def test_debug_settings_pass_the_sign_in_checks() -> None:
    assert check_sign_in_lockout() == []
    assert check_sign_in_in_production() == []


# --- content security policy ------------------------------------------------------------


def test_every_page_carries_a_strict_policy(client: Client, db: None) -> None:
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = {
        name: value
        for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))
    }
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert "http" not in policy  # no outside hosts


# Pages only: e-mail bodies (``templates/<app>/emails/``) are read by mail clients, never served
# under the policy, and need inline styles there because mail clients drop style sheets.
TEMPLATES = sorted(
    path for path in (ROOT / "kurator").glob("**/templates/**/*.html") if "emails" not in path.parts
)
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an on…= event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_use_nothing_the_policy_refuses(template: Path) -> None:
    """Put behaviour in kurator/core/static/core/kurator.js and looks in kurator.css."""
    text = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"))  # comments
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert found == [], f"{template.relative_to(ROOT)} has {', '.join(found)}"


def test_htmx_is_told_not_to_inject_styles_or_eval(client: Client, db: None) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page


def test_the_api_docs_load_their_init_script_as_a_file(client: Client, curator: User) -> None:
    assert client.get("/api/docs/").status_code == 302  # signed-in users only: to sign in
    client.force_login(curator)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "<style" not in page
    assert "cdn." not in page
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()
