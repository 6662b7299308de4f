"""HTML views of cases, thin, one per action, one module per sub-feature:
``opening`` (the list, the case page, opening, complexity, handing over, linking),
``lifecycle`` and ``supervision`` — the same names as in ``services``."""
