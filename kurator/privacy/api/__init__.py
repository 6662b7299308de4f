"""The privacy API: ``consents`` (a person's consents, record, withdraw) and
``subject_requests`` (list, register, answer)."""
