"""The reports app's demo steps (``core/demo.py: DEMO_STEPS``), each a ``build(demo)``:

- ``records`` — staff norms, complaints and shelter exits;
- ``indicators`` — last year's work, so that the indicator report has a year to compare with.
"""
