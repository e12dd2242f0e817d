"""User-facing errors: one base class whose ``message`` is Chinese and shown as is.

Every failure the user must read (bad input, a file that cannot be read or
written, a storage problem) is a :class:`UserError`. The command line turns one
into its message and exit code 2; anything else reaching the top is a bug
(exit code 3, traceback in the log file only). See ``g60desk/cli.py``.
"""


class UserError(Exception):
    """A failure explained to the user; ``message`` is a complete Chinese sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(UserError, ValueError):
    """Raised by parsers for text a user typed that cannot be understood.

    ``message`` is a complete Chinese sentence suitable for a dialog or a finding.
    """


class RepositoryError(UserError):
    """A storage failure the user must be told about; ``message`` is Chinese.

    Defined here, not in ``services.ports`` (which re-exports it), so that the
    storage adapter, which may import only the domain, can raise subclasses.
    """


class NotFound(RepositoryError):
    """The asked-for declaration or project does not exist."""


class Cancelled(Exception):
    """The user cancelled long work (a background job); raised between its steps, so the
    work stops having changed nothing. Not a :class:`UserError`: nothing to explain."""
