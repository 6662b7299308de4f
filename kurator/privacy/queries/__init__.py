"""The privacy reads: ``consents`` (how each person's consent stands, the scoped consents),
``subject_requests`` (the scoped requests, the request list), ``retention`` (the scoped
destruction clocks and acts)."""
