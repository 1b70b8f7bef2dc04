"""MinHash signing: newscrawl's numpy code against datasketch, and what importing each costs.

``newscrawl.store.minhash`` reproduces datasketch 2.0.0's ``MinHash.update_batch`` and
``MinHashLSH``'s band split without importing datasketch (whose package ``__init__``
imports scipy). This bench prints the figures that choice rests on:

- signing CPU per text (``time.process_time``) on the texts trafilatura extracts from
  the first ``--limit`` pages of trafilatura-bench (several languages and lengths),
  interleaved, order alternating per round: ``ours`` (shingles, hashes, permutations,
  band keys: ``signature_array``), ``datasketch`` (the same shingles through
  ``MinHash(num_perm, seed).update_batch``, then the band keys with ``MinHashLSH``'s
  split), and with ``--ref REF`` the ``newscrawl/store/minhash.py`` of that git
  revision (e.g. ``main``, which drove datasketch with cached permutations);
- whether every signature equals datasketch's, value for value;
- in fresh interpreters: resident memory (``/proc/self/smaps_rollup``) and CPU of
  importing each side and signing one text, and whether scipy got imported;
- with ``--band-grid``: ``band_split`` against ``MinHashLSH(...).b, .r`` for thresholds
  0.05..0.95 step 0.01 and num_perm 16, 32, 64, 128, 256 (datasketch's ``quad`` takes
  ~30 s for all of them).

    python bench/minhash_signing.py --limit 300 --ref main --band-grid
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

from benchdata import TRAFILATURA_BENCH

REPO = Path(__file__).resolve().parents[1]

#: Run in a fresh interpreter: import a signer, sign one text, report memory and CPU.
IMPORT_PROBE = """
import sys, time
start = time.process_time()
{imports}
sign("Ein Satz mit einigen Wörtern, damit etwas signiert wird, und noch mehr Wörter.")
cpu = time.process_time() - start
rollup = {{}}
for line in open("/proc/self/smaps_rollup"):
    parts = line.split()
    if len(parts) >= 3 and parts[-1] == "kB":
        rollup[parts[0].rstrip(":")] = int(parts[1])
print(rollup["Rss"], rollup["Anonymous"], cpu, "scipy" in sys.modules, "datasketch" in sys.modules)
"""
#: Per side: imports that define ``sign(text)`` (numpy and newscrawl.store.clusters are
#: imported before the clock starts by every side, as the fork server has them anyway).
SIDES = {
    "baseline": "import numpy\nimport newscrawl.store.clusters\ndef sign(text): pass",
    "ours": "from newscrawl.store.clusters import ClusterParams\n"
            "from newscrawl.store.minhash import signature_array\n"
            "def sign(text): signature_array(text, ClusterParams())",
    "datasketch": "from datasketch import MinHash, MinHashLSH\n"
                  "from newscrawl.store.minhash import shingles\n"
                  "def sign(text):\n"
                  "    MinHash(num_perm=128, seed=1).update_batch(list(shingles(text, 5)))\n"
                  "    MinHashLSH(threshold=0.7, num_perm=128, weights=(0.1, 0.9))",
}


def bench_texts(data: Path, limit: int) -> list[str]:
    """Texts trafilatura extracts from the first ``limit`` pages of the benchmark that
    have one."""
    import trafilatura

    texts = []
    for entry in json.loads((data / "evaldata.json").read_text()).values():
        if len(texts) >= limit:
            break
        html = gzip.decompress((data / "html" / entry["file"]).read_bytes()).decode("utf-8", "replace")
        text = trafilatura.extract(html)
        if text:
            texts.append(text)
    return texts


def load_ref(ref: str) -> types.ModuleType:
    """``newscrawl/store/minhash.py`` as it is at git revision ``ref``."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:newscrawl/store/minhash.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / f"minhash_at_{ref.replace('/', '_')}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_costs() -> None:
    print("fresh interpreter: import + sign one text (RSS, anonymous, CPU; scipy/datasketch loaded)")
    base = None
    for side, imports in SIDES.items():
        out = subprocess.run([sys.executable, "-c", "import numpy, newscrawl.store.clusters\n"
                              + IMPORT_PROBE.format(imports=imports)],
                             check=True, capture_output=True, text=True).stdout.split()
        rss, anon, cpu = int(out[0]) / 1024, int(out[1]) / 1024, float(out[2])
        base = base or (rss, anon)
        print(f"  {side:10} RSS {rss:6.1f} MB (+{rss - base[0]:5.1f}), anonymous {anon:6.1f} MB "
              f"(+{anon - base[1]:5.1f}), CPU {cpu:.3f} s, scipy {out[3]}, datasketch {out[4]}")


