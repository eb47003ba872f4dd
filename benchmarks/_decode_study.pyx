# cython: boundscheck=False, wraparound=False, cdivision=True, language_level=3
"""The study's Viterbi (text_decode_study.py): compiled by pyximport, never shipped."""


def decode(const double[:] e, const unsigned char[:] skip, const long[:] offsets,
           double hole, unsigned char[:] out):
    """Per dump ``offsets[d]:offsets[d+1]``: the states before / body / hole / after that
    maximise the body blocks' summed ``e`` less ``hole`` per hole; ``out`` 1 on body blocks.
    Skipped blocks carry every state over unchanged and are never body."""
    cdef Py_ssize_t d, i, lo, hi, n = offsets.shape[0] - 1
    cdef double B, I, H, A, nI, nH, nA, NEG = -1e300
    cdef int s
    cdef unsigned char[:] bi, bh, ba
    import numpy as np
    buf = np.zeros((3, e.shape[0]), np.uint8)
    bi = buf[0]
    bh = buf[1]
    ba = buf[2]
    for d in range(n):
        lo = offsets[d]
        hi = offsets[d + 1]
        B = 0.0
        I = NEG
        H = NEG
        A = NEG
        for i in range(lo, hi):
            out[i] = 0
            if skip[i]:
                bi[i] = 1
                bh[i] = 2
                ba[i] = 3
                continue
            # body from before, body or hole
            if B >= I and B >= H:
                nI = B
                bi[i] = 0
            elif I >= H:
                nI = I
                bi[i] = 1
            else:
                nI = H
                bi[i] = 2
            nI = nI + e[i]
            if I - hole >= H:
                nH = I - hole
                bh[i] = 1
            else:
                nH = H
                bh[i] = 2
            if I >= A:
                nA = I
                ba[i] = 1
            else:
                nA = A
                ba[i] = 3
            I = nI
            H = nH
            A = nA
        # the end: before (empty body), body or after
        if B >= I and B >= A:
            s = 0
        elif I >= A:
            s = 1
        else:
            s = 3
        i = hi - 1
        while i >= lo and s != 0:
            if s == 1:
                out[i] = 1 if not skip[i] else 0
                s = bi[i]
            elif s == 2:
                s = bh[i]
            else:
                s = ba[i]
            i -= 1
