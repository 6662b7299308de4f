"""The privacy pages: ``consents`` (the person's page, record, withdraw), ``subject_requests``
(register, list, answer), ``retention`` (destruction deadlines and acts), ``export`` (the
person's ZIP)."""
