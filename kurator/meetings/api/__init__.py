"""``/api/v1/…`` of the meetings app, one module per sub-feature (serializers beside their
views): ``meetings``, ``register``, ``commission_docs``."""
