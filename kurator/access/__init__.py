"""Who may see and do what — the only place; "not yours" looks like "does not exist".

Every view, API endpoint, export and search starts from a ``*_visible_to(user)`` queryset or a
``get_*(user, pk, action=…)`` fetch from here: ``from kurator import access``. A record outside
the user's scope raises ``Http404`` — "not yours" looks exactly like "does not exist" — and a
record in scope that the user's roles may not act on raises ``PermissionDenied`` (403).

Scopes (need-to-know: docs/domain.md, Personal data): team roles see their team's records; the
programme director, quality officer and operations manager see the organisation's; administrators
manage settings and users, not people's data; resource-network agents see only referrals to them;
another organisation's records are invisible to everyone. One submodule per domain keeps each short.
"""

from kurator.access.assessments import *  # noqa: F403
from kurator.access.base import *  # noqa: F403
from kurator.access.cases import *  # noqa: F403
from kurator.access.documents import *  # noqa: F403
from kurator.access.intake import *  # noqa: F403
from kurator.access.meetings import *  # noqa: F403
from kurator.access.monitoring import *  # noqa: F403
from kurator.access.network import *  # noqa: F403
from kurator.access.people import *  # noqa: F403
from kurator.access.plans import *  # noqa: F403
from kurator.access.reports import *  # noqa: F403
from kurator.access.tasks import *  # noqa: F403
