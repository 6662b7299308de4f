from kurator.core.errors import DomainError


class TaskError(DomainError):
    """A rule about tasks was broken (a bad key, kind, assignee or date).

    The message is for the user; ``field`` names the form/API field it belongs to, if any.
    """
