"""The one exception type for bad user input; its message is Chinese and shown as is."""


class InputError(ValueError):
    """Raised by parsers for text a user typed that cannot be understood.

    ``message`` is a complete Chinese sentence suitable for a dialog or a finding.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RepositoryError(Exception):
    """A storage failure the user must be told about; ``message`` is Chinese.

    Defined here, not in ``services.ports`` (which re-exports it), so that the
    storage adapter, which may import only the domain, can raise subclasses.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RepositoryError):
    """The asked-for declaration or project does not exist."""
