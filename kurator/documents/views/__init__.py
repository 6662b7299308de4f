"""HTML views of the documents app: ``folder``, ``generation``, ``templates``."""
