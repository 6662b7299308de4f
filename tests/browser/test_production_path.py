"""The production path, exactly as docs/operations.md tells an operator: debug off, a secret
key from a file, allowed hosts, ``migrate``, ``collectstatic``, gunicorn behind a TLS proxy —
then a curator signs in with the second factor in a real browser and works.

Nothing here uses the test settings: the commands run in fresh processes with the same
environment an operator sets, against a database and a static folder of their own."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, Response, expect

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
# The demo's password: load_demo gives every demo login the same one.
DEMO_PASSWORD = "kurator"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _operator_env(var_dir: Path) -> dict[str, str]:
    """What docs/operations.md («Small NGO») exports, nothing from the test settings."""
    key_file = var_dir / "secret_key"
    key_file.write_text(base64.b64encode(os.urandom(48)).decode())
    field_key_file = var_dir / "field_key"  # seals the TOTP secrets
    field_key_file.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KURATOR_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        KURATOR_SECRET_KEY_FILE=str(key_file),
        KURATOR_FIELD_KEY_FILE=str(field_key_file),
        KURATOR_ALLOWED_HOSTS="localhost",
        KURATOR_VAR_DIR=str(var_dir),  # the database and static folder of this test only
        KURATOR_FAST_PASSWORD_HASHER="true",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def production_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var_dir = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = _operator_env(var_dir)
    # The stand-in for nginx's TLS: the browser speaks plain HTTP to gunicorn and says
    # «X-Forwarded-Proto: https»; its Origin is then http://, which the operator of a real
    # proxy never needs to trust (there the browser's origin is https://).
    env["KURATOR_CSRF_TRUSTED_ORIGINS"] = f"http://localhost:{port}"
    _manage(env, "migrate", "--no-input")
    _manage(env, "load_demo", "--force")  # a trial installation with the demo's people
    _manage(env, "collectstatic", "--no-input")
    log = (var_dir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [GUNICORN, "kurator.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        # Wait for the first answer of the health probe: gunicorn needs a moment to import.
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (var_dir / "gunicorn.log").read_text()
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # polling a starting process, not waiting for an outcome
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(var_dir / "static", ignore_errors=True)


@pytest.fixture
def tls_page(browser: Browser) -> Iterator[Page]:
    """A browser behind the operator's nginx: it says the request came over HTTPS."""
    context = browser.new_context(
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        extra_http_headers={"X-Forwarded-Proto": "https"},
    )
    yield context.new_page()
    context.close()


def test_collectstatic_gunicorn_and_a_curators_first_day(
    production_server: str, tls_page: Page
) -> None:
    page = tls_page
    failures: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    page.on("response", on_response)

    page.goto(f"{production_server}/")
    expect(page.get_by_label("Имя пользователя")).to_be_visible()
    # The hashed, compressed static files are served (the icons' fonts included).
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href") or ""
    assert "/static/" in stylesheet and stylesheet.count(".") >= 2, stylesheet
    page.get_by_label("Имя пользователя").fill("curator1")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()

    # Debug off: the second factor is required; she enrols it with the key shown on the page.
    expect(page.get_by_role("heading", name="Настройка двухфакторной проверки")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Код из приложения").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_text("Двухфакторная проверка настроена.")).to_be_visible()

    # Her work: the case list, one of her cases, the signal journal.
    page.goto(f"{production_server}/cases/")
    first_case = page.locator("table a[href^='/cases/']").first
    family = first_case.inner_text()
    first_case.click()
    expect(page.locator("h1").first).to_be_visible()
    assert page.url.rstrip("/").split("/")[-1] == family.strip(), page.url
    answer = page.goto(f"{production_server}/signals/")
    assert answer is not None and answer.status == 200
    # A page with people's data is kept by no cache, the browser's included.
    assert "no-store" in (answer.headers.get("cache-control") or "")
    icons = page.evaluate(
        "() => document.fonts.check('1em bootstrap-icons') || "
        "[...document.fonts].some(f => f.family.includes('bootstrap-icons'))"
    )
    assert icons, "the icon font is not loaded"
    assert failures == []


def test_debug_is_off_and_errors_show_the_russian_page(
    production_server: str, tls_page: Page
) -> None:
    answer = tls_page.goto(f"{production_server}/no-such-page/")
    assert answer is not None and answer.status == 404
    body = tls_page.content()
    assert "Traceback" not in body and "URLconf" not in body
    # Plain HTTP (no TLS proxy header) is sent to HTTPS.
    request = urllib.request.Request(f"{production_server}/cases/", method="GET")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
