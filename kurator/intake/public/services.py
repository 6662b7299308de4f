"""The public page «Сообщить о семье» and the organisation's own site: anyone reports a family
in need without signing in, and later asks how her report stands.

``submit_public_signal`` logs the report in the signal journal of the team whose settlement
the reporter picked — through the same ``intake.services._log_signal`` as a signal an intake
operator types in: channel «форма на сайте», the team and visit deadlines running from the
moment it arrives, the history row, the tasks. The team's intake operators get an e-mail that
names the signal and its deadline, never the family. The reporter gets the signal's number
and a short code; only a hash of the code is kept (``PublicReport``).

The code is derived from the form's one-time submission token (or the site's own submission
id) with the installation's secret: the same form sent twice — a double click, a reload after
a lost answer — finds its first signal and shows the same number and code again, and nothing
is stored twice.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurator.accounts.models import Team
from kurator.intake.errors import IntakeError
from kurator.intake.models import PublicPage, PublicReport, Settlement, Signal
from kurator.intake.services import _log_signal

__all__ = [
    "CODE_LENGTH",
    "DESCRIPTION_MAX",
    "RELATIONS",
    "AppealReceipt",
    "Receipt",
    "add_settlement",
    "code_matches",
    "open_public_page",
    "submit_public_appeal",
    "submit_public_signal",
]

# Limits of every field the public page and the API take (the forms and serializers show
# them; the service checks them again).
DESCRIPTION_MAX = 4000
NAME_MAX = 150
CONTACT_MAX = 150
ADDRESS_MAX = 300
FAMILY_NAME_MAX = 150
SUBMISSION_MAX = 100
SETTLEMENT_NAME_MAX = 200
# Paths under /signal/ that are not an organisation's page.
RESERVED_SLUGS = frozenset({"status"})
# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

# Who the reporter is to the family, as the public page asks it; the signal's source.
RELATIONS: tuple[tuple[str, object], ...] = (
    (Signal.Source.FAMILY, gettext_lazy("Я из этой семьи")),
    (Signal.Source.RELATIVES, gettext_lazy("Родственник")),
    (Signal.Source.NEIGHBOURS, gettext_lazy("Сосед, знакомый")),
    (Signal.Source.SCHOOL, gettext_lazy("Работаю в школе")),
    (Signal.Source.KINDERGARTEN, gettext_lazy("Работаю в детском саду")),
    (Signal.Source.MEDICAL, gettext_lazy("Медицинский работник")),
    (Signal.Source.OTHER, gettext_lazy("Другое")),
)
_RELATION_VALUES = frozenset(str(value) for value, _label in RELATIONS)

CONSENT_MISSING = gettext_lazy(
    "Отметьте согласие на обработку ваших данных — или уберите имя и контакт, чтобы "
    "сообщить анонимно."
)
DESCRIPTION_MISSING = gettext_lazy("Напишите, что происходит с семьёй.")
SETTLEMENT_MISSING = gettext_lazy("Выберите населённый пункт или район из списка.")


@dataclass(frozen=True)
class Receipt:
    """What the reporter is told: the signal's number and her code (shown once)."""

    number: int
    code: str
    again: bool = False  # the same form was sent before: its first signal


