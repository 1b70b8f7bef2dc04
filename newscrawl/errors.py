"""The one error class the command line turns into a usage error.

Bad input a user can fix (a malformed ``-s`` option, a registry file that is a
directory, an archive that does not answer) raises a subclass of
:class:`UsageError`; ``newscrawl`` prints its message as one line and exits 2,
never with a traceback. The table of every such path is in docs/cli.md.
"""


class UsageError(Exception):
    """Bad input or environment the user can fix; the message names it and the fix."""


class ArchiveUnavailable(UsageError):
    """The archive database cannot be reached (or, for a command that only
    reads it, holds no archive at the configured place)."""
