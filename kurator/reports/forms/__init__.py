"""Forms of the reports app, one module per sub-feature:

- ``indicators`` — the indicator report's period and scope;
- ``records`` — a staff norm entry, an appeal and its answer, a shelter exit, and the filters
  of their lists.
"""
