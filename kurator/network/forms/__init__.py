"""Forms of the resource network pages, one module per sub-feature: ``agents``,
``spreadsheet``, ``referrals``, ``aid``, ``entitlements``. Choices of scoped records are set by
the views from ``access`` querysets."""
