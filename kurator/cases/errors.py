from kurator.core.errors import DomainError


class CaseError(DomainError):
    """A rule about cases (opening, complexity, transfer, lifecycle) was broken.

    The message is for the user; ``field`` names the form/API field it belongs to, if any.
    """
