"""Read queries of the reports app. Each starts from the viewer's scope (``kurator.access``:
``report_scope``, ``own_caseload`` or the ``*_visible_to`` querysets) and changes nothing.

- ``dashboards`` — the caseworker's, team's and director's dashboards;
- ``indicators`` — the indicator report (``compute_indicators``) for a period and the same
  period a year before;
- ``records`` — staff norms per specialist per year, and the figures of the appeals' and
  shelter exits' lists.
"""
