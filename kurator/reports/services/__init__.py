"""Services of the reports app: the actions that change its records.

- ``records`` — a specialist's training, supervision or leave entered, corrected, deleted; a
  complaint or suggestion recorded and answered; a child's leaving a shelter recorded. The
  Russian messages of their rules live here, and the forms and the API show them.

The dashboards and the indicator report change nothing: they are in ``queries``.
"""
