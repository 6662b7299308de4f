"""HTML forms of cases: they check shape, the services check the rules (style.md #10). One
module per sub-feature: ``opening``, ``lifecycle``, ``supervision``."""
