# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The text dumps' sequence decoder and its gate row in C (``textdecode``): less CPU a dump.

``decode_gate`` runs ``textdecode.decode_body`` (the Viterbi of before / body / hole / after over
runs of blocks of one sign) and ``textdecode.gate_row`` with the gate's weighted sum in one C
pass; the Python code stays the fallback when this module is not built, and the tests pin the
two together (same decoded blocks; the sum equal up to the order the doubles are added in).
"""

from libc.math cimport log, log1p, pow
from libc.stdlib cimport free, malloc


def decode_gate(
    const double[::1] probs,
    const double[::1] words,
    const unsigned char[::1] skip,
    const unsigned char[::1] body,
    const double[:, :] matrix,
    const Py_ssize_t[::1] cols,
    double q,
    double gamma,
    double hole,
    const double[::1] weights,
    unsigned char[::1] out,
):
    """Fill ``out`` with the decoded body; return (whether it differs from ``body``, the body's
    word-weighted mean probability, the gate's sum ``gate_row @ weights``)."""
    cdef Py_ssize_t n = probs.shape[0], m = 0, k, j, r, runs = 0, nk = cols.shape[0]
    cdef double t = log(q / (1.0 - q)), p, w, v
    cdef double *e = <double *>malloc(n * sizeof(double) + 1)
    cdef Py_ssize_t *idx = <Py_ssize_t *>malloc(n * sizeof(Py_ssize_t) + 1)
    cdef Py_ssize_t *rs = <Py_ssize_t *>malloc((n + 1) * sizeof(Py_ssize_t))
    cdef double *sums = <double *>malloc(n * sizeof(double) + 1)
    cdef unsigned char *back = <unsigned char *>malloc(3 * n + 1)
    cdef double neg = -1e300, b_ = 0.0, i_, h_, a_, ni, nh, na
    cdef unsigned char bi, bh, ba, state
    cdef bint any_pos = False, differs = False
    if e == NULL or idx == NULL or rs == NULL or sums == NULL or back == NULL:
        free(e); free(idx); free(rs); free(sums); free(back)
        raise MemoryError()
    try:
        for k in range(n):
            out[k] = 0
            if skip[k]:
                continue
            p = probs[k]
            if p < 1e-4:
                p = 1e-4
            elif p > 1 - 1e-4:
                p = 1 - 1e-4
            w = words[k]
            if w > 60.0:
                w = 60.0
            e[m] = pow(w, gamma) * (log(p / (1 - p)) - t)
            if e[m] > 0:
                any_pos = True
            idx[m] = k
            m += 1
        if any_pos:
            # runs of one sign: their starts in ``rs`` and their sums, added in order
            for j in range(m):
                if j == 0 or (e[j] > 0) != (e[j - 1] > 0):
                    rs[runs] = j
                    sums[runs] = e[j]
                    runs += 1
                else:
                    sums[runs - 1] += e[j]
            rs[runs] = m
            i_, h_, a_ = neg, neg, neg
            for r in range(runs):
                v = sums[r]
                if b_ >= i_ and b_ >= h_:
                    ni, bi = b_, 0
                elif i_ >= h_:
                    ni, bi = i_, 1
                else:
                    ni, bi = h_, 2
                if i_ - hole >= h_:
                    nh, bh = i_ - hole, 1
                else:
                    nh, bh = h_, 2
                if i_ >= a_:
                    na, ba = i_, 1
                else:
                    na, ba = a_, 3
                back[3 * r], back[3 * r + 1], back[3 * r + 2] = bi, bh, ba
                i_, h_, a_ = ni + v, nh, na
            state = 0 if (b_ >= i_ and b_ >= a_) else (1 if i_ >= a_ else 3)
            r = runs - 1
            while r >= 0 and state:
                if state == 1:
                    for j in range(rs[r], rs[r + 1]):
                        out[idx[j]] = 1
                state = back[3 * r + (state - 1 if state < 3 else 2)]
                r -= 1
    finally:
        free(e); free(idx); free(rs); free(sums); free(back)
    # the gate row (``textdecode.gate_row``) and its weighted sum
    cdef double wp = 0.0, wd = 0.0, wb = 0.0, wo = 0.0, pp = 0.0, po = 0.0, nb = 0.0, nd = 0.0
    cdef double kind[16]
    for j in range(16):
        kind[j] = 0.0
    for k in range(n):
        w = words[k]
        if body[k] != out[k]:
            differs = True
        if body[k]:
            wp += w
            nb += 1
            pp += probs[k] * w
            if out[k]:
                wb += w
        if out[k]:
            wd += w
            nd += 1
            if not body[k]:
                wo += w
                po += probs[k] * w
                for j in range(min(nk, 16)):
                    kind[j] += matrix[k, cols[j]] * w
    cdef double mp = wp if wp > 1.0 else 1.0, md = wd if wd > 1.0 else 1.0
    cdef double mo = wo if wo > 1.0 else 1.0
    cdef double row[32]
    row[0] = 1.0
    row[1] = log1p(wp)
    row[2] = log1p(wd)
    row[3] = row[2] - row[1]
    row[4] = wb / mp
    row[5] = wb / md
    row[6] = log1p(nb)
    row[7] = log1p(nd)
    row[8] = pp / mp
    row[9] = po / mo
    for j in range(min(nk, 16)):
        row[10 + j] = kind[j] / mo
    cdef double z = 0.0
    for j in range(min(weights.shape[0], 10 + min(nk, 16))):
        z += row[j] * weights[j]
    return differs, row[8], z
