"""``/api/v1/…`` views of the reports app with their serializers, one module per sub-feature
(routes in ``reports/api_urls.py``):

- ``dashboards`` — the caller's dashboard;
- ``indicators`` — the indicator report;
- ``records`` — staff norms and their entries, appeals, shelter exits.
"""
