from kurator.core.errors import DomainError


class PeopleError(DomainError):
    """A rule about persons or families was broken; the message is for the user."""
