"""Read queries of cases, one module per sub-feature: ``opening`` (the list, the case page,
curators, complexity), ``lifecycle``, ``supervision``. Every one starts from an
``access`` scope or a case fetched through ``access.get_case``; none changes anything."""
