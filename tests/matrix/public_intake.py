"""The public side of intake in the authorization matrix (kurator/intake/public).

- The public pages «Сообщить о семье» (/signal/, /signal/<slug>/), «Жалоба или
  предложение» (/signal/<slug>/appeal/) and the status lookup (/signal/status/) are open to
  everyone by design — the anonymous visitor above all: they
  join ``PUBLIC_URLS``, and ``tests/matrix/test_public_pages.py`` checks them for the whole
  cast (200, never the secret family's name, a refused form changes nothing).
- The API the organisation's own site posts to (``/api/v1/public-signals/…``) needs
  ``intake.signal:write`` and holds no record of its own: the settlements are the
  organisation's reference list, the status lookup answers only with a number and a code. Both
  organisations of the world have a public page, so every role with the permission is answered
  for her own organisation.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from kurator.intake.public import services
from tests.matrix.grants import SIGNAL_WRITE
from tests.test_access_matrix import (
    GP,
    HEAD,
    OTHER_ORG_HEAD,
    PUBLIC_URLS,
    UNLOGGED_URLS,
    G,
    P,
    Rule,
    listing,
)

PUBLIC_PAGES = {
    "public:report_any": {},
    "public:report": {"slug": "public_slug"},
    "public:appeal": {"slug": "public_slug"},
    "public:status": {},
}
PUBLIC_URLS.update(PUBLIC_PAGES)
# Places the organisation works in, nobody's data: no read-log row.
UNLOGGED_URLS.update({"api-public-signal-settlements", "api-public-signal-status"})

VISIBLE: dict[str, frozenset[str]] = {}

RULES: dict[str, Rule] = {
    "api-public-signal-create": listing(SIGNAL_WRITE, P),
    "api-public-signal-settlements": listing(SIGNAL_WRITE, G),
    "api-public-signal-status": listing(SIGNAL_WRITE, P),
}

# The public pages' rule for the checks of test_public_pages.py: GET and POST, no sign-in.
PUBLIC_RULE = Rule(record=None, perm=None, methods=GP)


def extend(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    ours, theirs = users[HEAD], users[OTHER_ORG_HEAD]
    page = services.open_public_page(organisation_id=ours.organisation_id, slug="test-fond")
    services.add_settlement(team=ours.team, name="г. Смоленск")
    services.open_public_page(organisation_id=theirs.organisation_id, slug="chuzhoy-fond")
    services.add_settlement(team=theirs.team, name="г. Тула")
    # Not a record: the slug the organisation's page takes.
    return {"public_slug": SimpleNamespace(pk=page.slug)}
