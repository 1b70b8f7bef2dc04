"""Source registry: news sites as data (see :mod:`newscrawl.sources.registry`)."""

from newscrawl.sources.registry import (
    Source,
    SourceError,
    configured_sources,
    get_source,
    is_builtin,
    load_registry,
    load_sources_file,
    source_from_mapping,
)

__all__ = [
    "Source", "SourceError", "configured_sources", "get_source", "is_builtin", "load_registry", "load_sources_file", "source_from_mapping",
]
