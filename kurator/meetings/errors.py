from kurator.core.errors import DomainError


class MeetingError(DomainError):
    """A rule about meetings, minutes, commission resolutions or the register was broken.

    The message is for the user; ``field`` names the form/API field it belongs to, if any.
    """