def band_grid() -> None:
    from datasketch import MinHashLSH

    from newscrawl.store.minhash import band_split

    differ, cases, spent = [], 0, {"ours": 0.0, "datasketch": 0.0}
    for num_perm in (16, 32, 64, 128, 256):
        for hundredths in range(5, 96):
            threshold = hundredths / 100
            start = time.process_time()
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
            spent["datasketch"] += time.process_time() - start
            start = time.process_time()
            band_split.cache_clear()
            ours = band_split(threshold, num_perm)
            spent["ours"] += time.process_time() - start
            cases += 1
            if ours != (lsh.b, lsh.r):
                differ.append((num_perm, threshold, ours, (lsh.b, lsh.r)))
    print(f"band split: {cases} (threshold, num_perm) cases, {len(differ)} differ from datasketch; "
          f"CPU ours {spent['ours']:.2f} s, datasketch {spent['datasketch']:.2f} s")
    for case in differ:
        print("  differs:", case)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=TRAFILATURA_BENCH)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ref", help="also time newscrawl/store/minhash.py of this git revision")
    parser.add_argument("--band-grid", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    import_costs()

    from datasketch import MinHash, MinHashLSH

    from newscrawl.store.clusters import ClusterParams, band_keys
    from newscrawl.store.minhash import shingles, signature_array

    params = ClusterParams()
    split = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm, weights=(0.1, 0.9))

    def datasketch_sign(text: str) -> object:
        minhash = MinHash(num_perm=params.num_perm, seed=params.seed)
        minhash.update_batch(list(shingles(text, params.shingle_words)))
        return band_keys(minhash.hashvalues, split.b, split.r), minhash.hashvalues

    signers = {"ours": lambda text: signature_array(text, params), "datasketch": datasketch_sign}
    if args.ref:
        ref_module = load_ref(args.ref)
        signers[args.ref] = lambda text: ref_module.signature_array(text, params)
    texts = bench_texts(args.data, args.limit)
    words = sum(len(text.split()) for text in texts)
    print(f"{len(texts)} texts, {words / len(texts):.0f} words each on average, "
          f"{min(len(t.split()) for t in texts)}..{max(len(t.split()) for t in texts)}")
    equal = sum(signature_array(text, params).values.tolist() == datasketch_sign(text)[1].tolist()
                for text in texts)
    print(f"signatures equal to datasketch's: {equal} of {len(texts)}")
    for signer in signers.values():  # warm: permutations, band split
        signer(texts[0])
    totals = dict.fromkeys(signers, 0.0)
    for round_no in range(args.rounds):
        spent = dict.fromkeys(signers, 0.0)
        order = list(signers) if round_no % 2 == 0 else list(reversed(signers))
        for text in texts:
            for name in order:
                start = time.process_time()
                signers[name](text)
                spent[name] += time.process_time() - start
        for name in signers:
            totals[name] += spent[name]
        print(f"round {round_no + 1}: " + ", ".join(
            f"{name} {1000 * spent[name] / len(texts):.3f} ms/text" for name in signers))
    print("all rounds: " + ", ".join(
        f"{name} {1000 * totals[name] / (len(texts) * args.rounds):.3f} ms/text" for name in signers))
    if args.band_grid:
        band_grid()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
