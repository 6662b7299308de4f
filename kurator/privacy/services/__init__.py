"""The privacy services: ``consents`` (record, withdraw, the read-only card of a person whose
processing is stopped), ``subject_requests`` (register, answer), ``retention`` (destruction:
anonymisation, acts, the retention term), ``export`` (the person's data as one ZIP)."""
