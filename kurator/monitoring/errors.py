from kurator.core.errors import DomainError


class MonitoringError(DomainError):
    """A rule of the case reviews or the monthly form was broken (a Russian message for the
    user; ``field`` names the form/API field it belongs to)."""
