"""The apps' parts of the authorization matrix (see ``tests/test_access_matrix.py``), and the
roles → permissions table it is checked against (``grants.py``, pinned to the code by
``test_grants.py``)."""
