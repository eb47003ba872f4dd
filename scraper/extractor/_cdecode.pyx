# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The text dumps' sequence decoder and its gate row in C (``textdecode``): less CPU a dump.

``decode_gate`` runs ``textdecode.decode_body`` (the Viterbi of before / body / hole / after over
runs of blocks of one sign) and ``textdecode.gate_row`` with the gate's weighted sum in one C
pass; the Python code stays the fallback when this module is not built, and the tests pin the
two together (same decoded blocks; the sum equal up to the order the doubles are added in).
"""

from libc.math cimport log, log1p, pow
from libc.stdlib cimport free, malloc


cdef double _pow_gamma = -1.0
cdef double _pow_table[61]


cdef double _pow_words(double w, double gamma) noexcept nogil:
    """``pow(w, gamma)`` for a word count capped at 60: looked up when ``w`` is a whole number
    (the table holds ``pow``'s own values for 0..60, so the result is the same double)."""
    global _pow_gamma
    cdef int k
    if gamma != _pow_gamma:
        for k in range(61):
            _pow_table[k] = pow(<double>k, gamma)
        _pow_gamma = gamma
    k = <int>w
    if k == w and 0 <= k <= 60:
        return _pow_table[k]
    return pow(w, gamma)


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
    cdef double body_p = 0.0, z = 0.0
    cdef Py_ssize_t n = probs.shape[0]
    cdef const double *pp = NULL
    cdef const double *wp = NULL
    cdef const unsigned char *sp = NULL
    cdef const unsigned char *bp = NULL
    cdef unsigned char *op = NULL
    if n:
        pp, wp, sp, bp, op = &probs[0], &words[0], &skip[0], &body[0], &out[0]
    differs = _decode_core(n, pp, wp, sp, bp, matrix, cols, q, gamma, hole, weights, op, &body_p, &z)
    return bool(differs), body_p, z


def decode_keep(
    list keep,
    const double[::1] probs,
    const long long[::1] words,
    const unsigned char[::1] chrome,
    Py_ssize_t title_at,
    Py_ssize_t byline_at,
    const double[:, :] matrix,
    const Py_ssize_t[::1] cols,
    double q,
    double gamma,
    double hole,
    const double[::1] weights,
    double max_body_p,
):
    """``textdecode._c_gate`` and the prelude around it in one call (``textdump._decoded``): the
    skip mask (``chrome``, the title and byline at ``title_at``/``byline_at``, -1 for none) and
    the body mask (``keep``) built here. Return (the gate's sum, the decoded blocks as a list, or
    None when they are the body's or the body's mean probability is ``max_body_p`` or more)."""
    cdef Py_ssize_t n = probs.shape[0], k, i
    cdef double body_p = 0.0, z = 0.0
    cdef int differs
    cdef double *wd = <double *>malloc(n * sizeof(double) + 1)
    cdef unsigned char *buf = <unsigned char *>malloc(3 * n + 1)
    if wd == NULL or buf == NULL:
        free(wd); free(buf)
        raise MemoryError()
    cdef unsigned char *skip = buf
    cdef unsigned char *body = buf + n
    cdef unsigned char *out = buf + 2 * n
    try:
        for k in range(n):
            wd[k] = <double>words[k]
            skip[k] = 1 if chrome[k] else 0
            body[k] = 0
        if 0 <= title_at < n:
            skip[title_at] = 1
        if 0 <= byline_at < n:
            skip[byline_at] = 1
        for item in keep:
            i = item
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError("keep index out of range")
            body[i] = 1
        differs = _decode_core(n, &probs[0] if n else NULL, wd, skip, body, matrix, cols, q, gamma, hole,
                               weights, out, &body_p, &z)
        decoded = None
        if differs and body_p < max_body_p:
            decoded = [k for k in range(n) if out[k]]
    finally:
        free(wd); free(buf)
    return z, decoded


cdef int _decode_core(
    Py_ssize_t n,
    const double *probs,
    const double *words,
    const unsigned char *skip,
    const unsigned char *body,
    const double[:, :] matrix,
    const Py_ssize_t[::1] cols,
    double q,
    double gamma,
    double hole,
    const double[::1] weights,
    unsigned char *out,
    double *body_p_out,
    double *z_out,
) except -1:
    """``decode_gate``'s work over plain buffers: fill ``out``, set the body's mean probability
    and the gate's sum, return whether the decoded body differs from ``body``."""
    cdef Py_ssize_t m = 0, k, j, r, runs = 0, nk = cols.shape[0]
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
            e[m] = _pow_words(w, gamma) * (log(p / (1 - p)) - t)
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
    body_p_out[0] = row[8]
    z_out[0] = z
    return 1 if differs else 0
