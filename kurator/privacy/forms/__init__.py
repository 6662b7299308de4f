"""The privacy forms: ``consents`` (a consent, its withdrawal) and ``subject_requests``
(a request, its answer, the list's filter)."""
