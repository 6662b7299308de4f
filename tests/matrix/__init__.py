"""The apps' parts of the authorization matrix (see ``tests/test_access_matrix.py``)."""
