"""Reads of the meetings app: ``meetings`` (a case's meetings and their participants) and
``register`` (who is on the register, as other apps ask, and the case page's view of it)."""
