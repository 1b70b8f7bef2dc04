"""Where the benches find the development data: ``../shared`` beside the clone
(as on the developers' machines and in CI), never a path of one machine."""

import re
import unicodedata
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TRAFILATURA_BENCH = SHARED / "eval" / "trafilatura-bench"


#: Characters no stored text field may hold: soft hyphen, zero-width space/joiners,
#: word joiner, byte-order mark.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WS = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Text as the benches compare it, on the gold side and the output side alike:
    whitespace collapsed, Unicode NFC, soft hyphens and zero-width characters removed.
    Gold values copy whatever the page had (decomposed umlauts split a `\\w+` word in
    two, "Helikopter\u00adlandeplatz" is two words), and the archive stores NFC without
    invisible characters; without this a correct text scores as wrong."""
    if not text:
        return ""
    return _WS.sub(" ", unicodedata.normalize("NFC", INVISIBLE.sub("", text))).strip()
