"""Reads of the monitoring app: ``reviews`` (a case's periods of support, reviews, review tasks
and the plan's current actions) and ``monthly`` (one case's month and a worker's monthly
summary)."""
