"""The monitoring app's actions, one module per sub-feature.

- ``reviews`` — the quarterly review (applied as a plan revision) and the annual review
  (extend or close), and the review tasks they complete or schedule;
- ``monthly`` — the curator's monthly form of a case: started pre-filled from the month's
  records, corrected, submitted read-only.

The checks both start with (an open case of the user's organisation, texts not too long) are
in ``kurator.monitoring.rules``.
"""
