"""HTML forms of the monitoring app, one module per sub-feature: ``reviews`` and ``monthly``."""
