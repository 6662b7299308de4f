"""The documents API: ``folder``, ``generation``, ``templates``."""