def _clean(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = " ".join((value or "").split()) if field != "description" else (value or "").strip()
    if required and not value:
        message = DESCRIPTION_MISSING if field == "description" else _("Заполните это поле.")
        raise IntakeError(message, field=field)
    if len(value) > limit:
        raise IntakeError(_("Не длиннее %(n)s символов.") % {"n": limit}, field=field)
    return value


def _submission_hash(organisation_id: int, submission: str) -> str:
    return hashlib.sha256(f"{organisation_id}:{submission}".encode()).hexdigest()


def _code_for(organisation_id: int, submission: str) -> str:
    """The reporter's code, the same for the same submission: letters of
    ``CODE_ALPHABET`` drawn from an HMAC of it with the installation's secret."""
    key = settings.SECRET_KEY.encode()
    message = f"kurator.intake.public.code:{organisation_id}:{submission}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])


def _code_hash(number: int, code: str) -> str:
    return salted_hmac("kurator.intake.public.code", f"{number}:{code}").hexdigest()


def normalise_code(code: str) -> str:
    """A code as the reporter may type it: any case, spaces or dashes between the letters."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_matches(report: PublicReport, code: str) -> bool:
    """Whether ``code`` is the one given with ``report``'s signal (constant time)."""
    return constant_time_compare(
        report.code_hash, _code_hash(report.signal_id, normalise_code(code))
    )


def submit_public_signal(
    *,
    page: PublicPage,
    settlement: Settlement,
    description: str,
    submission: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    consent: bool = False,
    relation: str = "",
    family_name: str = "",
    address: str = "",
    urgent: bool = False,
    through_api: bool = False,
) -> Receipt:
    """Log a report of a family in need from the public page (or, ``through_api``, from the
    organisation's own site) in the journal of the settlement's team. The reporter may stay
    anonymous; when she leaves her name or contact she must consent to their processing.
    ``submission`` identifies the form she sent: sent again, it returns its first receipt."""
    if not page.is_open:
        raise IntakeError(_("Приём сообщений на этой странице закрыт."))
    organisation_id = page.organisation_id
    if settlement.team.organisation_id != organisation_id or not settlement.is_active:
        raise IntakeError(SETTLEMENT_MISSING, field="settlement")
    description = _clean(description, field="description", limit=DESCRIPTION_MAX, required=True)
    reporter_name = _clean(reporter_name, field="reporter_name", limit=NAME_MAX)
    reporter_contact = _clean(reporter_contact, field="reporter_contact", limit=CONTACT_MAX)
    family_name = _clean(family_name, field="family_name", limit=FAMILY_NAME_MAX)
    address = _clean(address, field="address", limit=ADDRESS_MAX)
    submission = (submission or "").strip()
    if not submission or len(submission) > SUBMISSION_MAX:
        raise IntakeError(
            _("Нет номера отправки (не длиннее %(n)s символов).") % {"n": SUBMISSION_MAX},
            field="submission_id",
        )
    if relation and relation not in _RELATION_VALUES:
        raise IntakeError(_("Выберите из списка, кем вы приходитесь семье."), field="relation")
    identified = bool(reporter_name or reporter_contact)
    if identified and not consent:
        raise IntakeError(CONSENT_MISSING, field="consent")
    source = relation or (Signal.Source.OTHER if identified else Signal.Source.ANONYMOUS)
    submission_hash = _submission_hash(organisation_id, submission)
    code = _code_for(organisation_id, submission)
    now = timezone.now()
    with transaction.atomic():
        earlier = _earlier(submission_hash)
        if earlier is not None:
            return Receipt(number=earlier.signal_id, code=code, again=True)
        try:
            with transaction.atomic():  # a savepoint: a lost race keeps the outer one usable
                signal = _log_signal(
                    organisation_id=organisation_id,
                    team=settlement.team,
                    by=None,
                    received_at=now,
                    channel=Signal.Channel.WEB_FORM,
                    source=source,
                    description=description,
                    reporter_name=reporter_name,
                    reporter_contact=reporter_contact,
                    urgent=bool(urgent),
                    subject_last_name=family_name,
                    address=", ".join(part for part in (settlement.name, address) if part),
                )
                PublicReport.objects.create(
                    signal=signal,
                    settlement=settlement,
                    code_hash=_code_hash(signal.pk, code),
                    submission_hash=submission_hash,
                    consent_given_at=now if identified else None,
                    through_api=through_api,
                )
        except IntegrityError:
            earlier = _earlier(submission_hash)
            if earlier is None:
                raise
            return Receipt(number=earlier.signal_id, code=code, again=True)
        from kurator.intake import emails

        signal_id = signal.pk
        transaction.on_commit(lambda: emails.send_public_signal(signal_id=signal_id))
    return Receipt(number=signal.pk, code=code)


def _earlier(submission_hash: str) -> PublicReport | None:
    return PublicReport.objects.filter(submission_hash=submission_hash).first()


# --- complaints and suggestions ----------------------------------------------------------------


@dataclass(frozen=True)
class AppealReceipt:
    """What the page tells the author: the appeal's number and the day the answer is due."""

    number: int
    due_on: date
    answered_to: str  # the contact the answer goes to ("" — none left)


APPEAL_TEXT_MAX = 4000
APPEAL_KIND_MISSING = gettext_lazy("Выберите: жалоба или предложение.")
APPEAL_TEXT_MISSING = gettext_lazy("Напишите, о чём ваше обращение.")


def submit_public_appeal(
    *,
    page: PublicPage,
    kind: str,
    text: str,
    submission: str,
    author: str = "",
    contact: str = "",
    consent: bool = False,
) -> AppealReceipt:
    """Register a complaint or suggestion about the organisation's work left on its public
    page: channel «публичная страница», for the whole organisation, with its 59-FZ deadline
    and the quality officer's task (``reports.services.records``). Whoever leaves her name or
    contact consents to their processing; the answer goes to that contact. The same form
    sent twice registers it once."""
    from kurator.reports.models import Appeal
    from kurator.reports.services.records import _register_appeal

    if not page.is_open:
        raise IntakeError(_("Приём сообщений на этой странице закрыт."))
    if kind not in Appeal.Kind.values:
        raise IntakeError(APPEAL_KIND_MISSING, field="kind")
    text = (text or "").strip()
    if not text:
        raise IntakeError(APPEAL_TEXT_MISSING, field="text")
    if len(text) > APPEAL_TEXT_MAX:
        raise IntakeError(_("Не длиннее %(n)s символов.") % {"n": APPEAL_TEXT_MAX}, field="text")
    author = _clean(author, field="author", limit=NAME_MAX)
    contact = _clean(contact, field="contact", limit=CONTACT_MAX)
    if (author or contact) and not consent:
        raise IntakeError(CONSENT_MISSING, field="consent")
    submission = (submission or "").strip()
    if not submission or len(submission) > SUBMISSION_MAX:
        raise IntakeError(_("Нет номера отправки."), field="submission_id")
    organisation_id = page.organisation_id
    key = _submission_hash(organisation_id, f"appeal:{submission}")
    with transaction.atomic():
        earlier = Appeal.objects.filter(
            organisation_id=organisation_id, public_submission=key
        ).first()
        if earlier is None:
            try:
                with transaction.atomic():  # a savepoint: a lost race keeps the outer one usable
                    earlier = _register_appeal(
                        organisation_id=organisation_id,
                        team_id=None,
                        kind=kind,
                        received_on=timezone.localdate(),
                        channel=Appeal.Channel.WEB,
                        author=author,
                        contact=contact,
                        text=text,
                        public_submission=key,
                        by=None,
                    )
            except IntegrityError:
                earlier = Appeal.objects.get(organisation_id=organisation_id, public_submission=key)
    assert earlier.due_on is not None
    return AppealReceipt(number=earlier.pk, due_on=earlier.due_on, answered_to=earlier.contact)


# --- the administrator's settings -------------------------------------------------------------


def open_public_page(*, organisation_id: int, slug: str) -> PublicPage:
    """Open (or move) the organisation's public page at /signal/<slug>/."""
    slug = (slug or "").strip().lower()
    field = PublicPage._meta.get_field("slug")
    try:
        field.run_validators(slug)
    except Exception as exc:
        raise IntakeError(
            _("Только латинские буквы, цифры и дефис, не длиннее 50 символов."), field="slug"
        ) from exc
    if not slug:
        raise IntakeError(_("Укажите адрес страницы."), field="slug")
    if slug in RESERVED_SLUGS:
        raise IntakeError(_("Этот адрес занят самой системой: выберите другой."), field="slug")
    if PublicPage.objects.filter(slug=slug).exclude(organisation_id=organisation_id).exists():
        raise IntakeError(_("Этот адрес уже занят другой организацией."), field="slug")
    page, _created = PublicPage.objects.update_or_create(
        organisation_id=organisation_id, defaults={"slug": slug, "is_open": True}
    )
    return page


def add_settlement(*, team: Team, name: str) -> Settlement:
    """A town, village or district of the team's territory, offered on the organisation's
    public page (its reports go to this team). A name is unique in the organisation: one
    place cannot route to two teams."""
    name = " ".join((name or "").split())
    if not name:
        raise IntakeError(_("Укажите населённый пункт или район."), field="name")
    if len(name) > SETTLEMENT_NAME_MAX:
        raise IntakeError(
            _("Не длиннее %(n)s символов.") % {"n": SETTLEMENT_NAME_MAX}, field="name"
        )
    taken = Settlement.objects.filter(team__organisation_id=team.organisation_id, name=name)
    if taken.exists():
        raise IntakeError(
            _("«%(name)s» уже есть в территории одной из команд.") % {"name": name}, field="name"
        )
    return Settlement.objects.create(team=team, name=name)
