"""HTML views of the reports app, one module per sub-feature (routes in ``reports/urls.py``):

- ``dashboards`` — the reports home and the three dashboards;
- ``indicators`` — the indicator report page and its XLSX and PDF downloads;
- ``records`` — staff norms, complaints and suggestions, children leaving shelters, and the
  change history of each.
"""
