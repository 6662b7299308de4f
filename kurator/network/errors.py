from kurator.core.errors import DomainError


class NetworkError(DomainError):
    """A rule about the resource network was broken; the message is for the user."""
