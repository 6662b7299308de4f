from kurator.core.errors import DomainError


class AccountsError(DomainError):
    """A rule about organisations, teams or users was broken; the message is for the user."""
