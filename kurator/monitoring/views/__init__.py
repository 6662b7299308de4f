"""HTML pages of the monitoring app, one module per sub-feature: ``reviews`` (the case's
monitoring page, the review forms, a review, applying it) and ``monthly`` (a case's monthly
form; a worker's monthly summary and its XLSX)."""
