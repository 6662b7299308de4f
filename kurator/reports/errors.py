from kurator.core.errors import DomainError


class ReportError(DomainError):
    """A rule of the reports app was broken (a Russian message for the user; ``field`` names
    the form/API field it belongs to)."""
