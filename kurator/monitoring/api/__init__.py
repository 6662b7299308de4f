"""``/api/v1/…`` of the monitoring app, one module per sub-feature (serializers beside their
views): ``reviews`` and ``monthly``."""
