"""HTML forms of the documents app (shape only): ``folder``, ``generation``, ``templates``."""
