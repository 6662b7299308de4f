"""Reads of the documents app, built on ``kurator.access``: ``folder`` (the case folder's state)
and ``templates`` (the document templates, their placeholders and the active version)."""
