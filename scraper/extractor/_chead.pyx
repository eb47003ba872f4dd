# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""The start-of-article cut's scores in C (``texthead.head_best``): same doubles, less CPU.

Each candidate start's row is 36 features; in Python each makes a float object. Here they are
C doubles computed and added in the order of ``texthead.head_rows`` (setup.py builds this
module with ``-ffp-contract=off``, so no fused multiply-add changes a rounding); the text tests
read the characters in place, and only the date and dateline patterns go back to Python's
``re`` (a short block whose digits may be a time or a year, a block opening with capitals). The Python code stays the
fallback when this module is not built (tests compare the two).
"""

from cpython.buffer cimport PyBUF_RECORDS_RO, PyBuffer_Release, PyObject_GetBuffer
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE
from libc.math cimport INFINITY, log1p
from libc.stdint cimport int64_t


cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)  # O(1): the string's stored kind

DEF _FEATURES = 36
DEF _COLUMNS = 9

cdef Py_ssize_t MAX_HEAD = 24  # texthead.MAX_HEAD
cdef Py_ssize_t _WINDOW = 8
cdef double _SHORT = 8.0
cdef double _LONG = 20.0
cdef double _DATED_WORDS = 40.0
cdef double _HEADLINE_LOW = 3.0
cdef double _HEADLINE_HIGH = 20.0
DEF _SMALL = 64
cdef double _LOG1P[_SMALL]  # log1p of the small counts (the same doubles, looked up)
for _i in range(_SMALL):
    _LOG1P[_i] = log1p(<double>_i)


cdef inline double _log1p_count(Py_ssize_t count):
    return _LOG1P[count] if 0 <= count < _SMALL else log1p(<double>count)


cdef inline Py_ssize_t _strip_end(str text):
    """The length of ``text.rstrip()``."""
    cdef Py_ssize_t end = len(text)
    while end > 0 and Py_UNICODE_ISSPACE(text[end - 1]):
        end -= 1
    return end


cdef inline bint _dateline_char(Py_UCS4 ch):
    """A character of ``texthead._DATELINE_RE``'s capitals run: [A-Z .,'’]."""
    return (u"A" <= ch <= u"Z") or ch == u" " or ch == u"." or ch == u"," or ch == u"'" or (
        ch == u"\u2019"
    )


cdef inline bint _decimal(Py_UCS4 ch):
    """``\\d`` of a str pattern: ASCII digits tested here, others by their Unicode class."""
    if ch < 128:
        return 48 <= ch <= 57
    return Py_UNICODE_ISDECIMAL(ch)


cdef inline bint _maybe_dated(str text):
    """Whether ``texthead._DATED_RE`` may find a date: some decimal digit followed by ":" and
    two digits, or "19"/"20" and two digits (what either branch needs, word bounds aside)."""
    cdef Py_ssize_t i, n = len(text)
    cdef Py_UCS4 ch
    for i in range(n - 3):
        ch = text[i]
        if not _decimal(ch):
            continue
        if text[i + 1] == u":":
            if _decimal(text[i + 2]) and _decimal(text[i + 3]):
                return True
        elif (ch == u"1" and text[i + 1] == u"9") or (ch == u"2" and text[i + 1] == u"0"):
            if _decimal(text[i + 2]) and _decimal(text[i + 3]):
                return True
    return False


cdef inline char *_at(Py_buffer *view, Py_ssize_t i):
    return <char *>view.buf + i * view.strides[0]


cdef int _take(object array, Py_buffer *view, Py_ssize_t itemsize, Py_ssize_t n) except -1:
    """A 1-d buffer of ``n`` items of ``itemsize`` bytes, read in place (a column view too):
    cheaper than a typed memoryview, which makes an object per array and call."""
    PyObject_GetBuffer(array, view, PyBUF_RECORDS_RO)
    if view.ndim != 1 or view.itemsize != itemsize or view.shape[0] != n:
        PyBuffer_Release(view)
        raise ValueError("1-d arrays of the dump's length and the extractor's types")
    return 0


include "_trees.pxi"


cdef struct _HeadTrees:
    # the start cut's boosted trees (``texthead.shipped_trees``) and the gate on the logistic
    # score: the starts over it are read by the trees
    _FlatTrees flat
    double gate


def head_best(
    list texts, list keep, object words_array, object probs_array, object links_array,
    object bullet_array, object repeated_array, object digits_array, tuple weights, tuple page,
    Py_ssize_t byline_at, dated_search, dateline_match, trees=None, double gate=0.0,
):
    """``texthead.head_best`` from the dump's arrays: the start with the highest weighted sum
    (the first of equal sums) and that sum; (0, -inf) with no start. No list of sums: fewer
    objects made per dump. With ``trees`` (a ``TreeModel`` on the rows but the bias column):
    among the starts whose sum clears ``gate``, the first of the highest raw tree score and
    that score instead (0, -inf with none over the gate)."""
    cdef Py_buffer views[6]
    cdef Py_ssize_t taken = 0, size = len(texts), k
    cdef _HeadTrees t
    cdef _HeadTrees *walk = NULL
    if len(weights) != _FEATURES or len(keep) < 2:
        raise ValueError("36 weights and 2 or more blocks")
    if trees is not None:
        _flat_trees(&t.flat, trees, _FEATURES, "trees on the rows but the bias column")
        t.gate = gate
        walk = &t
    try:
        for array, itemsize in (
            (words_array, 8), (probs_array, 8), (links_array, 8), (bullet_array, 1),
            (repeated_array, 8), (digits_array, 8),
        ):
            _take(array, &views[taken], itemsize, size)
            taken += 1
        return _head_best(
            texts, keep, &views[0], &views[1], &views[2], &views[3], &views[4], &views[5],
            weights, page, byline_at, dated_search, dateline_match, walk,
        )
    finally:
        for k in range(taken):
            PyBuffer_Release(&views[k])


cdef tuple _head_best(
    list texts, list keep, Py_buffer *words, Py_buffer *probs, Py_buffer *links,
    Py_buffer *bullet, Py_buffer *repeated, Py_buffer *digits, tuple weights, tuple page,
    Py_ssize_t byline_at, dated_search, dateline_match, const _HeadTrees *trees,
):
    cdef Py_ssize_t n = len(keep), last, reach, k, c, j, hi, at, end
    cdef double b[_FEATURES]
    cdef double x[_FEATURES]
    cdef double total = 0.0, wk, score, top = -INFINITY
    cdef Py_ssize_t best = 0
    cdef double d_w = 0.0, d_link = 0.0, d_short = 0.0, d_bullet = 0.0, d_sent = 0.0
    cdef double d_pw = 0.0, d_dated = 0.0, d_rep = 0.0, d_pmax = 0.0, d_headline = 0.0
    cdef double d_bracket = 0.0, d_long = 0.0
    cdef double b_w, b_p, b_s, b_short, b_link, p_below, s_below, d_words
    cdef double dated_page, bylined, titled
    cdef Py_UCS4 ch
    cdef str text
    for k in range(_FEATURES):
        b[k] = weights[k]
    dated_page, bylined, titled = float(page[0]), float(page[1]), float(page[2])
    last = n - 1 if n - 1 < MAX_HEAD else MAX_HEAD
    reach = n if n < last + _WINDOW else last + _WINDOW
    cdef double *buf = <double *>PyMem_Malloc(sizeof(double) * (_COLUMNS * reach))
    cdef Py_ssize_t *pos = <Py_ssize_t *>PyMem_Malloc(sizeof(Py_ssize_t) * reach)
    if buf == NULL or pos == NULL:
        PyMem_Free(buf)
        PyMem_Free(pos)
        raise MemoryError()
    cdef double *w = buf
    cdef double *p = buf + reach
    cdef double *linked = buf + 2 * reach
    cdef double *bulleted = buf + 3 * reach
    cdef double *rep = buf + 4 * reach
    cdef double *sentence = buf + 5 * reach
    cdef double *dated = buf + 6 * reach
    cdef double *shape = buf + 7 * reach  # bits: 1 ends with ".", 2 a headline end, 4 "["
    cdef double *log_w = buf + 8 * reach  # log1p of each block's words, read twice a start
    cdef double log_total
    try:
        for k in range(n):
            at = keep[k]
            if not 0 <= at < words.shape[0]:
                raise IndexError("a kept block outside the dump")
            total += <double>(<int64_t *>_at(words, at))[0]
        if total == 0.0:
            total = 1.0
        log_total = log1p(total)
        for k in range(reach):
            at = keep[k]
            pos[k] = at
            wk = <double>(<int64_t *>_at(words, at))[0]
            text = texts[at]
            w[k] = wk
            log_w[k] = log1p(wk)
            p[k] = (<double *>_at(probs, at))[0]
            linked[k] = 1.0 if (<int64_t *>_at(links, at))[0] > 0 else 0.0
            bulleted[k] = 1.0 if (<unsigned char *>_at(bullet, at))[0] else 0.0
            rep[k] = (<double *>_at(repeated, at))[0]
            end = _strip_end(text)
            ch = text[end - 1] if end > 0 else 0
            sentence[k] = 1.0 if wk >= _SHORT and (
                ch == u"." or ch == u"!" or ch == u"?" or ch == u'"' or ch == u"\u201d"
                or ch == u")"
            ) else 0.0
            shape[k] = (
                (1.0 if ch == u"." else 0.0)
                + (2.0 if ch == u"." or ch == u"!" or ch == u"?" or ch == u":" or ch == u","
                   or ch == u";" else 0.0)
                + (4.0 if end > 0 and text[0] == u"[" else 0.0)
            )
            # an ASCII block without a digit (the block model's digit ratio) holds no date
            dated[k] = 1.0 if wk <= _DATED_WORDS and (
                (<double *>_at(digits, at))[0] > 0 or not PyUnicode_IS_ASCII(text)
            ) and _maybe_dated(text) and dated_search(text) is not None else 0.0
        for c in range(1, last + 1):
            k = c - 1
            wk = w[k]
            d_w += wk
            d_link += linked[k]
            d_short += 1.0 if wk < _SHORT else 0.0
            d_bullet += bulleted[k]
            d_sent += sentence[k] * wk
            d_pw += p[k] * wk
            d_dated += dated[k]
            d_rep += rep[k]
            if p[k] > d_pmax:
                d_pmax = p[k]
            if _HEADLINE_LOW <= wk <= _HEADLINE_HIGH and bulleted[k] == 0.0:
                if not (<int>shape[k]) & 2:
                    d_headline += 1.0
            if (<int>shape[k]) & 4:
                d_bracket += 1.0
            if sentence[k] != 0.0 and wk >= _LONG:
                d_long += 1.0
            hi = reach if reach < c + _WINDOW else c + _WINDOW
            b_w = 0.0
            b_p = 0.0
            b_s = 0.0
            b_short = 0.0
            b_link = 0.0
            for j in range(c, hi):
                b_w += w[j]
                b_p += p[j]
                b_s += sentence[j] * w[j]
                b_short += 1.0 if w[j] < _SHORT else 0.0
                b_link += linked[j]
            if b_w == 0.0:
                b_w = 1.0
            p_below = b_p / (hi - c)
            s_below = b_s / b_w
            d_words = d_w if d_w != 0.0 else 1.0
            x[0] = 1.0
            x[1] = d_w / total
            x[2] = log1p(d_w)
            x[3] = _log1p_count(c)
            x[4] = d_link / c
            x[5] = d_short / c
            x[6] = d_bullet / c
            x[7] = d_sent / d_words
            x[8] = d_pw / d_words
            x[9] = d_pmax
            x[10] = d_dated / c
            x[11] = d_rep / c
            x[12] = p[c]
            x[13] = p[k]
            x[14] = p_below
            x[15] = s_below
            x[16] = b_short / (hi - c)
            x[17] = b_link / (hi - c)
            x[18] = _log1p_count(pos[c] - pos[k] - 1)
            x[19] = log_w[c]
            x[20] = log_w[k]
            x[21] = sentence[c]
            x[22] = 1.0 if wk <= _SHORT and not (<int>shape[k]) & 1 else 0.0
            x[23] = 1.0 if byline_at >= 0 and pos[k] < byline_at <= pos[c] else 0.0
            x[24] = log_total
            x[25] = dated_page
            x[26] = bylined
            x[27] = titled
            x[28] = d_headline / c
            x[29] = d_bracket / c
            x[30] = p_below - d_pw / d_words
            x[31] = s_below - d_sent / d_words
            x[32] = 1.0 if sentence[c] != 0.0 and w[c] >= _LONG and d_long == 0.0 else 0.0
            x[33] = _log1p_count(<Py_ssize_t>d_long)
            x[34] = p[c] - d_pmax
            text = texts[pos[c]]
            x[35] = 0.0
            if len(text) > 3:
                ch = text[0]
                if u"A" <= ch <= u"Z" and _dateline_char(text[1]) and _dateline_char(text[2]):
                    if dateline_match(text) is not None:
                        x[35] = 1.0
            score = 0.0
            for j in range(_FEATURES):
                score += b[j] * x[j]
            if trees != NULL:  # the trees read the starts the logistic sum lets through
                if score > trees.gate:
                    score = _flat_trees_raw(&trees.flat, x)
                    if score > top:
                        top = score
                        best = c
            elif score > top:
                top = score
                best = c
    finally:
        PyMem_Free(buf)
        PyMem_Free(pos)
    return best, top
