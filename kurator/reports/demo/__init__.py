"""The reports app's demo steps (``core/demo.py: DEMO_STEPS``), each a ``build(demo)``:

- ``records`` — staff norms, complaints and shelter exits;
- ``indicators`` — last year's work, so that the indicator report has a year to compare with;
- ``appeals_outside`` — complaints from outside (a hotline call, a family through her
  curator) considered by the quality officer, after the audit step creates her.
"""
