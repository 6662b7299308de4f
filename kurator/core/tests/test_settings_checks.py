from __future__ import annotations

from django.test import override_settings

from kurator.core.settings_checks import check_language_and_time, check_mail_in_production


def test_settings_as_shipped_pass_the_checks() -> None:
    assert check_language_and_time() == []


@override_settings(LANGUAGE_CODE="en", USE_TZ=False)
def test_english_default_and_naive_times_are_errors() -> None:
    ids = {m.id for m in check_language_and_time()}
    assert ids == {"kurator.E001", "kurator.E002"}


@override_settings(
    DEBUG=False,
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="localhost",
)
def test_production_without_smtp_host_warns() -> None:
    assert [m.id for m in check_mail_in_production()] == ["kurator.W010"]


@override_settings(
    DEBUG=False,
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="smtp.example.org",
)
def test_production_with_smtp_host_is_fine() -> None:
    assert check_mail_in_production() == []
