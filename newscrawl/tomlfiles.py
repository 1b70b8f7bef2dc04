"""Reading the project's TOML data files (source and agency registries) with
one error for every way a file can be unusable, naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """The table in ``path``; a missing, unreadable (a directory, no
    permission), non-UTF-8 or malformed file raises ``error`` with a message
    that starts with ``what`` and the path."""
    label = f"{what} {str(path)!r}"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(f"{label}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{label} is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise error(f"{label} is not UTF-8 text") from None
    except OSError as exc:  # a directory, no permission
        raise error(f"{label} cannot be read: {exc.strerror}") from None
