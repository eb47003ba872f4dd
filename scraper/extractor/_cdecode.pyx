# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The text dumps' sequence decoder and its gate row in C (``textdecode``): less CPU a dump.

``decode_gate`` runs ``textdecode.decode_body`` (the Viterbi of before / body / hole / after over
runs of blocks of one sign) and ``textdecode.gate_row`` with the gate's weighted sum in one C
pass; the Python code stays the fallback when this module is not built, and the tests pin the
two together (same decoded blocks; the sum equal up to the order the doubles are added in).
"""

from libc.math cimport log, log1p, pow
from libc.stdlib cimport free, malloc

include "_trees.pxi"


cdef enum:
    TREE_ROW = 52  # len(textdecode.TREE_FEATURE_NAMES)
    _TREE_KINDS = 14  # len(textdecode.TREE_KIND_NAMES)
    _TREE_ROW_HEAD = 24  # the gate's row and the other added kinds: 10 + _TREE_KINDS
TREE_COLUMNS = TREE_ROW

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
    double[::1] tree_row=None,
    Py_ssize_t title_at=-1,
):
    """Fill ``out`` with the decoded body; return (whether it differs from ``body``, the body's
    word-weighted mean probability, the gate's sum ``gate_row @ weights``). With ``tree_row``
    (``TREE_ROW`` doubles) it gets ``textdecode.tree_row`` too (``title_at``: -1 none)."""
    cdef double body_p = 0.0, z = 0.0
    cdef Py_ssize_t n = probs.shape[0]
    cdef const double *pp = NULL
    cdef const double *wp = NULL
    cdef const unsigned char *sp = NULL
    cdef const unsigned char *bp = NULL
    cdef unsigned char *op = NULL
    cdef double *rp = NULL
    if tree_row is not None:
        if tree_row.shape[0] != TREE_ROW or cols.shape[0] != _TREE_KINDS:
            raise ValueError("the tree row has 52 columns, of 14 kinds")
        rp = &tree_row[0]
    if n:
        pp, wp, sp, bp, op = &probs[0], &words[0], &skip[0], &body[0], &out[0]
    differs = _decode_core(n, pp, wp, sp, bp, matrix, cols, q, gamma, hole, weights, op, &body_p, &z,
                           rp, title_at)
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
    trees=None,
):
    """``textdecode._c_gate`` and the prelude around it in one call (``textdump._decoded``): the
    skip mask (``chrome``, the title and byline at ``title_at``/``byline_at``, -1 for none) and
    the body mask (``keep``) built here. Return (the gate's sum, the decoded blocks as a list, or
    None when they are the body's or the body's mean probability is ``max_body_p`` or more).
    With ``trees`` (a ``TreeModel`` on ``tree_row`` but the bias column) the sum is the trees'
    raw score (log-odds) of the dump's tree row instead."""
    cdef Py_ssize_t n = probs.shape[0], k, i
    cdef double body_p = 0.0, z = 0.0
    cdef int differs
    cdef double row[TREE_ROW]
    cdef double *rp = NULL
    cdef _FlatTrees t
    t.feature, t.threshold, t.children, t.values, t.roots = NULL, NULL, NULL, NULL, NULL
    t.count, t.depth, t.baseline = 0, 0, 0.0
    if trees is not None:
        if cols.shape[0] != _TREE_KINDS:
            raise ValueError("trees on the tree row but the bias column, of 14 kinds")
        _flat_trees(&t, trees, TREE_ROW, "trees on the tree row but the bias column, of 14 kinds")
        rp = row
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
                               weights, out, &body_p, &z, rp, title_at)
        if differs and rp != NULL and body_p < max_body_p:
            z = _flat_trees_raw(&t, rp)
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
    double *tree_out,
    Py_ssize_t title_at,
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
    if tree_out != NULL and differs:
        _tree_tail(n, probs, words, body, out, matrix, cols, title_at, row, tree_out)
    return 1 if differs else 0


cdef void _tree_tail(
    Py_ssize_t n, const double *probs, const double *words, const unsigned char *body,
    const unsigned char *out, const double[:, :] matrix, const Py_ssize_t[::1] cols,
    Py_ssize_t title_at, const double *head, double *row,
) noexcept:
    """``textdecode.tree_row`` from the gate's row ``head`` (its first 14 columns, the added
    blocks' kinds 4..13 after them as ``_decode_core`` filled them): the body's and the dropped
    blocks' kinds, where the added words sit, their runs, the shares under p 0.5."""
    cdef Py_ssize_t k, j, first = -1, last = -1, runs = 0
    cdef double w, wo = 0.0, wp = 0.0, wr = 0.0, wall = 0.0, wd = 0.0
    cdef double before = 0.0, after = 0.0, above = 0.0, run = 0.0, longest = 0.0
    cdef double pr = 0.0, pd = 0.0, body_low = 0.0, added_low = 0.0
    cdef double bk[_TREE_KINDS]
    cdef double dk[4]
    cdef bint only, was = False
    for j in range(_TREE_ROW_HEAD):
        row[j] = head[j]
    for j in range(_TREE_KINDS):
        bk[j] = 0.0
    for j in range(4):
        dk[j] = 0.0
    for k in range(n):
        if body[k]:
            if first < 0:
                first = k
            last = k
    for k in range(n):
        w = words[k]
        wall += w
        only = out[k] and not body[k]
        if out[k]:
            wd += w
            pd += probs[k] * w
        if body[k]:
            wp += w
            for j in range(_TREE_KINDS):
                bk[j] += matrix[k, cols[j]] * w
            if probs[k] < 0.5:
                body_low += w
            if not out[k]:
                wr += w
                pr += probs[k] * w
                for j in range(4):
                    dk[j] += matrix[k, cols[j]] * w
        if only:
            wo += w
            if probs[k] < 0.5:
                added_low += w
            if first >= 0 and k < first:
                before += w
            if first >= 0 and k > last:
                after += w
            if title_at >= 0 and k < title_at:
                above += w
            if not was:
                runs += 1
                run = 0.0
            run += w
            if run > longest:
                longest = run
        was = only
    cdef double mo = wo if wo > 1.0 else 1.0, mp = wp if wp > 1.0 else 1.0
    cdef double mr = wr if wr > 1.0 else 1.0, md = wd if wd > 1.0 else 1.0
    cdef double ma = wall if wall > 1.0 else 1.0
    j = _TREE_ROW_HEAD
    for k in range(_TREE_KINDS):
        row[j + k] = bk[k] / mp
    j += _TREE_KINDS
    for k in range(4):
        row[j + k] = dk[k] / mr
    j += 4
    row[j] = pr / mr
    row[j + 1] = before / mo
    row[j + 2] = after / mo
    row[j + 3] = above / mo
    row[j + 4] = log1p(<double>runs)
    row[j + 5] = longest / mo
    row[j + 6] = wp / ma
    row[j + 7] = body_low / mp
    row[j + 8] = pd / md
    row[j + 9] = added_low / mo
