"""HTML forms of the meetings app, one module per sub-feature: ``meetings``, ``register``,
``commission_docs``."""
