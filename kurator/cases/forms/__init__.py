"""HTML forms of cases: they check shape, the services check the rules. One
module per sub-feature: ``opening``, ``lifecycle``, ``supervision``."""
