"""Shared models. The production-calendar override table lives here (see workdays.py)."""
