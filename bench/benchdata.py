"""Where the benches find the development data: ``../shared`` beside the clone
(as on the developers' machines and in CI), never a path of one machine."""

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TRAFILATURA_BENCH = SHARED / "eval" / "trafilatura-bench"
