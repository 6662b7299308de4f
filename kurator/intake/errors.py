from kurator.core.errors import DomainError


class IntakeError(DomainError):
    """A rule about signals, first visits or take-in decisions was broken.

    The message is for the user (Russian); ``field`` names the form/API field it belongs to.
    """
