"""newscrawl signs texts with its own numpy code, held here bit for bit to
datasketch 2.0.0 (a test dependency only): the signature of every text is what
``MinHash(num_perm, seed).update_batch`` gives for the same shingles, and the
band split is ``MinHashLSH(threshold, num_perm, weights=(0.1, 0.9))``'s. The
package itself imports neither datasketch nor scipy (its ``__init__`` imports
``scipy.integrate``, 50 MB resident)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from newscrawl.demo.site import load_articles
from newscrawl.store.clusters import ClusterParams, band_keys
from newscrawl.store.minhash import band_split, sha1_hash32, shingles, signature_array
from tests.conftest import ROOT

ARTICLES = {a["slug"].split("/")[-1]: a["body"] for a in load_articles()}  # de, en, fr
TEXTS = {
    **ARTICLES,
    "es": "El Banco Central Europeo mantuvo el martes los tipos de interés sin cambios, "
          "a la espera de nuevos datos sobre la inflación en la zona del euro.",
    "ru": "Центральный банк России сохранил ключевую ставку на уровне 16 процентов, "
          "сообщила пресс-служба регулятора в пятницу.",
    "ja": "日本銀行は金融政策決定会合で、短期金利の誘導目標を据え置くことを決めた。",
    "ar": "أعلن البنك المركزي المصري اليوم الخميس تثبيت أسعار الفائدة دون تغيير.",
    "five words, one shingle": "Berlin (dpa) meldet kurz: Streik",
    "six words, two shingles": "Berlin (dpa) meldet kurz: Streik beendet",
    "one word": "Eilmeldung",
    "digits and punctuation": "+++ 3:1 +++ 2026 +++",
    # a dossier of all the stories, numbered forty times over: thousands of shingles
    "long": "\n\n".join(f"Teil {n}. {body}" for n in range(40) for body in ARTICLES.values()),
}


def datasketch_values(text: str, params: ClusterParams) -> np.ndarray:
    reference = MinHash(num_perm=params.num_perm, seed=params.seed)
    reference.update_batch(list(shingles(text, params.shingle_words)))
    return reference.hashvalues


@pytest.mark.parametrize("params", [
    ClusterParams(),
    ClusterParams(num_perm=64, seed=42, shingle_words=3, threshold=0.5),
    ClusterParams(num_perm=256, seed=7, threshold=0.85),
    ClusterParams(num_perm=16, seed=0, shingle_words=1, threshold=0.3),
], ids=["default", "64-seed42-3words", "256-seed7", "16-seed0-1word"])
@pytest.mark.parametrize("name", list(TEXTS))
def test_a_signature_is_bit_for_bit_datasketchs(name, params):
    made = signature_array(TEXTS[name], params)
    reference = datasketch_values(TEXTS[name], params)
    assert made.scheme == MinHash(num_perm=params.num_perm, seed=params.seed).scheme
    assert made.values.dtype == reference.dtype and made.values.shape == reference.shape
    assert made.values.tolist() == reference.tolist()
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm, weights=(0.1, 0.9))
    assert made.band_keys == band_keys(reference, lsh.b, lsh.r)


def test_the_long_text_and_the_one_shingle_texts_are_what_they_claim():
    assert len(shingles(TEXTS["long"], 5)) > 2_000
    assert len(shingles(TEXTS["five words, one shingle"], 5)) == 1
    assert len(shingles(TEXTS["six words, two shingles"], 5)) == 2


def test_a_text_without_words_has_no_signature():
    # datasketch would give every value at its maximum: nothing to compare
    for text in ("", "   \n", " – … – "):
        assert signature_array(text, ClusterParams()) is None


def test_shingles_are_hashed_as_datasketchs_sha1_hash32():
    from datasketch import sha1_hash32 as reference

    grams = sorted(shingles(TEXTS["ru"], 2))
    assert sha1_hash32(grams).tolist() == [reference(gram) for gram in grams]


@pytest.mark.parametrize("num_perm,step", [(16, 1), (32, 1), (64, 1), (128, 5), (256, 10)])
def test_the_band_split_is_datasketchs_across_thresholds(num_perm, step):
    # every hundredth for the small signatures; datasketch's quad over all
    # (b, r) takes seconds per threshold at 256 (bench/minhash_signing.py
    # --band-grid compares every hundredth of every size)
    for hundredths in range(5, 96, step):
        threshold = hundredths / 100
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        assert band_split(threshold, num_perm) == (lsh.b, lsh.r), threshold


@pytest.mark.parametrize("threshold,num_perm", [(0.9, 4), (0.95, 8)])
def test_a_split_into_one_band_is_refused_as_datasketch_refuses_it(threshold, num_perm):
    with pytest.raises(ValueError, match="too small") as expected:
        MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    with pytest.raises(ValueError, match="too small") as ours:
        band_split(threshold, num_perm)
    assert str(ours.value) == str(expected.value)


def test_signing_and_the_extraction_warm_up_import_neither_datasketch_nor_scipy():
    # the warm-up is what the extraction pool's fork server runs once for every worker
    probe = ("import sys\n"
             "from newscrawl.store.clusters import ClusterParams\n"
             "from newscrawl.store.minhash import signature_array\n"
             "assert signature_array('Ein Satz mit genug Wörtern für zwei Schindeln', "
             "ClusterParams()) is not None\n"
             "from newscrawl.pipelines.extract_worker import warm_up\n"
             "warm_up()\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'datasketch', 'scipy'}))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "[]"
