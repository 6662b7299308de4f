from kurator.core.errors import DomainError


class DocumentError(DomainError):
    """A rule about the case folder (file limits, cancelling) was broken.

    The message is for the user; ``field`` names the form/API field it belongs to, if any.
    """
