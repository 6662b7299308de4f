"""HTML pages of the meetings app, one module per sub-feature: ``meetings`` (the case's
meetings page, a meeting, its minutes), ``register`` (resolutions, the working group, removal
from the register), ``commission_docs`` (the commission documents and their forms)."""
