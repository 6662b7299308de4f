from kurator.core.errors import DomainError


class PlanError(DomainError):
    """A rule about the individual plan or contacts with the family was broken.

    The message is for the user; ``field`` names the form/API field it belongs to, if any.
    """
