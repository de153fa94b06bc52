"""MinHash signatures of article texts, the same bytes as datasketch's MinHash (affine32, seed 1, crc32 of
word 4-shingles), and their LSH band keys. Story clustering (resolve.py, graph.py, spark/) stores and compares
these bytes; datasketch is imported only where a MinHash object is asked for."""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import Any

NUM_PERM = 64
SHINGLE = 4
LSH_PARAMS = (16, 4)  # bands x rows for 64 permutations: the S-curve crosses 0.5 at (1/16)**(1/4) = 0.5


_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[bytes]:
    """Every run of SHINGLE words of the lower-cased text, joined by a space, as UTF-8 (one shingle of all
    the words when there are fewer). Each word is encoded once and the bytes are joined (the same bytes as
    encoding each joined run)."""
    words = list(map(str.encode, _WORD.findall(text.lower())))  # str.encode: UTF-8
    if len(words) < SHINGLE:
        return [b" ".join(words)]
    return list(map(b" ".join, zip(*(words[k:] for k in range(SHINGLE)))))


def minhash(text: str) -> Any:
    from datasketch import MinHash

    # crc32: a stable 32-bit hash in C (signatures are stored, so the hash must not vary between runs)
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=zlib.crc32, permutations=_permutations())
    m.update_batch(shingles(text))
    return m


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The permutation parameters of seed 1: datasketch draws them anew for every MinHash it makes (a few
    milliseconds each); they are the same every time, so draw them once and share them."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=zlib.crc32).permutations


def signature(text: str) -> bytes:
    """``minhash_bytes(minhash(text))`` with numpy alone: datasketch's affine32 scheme as datasketch 2.0 computes
    it (crc32 of each shingle, the MurmurHash3 finalizer, then ``a * h + b`` mod 2**32 for each permutation of
    seed 1, the minimum over the shingles), without importing datasketch, whose package pulls in scipy: about
    0.7 s of CPU in every process that signs an article, a tenth of a 400-article ingest. Same bytes
    (tests/test_graph_scale.py compares them over random texts)."""
    import numpy as np

    runs = shingles(text)
    hv = np.fromiter(map(zlib.crc32, runs), dtype=np.uint32, count=len(runs))
    a, b, (s1, m1, s2, m2, s3) = _affine32()
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    perm = np.multiply.outer(hv, a)  # hv[:, None] * a (uint32: mod 2**32), then + b in place
    perm += b
    return bytes(perm.min(axis=0).astype("<u8").tobytes())


@lru_cache(maxsize=1)
def _affine32() -> Any:
    """The (a, b) permutation parameters datasketch's MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    draws (odd a and any b, uint32, from numpy's RandomState(1) in that order), and the constants of its
    MurmurHash3 32-bit finalizer (shift, multiplier, shift, multiplier, shift)."""
    import numpy as np

    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    fmix = tuple(np.uint32(x) for x in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))
    return a, b, fmix


def minhash_bytes(m: Any) -> bytes:
    return bytes(m.hashvalues.astype("<u8").tobytes())


def minhash_from_bytes(data: bytes) -> Any:
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=zlib.crc32,
                   hashvalues=np.frombuffer(data, dtype="<u8").astype(np.uint64), permutations=_permutations())


def signature_jaccard(a: bytes, b: bytes) -> float:
    """``minhash_from_bytes(a).jaccard(minhash_from_bytes(b))`` straight from the stored bytes: the share of
    equal hash values."""
    import numpy as np

    return float(np.count_nonzero(np.frombuffer(a, dtype="<u8") == np.frombuffer(b, dtype="<u8"))) / NUM_PERM


def _band_keys(signature: Any) -> list[bytes]:
    """The LSH band keys of a signature (a MinHash or its stored bytes): the bytes of each band's rows. Two
    signatures share a bucket exactly when a band's hash values are equal, as in datasketch's MinHashLSH."""
    data = signature if isinstance(signature, (bytes, bytearray, memoryview)) else minhash_bytes(signature)
    data = bytes(data)
    bands, rows = LSH_PARAMS
    width = rows * 8
    return [data[i * width:(i + 1) * width] for i in range(bands)]
