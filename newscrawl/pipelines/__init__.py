"""Item pipelines, one module per stage, in this order:
extract (100) -> validate (200) -> dates (300) -> agencies (400) -> store (900).
Each wraps a function of :mod:`newscrawl.stages` and counts its drops in
``newscrawl/dropped/<reason>``."""
