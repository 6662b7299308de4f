"""The network's demo steps (``DEMO_STEPS`` in ``kurator/core/demo.py``): ``agents`` builds the
directory before intake; ``casework`` runs after cases and plans — the catalogue, agreements,
referrals in every status, deliveries with an act and spending that waits for approval."""
