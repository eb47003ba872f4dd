# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""The text extractor's edge-scoring loops in C (``textedges``): same floats, less CPU.

Every edge row's weighted sum is 35 products added one after the other; in Python each product
and each addition makes a float object. Here they are C doubles, added in the same order as
``textedges._weighted_sums`` (IEEE double either way, and setup.py builds this module with
``-ffp-contract=off`` so no fused multiply-add changes a rounding): the sums, the running
shares and the probabilities are bit for bit those of the Python code, which stays the
fallback when this module is not built (tests compare the two).
"""

from cpython.unicode cimport (
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISUPPER,
)
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.string cimport memchr, memcmp, memcpy, memset
from cpython.ref cimport PyObject
from cpython.unicode cimport (
    Py_UCS1,
    Py_UCS2,
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    PyUnicode_4BYTE_KIND,
    PyUnicode_DATA,
    PyUnicode_FromKindAndData,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
)
from libc.stdint cimport int64_t, uint64_t
from libc.math cimport exp, fabs, log, log1p, pow

import numpy as np

ctypedef fused _unit:
    Py_UCS1
    Py_UCS2
    Py_UCS4


cdef inline Py_UCS4 _char(int kind, const void *data, Py_ssize_t i) noexcept nogil:
    """Code point ``i`` of a string's data of width ``kind`` (``PyUnicode_KIND``): what
    ``text[i]`` reads, without finding the data again for every character."""
    if kind == PyUnicode_1BYTE_KIND:
        return (<const Py_UCS1 *>data)[i]
    if kind == PyUnicode_2BYTE_KIND:
        return (<const Py_UCS2 *>data)[i]
    return (<const Py_UCS4 *>data)[i]


cdef enum:
    WIDTH = 35  # len(textedges.EDGE_FEATURE_NAMES)
    PARTS = 23  # the columns a block decides alone (``textedges._rows_in_two``'s ``parts``)


def weighted_sums(
    list index,
    list sides,
    list count,
    list cue_between,
    list distance,
    list outside,
    list zone_p,
    list min_p,
    double log_median,
    double body_indent,
    dict parts,
    tuple by_side,
    tuple log1p_table,
):
    """``textedges._weighted_sums``: each row's products added in ``EDGE_FEATURE_NAMES`` order."""
    cdef Py_ssize_t n_rows = len(index), r, k
    cdef tuple part
    cdef double *rows = <double *>PyMem_Malloc((n_rows * PARTS + 1) * sizeof(double))
    if rows is NULL:
        raise MemoryError()
    try:
        for r in range(n_rows):
            part = parts[index[r]]
            if len(part) != PARTS:
                raise ValueError(f"{len(part)} block columns, not {PARTS}")
            for k in range(PARTS):
                rows[r * PARTS + k] = part[k]
        return _sums(
            list(range(n_rows)), sides, count, cue_between, distance, outside, zone_p, min_p,
            log_median, body_indent, rows, by_side, log1p_table,
        )
    finally:
        PyMem_Free(rows)


cdef list _sums(
    list index,
    list sides,
    list count,
    list cue_between,
    list distance,
    list outside,
    list zone_p,
    list min_p,
    double log_median,
    double body_indent,
    const double *columns,
    tuple by_side,
    tuple log1p_table,
):
    """``weighted_sums`` with each row's block columns read from ``columns`` (``PARTS``
    doubles per block, block ``index[r]`` for row ``r``)."""
    cdef double w[WIDTH]
    cdef const double *p
    cdef double base, total
    cdef Py_ssize_t n_rows = len(index), start = 0, stop, r, k
    cdef long between
    cdef int side
    cdef bint head
    cdef tuple weights
    cdef list sums = []
    for side in range(3):
        stop = start
        while stop < n_rows and <int>sides[stop] == side:
            stop += 1
        weights = by_side[side]
        if len(weights) != WIDTH:  # the Python loop's unpacking would fail the same way
            raise ValueError(f"{len(weights)} edge weights, not {WIDTH}")
        for k in range(WIDTH):
            w[k] = weights[k]
        base = w[0] * 1.0 + w[1] * (side == 1) + w[2] * (side == 2)
        head = side == 0
        for r in range(start, stop):
            p = columns + <Py_ssize_t>index[r] * PARTS
            between = count[r]
            total = (
                base
                + w[3] * p[0]
                + w[4] * p[1]
                + w[5] * <double>log1p_table[<Py_ssize_t>distance[r]]
                + w[6] * <double>outside[r]
                + w[7] * <double>cue_between[r]
                + w[8] * (between > 0)
                + w[9] * p[2]
                + w[10] * p[3]
                + w[11] * p[4]
                + w[12] * p[5]
                + w[13] * p[6]
                + w[14] * <double>zone_p[r]
                + w[15] * (p[1] - log_median)
                + w[16] * p[7]
                + w[17] * p[8]
                + w[18] * p[9]
                + w[19] * p[10]
                + w[20] * p[11]
                + w[21] * p[12]
                + w[22] * p[13]
                + w[23] * <double>min_p[r]
                + w[24] * <double>log1p_table[between]
                + w[25] * (head and between > 0)
                + w[26] * p[14]
                + w[27] * p[15]
                + w[28] * p[16]
                + w[29] * p[17]
                + w[30] * p[18]
                + w[31] * p[19]
                + w[32] * p[20]
                + w[33] * p[21]
                + w[34] * fabs(p[22] - body_indent)
            )
            sums.append(total)
        start = stop
    return sums


def outward(
    blocks, words, list probs_at, double total, list outside, list zone_p, list min_p
):
    """``textedges._outward``: the running share of the body's words, mean and lowest block
    probability, for blocks taken outward from an edge."""
    cdef double cum = 0.0, mean_sum = 0.0, low = float("inf"), p
    cdef Py_ssize_t k = 0
    for i, w in zip(blocks, words, strict=True):
        k += 1
        cum += <double>w
        p = probs_at[i]
        mean_sum += p
        if p < low:
            low = p
        outside.append(cum / total)
        zone_p.append(mean_sum / k)
        min_p.append(low)


def probabilities(list sums):
    """``textedges._probabilities``: the logistic of each sum, clipped to [-30, 30] (NaN: -30)."""
    cdef double z
    cdef list out = []
    for value in sums:
        z = value
        if not (-30.0 <= z <= 30.0):
            z = 30.0 if z > 30.0 else -30.0
        out.append(1.0 / (1.0 + exp(-z)))
    return out


cdef enum:
    FILTER_BITS = 1 << 16  # the key filter's size: 8 KB


cdef inline unsigned int _hash(str text, Py_ssize_t start, Py_ssize_t end):
    """FNV-1a over the code points of ``text[start:end]`` (the key filter's hash)."""
    cdef unsigned int value = 2166136261u
    cdef Py_ssize_t i
    for i in range(start, end):
        value = (value ^ <unsigned int>text[i]) * 16777619u
    return value


def key_filter(keys, base=None):
    """A Bloom filter of ``keys`` (two bits of a 64K-bit table per key; ``base``: a filter to
    add them to): a word whose bits are not both set is no key, so ``token_codes`` looks up
    only the words that pass. The filter only skips lookups that would find nothing: exact."""
    table = bytearray(FILTER_BITS // 8) if base is None else bytearray(base)
    cdef unsigned char[::1] bits = table
    cdef unsigned int value
    for key in keys:
        value = _hash(key, 0, len(key))
        bits[(value & 0xFFFF) >> 3] |= 1 << (value & 7)
        bits[(value >> 16) >> 3] |= 1 << ((value >> 16) & 7)
    return bytes(table)


cdef class _WordTable:
    """A dict of words (str keys, int codes) as an open-addressing table keyed by ``_hash``, so
    ``token_codes`` finds a token by comparing code points in place: no substring, no dict
    lookup. A word absent gives 0, what ``dict.get(token)`` then adds to a code. Holds the
    keys (the table's pointers borrow them)."""

    cdef list keys_kept
    cdef unsigned int *hashes
    cdef PyObject **keys
    cdef int *codes
    cdef Py_ssize_t mask
    cdef Py_ssize_t size

    def __cinit__(self, dict words):
        cdef Py_ssize_t size = 8, j
        cdef unsigned int value
        cdef str key
        while size < 2 * len(words):
            size *= 2
        self.size = len(words)
        self.mask = size - 1
        self.hashes = <unsigned int *>PyMem_Malloc(size * sizeof(unsigned int))
        self.keys = <PyObject **>PyMem_Malloc(size * sizeof(PyObject *))
        self.codes = <int *>PyMem_Malloc(size * sizeof(int))
        if self.hashes is NULL or self.keys is NULL or self.codes is NULL:
            raise MemoryError()
        for j in range(size):
            self.keys[j] = NULL
        self.keys_kept = list(words)
        for key, code in words.items():
            value = _hash(key, 0, len(key))
            j = value & self.mask
            while self.keys[j] is not NULL:
                j = (j + 1) & self.mask
            self.hashes[j] = value
            self.keys[j] = <PyObject *>key
            self.codes[j] = code

    def __dealloc__(self):
        PyMem_Free(self.hashes)
        PyMem_Free(self.keys)
        PyMem_Free(self.codes)

    cdef Py_ssize_t slot(self, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                         unsigned int value) noexcept:
        """The slot of the word ``data[start:end]`` of a str of any ``kind`` (``value``: its
        ``_hash``), or -1: ``_find`` for a text not read at the table's unit width."""
        cdef Py_ssize_t j = value & self.mask, k, size = end - start
        cdef PyObject *key
        cdef int key_kind
        cdef const void *chars
        while True:
            key = self.keys[j]
            if key is NULL:
                return -1
            if self.hashes[j] == value and PyUnicode_GET_LENGTH(<object>key) == size:
                key_kind = PyUnicode_KIND(<object>key)
                chars = PyUnicode_DATA(<object>key)
                k = 0
                while k < size and _char(key_kind, chars, k) == _char(kind, data, start + k):
                    k += 1
                if k == size:
                    return j
            j = (j + 1) & self.mask


cdef int _find(_WordTable table, const _unit *data, Py_ssize_t start, Py_ssize_t end,
               unsigned int value) noexcept:
    """The code of the word ``data[start:end]`` (``value``: its ``_hash``) in ``table``, or 0."""
    cdef Py_ssize_t j = value & table.mask, k, size = end - start
    cdef PyObject *key
    cdef int kind
    cdef const void *chars
    while True:
        key = table.keys[j]
        if key is NULL:
            return 0
        if table.hashes[j] == value and PyUnicode_GET_LENGTH(<object>key) == size:
            kind = PyUnicode_KIND(<object>key)
            chars = PyUnicode_DATA(<object>key)
            k = 0
            while k < size and _char(kind, chars, k) == <Py_UCS4>data[start + k]:
                k += 1
            if k == size:
                return table.codes[j]
        j = (j + 1) & table.mask


cdef inline Py_ssize_t _token_end(const _unit *data, Py_ssize_t n, Py_ssize_t start,
                                  unsigned int *value) noexcept:
    """Where the whitespace token starting at ``start`` ends; ``value`` gets its ``_hash``,
    read as the token is."""
    cdef Py_ssize_t i = start
    cdef unsigned int hashed = 2166136261u
    cdef Py_UCS4 c
    while i < n:
        c = data[i]
        if Py_UNICODE_ISSPACE(c):
            break
        hashed = (hashed ^ <unsigned int>c) * 16777619u
        i += 1
    value[0] = hashed
    return i


cdef inline bint _may_be_key(const unsigned char[::1] passed, unsigned int value) noexcept:
    """False when ``passed`` (a ``key_filter`` of the tables' keys) rules the hash out: two
    bit tests spare most lookups."""
    cdef unsigned int low = value & 0xFFFF, high = value >> 16
    return (passed[low >> 3] & (1 << (low & 7))) and (passed[high >> 3] & (1 << (high & 7)))


cdef object _codes_dict = None  # the last ``codes`` dict seen, and its table
cdef _WordTable _codes_table = None


def token_codes(str joined, dict codes, dict slug, const unsigned char[::1] passed):
    """``textfeatures.block_features``' word lookup in one C loop: the code of each whitespace
    token of ``joined`` (``str.split()``'s tokens, in order) in ``codes`` (0 when absent), or'ed
    with its code in ``slug`` when that is not empty. An int32 array, one entry per token.
    ``passed``: ``key_filter`` of both dicts' keys; a token it rules out is in neither. The
    loop runs at the text's width; the dicts are read as ``_WordTable``s (``codes``' kept
    while the same dict of the same size comes: ``textfeatures._CODES``, never changed)."""
    global _codes_dict, _codes_table
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(joined), count
    out = np.empty(n // 2 + 1, dtype=np.int32)  # at most one token per two characters
    cdef int[::1] view = out
    cdef int kind = PyUnicode_KIND(joined)
    cdef const void *data = PyUnicode_DATA(joined)
    if passed.shape[0] != FILTER_BITS // 8:
        raise ValueError("not a key_filter table")
    if codes is not _codes_dict or _codes_table.size != len(codes):
        _codes_table = _WordTable(codes)
        _codes_dict = codes
    cdef _WordTable slug_table = _WordTable(slug) if slug else None
    if kind == PyUnicode_1BYTE_KIND:
        count = _token_codes(<const Py_UCS1 *>data, n, _codes_table, slug_table, passed, view)
    elif kind == PyUnicode_2BYTE_KIND:
        count = _token_codes(<const Py_UCS2 *>data, n, _codes_table, slug_table, passed, view)
    else:
        count = _token_codes(<const Py_UCS4 *>data, n, _codes_table, slug_table, passed, view)
    return out[:count]


cdef Py_ssize_t _token_codes(
    const _unit *data, Py_ssize_t n, _WordTable codes, _WordTable slug,
    const unsigned char[::1] passed, int[::1] view,
) except -1:
    cdef Py_ssize_t i = 0, start, count = 0
    cdef int code
    cdef unsigned int value
    while True:
        while i < n and Py_UNICODE_ISSPACE(data[i]):
            i += 1
        if i >= n:
            break
        start = i
        i = _token_end(data, n, start, &value)
        code = 0
        if _may_be_key(passed, value):
            code = _find(codes, data, start, i, value)
            if slug is not None:
                code |= _find(slug, data, start, i, value)
        view[count] = code
        count += 1
    return count


def side_gains(indices, sides, q, words, tuple bars, dict heft):
    """``textedges._side_gains``: each row's gain ``(q - bar) * min(words, 60) ** 0.8``, split
    by side in row order, and the blocks past the end in order."""
    cdef double bar[3]
    cdef double weight
    cdef int s
    cdef list found = [[], [], []]
    cdef list after = []
    bar[0], bar[1], bar[2] = bars
    counts = None
    for i, side, qi in zip(indices, sides, q, strict=True):
        s = side
        if s < 0 or s > 2:
            raise IndexError("side out of range")
        value = heft.get(i)
        if value is None:
            if counts is None:  # plain numbers
                counts = words.tolist() if isinstance(words, np.ndarray) else words
            weight = float(counts[i])
            weight = pow(60.0 if weight > 60.0 else weight, 0.8)  # Python's float ** is pow()
            heft[i] = weight
        else:
            weight = value
        (<list>found[s]).append((<double>float(qi) - bar[s]) * weight)
        if s == 2:
            after.append(i)
    return (found[0], found[1], found[2]), after


def first_comment_heading(list texts, Py_ssize_t start, Py_ssize_t end, str firsts, match,
                          Py_ssize_t longest, str heads):
    """``textdump._first_comment_heading``: the first block of ``[start, end)`` no longer than
    ``longest`` that starts with one of ``firsts`` or a digit, that ``_may_head`` keeps
    (``heads``: the pattern's three-letter word starts, concatenated) and that ``match``
    accepts."""
    cdef Py_ssize_t index
    cdef str text
    cdef Py_UCS4 c
    for index in range(start, end):
        text = texts[index]
        if len(text) <= longest:
            if not len(text):  # as ``text[0]`` in Python
                raise IndexError("string index out of range")
            c = text[0]
            if (
                (c in firsts or c.isdigit())
                and _may_head(text, len(text), heads)
                and match(text) is not None
            ):
                return index
    return end


cdef inline bint _may_head(str text, Py_ssize_t n, str heads):
    """``textdump._may_head`` of a non-empty ``text``: False only when its first three
    characters are ASCII, the first no digit, and they (lower-cased) start none of the words."""
    cdef unsigned int a = <Py_UCS4>text[0], b, c
    cdef Py_ssize_t k, size = len(heads)
    if a >= 128 or 0x30 <= a <= 0x39:
        return True
    if n < 3:
        return False
    b = <Py_UCS4>text[1]
    c = <Py_UCS4>text[2]
    if b >= 128 or c >= 128:
        return True
    a |= 0x20  # A-Z to a-z; no other ASCII character becomes a letter
    b |= 0x20
    c |= 0x20
    for k in range(0, size - 2, 3):
        if (<unsigned int><Py_UCS4>heads[k] == a and <unsigned int><Py_UCS4>heads[k + 1] == b
                and <unsigned int><Py_UCS4>heads[k + 2] == c):
            return True
    return False


# ``char_counts``' column of each Latin-1 character (0: not counted; 1: a newline, a new block).
cdef unsigned char _CHAR_COLUMN[256]


cdef void _fill_char_columns() noexcept:
    cdef int c
    for c in range(256):
        _CHAR_COLUMN[c] = 0
    _CHAR_COLUMN[0x0A] = 1
    _CHAR_COLUMN[0x20] = 2
    for c in range(0x41, 0x5B):  # A-Z
        _CHAR_COLUMN[c] = 3
    for c in range(0x30, 0x3A):  # 0-9
        _CHAR_COLUMN[c] = 4
    _CHAR_COLUMN[0x2E] = _CHAR_COLUMN[0x21] = _CHAR_COLUMN[0x3F] = 5  # . ! ?
    _CHAR_COLUMN[0x2C] = 6  # ,
    _CHAR_COLUMN[0x3B] = 7  # ;
    _CHAR_COLUMN[0xA9] = 8  # ©


_fill_char_columns()


def char_counts(str joined, Py_ssize_t blocks, bint gapped=False):
    """``textfeatures.block_features``' per-block character counts in one C loop: for each of
    the ``blocks`` newline-separated blocks, its spaces, capitals A-Z, digits 0-9, full stops
    (".!?"), commas, semicolons and copyright signs, in the columns ``textfeatures`` names
    (``_SPACE``...; the first two stay 0). The Python code counts the same from the UTF-8 bytes:
    every counted character is ASCII but "©", which it finds by its two bytes. Each character's
    column is read from a table, in a loop at the text's width.

    ``gapped``: ``joined`` still holds the empty blocks ``split_dump`` dropped (newline runs);
    the counts are those of the blocks with text, as if they alone had been joined (no second
    join of the texts)."""
    out = np.zeros((blocks, 9), dtype=np.int64)
    cdef long long[:, ::1] view = out
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(joined)
    cdef int kind = PyUnicode_KIND(joined)
    cdef const void *data = PyUnicode_DATA(joined)
    if gapped:
        if kind == PyUnicode_1BYTE_KIND:
            _count_chars_gapped_local(<const Py_UCS1 *>data, n, view, blocks)
        elif kind == PyUnicode_2BYTE_KIND:
            _count_chars_gapped_local(<const Py_UCS2 *>data, n, view, blocks)
        else:
            _count_chars_gapped_local(<const Py_UCS4 *>data, n, view, blocks)
        return out
    if kind == PyUnicode_1BYTE_KIND:
        _count_chars_local(<const Py_UCS1 *>data, n, view, blocks)
    elif kind == PyUnicode_2BYTE_KIND:
        _count_chars_local(<const Py_UCS2 *>data, n, view, blocks)
    else:
        _count_chars_local(<const Py_UCS4 *>data, n, view, blocks)
    return out


def language_of(const int64_t[:, ::1] hits, Py_ssize_t languages):
    """``int(np.argmax(hits[:, :languages].sum(axis=0)))``: the column of the most stop-list
    hits (the first of equal ones), summed as int64 like numpy."""
    cdef Py_ssize_t b, k, best = 0
    cdef int64_t total, most = 0
    if languages < 1 or hits.shape[1] < languages:
        raise ValueError("no language columns")
    for k in range(languages):
        total = 0
        for b in range(hits.shape[0]):
            total += hits[b, k]
        if k == 0 or total > most:
            most = total
            best = k
    return best


def clip_negate(double[::1] z, double bound):
    """``np.clip(z, -bound, bound, out=z)`` then ``np.negative(z, out=z)`` in one loop: the
    same doubles (a NaN stays NaN, as numpy's clip keeps it; negation is exact)."""
    cdef Py_ssize_t i
    cdef double v
    for i in range(z.shape[0]):
        v = z[i]
        if v < -bound:
            v = -bound
        elif v > bound:
            v = bound
        z[i] = -v


def one_over_one_plus(double[::1] z):
    """``z += 1.0`` then ``np.divide(1.0, z, out=z)`` in one loop: two correctly rounded IEEE
    operations per value, what numpy's two ufuncs compute."""
    cdef Py_ssize_t i
    for i in range(z.shape[0]):
        z[i] = 1.0 / (z[i] + 1.0)


cdef inline bint _word_char(Py_UCS4 c) noexcept:
    """``re``'s ``\\w`` on a str pattern: alphanumeric (``str.isalnum``'s classes) or "_"."""
    return c == 0x5F or Py_UNICODE_ISALNUM(c)


cdef void _apostrophes_of(str text, Py_ssize_t *straight, Py_ssize_t *curly) noexcept:
    """Add the apostrophes of ``text`` with a word character on either side: straight ("'")
    and curly (U+2019), what ``textdump._STRAIGHT_RE``/``_CURLY_RE`` find."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    for i in range(1, n - 1):
        c = _char(kind, data, i)
        if c != 0x27 and c != 0x2019:
            continue
        if _word_char(_char(kind, data, i - 1)) and _word_char(_char(kind, data, i + 1)):
            if c == 0x27:
                straight[0] += 1
            else:
                curly[0] += 1


def apostrophes(str text):
    """``textdump._apostrophes``: (straight, curly) apostrophes between two word characters."""
    cdef Py_ssize_t straight = 0, curly = 0
    _apostrophes_of(text, &straight, &curly)
    return straight, curly


def kept_apostrophes(list texts, list keep):
    """``textdump._apostrophes`` of the kept texts joined by newlines, without the join: a
    newline is no word character, so the body's count is the sum of its blocks'."""
    cdef Py_ssize_t straight = 0, curly = 0, i
    cdef str text
    for index in keep:
        i = index
        text = texts[i]
        _apostrophes_of(text, &straight, &curly)
    return straight, curly


def byline_scan(list texts, list words, Py_ssize_t index, Py_ssize_t stop, Py_ssize_t start,
                Py_ssize_t most, str heads):
    """The first block of ``[index, stop)`` where ``textdump._find_byline``'s loop may stop: a
    block of at most ``most`` words whose first two characters may start a byline (not both
    ASCII, or, lower-cased, one of ``heads``' pairs: ``_BYLINE_HEADS`` concatenated), or a
    block at or past ``start`` with more words; ``stop`` when none. The blocks skipped are
    those where ``_byline_name`` returns None (its ASCII pre-test) and the loop goes on."""
    cdef Py_ssize_t i, n, k, size = len(heads), count
    cdef str text
    cdef unsigned int a, b
    if stop > len(texts) or stop > len(words):
        raise IndexError("stop past the blocks")
    for i in range(index if index > 0 else 0, stop):
        count = words[i]
        if count > most:
            if i >= start:
                return i
            continue
        text = texts[i]
        n = len(text)
        if n == 0:
            continue  # "" is ASCII and no head
        a = <Py_UCS4>text[0]
        if n == 1:
            if a >= 128:
                return i
            continue
        b = <Py_UCS4>text[1]
        if a >= 128 or b >= 128:
            return i
        a |= 0x20  # A-Z to a-z; no other ASCII character becomes a letter
        b |= 0x20
        for k in range(0, size - 1, 2):
            if <unsigned int><Py_UCS4>heads[k] == a and <unsigned int><Py_UCS4>heads[k + 1] == b:
                return i
    return stop


def tree_leaves(
    const float[:, ::1] values,
    const Py_ssize_t[::1] feature,
    const float[::1] threshold,
    const Py_ssize_t[::1] children,
    const Py_ssize_t[::1] roots,
    Py_ssize_t depth,
):
    """``model.TreeModel.scores``' walk: the leaf each tree reaches for each row, as its numpy
    loop finds it (``depth`` steps, a node's child is ``children[2 * node + goes_right]``, a
    leaf its own child; float32 against float32, NaN goes right as ``~(v <= t)`` does).

    Only comparisons, no arithmetic: the leaves are the numpy walk's exactly. The leaf values
    are then summed by numpy as before, so the scores are bit for bit the same. One pass per
    row and tree instead of ``depth`` gathers over the whole (rows, trees) array. The caller
    checks that every feature index is a column of ``values`` (numpy would raise; C reads)."""
    cdef Py_ssize_t rows = values.shape[0]
    cdef Py_ssize_t trees = roots.shape[0]
    leaves = np.empty((rows, trees), dtype=np.intp)
    cdef Py_ssize_t[:, ::1] out = leaves
    cdef Py_ssize_t width = values.shape[1]
    cdef const float* base = &values[0, 0] if rows and width else NULL
    cdef const Py_ssize_t* feat = &feature[0] if feature.shape[0] else NULL
    cdef const float* thr = &threshold[0] if threshold.shape[0] else NULL
    cdef const Py_ssize_t* kids = &children[0] if children.shape[0] else NULL
    cdef Py_ssize_t row, tree, step, root, a, b, c, d
    cdef const float* va
    cdef const float* vb
    cdef const float* vc
    cdef const float* vd
    with nogil:
        # tree by tree (one tree's nodes stay in the first-level cache for all the rows), four
        # rows at a time: four independent chains of loads the processor overlaps
        for tree in range(trees):
            root = roots[tree]
            row = 0
            while row + 4 <= rows:
                va = base + row * width
                vb = va + width
                vc = vb + width
                vd = vc + width
                a = b = c = d = root
                for step in range(depth):  # branch-free: the way down is data, not a jump
                    a = kids[2 * a + <Py_ssize_t>(not (va[feat[a]] <= thr[a]))]
                    b = kids[2 * b + <Py_ssize_t>(not (vb[feat[b]] <= thr[b]))]
                    c = kids[2 * c + <Py_ssize_t>(not (vc[feat[c]] <= thr[c]))]
                    d = kids[2 * d + <Py_ssize_t>(not (vd[feat[d]] <= thr[d]))]
                out[row, tree] = a
                out[row + 1, tree] = b
                out[row + 2, tree] = c
                out[row + 3, tree] = d
                row += 4
            while row < rows:
                va = base + row * width
                a = root
                for step in range(depth):
                    a = kids[2 * a + <Py_ssize_t>(not (va[feat[a]] <= thr[a]))]
                out[row, tree] = a
                row += 1
    return leaves


cdef inline bint _letter(Py_UCS4 c):
    """``[^\\W\\d_]`` as ``re`` reads it in a str pattern: alphanumeric, not a decimal digit,
    not the underscore. An ASCII character: a letter A-Z or a-z (no table lookups)."""
    if c < 128:
        return ((<unsigned int>c | 0x20u) - 97u) < 26u
    return Py_UNICODE_ISALNUM(c) and not Py_UNICODE_ISDECIMAL(c)


cdef tuple _cue_state = (None, -1, None, None, None)  # the last ``cues``: size, filter, table, values


cdef tuple _cue_tables(dict cues):
    """The key filter of ``cues``' keys (``key_filter``), a ``_WordTable`` coding each key by its
    place, and the values in that order (a value found is the dict's own object, what
    ``dict.get`` returns); built again when another dict (or the same dict at another size)
    comes; a dict with a key that is not
    an exact str gets a filter passing every word and no table (its lookups stay the dict's).
    The state is one tuple, replaced whole, and the caller holds what it gets: another
    thread's dict cannot pair with this one's filter or free it. As with ``token_codes``'
    table, a dict changed in place keeping its size would be misread (the extractor's cues
    never change)."""
    global _cue_state
    cdef tuple state = _cue_state
    if state[0] is not cues or state[1] != len(cues):
        if all(type(key) is str for key in cues):
            places = {key: place for place, key in enumerate(cues)}
            state = (cues, len(cues), key_filter(cues), _WordTable(places), tuple(cues.values()))
        else:
            state = (cues, len(cues), b"\xff" * (FILTER_BITS // 8), None, None)
        _cue_state = state
    return state


cdef list _cue_values(str lowered, dict cues, Py_ssize_t limit):
    """The cue score (0.0 when unlisted) of each ``[^\\W\\d_]{2,}`` match of ``lowered`` in
    order (``_WORD_RE.findall``), the first ``limit`` of them (< 0: all). A word the keys'
    filter rules out is no key: 0.0 without a lookup; one it passes is looked up in place in
    the keys' table (the dict's when it has no table)."""
    cdef list out = []
    cdef Py_ssize_t n = len(lowered), i = 0, start
    cdef int kind = PyUnicode_KIND(lowered)
    cdef const void *data = PyUnicode_DATA(lowered)
    cdef tuple state = _cue_tables(cues)  # held for the loop
    cdef bytes held = state[2]
    cdef _WordTable table = state[3]
    cdef tuple values = state[4]
    cdef const unsigned char *bits = held
    cdef unsigned int value
    cdef Py_UCS4 c
    cdef Py_ssize_t slot
    while i < n and (limit < 0 or len(out) < limit):
        while i < n and not _letter(_char(kind, data, i)):
            i += 1
        start = i
        value = 2166136261u  # ``_hash`` of the word, as it is read
        while i < n:
            c = _char(kind, data, i)
            if not _letter(c):
                break
            value = (value ^ <unsigned int>c) * 16777619u
            i += 1
        if i - start >= 2:
            if (bits[(value & 0xFFFF) >> 3] >> (value & 7)) & 1 and (
                bits[(value >> 16) >> 3] >> ((value >> 16) & 7)
            ) & 1:
                if table is not None:
                    slot = table.slot(kind, data, start, i, value)
                    found = None if slot < 0 else values[table.codes[slot]]
                    out.append(0.0 if found is None else found)
                else:
                    found = cues.get(lowered[start:i])
                    out.append(0.0 if found is None else found)
            else:
                out.append(0.0)
    return out


def cue_values(str lowered, dict cues):
    """``textedges``' short-block cue scores: each word of ``lowered`` (``_WORD_RE``) scored
    by ``cues`` (0.0 when unlisted), as ``list(map(cues.get, findall(lowered), repeat(0.0)))``."""
    return _cue_values(lowered, cues, -1)


def first_cue(str text, dict cues, Py_ssize_t head, Py_ssize_t first):
    """``first_cue_of`` from Python."""
    return first_cue_of(text, cues, head, first)


cdef first_cue_of(str text, dict cues, Py_ssize_t head, Py_ssize_t first):
    """``max(map(cues.get, textedges._first_words(text), repeat(0.0)), default=0.0)``: the best
    cue among a long block's ``first`` words, looked for in its ``head`` characters first."""
    cdef list values = _cue_values_of(text[:head], cues, first + 1)
    if len(values) > first:  # the last word read ended inside the head
        del values[first:]
    else:
        values = _cue_values_of(text, cues, first)
    return max(values, default=0.0)


cdef inline double _clamped_log_odds(double p):
    """A block's log-odds as the Python edge step writes it: min(max(p, 1e-4), 1 - 1e-4) over
    min(max(1 - p, 1e-4), 1.0), the same comparisons in the same order (NaN included)."""
    cdef double low = p
    cdef double high = 1 - p
    if 1e-4 > low:
        low = 1e-4
    if 1 - 1e-4 < low:
        low = 1 - 1e-4
    if 1e-4 > high:
        high = 1e-4
    if 1.0 < high:
        high = 1.0
    return log(low / high)


def edge_parts(
    list missing,
    list texts,
    list words_at,
    list probs_at,
    list columns,
    list links_at,
    list bullet_at,
    dict cues,
    dict found,
    dict parts,
    tuple limits,
    tuple prose_ends,
    dated_search,
):
    """``textedges._rows_in_two``'s per-block loop: the row columns each of the ``missing``
    blocks decides alone, stored in ``parts`` (the short blocks' cue scores in ``found``),
    the same values as the Python loop (min, max and the libm ``log``/``log1p`` in its order).
    ``limits``: the cue, prose and dated word counts, the head characters and first words."""
    cdef Py_ssize_t r, i, n = len(texts), cue_words, prose_words, dated_words, head, first
    cdef Py_ssize_t count_words, present
    cdef double left, right
    cdef list own
    cdef str text
    cue_words, prose_words, dated_words, head, first = limits
    for r in range(len(missing)):
        i = missing[r]
        text = texts[i]
        count_words = words_at[i]
        if count_words <= cue_words:
            own = found.get(i)
            if own is None:
                own = found[i] = _cue_values_of(text, cues, -1)
            own_cue = max(own, default=0.0)
            first_cue = max(own[:first], default=0.0)
        else:  # a long block: only its first words are read
            own_cue = 0.0
            first_cue = first_cue_of(text, cues, head, first)
        left = probs_at[i - 1] if i > 0 else 0.0
        right = probs_at[i + 1] if i < n - 1 else 0.0
        present = (i > 0) + (i < n - 1)
        row = columns[r]
        digits = row[5]
        parts[i] = (
            _clamped_log_odds(probs_at[i]),
            log1p(<double>count_words),
            own_cue,
            first_cue,
            links_at[r] > 0,
            bool(bullet_at[r]),
            (left + right) / (present if present > 1 else 1.0),
            row[0],
            row[1],
            count_words >= prose_words and text.rstrip().endswith(prose_ends),
            row[2],
            row[3],
            row[4],
            count_words <= dated_words
            and (digits > 0 or not text.isascii())
            and dated_search(text) is not None,
            *row[6:],
        )


def heading_facts(
    blocks, dict heads, dict found, list words_at, list texts, dict cues, Py_ssize_t words
):
    """``textedges._rows_in_two``'s ``heading_cues``: for each of ``blocks``, whether it can
    head a section (at most ``words`` words, no full stop at its end) and its best cue score if
    so (0.0 if not), read once per block into ``heads`` (cue scores into ``found``)."""
    cdef list flags = [], values = [], own
    cdef str text
    cdef tuple fact
    cdef Py_ssize_t size
    for j in blocks:
        fact = heads.get(j)
        if fact is None:  # text28: the last character and the best cue read in C
            text = texts[j]
            size = PyUnicode_GET_LENGTH(text)
            if words_at[j] <= words and not (  # any number type, as Python compares
                size and _char(PyUnicode_KIND(text), PyUnicode_DATA(text), size - 1) == 0x2E
            ):
                own = found.get(j)
                if own is None:
                    own = found[j] = _cue_values_of(text, cues, -1)
                fact = heads[j] = (True, _max_or_zero(own, len(own)))
            else:
                fact = heads[j] = (False, 0.0)
        flags.append(fact[0])
        values.append(fact[1])
    return flags, values


def block_hits(const int[::1] codes, const int64_t[::1] words, int languages, int slug_bit):
    """``textfeatures.block_features``' per-block word counts from the word codes in one loop:
    for each block, its words with each of the ``languages + 3`` low bits of their code (the
    stop lists, chrome, separator, copyright) and with ``slug_bit``. Word ``k`` belongs to
    the block ``np.repeat(np.arange(n), words)`` gives it; ``words`` must sum to the codes."""
    cdef Py_ssize_t n = words.shape[0], width = languages + 4, b, k, token = 0
    cdef Py_ssize_t total = codes.shape[0]
    cdef int code, bit
    out = np.zeros((n, width), dtype=np.int64)
    cdef int64_t[:, ::1] view = out
    for b in range(n):
        if words[b] < 0 or words[b] > total - token:
            raise ValueError("word counts do not match the codes")
        for k in range(words[b]):
            code = codes[token]
            token += 1
            if code == 0:
                continue
            for bit in range(width - 1):
                if (code >> bit) & 1:
                    view[b, bit] += 1
            if code & slug_bit:
                view[b, width - 1] += 1
    if token != total:
        raise ValueError("word counts do not match the codes")
    return out


cdef inline int _normal_form(Py_UCS4 c) noexcept nogil:
    """What ``textlines._normalise`` makes of one character: 0 kept, 1 dropped (form and link
    stand-ins, invisible characters), 2 a space (ASCII and odd spaces), 3 a carriage return,
    4 a tab. The same sets as ``_FORM_MARK``/``_LINK_MARK``, ``_ASCII_SPACES``, ``_INVISIBLE``
    and ``_ODD_SPACES`` (a test holds them equal on every code point up to U+FFFF)."""
    if 0x20 <= c < 0x7F or c == 0x0A:
        return 0
    if c == 0x0D:
        return 3
    if c == 0x09:
        return 4
    if c == 0x00 or c == 0x01 or c == 0xAD or c == 0xFEFF or c == 0x200B:
        return 1
    if c == 0x0B or c == 0x0C or 0x1C <= c <= 0x1F:
        return 2
    if c == 0xA0 or c == 0x85 or c == 0x1680 or 0x2000 <= c <= 0x200A:
        return 2
    if c == 0x2028 or c == 0x2029 or c == 0x202F or c == 0x205F or c == 0x3000:
        return 2
    return 0


# ``normalise``' two loops: ``_first_special_runs`` and ``_rewrite_runs`` (text33, at the end).


cdef Py_ssize_t _count_tabs(const _unit *data, Py_ssize_t start, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i, count = 0
    for i in range(start, n):
        count += data[i] == 0x09
    return count


def normalise(str text):
    """``textlines._normalise`` in one pass over the characters instead of a scan per special
    character (~30 on a non-ASCII dump). Every replacement there is of single characters but
    "\\r\\n", which goes first, so one left-to-right pass reading the next character after a
    "\\r" writes the same string. Returns ``text`` itself when nothing changes."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), first, size
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef void *buffer
    if kind == PyUnicode_1BYTE_KIND:
        first = _first_special_runs(<Py_UCS1 *>data, n)
    elif kind == PyUnicode_2BYTE_KIND:
        first = _first_special_runs(<Py_UCS2 *>data, n)
    else:
        first = _first_special_runs(<Py_UCS4 *>data, n)
    if first < 0:
        return text
    # room for what is written: a tab becomes four spaces, nothing else grows (a buffer of
    # four characters per character would be past malloc's mmap threshold on most dumps)
    if kind == PyUnicode_1BYTE_KIND:
        size = n + 3 * _count_tabs(<Py_UCS1 *>data, first, n)
    elif kind == PyUnicode_2BYTE_KIND:
        size = n + 3 * _count_tabs(<Py_UCS2 *>data, first, n)
    else:
        size = n + 3 * _count_tabs(<Py_UCS4 *>data, first, n)
    buffer = PyMem_Malloc((size + 1) * kind)
    if buffer == NULL:
        raise MemoryError()
    try:
        if kind == PyUnicode_1BYTE_KIND:
            size = _rewrite_runs(<Py_UCS1 *>data, n, first, <Py_UCS1 *>buffer)
        elif kind == PyUnicode_2BYTE_KIND:
            size = _rewrite_runs(<Py_UCS2 *>data, n, first, <Py_UCS2 *>buffer)
        else:
            size = _rewrite_runs(<Py_UCS4 *>data, n, first, <Py_UCS4 *>buffer)
        return PyUnicode_FromKindAndData(kind, buffer, size)
    finally:
        PyMem_Free(buffer)


cdef inline bint _among(Py_UCS4 c, str chars):
    """Whether ``c`` is one of ``chars`` (a few characters): ``c in chars`` without making a
    string of ``c``."""
    cdef Py_ssize_t k
    cdef int kind = PyUnicode_KIND(chars)
    cdef const void *data = PyUnicode_DATA(chars)
    for k in range(PyUnicode_GET_LENGTH(chars)):
        if _char(kind, data, k) == c:
            return True
    return False


def block_facts(
    list texts,
    const int64_t[:, ::1] counts,
    Py_ssize_t stop,
    const int64_t[::1] words,
    const int64_t[:] group,
    const int64_t[:] lines,
    str closers,
    str terminals,
):
    """``textfeatures.block_features``' per-block integers in one pass, for one ``np.log1p``:
    rows words, sentences (full stops, less one when the block ends a sentence, at least 0),
    its blank-line group's size and its lines; then whether each block ends like a sentence
    (``text.rstrip(closers).endswith(terminals)``, each terminal one character) and whether
    its text occurs twice or more in the dump (uint8 arrays)."""
    cdef Py_ssize_t n = len(texts), i, at, largest = 0
    cdef str text
    cdef int64_t value
    cdef int kind
    cdef const void *data
    if (
        counts.shape[0] != n or words.shape[0] != n or group.shape[0] != n
        or lines.shape[0] != n
    ):
        raise ValueError("one row per block")
    ints = np.empty((4, n), dtype=np.int64)
    ends = np.zeros(n, dtype=np.uint8)
    repeated = np.zeros(n, dtype=np.uint8)
    cdef int64_t[:, ::1] out = ints
    cdef unsigned char[::1] end_view = ends, repeat_view = repeated
    cdef dict seen = {}
    for i in range(n):
        value = group[i]
        if value < 0:
            raise ValueError("negative group")
        if value > largest:
            largest = value
    sizes = np.zeros(largest + 1, dtype=np.int64)
    cdef int64_t[::1] size_view = sizes
    for i in range(n):
        size_view[group[i]] += 1
    for i in range(n):
        text = texts[i]
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        at = len(text) - 1
        while at >= 0 and _among(_char(kind, data, at), closers):
            at -= 1
        if at >= 0:
            end_view[i] = _among(_char(kind, data, at), terminals)
        value = counts[i, stop] - end_view[i]
        out[0, i] = words[i]
        out[1, i] = value if value > 0 else 0
        out[2, i] = size_view[group[i]]
        out[3, i] = lines[i]
    if not _mark_repeats(texts, n, repeat_view):  # (text25: no whole-text hash; see there)
        repeated[:] = 0
        for i in range(n):
            text = texts[i]
            seen[text] = seen.get(text, 0) + 1
        for i in range(n):
            repeat_view[i] = seen[texts[i]] > 1
    return ints, ends, repeated


cdef inline double _window_mean(
    const double[:, ::1] prefix, Py_ssize_t column, Py_ssize_t i, Py_ssize_t half, Py_ssize_t n
) noexcept:
    cdef Py_ssize_t low = i - half if i > half else 0
    cdef Py_ssize_t high = i + half + 1 if i + half + 1 < n else n
    return (prefix[high, column] - prefix[low, column]) / <double>(high - low)


cdef inline double _at_most_one(double value) noexcept:
    return 1.0 if value > 1.0 else value


def feature_matrix(
    const int64_t[:, ::1] ints,
    const double[:, ::1] logs,
    const unsigned char[::1] ends,
    const unsigned char[::1] repeated,
    const int64_t[:, ::1] counts,
    const int64_t[:, ::1] hits,
    Py_ssize_t language,
    Py_ssize_t chrome,
    Py_ssize_t slug,
    Py_ssize_t slug_size,
    const int64_t[:] links,
    const unsigned char[:] bullet,
    const int64_t[:] forms,
    const int64_t[:] indent,
    Py_ssize_t width,
    Py_ssize_t near,
    Py_ssize_t wide,
    Py_ssize_t prose_words,
    Py_ssize_t anchor_words,
    Py_ssize_t anchor_shared,
    double anchor_share,
):
    """``textfeatures._feature_matrix`` in C: the same columns, the same doubles (each the
    same IEEE operations numpy does: integer to double, then the one division or product;
    running sums added in order). ``ints``/``logs``: ``block_facts``' rows and their
    ``np.log1p``; ``hits``: ``block_hits``' counts, the page's stop list at ``language``,
    chrome, separator and copyright words from ``chrome`` on, slug words at ``slug`` (-1:
    no slug). Column numbers are ``FEATURE_NAMES``' (38 of them)."""
    cdef Py_ssize_t n = ints.shape[1], i, anchor = -1, own = 22
    cdef int64_t w, sentences, phrase, prose, prose_total = 0, running = 0, most
    cdef double inv, total_prose, best = -1.0, score
    if width != 38:
        raise ValueError("38 feature columns")
    if (
        logs.shape[0] != 4 or logs.shape[1] != n or ints.shape[0] != 4 or ends.shape[0] != n
        or repeated.shape[0] != n or counts.shape[0] != n or hits.shape[0] != n
        or links.shape[0] != n or bullet.shape[0] != n or forms.shape[0] != n
        or indent.shape[0] != n or counts.shape[1] < 9
        or not (0 <= language < hits.shape[1] and 0 <= chrome and chrome + 2 < hits.shape[1])
        or slug >= hits.shape[1]
    ):
        raise ValueError("arrays of the wrong shape")
    matrix = np.empty((n, width))
    prefix_array = np.zeros((n + 1, 4))
    cdef double[:, ::1] m = matrix, prefix = prefix_array
    cdef double spread = <double>(n - 1 if n > 1 else 1)
    for i in range(n):
        w = ints[0, i]
        sentences = ints[1, i]
        inv = 1.0 / <double>(w if w > 1 else 1)
        phrase = counts[i, 6] + counts[i, 7]
        m[i, 0] = 1.0
        m[i, 1] = logs[0, i]
        m[i, 2] = w <= 4
        m[i, 3] = <double>hits[i, language] * inv
        m[i, 4] = ends[i]
        m[i, 5] = logs[1, i]
        m[i, 6] = <double>counts[i, 6] / <double>(w + 1)
        m[i, 7] = _at_most_one(<double>links[i] / (<double>w / 4.0 + 1.0))
        m[i, 8] = links[i] > 0
        m[i, 9] = bullet[i] != 0
        m[i, 10] = forms[i] > 0
        m[i, 11] = <double>counts[i, 3] * inv
        m[i, 12] = <double>counts[i, 4] * inv
        m[i, 13] = <double>hits[i, chrome] * inv
        m[i, 14] = _at_most_one(<double>hits[i, chrome + 1] / 3.0)
        m[i, 15] = phrase >= 2 and sentences == 0 and <double>w <= 3.5 * <double>(phrase + 1)
        m[i, 16] = hits[i, chrome + 2] > 0 or counts[i, 8] > 0
        m[i, 17] = repeated[i]
        m[i, 18] = <double>i / spread
        m[i, 19] = _at_most_one(<double>indent[i] / 12.0)
        m[i, 20] = logs[2, i]
        m[i, 21] = logs[3, i]
        prefix[i + 1, 0] = prefix[i, 0] + m[i, 1]
        prefix[i + 1, 1] = prefix[i, 1] + m[i, 2]
        prefix[i + 1, 2] = prefix[i, 2] + m[i, 8]
        prefix[i + 1, 3] = prefix[i, 3] + (sentences > 0)
        if w >= prose_words and sentences > 0:
            prose_total += w
        if slug >= 0 and hits[i, slug] >= anchor_shared and w <= anchor_words:
            most = w if w > slug_size else slug_size
            score = <double>hits[i, slug] / <double>most
            if score > best:  # the first of the best
                best, anchor = score, i
    if anchor >= 0 and best < anchor_share:
        anchor = -1
    if anchor < 0 and slug >= 0 and n and 0.0 >= anchor_share:  # every score 0: the first
        anchor = 0
    total_prose = <double>(prose_total if prose_total > 1 else 1)
    for i in range(n):
        m[i, own] = m[i - 1, 1] if i > 0 else 0.0
        m[i, own + 1] = m[i + 1, 1] if i < n - 1 else 0.0
        m[i, own + 2] = m[i - 1, 9] if i > 0 else 1.0
        m[i, own + 3] = m[i + 1, 9] if i < n - 1 else 1.0
        m[i, own + 4] = m[i - 1, 3] if i > 0 else 0.0
        m[i, own + 5] = m[i + 1, 3] if i < n - 1 else 0.0
        m[i, own + 6] = _window_mean(prefix, 0, i, near, n)
        m[i, own + 7] = _window_mean(prefix, 1, i, near, n)
        m[i, own + 8] = _window_mean(prefix, 2, i, near, n)
        m[i, own + 9] = _window_mean(prefix, 3, i, near, n)
        m[i, own + 10] = 1.0 if anchor >= 0 and i < anchor else 0.0
        m[i, own + 11] = 1.0 if i == anchor else 0.0
        m[i, own + 12] = 1.0 if anchor >= 0 and i > anchor else 0.0
        w = ints[0, i]
        prose = w if w >= prose_words and ints[1, i] > 0 else 0
        running += prose
        m[i, own + 13] = <double>running / total_prose - <double>prose / total_prose
        m[i, own + 14] = 1.0 - <double>running / total_prose
        m[i, own + 15] = _window_mean(prefix, 3, i, wide, n)
    return matrix


cdef inline bint _is_at(const _unit *data, Py_ssize_t n, Py_ssize_t at, str word):
    """Whether ``word`` is written at ``at`` (ASCII words: one code point per character)."""
    cdef Py_ssize_t k, size = len(word)
    if at + size > n:
        return False
    for k in range(size):
        if <Py_UCS4>data[at + k] != <Py_UCS4>word[k]:
            return False
    return True


# ``textlines._FORM_RES[1]``'s words between brackets (after the run of six spaces or more),
# each followed by "]", and ``_FORM_RES[2]``'s between parentheses, each followed by ")".
_BRACKETED = ("IMG]", "INLINE]", "LINK]", "BUTTON]", "X]", " ]", "Go]", "Search]", "Submit]",
              "Subscribe]", "Sign up]", "Send]")
_PARENTHESISED = ("BUTTON)", "Submit)", "submit)")


cdef Py_ssize_t _form_at(const _unit *data, Py_ssize_t n, Py_ssize_t at):
    """The length of the form control drawn at ``at`` (one of ``textlines._FORM_RES``), or 0."""
    cdef Py_UCS4 c = data[at]
    cdef Py_ssize_t k
    cdef str word
    if c == u"_":
        k = at
        while k < n and data[k] == 0x5F:
            k += 1
        return k - at if k - at >= 6 else 0
    if c == u"[":
        k = at + 1
        while k < n and data[k] == 0x20:
            k += 1
        if k - at - 1 >= 6 and k < n and data[k] == 0x5D:
            return k + 1 - at
        for word in _BRACKETED:
            if _is_at(data, n, at + 1, word):
                return 1 + len(word)
        return 0
    if c == u"(":
        for word in _PARENTHESISED:
            if _is_at(data, n, at + 1, word):
                return 1 + len(word)
    return 0


# The ASCII characters ``_tidy``'s passes act on: bit 1 the link pass's ("\n", "[", the
# stand-ins "\x00" and "\x01"), bit 2 the form pass's (those, "_", "("; its spaces are
# collapsed on the copying path without a branch).
cdef unsigned char _TIDY_MARKS[128]
memset(_TIDY_MARKS, 0, 128)
for _c in "\n[\x00\x01":
    _TIDY_MARKS[ord(_c)] |= 3
for _c in "_(":
    _TIDY_MARKS[ord(_c)] |= 2
del _c


def tidy_blocks(str joined, Py_ssize_t blocks):
    """``textlines.split_dump``'s mark removal in C passes over the rejoined blocks
    (``blocks`` newline-separated ones): link markers ("[12]") counted per block and cut; then
    form controls (``_FORM_RES``) counted and each made one space; space runs made one space;
    then, when anything was cut, a space next to a newline dropped, and the ends stripped of
    spaces. Returns the text and the two int64 count arrays. The regex passes' matches never
    overlap one another (a run of "_", a bracket, a parenthesis), so one scan finds them all.
    ``joined`` holds no "\\x00" or "\\x01" (the normaliser cut them). The passes run at the
    text's own width; the result has no character the text lacks but spaces and newlines, so
    it fits that width too."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(joined), m, lo = 0
    cdef int kind = PyUnicode_KIND(joined)
    cdef void *data = PyUnicode_DATA(joined)
    links = np.zeros(blocks, dtype=np.int64)
    forms = np.zeros(blocks, dtype=np.int64)
    cdef int64_t[::1] link_view = links, form_view = forms
    cdef void *first = PyMem_Malloc((n + 1) * kind)
    cdef void *second = PyMem_Malloc((n + 1) * kind)
    if first is NULL or second is NULL:
        PyMem_Free(first)
        PyMem_Free(second)
        raise MemoryError()
    try:
        if kind == PyUnicode_1BYTE_KIND:
            m = _tidy_runs(<Py_UCS1 *>data, n, <Py_UCS1 *>first, <Py_UCS1 *>second, link_view,
                      form_view, blocks, &lo)
        elif kind == PyUnicode_2BYTE_KIND:
            m = _tidy_runs(<Py_UCS2 *>data, n, <Py_UCS2 *>first, <Py_UCS2 *>second, link_view,
                      form_view, blocks, &lo)
        else:
            m = _tidy_runs(<Py_UCS4 *>data, n, <Py_UCS4 *>first, <Py_UCS4 *>second, link_view,
                      form_view, blocks, &lo)
        text = PyUnicode_FromKindAndData(kind, <char *>second + lo * kind, m - lo)
    finally:
        PyMem_Free(first)
        PyMem_Free(second)
    return text, links, forms


cdef extern from "Python.h":
    Py_UCS4 PyUnicode_MAX_CHAR_VALUE(object text)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    Py_ssize_t PyUnicode_CopyCharacters(
        object to, Py_ssize_t to_start, object source, Py_ssize_t start, Py_ssize_t count
    ) except -1
    int PyUnicode_WriteChar(object text, Py_ssize_t index, Py_UCS4 character) except -1


cdef Py_ssize_t _best_cut_of(list values, bint negate):
    """``textedges._best_cut`` of ``values`` (each negated when ``negate``): how many of the
    first values to take, the prefix with the largest positive sum."""
    cdef double best = 0.0, total = 0.0, value
    cdef Py_ssize_t k, best_k = 0
    for k in range(len(values)):
        value = values[k]
        total += -value if negate else value
        if total > best:
            best = total
            best_k = k + 1
    return best_k


cdef inline bint _re_word(int kind, const void *data, Py_ssize_t n, Py_ssize_t i) noexcept:
    """Whether ``text[i]`` is a word character as ``re`` reads ``\\w`` (False past the ends)."""
    cdef unsigned int c  # not Py_UCS4: Cython makes "c | 0x20" a str operation
    if i < 0 or i >= n:
        return False
    c = _char(kind, data, i)
    if c < 128:  # ASCII: a letter, a digit or "_" (what the Unicode tests say, without calls)
        return (0x30 <= c <= 0x39) or (0x61 <= (c | 0x20) <= 0x7A) or c == 0x5F
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _re_digit(int kind, const void *data, Py_ssize_t n, Py_ssize_t i) noexcept:
    """Whether ``text[i]`` is ``re``'s ``\\d`` (a decimal digit; False past the end). An ASCII
    character is one only as "0"-"9": the Unicode table is read for the others only."""
    cdef Py_UCS4 c
    if i >= n:
        return False
    c = _char(kind, data, i)
    if c < 128:
        return 0x30 <= c <= 0x39
    return Py_UNICODE_ISDECIMAL(c)


cdef bint _dated(str text) noexcept:
    """``textedges._DATED_RE.search(text) is not None`` without the regex (it has no literal
    head, so ``re`` tries both branches at every position): a match starts at a decimal digit
    with no word character before it (``\\b``), then ``\\d{1,2}:\\d{2}\\b`` (one or two digits,
    a colon, two digits) or ``(?:19|20)\\d{2}\\b``, the end ``\\b`` being no word character
    after (a digit is one)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), p
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 a, b
    p = -1
    while p + 1 < n:
        p = _digit_skip(kind, data, p + 1, n)  # text33: past units that cannot be digits
        if p >= n:
            break
        if not _re_digit(kind, data, n, p) or _re_word(kind, data, n, p - 1):
            continue
        # \d:\d\d\b and \d\d:\d\d\b
        if (p + 1 < n and _char(kind, data, p + 1) == 0x3A and _re_digit(kind, data, n, p + 2)
                and _re_digit(kind, data, n, p + 3) and not _re_word(kind, data, n, p + 4)):
            return True
        if (_re_digit(kind, data, n, p + 1) and p + 2 < n and _char(kind, data, p + 2) == 0x3A
                and _re_digit(kind, data, n, p + 3) and _re_digit(kind, data, n, p + 4)
                and not _re_word(kind, data, n, p + 5)):
            return True
        # (?:19|20)\d\d\b
        if p + 1 < n:
            a = _char(kind, data, p)
            b = _char(kind, data, p + 1)
            if (((a == 0x31 and b == 0x39) or (a == 0x32 and b == 0x30))
                    and _re_digit(kind, data, n, p + 2) and _re_digit(kind, data, n, p + 3)
                    and not _re_word(kind, data, n, p + 4)):
                return True
    return False


def dated(str text):
    """``textedges._DATED_RE.search(text) is not None``, in C (``_dated``)."""
    return _dated(text)


cdef class _Doubles:
    """A buffer of ``size`` doubles, freed with its owner (``judge_edges``' medians)."""

    cdef double *values
    cdef Py_ssize_t size

    def __cinit__(self, Py_ssize_t size):
        self.size = size
        self.values = <double *>PyMem_Malloc((size + 1) * sizeof(double))
        if self.values is NULL:
            raise MemoryError()

    def __dealloc__(self):
        PyMem_Free(self.values)


cdef double _median_in_place(double *values, Py_ssize_t n) noexcept nogil:
    """``textedges._median`` of ``n`` doubles (no NaN), sorted in place: the middle, or the mean of
    the two middles; equal doubles are the same value, so any sort gives ``sorted``'s."""
    return _median_selected(values, n)  # text28: by selection, no sort (the same value)


cdef class _EdgeColumns:
    """A dump's edge columns that each block decides alone (``textedges._rows_in_two``'s
    ``parts``), ``PARTS`` doubles a block, filled the first time a block is an edge block and
    read by every row and round after: no tuple per block, no float objects to unpack."""

    cdef double *values
    cdef unsigned char *done
    cdef Py_ssize_t n

    def __cinit__(self, Py_ssize_t n):
        self.n = n
        self.values = <double *>PyMem_Malloc((n * PARTS + 1) * sizeof(double))
        self.done = <unsigned char *>PyMem_Malloc(n + 1)
        if self.values is NULL or self.done is NULL:
            raise MemoryError()
        memset(self.done, 0, n + 1)

    def __dealloc__(self):
        PyMem_Free(self.values)
        PyMem_Free(self.done)


cdef inline double _max_or_zero(list values, Py_ssize_t limit) except? -1.0:
    """``max(values[:limit], default=0.0)`` as a double (the first of equal values: same)."""
    cdef double best, value
    cdef Py_ssize_t k
    if limit > len(values):
        limit = len(values)
    if limit <= 0:
        return 0.0
    best = values[0]
    for k in range(1, limit):
        value = values[k]
        if value > best:
            best = value
    return best


def line_rows(const int64_t[::1] length, Py_ssize_t unwrapped_width, double unwrapped_share):
    """``textlines.split_dump``'s lines with text: their line numbers and lengths (int64, as
    ``np.flatnonzero(length > 0)`` and ``length[rows]``), and ``_wrap_width`` of those lengths:
    0 when more than ``unwrapped_share`` of them, or three, pass ``unwrapped_width``; else the
    element ``np.partition`` puts at the same place, read from a count of each length (the
    lengths up to ``unwrapped_width``) and the at most two longer ones."""
    cdef Py_ssize_t n = length.shape[0], filled = 0, i, k = 0, long_lines = 0, half, upper, at
    cdef Py_ssize_t width = 0, seen = 0
    cdef int64_t value
    cdef int64_t longer[2]
    for i in range(n):
        if length[i] > 0:
            filled += 1
    rows = np.empty(filled, dtype=np.int64)
    lengths = np.empty(filled, dtype=np.int64)
    cdef int64_t[::1] row_view = rows, length_view = lengths
    for i in range(n):
        value = length[i]
        if value > 0:
            row_view[k] = i
            length_view[k] = value
            k += 1
            if value > unwrapped_width:
                if long_lines < 2:
                    longer[long_lines] = value
                long_lines += 1
    if not filled or long_lines > unwrapped_share * filled or long_lines >= 3:
        return rows, lengths, 0
    half = filled // 2
    upper = filled - half
    at = half + min(upper - 1, <Py_ssize_t>(upper * 0.97))
    cdef Py_ssize_t *counts = <Py_ssize_t *>PyMem_Malloc((unwrapped_width + 1) * sizeof(Py_ssize_t))
    if counts is NULL:
        raise MemoryError()
    try:
        for i in range(unwrapped_width + 1):
            counts[i] = 0
        for i in range(filled):
            if length_view[i] <= unwrapped_width:
                counts[length_view[i]] += 1
        for i in range(unwrapped_width + 1):
            seen += counts[i]
            if at < seen:
                return rows, lengths, i
    finally:
        PyMem_Free(counts)
    at -= seen  # among the longer lines, in order
    if long_lines == 2 and longer[0] > longer[1]:
        longer[0], longer[1] = longer[1], longer[0]
    return rows, lengths, longer[at]


def block_layout(
    const int64_t[::1] length,
    const int64_t[::1] rows,
    const int64_t[::1] starts,
    const int64_t[::1] indent,
    const int64_t[::1] marks,
    const int64_t[::1] links,
    const int64_t[::1] forms,
    list texts,
):
    """``textlines.split_dump``'s block arrays in one pass: for each block with text (empty
    ``texts`` dropped), its first line (``rows[starts]``), lines spanned, indent, bullet, link
    and form counts, blank-line group and whether a blank line (or the dump's start) precedes
    it, as the numpy code computes them (int64 and bool arrays). Returns the texts (the same
    list when none is empty) and the eight arrays."""
    cdef Py_ssize_t blocks = starts.shape[0], filled = rows.shape[0], n_lines = length.shape[0]
    cdef Py_ssize_t b, kept = 0, k = 0, line = 0, at, group = 0
    if len(texts) != blocks or links.shape[0] != blocks or forms.shape[0] != blocks:
        raise ValueError("arrays of different lengths")
    for b in range(blocks):
        if PyUnicode_GET_LENGTH(texts[b]):
            kept += 1
    arrays = [np.empty(kept, dtype=np.int64) for _ in range(6)]
    bullet = np.empty(kept, dtype=bool)
    gap = np.empty(kept, dtype=bool)
    cdef int64_t[::1] line_of = arrays[0], spans = arrays[1], indents = arrays[2]
    cdef int64_t[::1] link_of = arrays[3], form_of = arrays[4], group_of = arrays[5]
    cdef unsigned char[::1] bullet_of = bullet.view(np.uint8), gap_of = gap.view(np.uint8)
    cdef int64_t first
    for b in range(blocks):
        at = starts[b]
        first = rows[at]
        while line <= first:  # a blank line after a line with text opens a group
            if line > 0 and length[line] == 0 and length[line - 1] > 0:
                group += 1
            line += 1
        if not PyUnicode_GET_LENGTH(texts[b]):
            continue
        line_of[k] = first
        spans[k] = (starts[b + 1] if b + 1 < blocks else filled) - at
        indents[k] = indent[at]
        bullet_of[k] = marks[at] > 0
        link_of[k] = links[b]
        form_of[k] = forms[b]
        group_of[k] = group
        gap_of[k] = first == 0 or length[first - 1] == 0
        k += 1
    if kept != blocks:
        texts = [text for text in texts if text]
    return texts, arrays[0], arrays[1], arrays[2], bullet, arrays[3], arrays[4], arrays[5], gap


def best_run(const double[::1] weights, Py_ssize_t start, Py_ssize_t end):
    """``textdump._best_run`` of ``weights[start:end]`` (Kadane, the same float additions and
    comparisons in the same order): the span with the largest sum, relative to ``start``."""
    cdef double best = 0.0, total = 0.0, weight
    cdef Py_ssize_t index, first = 0, best_start = 0, best_end = 0
    if start < 0 or end > weights.shape[0]:
        raise IndexError("span out of range")
    for index in range(end - start):
        weight = weights[start + index]
        if total <= 0:
            total = 0.0
            first = index
        total += weight
        if total > best:
            best = total
            best_start = first
            best_end = index + 1
    return best_start, best_end


def best_prefix_run(const double[::1] evidence):
    """``textruns._best_in`` over the whole of ``evidence`` (``choose_run`` with no ranker):
    the prefix sums added in ``np.cumsum``'s order, their running minimum, the first largest
    gain (``np.argmax``) and the last lowest prefix before it (``np.argmin`` of the reversed
    part). Returns ``(start, end)``, ``()`` when no run gains, or None when a prefix is not
    finite (NaN and infinity order as numpy orders them: the caller's numpy code decides)."""
    cdef Py_ssize_t n = evidence.shape[0], k, end = 0, start
    cdef double total = 0.0, low = 0.0, best = 0.0, gain, value
    cdef double *prefix = <double *>PyMem_Malloc((n + 1) * sizeof(double))
    if prefix == NULL:
        raise MemoryError()
    try:
        prefix[0] = 0.0
        for k in range(n):
            total = total + evidence[k]
            if not (total - total == 0.0):  # NaN or an infinity
                return None
            prefix[k + 1] = total
        for k in range(n + 1):
            value = prefix[k]
            if value < low:
                low = value
            gain = value - low
            if gain > best:  # the first of the largest gains (gains[0] is 0.0)
                best = gain
                end = k
        if not best > 0.0:
            return ()
        start = end
        low = prefix[end]
        for k in range(end - 1, -1, -1):  # the last lowest prefix at or before ``end``
            if prefix[k] < low:
                low = prefix[k]
                start = k
        return start, end
    finally:
        PyMem_Free(prefix)


def keep_blocks(
    const int64_t[::1] forms, const int64_t[::1] links, const double[::1] probs,
    Py_ssize_t start, Py_ssize_t end, double doubted, double keep_min,
):
    """``textdump._select``'s chrome mask and kept blocks in one loop: chrome is a block with
    a form control, or with a link and a probability below ``doubted``; the blocks of
    ``[start, end)`` kept are those not chrome with a probability of at least ``keep_min``
    (the comparisons numpy makes, NaN false in each). Returns the bool array and the list."""
    cdef Py_ssize_t n = probs.shape[0], i
    if forms.shape[0] != n or links.shape[0] != n:
        raise ValueError("arrays of different lengths")
    if start < 0:
        start = 0
    if end > n:
        end = n
    chrome = np.empty(n, dtype=bool)
    cdef unsigned char[::1] out = chrome.view(np.uint8)
    cdef list keep = []
    for i in range(n):
        out[i] = forms[i] > 0 or (links[i] > 0 and probs[i] < doubted)
    for i in range(start, end):
        if not out[i] and probs[i] >= keep_min:
            keep.append(i)
    return chrome, keep


# ``features.block_features``' per-line and per-context columns (the body model's features):
# the same numbers its Python and numpy code computes, read in one loop each.

def line_columns(list lines, list texts, dict kind_codes, str ends):
    """Per line (rows of a (9, n) float64 array): its characters, link characters, kind
    code (``kind_codes.get(kind, 0)``), spaces, full stops, commas and ASCII digits (code
    points 32, 46, 44 and 48-57, as ``str.count`` and ``_char_counts`` count them), whether
    its last character is one of ``ends`` and whether its first is upper case (``isupper``
    of a one-character string is ``Py_UNICODE_ISUPPER``). ``texts``: the lines' texts.
    None when a text is empty (the Python code then reads a neighbour's last character)."""
    cdef Py_ssize_t n = len(lines)
    cdef Py_ssize_t i, j, size
    cdef str text
    cdef int kind
    cdef const void *data
    cdef Py_UCS4 c
    cdef double spaces, dots, commas, digits
    if len(texts) != n:
        raise ValueError("one text per line")
    for i in range(n):
        text = texts[i]  # (typed: a TypeError for anything but a str)
        if not PyUnicode_GET_LENGTH(text):
            return None
    out = np.empty((9, n), dtype=np.float64)
    cdef double[:, ::1] view = out
    cdef Py_ssize_t n_ends = PyUnicode_GET_LENGTH(ends)
    cdef int ends_kind = PyUnicode_KIND(ends)
    cdef const void *ends_data = PyUnicode_DATA(ends)
    for i in range(n):
        line = lines[i]
        text = texts[i]
        size = PyUnicode_GET_LENGTH(text)
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        view[0, i] = <double>size
        view[1, i] = float(line.link_chars)
        view[2, i] = float(kind_codes.get(line.kind, 0))
        spaces = dots = commas = digits = 0.0
        for j in range(size):
            c = _char(kind, data, j)
            if c == 32:
                spaces += 1.0
            elif c == 46:
                dots += 1.0
            elif c == 44:
                commas += 1.0
            elif 48 <= c <= 57:
                digits += 1.0
        view[3, i] = spaces
        view[4, i] = dots
        view[5, i] = commas
        view[6, i] = digits
        c = _char(kind, data, size - 1)
        view[7, i] = 0.0
        for j in range(n_ends):
            if _char(ends_kind, ends_data, j) == c:
                view[7, i] = 1.0
                break
        view[8, i] = 1.0 if Py_UNICODE_ISUPPER(_char(kind, data, 0)) else 0.0  # str.isupper()
    return out


cdef inline long _bits(ctx, str slot, str prop) except? -1:
    """A context's ``_own`` / ``_inherited`` slot, or its lazy property when not read yet."""
    value = getattr(ctx, slot)
    if value < 0:
        value = getattr(ctx, prop)
    return value


def context_columns(list contexts, list texts, list in_heur):
    """``block_features``' context columns: the (3n, 5) table of each line's element, its
    parent and grandparent (the node itself where there is none), as (chars, links, lines,
    heuristic chars, repeats); the contexts' depths, ``inherited`` and ``near`` bits
    (``own`` of the context or'ed with its parent's). The heuristic characters are each
    heuristic line's length added to its context and two ancestors, as the Python loop adds
    them; the lazy ``own`` / ``inherited`` are read where the Python code reads them (the
    table first, then ``inherited``, then ``near``)."""
    cdef Py_ssize_t n = len(contexts)
    cdef Py_ssize_t i, level, step
    if len(texts) != n or len(in_heur) != n:
        raise ValueError("one text and flag per context")
    cdef dict heur_chars = {}
    for i in range(n):
        if in_heur[i]:
            size = len(texts[i])
            node = contexts[i]
            for step in range(3):
                if node is None:
                    break
                heur_chars[node] = heur_chars.get(node, 0) + size
                node = node.parent
    table = np.empty((3 * n, 5), dtype=np.float64)
    cdef double[:, ::1] rows = table
    cdef list level_nodes = list(contexts)
    for level in range(3):
        if level:
            for i in range(n):
                node = level_nodes[i]
                up = node.parent
                if up is not None:
                    level_nodes[i] = up
        for i in range(n):
            node = level_nodes[i]
            rows[level * n + i, 0] = float(node.chars)
            rows[level * n + i, 1] = float(node.links)
            rows[level * n + i, 2] = float(node.lines)
            rows[level * n + i, 3] = float(heur_chars.get(node, 0))
            up = node.parent
            if up is None or up.children is None:
                rows[level * n + i, 4] = 1.0
            else:
                rows[level * n + i, 4] = float((<dict?>up.children).get(node.signature, 1))
    depth = np.empty(n, dtype=np.float64)
    inherited = np.empty(n, dtype=np.int64)
    near = np.empty(n, dtype=np.int64)
    cdef double[::1] depth_view = depth
    cdef int64_t[::1] inherited_view = inherited
    cdef int64_t[::1] near_view = near
    for i in range(n):
        depth_view[i] = float(contexts[i].depth)
    for i in range(n):
        inherited_view[i] = _bits(contexts[i], "_inherited", "inherited")
    for i in range(n):
        ctx = contexts[i]
        up = ctx.parent
        near_view[i] = _bits(ctx, "_own", "own") | (0 if up is None else _bits(up, "_own", "own"))
    return table, depth, inherited, near


def heuristic_flags(list lines, list heuristic):
    """``features.heuristic_flags``: which of ``lines`` the ladder's ``heuristic`` lines also
    hold, matched by text in order of use (a text the ladder kept twice marks its first two
    page lines), the same counts in a plain dict."""
    cdef dict wanted = {}
    cdef list flags = []
    for line in heuristic:
        text = line.text
        wanted[text] = wanted.get(text, 0) + 1
    for line in lines:
        text = line.text
        count = wanted.get(text, 0)
        if count:
            wanted[text] = count - 1
            flags.append(True)
        else:
            flags.append(False)
    return flags


cdef bint _ascii_prefix_in(str text, Py_ssize_t m, str folded):
    """Whether ``text[:m].casefold() in folded`` for an ASCII prefix (``casefold`` of an
    ASCII character is its ``lower``): a naive search over ``folded``'s code points."""
    cdef int tkind = PyUnicode_KIND(text), fkind = PyUnicode_KIND(folded)
    cdef const void *tdata = PyUnicode_DATA(text)
    cdef const void *fdata = PyUnicode_DATA(folded)
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(folded)
    cdef unsigned int wanted[4]
    cdef unsigned int c
    cdef Py_ssize_t i, j
    for j in range(m):
        c = _char(tkind, tdata, j)
        wanted[j] = c + 32 if 0x41 <= c <= 0x5A else c
    for i in range(size - m + 1):
        for j in range(m):
            if <unsigned int>_char(fkind, fdata, i + j) != wanted[j]:
                break
        else:
            return True
    return False


def repeats_title(list texts, const double[:] kinds, str wanted, str folded, normalise):
    """``features._repeats_title``'s loop (``wanted``: the normalised title, non-empty;
    ``folded``: the title casefolded): 1.0 for a heading or a short line whose first four
    characters, casefolded, are in the title, and whose ``normalise``d text is non-empty and
    in ``wanted``. The prefix test runs in C on an ASCII prefix, else as Python runs it."""
    cdef Py_ssize_t n = len(texts)
    cdef Py_ssize_t i, j, m, size
    cdef double kind
    cdef str text, normal
    cdef const void *data
    cdef int tkind
    cdef bint ascii, candidate
    out = np.zeros(n, dtype=np.float64)
    cdef double[::1] view = out
    if kinds.shape[0] != n:
        raise ValueError("texts and kinds differ in length")
    for i in range(n):
        text = <str>texts[i]
        size = PyUnicode_GET_LENGTH(text)
        if size >= 300:
            continue
        kind = kinds[i]
        if 1 <= kind <= 6:
            candidate = True
        elif size < 120:
            m = size if size < 4 else 4
            tkind = PyUnicode_KIND(text)
            data = PyUnicode_DATA(text)
            ascii = True
            for j in range(m):
                if _char(tkind, data, j) >= 0x80:
                    ascii = False
                    break
            if ascii:
                candidate = _ascii_prefix_in(text, m, folded)
            else:
                candidate = text[:4].casefold() in folded
        else:
            candidate = False
        if candidate:
            normal = normalise(text)
            view[i] = float(bool(normal) and normal in wanted)
    return out


# ``split_dump``'s lines as spans of the normalised text: the same passes as
# ``textlines._line_facts``, ``_continuations``, the mark cut and ``_rejoin``, with no substring
# and no list per line.


def scan_spans(str text, str symbols, match_digit):
    """``textlines._line_facts`` with each line with text given as its span of ``text``
    (``lefts`` and ``rights``: where the stripped line starts and ends) instead of a substring:
    returns the
    right-stripped lengths (every line), lefts, rights, indents and bullet marks' lengths (the
    lines with text). A line starting with a digit is cut out for ``match_digit``, or, when
    that is None, read in place (``_number_mark``: ``textlines._BULLET_RE``'s number branch)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), lines = 1, filled
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    if kind == PyUnicode_1BYTE_KIND:
        lines += _newlines_counted(<const Py_UCS1 *>data, n)
    elif kind == PyUnicode_2BYTE_KIND:
        lines += _newlines_counted(<const Py_UCS2 *>data, n)
    else:
        lines += _newlines_counted(<const Py_UCS4 *>data, n)
    table = np.empty((5, lines), dtype=np.int64)  # one allocation for the five columns
    cdef int64_t[:, ::1] view = table
    if kind == PyUnicode_1BYTE_KIND:
        filled = _scan_spans(<const Py_UCS1 *>data, n, text, symbols, match_digit, view)
    elif kind == PyUnicode_2BYTE_KIND:
        filled = _scan_spans(<const Py_UCS2 *>data, n, text, symbols, match_digit, view)
    else:
        filled = _scan_spans(<const Py_UCS4 *>data, n, text, symbols, match_digit, view)
    return table[0], table[1, :filled], table[2, :filled], table[3, :filled], table[4, :filled]


cdef Py_ssize_t _number_mark(const _unit *data, Py_ssize_t left, Py_ssize_t right) noexcept:
    """``textlines._BULLET_RE.match(line)``'s end for a line ``data[left:right]`` that starts
    with a digit, or 0: its number branch ``\\d{1,3}[.)]\\s+(?=\\S)`` (a digit is no bullet
    symbol). One to three decimal digits (more: none of the shorter runs is followed by "."
    or ")"), "." or ")", a run of whitespace (``re``'s ``\\s``), then a character that is none:
    the greedy run ends there."""
    cdef Py_ssize_t at = left, spaces
    while at < right and at - left < 4 and Py_UNICODE_ISDECIMAL(data[at]):
        at += 1
    if at == left or at - left > 3 or at >= right or (data[at] != 0x2E and data[at] != 0x29):
        return 0
    at += 1
    spaces = at
    while at < right and Py_UNICODE_ISSPACE(data[at]):
        at += 1
    if at == spaces or at >= right:
        return 0
    return at - left


cdef Py_ssize_t _scan_spans(
    const _unit *data, Py_ssize_t n, str text, str symbols, match_digit, int64_t[:, ::1] out,
) except -1:
    """``scan_spans``' loop at the text's width (rows of ``out``: lengths, lefts, rights,
    indents, marks); returns how many lines have text."""
    cdef Py_ssize_t start = 0, stop, right, left, i, spaces, line_at = 0, filled = 0
    cdef Py_UCS4 c
    cdef uint64_t ascii_symbols[2]  # text33: the ASCII symbols as bits (no search per line)
    _ascii_bits(symbols, ascii_symbols)
    while True:
        stop = _newline_skip(data, start, n)  # text33: a vector at a time
        while stop < n and data[stop] != 0x0A:
            stop += 1
        right = stop
        while right > start and data[right - 1] == 0x20:
            right -= 1
        out[0, line_at] = right - start
        line_at += 1
        if right > start:
            left = start
            while data[left] == 0x20:  # the line has a non-space before ``right``
                left += 1
            out[1, filled] = left
            out[2, filled] = right
            out[3, filled] = left - start
            c = data[left]
            if (_ascii_bit(ascii_symbols, c) if c < 128 else c in symbols):  # "*", "+", "o"...
                spaces = 0
                i = left + 1
                while i < right and data[i] == 0x20:
                    spaces += 1
                    i += 1
                out[4, filled] = 1 + spaces if spaces and i < right else 0
            elif (0x30 <= c <= 0x39) if c < 128 else c.isdigit():  # "12." "3)": the pattern decides
                if match_digit is None:  # read here, without the substring and the regex
                    out[4, filled] = _number_mark(data, left, right)
                else:
                    found = match_digit(text[left:right])
                    out[4, filled] = found.end() if found is not None else 0
            else:
                out[4, filled] = 0
            filled += 1
        if stop >= n:
            break
        start = stop + 1
    return filled


def continuations_at(
    str text,
    const int64_t[::1] lefts,
    const int64_t[::1] rights,
    const int64_t[::1] length,
    const int64_t[::1] rows,
    const int64_t[::1] indent,
    const int64_t[::1] marks,
    Py_ssize_t width,
):
    """``continuations`` over the lines as spans of ``text`` (``scan_spans``): the same rule
    read from the text's characters in place."""
    cdef Py_ssize_t filled = lefts.shape[0], i, first, owner = 0, shift, k
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    out = np.zeros(filled, dtype=bool)
    cdef unsigned char[::1] cont = out.view(np.uint8)
    if width == 0 or filled < 2:
        return out
    if not (
        length.shape[0] == rows.shape[0] == indent.shape[0] == marks.shape[0]
        == rights.shape[0] == filled
    ):
        raise ValueError("arrays of different lengths")
    for i in range(filled):
        if not (0 <= lefts[i] < rights[i] <= PyUnicode_GET_LENGTH(text)):
            raise ValueError("a span outside the text or empty")
    for i in range(1, filled):
        if rows[i] - rows[i - 1] != 1 or marks[i] > 0:
            continue
        first = -1  # the first word's length: up to the first space, else the whole width
        for k in range(lefts[i], rights[i]):
            if _char(kind, data, k) == 0x20:
                first = k - lefts[i]
                break
        if first < 0:
            first = length[i] - indent[i]
        if length[i - 1] + 1 + first > width - 1:
            cont[i] = 1
            continue
        c = _char(kind, data, lefts[i])
        if c.islower():
            c = _char(kind, data, rights[i - 1] - 1)
            if c.isalpha():
                cont[i] = 1
    for i in range(filled):
        if not cont[i]:
            owner = i
            continue
        shift = indent[i] - (indent[owner] + marks[owner])
        if (shift != 0) if marks[owner] > 0 else (shift > 1 or shift < -1):
            cont[i] = 0
            owner = i
    return out


cdef Py_UCS4 _spans_max(
    const _unit *data, const int64_t[::1] lefts, const int64_t[::1] rights, Py_UCS4 top
) noexcept nogil:
    """The largest code point inside the spans, or ``top`` (the text's width's bound) as soon
    as one past the narrower width is seen: a string must be built at its own width."""
    cdef Py_ssize_t i, k
    cdef Py_UCS4 widest = 0, c
    cdef Py_UCS4 narrower = 0xFF if top == 0xFFFF else (0xFFFF if top == 0x10FFFF else 0x7F)
    for i in range(lefts.shape[0]):
        for k in range(lefts[i], rights[i]):
            c = data[k]
            if c > widest:
                widest = c
                if widest > narrower:
                    return top
    return widest


cdef inline void _put(char *out, int kind, Py_ssize_t at, Py_UCS4 c) noexcept nogil:
    """Write ``c`` at ``at`` of a new string's data of width ``kind``."""
    if kind == PyUnicode_1BYTE_KIND:
        (<Py_UCS1 *>out)[at] = <Py_UCS1>c
    elif kind == PyUnicode_2BYTE_KIND:
        (<Py_UCS2 *>out)[at] = <Py_UCS2>c
    else:
        (<Py_UCS4 *>out)[at] = c


def rejoin_spans(
    str text,
    const int64_t[::1] lefts,
    const int64_t[::1] rights,
    const int64_t[::1] marks,
    const int64_t[::1] starts,
):
    """``textlines._rejoin`` of the lines as spans of ``text``, each list item's bullet mark
    (``marks``) left out: a newline before each block's first line (``starts``),
    else a space, written once into a string of the final size and width."""
    cdef Py_ssize_t n = lefts.shape[0], total = 0, i, k = 0, at = 0, size
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 widest
    if rights.shape[0] != n or marks.shape[0] != n:
        raise ValueError("arrays of different lengths")
    if n == 0:
        return ""
    begin = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] first = begin
    for i in range(n):
        first[i] = lefts[i] + marks[i]
        if not (0 <= lefts[i] <= first[i] <= rights[i] <= PyUnicode_GET_LENGTH(text)):
            raise ValueError("a span outside the text")
        total += rights[i] - first[i]
    total += n - 1
    if kind == PyUnicode_1BYTE_KIND:
        widest = _spans_max(<const Py_UCS1 *>data, first, rights, 0xFF)
    elif kind == PyUnicode_2BYTE_KIND:
        widest = _spans_max(<const Py_UCS2 *>data, first, rights, 0xFFFF)
    else:
        widest = _spans_max(<const Py_UCS4 *>data, first, rights, 0x10FFFF)
    if widest < 0x7F:
        widest = 0x7F
    joined = PyUnicode_New(total, widest)
    while k < starts.shape[0] and starts[k] <= 0:
        k += 1
    cdef char *out
    cdef const char *source = <const char *>data
    if PyUnicode_KIND(joined) == kind:  # the same width (most dumps): bytes copied as they are
        out = <char *>PyUnicode_DATA(joined)
        for i in range(n):
            if i > 0:
                if k < starts.shape[0] and starts[k] == i:
                    _put(out, kind, at, 0x0A)
                    k += 1
                else:
                    _put(out, kind, at, 0x20)
                at += 1
            size = rights[i] - first[i]
            memcpy(out + at * kind, source + first[i] * kind, size * kind)
            at += size
        return joined
    for i in range(n):
        if i > 0:
            if k < starts.shape[0] and starts[k] == i:
                PyUnicode_WriteChar(joined, at, u"\n")
                k += 1
            else:
                PyUnicode_WriteChar(joined, at, u" ")
            at += 1
        size = rights[i] - first[i]
        PyUnicode_CopyCharacters(joined, at, text, first[i], size)
        at += size
    return joined


# ---------------------------------------------------------------------------------------------
# textend (branch text23): the end-of-article cut. Kept apart from the helpers above, so that
# branches adding C helpers elsewhere in this file merge without touching it.
# ---------------------------------------------------------------------------------------------

cdef enum:  # textend's constants (END_FEATURE_NAMES, _SHORT, _WINDOW, _CUE_WORDS, _DATED_WORDS)
    _END_WEIGHTS = 33
    _END_SHORT = 8
    _END_WINDOW = 8
    _END_CUE_WORDS = 12
    _END_DATED_WORDS = 40


include "_trees.pxi"


cdef struct _EndTrees:
    # the end cut's boosted trees (``textend.shipped_trees``), the gate on the logistic score,
    # the page's three flags, and the best gated cut found
    _FlatTrees flat
    double gate
    double page[3]
    Py_ssize_t best
    double best_raw


cdef list _end_pass(
    Py_ssize_t n, Py_ssize_t first, const double *pw, const double *pp, const double *plink,
    const double *pbullet, const double *prep, const double *psent, const double *pdated,
    const double *pgap, const double *pcue, const double *phead, const double *b,
    double constant, double *rows=NULL, _EndTrees *trees=NULL,
):
    """Both passes of ``textend.cut_scores`` over per-block C arrays (``pgap``: blocks skipped
    before each kept block; ``pcue``, ``phead``: per candidate cut from ``first``): the same
    products and sums in the same order as the Python loops, so the same doubles. ``rows``
    (``n - first`` rows of 33, row-major) also gets each cut's features (``textend.cut_rows``:
    the tree model reads them). ``trees``: each cut whose score clears ``trees.gate`` is
    scored by the trees too; the first (earliest) cut of the highest raw score is kept in
    ``trees.best`` (-1 with none) and ``trees.best_raw``."""
    cdef Py_ssize_t k, c, lo, m
    cdef double *cw
    cdef double *cp
    cdef double *cpw
    cdef double *csw
    cdef double *cshort
    cdef double *cbullet
    cdef double *clink
    cdef double *cdated
    cdef double wc, total, s_w, s_link, s_link_w, s_short, s_bullet, s_sent, s_pw, s_dated
    cdef double s_rep, p_min, s_words, above_w, sentence_above, sentence_words, weight_above
    cdef double score, short_c, raw
    cdef double one[_END_WEIGHTS]
    cdef double *row
    cdef long run = 0
    cdef double *buf = <double *>PyMem_Malloc(sizeof(double) * 8 * (n + 1))
    if buf == NULL:
        raise MemoryError()
    try:
        cw, cp, cpw, csw = buf, buf + (n + 1), buf + 2 * (n + 1), buf + 3 * (n + 1)
        cshort, cbullet = buf + 4 * (n + 1), buf + 5 * (n + 1)
        clink, cdated = buf + 6 * (n + 1), buf + 7 * (n + 1)
        cw[0] = cp[0] = cpw[0] = csw[0] = 0.0
        cshort[0] = cbullet[0] = clink[0] = cdated[0] = 0.0
        for k in range(n):
            cw[k + 1] = cw[k] + pw[k]
            cp[k + 1] = cp[k] + pp[k]
            cpw[k + 1] = cpw[k] + pp[k] * pw[k]
            csw[k + 1] = csw[k] + psent[k] * pw[k]
            cshort[k + 1] = cshort[k] + (1.0 if pw[k] < _END_SHORT else 0.0)
            cbullet[k + 1] = cbullet[k] + pbullet[k]
            clink[k + 1] = clink[k] + plink[k]
            cdated[k + 1] = cdated[k] + pdated[k]
        total = cw[n] if cw[n] != 0.0 else 1.0
        s_w = s_link = s_link_w = s_short = s_bullet = s_sent = s_pw = s_dated = s_rep = 0.0
        p_min = float("inf")
        scores = [0.0] * (n - first)
        for c in range(n - 1, first - 1, -1):
            wc = pw[c]
            short_c = 1.0 if wc < _END_SHORT else 0.0
            s_w += wc
            s_link += plink[c]
            s_link_w += plink[c] * wc
            s_short += short_c
            s_bullet += pbullet[c]
            s_sent += psent[c] * wc
            s_pw += pp[c] * wc
            s_dated += pdated[c]
            s_rep += prep[c]
            if pp[c] < p_min:
                p_min = pp[c]
            run = run + 1 if short_c != 0.0 else 0
            m = n - c
            s_words = s_w if s_w > 0 else 1.0
            lo = c - _END_WINDOW if c > _END_WINDOW else 0
            above_w = cw[c] - cw[lo]
            sentence_above = (csw[c] - csw[lo]) / (above_w if above_w > 0 else 1.0)
            sentence_words = s_sent / s_words
            weight_above = cw[c] if cw[c] > 1.0 else 1.0
            score = (
                constant
                + b[1] * (s_w / total)
                + b[2] * log1p(s_w)
                + b[3] * log1p(<double>m)
                + b[4] * (s_link / m)
                + b[5] * (s_link_w / s_words)
                + b[6] * (s_short / m)
                + b[7] * (s_bullet / m)
                + b[8] * sentence_words
                + b[9] * sentence_above
                + b[10] * (sentence_above - sentence_words)
                + b[11] * (s_pw / s_words)
                + b[12] * p_min
                + b[13] * pp[c]
                + b[14] * pp[c - 1]
                + b[15] * ((cp[c] - cp[lo]) / <double>(c - lo))
                + b[16] * log1p(pgap[c])
                + b[17] * phead[c - first]
                + b[18] * pcue[c - first]
                + b[19] * (s_dated / m)
                + b[20] * (s_rep / m)
                + b[21] * log1p(wc)
                + b[22] * log1p(pw[c - 1])
                + b[23] * log1p(<double>run)
                + b[24] * (cshort[c] / c)
                + b[25] * (cbullet[c] / c)
                + b[26] * (clink[c] / c)
                + b[27] * (cpw[c] / weight_above)
                + b[28] * (cdated[c] / c)
                + b[29] * (csw[c] / weight_above)
            )
            scores[c - first] = score
            row = NULL
            if rows != NULL:
                row = rows + (c - first) * _END_WEIGHTS
            elif trees != NULL and score > trees.gate:
                row = one
                one[30], one[31], one[32] = trees.page[0], trees.page[1], trees.page[2]
            if row != NULL:
                _end_row(
                    row, s_w / total, log1p(s_w), log1p(<double>m),
                    s_link / m, s_link_w / s_words, s_short / m, s_bullet / m, sentence_words,
                    sentence_above, s_pw / s_words, p_min, pp[c], pp[c - 1],
                    (cp[c] - cp[lo]) / <double>(c - lo), log1p(pgap[c]), phead[c - first],
                    pcue[c - first], s_dated / m, s_rep / m, log1p(wc), log1p(pw[c - 1]),
                    log1p(<double>run), cshort[c] / c, cbullet[c] / c, clink[c] / c,
                    cpw[c] / weight_above, cdated[c] / c, csw[c] / weight_above,
                )
                if trees != NULL and score > trees.gate:
                    raw = _flat_trees_raw(&trees.flat, row)
                    if trees.best < 0 or raw >= trees.best_raw:  # backward: >= keeps the earliest
                        trees.best = c - first
                        trees.best_raw = raw
        return scores
    finally:
        PyMem_Free(buf)


cdef tuple _end_gated(
    trees, double gate, tuple page, Py_ssize_t n, Py_ssize_t first, const double *pw,
    const double *pp, const double *plink, const double *pbullet, const double *prep,
    const double *psent, const double *pdated, const double *pgap, const double *pcue,
    const double *phead, const double *b, double constant,
):
    """``_end_pass`` with the trees of ``trees`` (its flat arrays) on the gated cuts."""
    cdef _EndTrees t
    _flat_trees(&t.flat, trees, _END_WEIGHTS, "trees on the rows but the bias column")
    t.gate = gate
    t.page[0], t.page[1], t.page[2] = <double>page[0], <double>page[1], <double>page[2]
    t.best, t.best_raw = -1, 0.0
    scores = _end_pass(
        n, first, pw, pp, plink, pbullet, prep, psent, pdated, pgap, pcue, phead, b, constant,
        NULL, &t,
    )
    return scores, t.best, t.best_raw


cdef inline void _end_row(
    double *row, double outside, double lsw, double lsb, double link, double link_w,
    double short_share, double bullet, double sent, double sent_above, double p_suffix,
    double p_min, double p_at, double p_before, double p_above, double gap, double head,
    double cue, double dated, double rep, double lw_at, double lw_before, double run,
    double short_above, double bullet_above, double link_above, double p_above_all,
    double dated_above, double sent_above_all,
) noexcept nogil:
    """One cut's row of ``textend.END_FEATURE_NAMES`` but the page's three flags (the
    caller's): the bias, then the terms ``_end_pass`` weighs, in that order."""
    row[0] = 1.0
    row[1] = outside
    row[2] = lsw
    row[3] = lsb
    row[4] = link
    row[5] = link_w
    row[6] = short_share
    row[7] = bullet
    row[8] = sent
    row[9] = sent_above
    row[10] = sent_above - sent
    row[11] = p_suffix
    row[12] = p_min
    row[13] = p_at
    row[14] = p_before
    row[15] = p_above
    row[16] = gap
    row[17] = head
    row[18] = cue
    row[19] = dated
    row[20] = rep
    row[21] = lw_at
    row[22] = lw_before
    row[23] = run
    row[24] = short_above
    row[25] = bullet_above
    row[26] = link_above
    row[27] = p_above_all
    row[28] = dated_above
    row[29] = sent_above_all


cdef double _end_constant(const double *b, tuple page) except? -1.0:
    return b[0] + b[30] * <double>page[0] + b[31] * <double>page[1] + b[32] * <double>page[2]


cdef extern from "Python.h":
    bint _end_is_ascii "PyUnicode_IS_ASCII" (object text)


cdef Py_UCS4 _last_char(str text):
    """The last character of ``text.rstrip()`` (0 when nothing is left)."""
    cdef Py_ssize_t i = PyUnicode_GET_LENGTH(text) - 1
    cdef int kind = PyUnicode_KIND(text)
    cdef const void *data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    while i >= 0:
        ch = _char(kind, data, i)
        if not Py_UNICODE_ISSPACE(ch):
            return ch
        i -= 1
    return 0


cdef inline bint _ascii_letter(Py_UCS1 ch):
    return (ch >= 97 and ch <= 122) or (ch >= 65 and ch <= 90)


cdef double _ascii_cue(str text, dict cues) except? -1.0:
    """``max(cues.get(word, 0.0) for word in _WORD_RE.findall(text.lower())[:8])`` (0.0 with
    no word) for an ASCII text: words are runs of 2+ letters (found in place: text28's
    ``_ascii_cue_found``; ``_ascii_cue_dict`` is the dict lookup it replaced)."""
    return _ascii_cue_found(text, cues)


def end_cut_scores(
    list texts, list keep, const int64_t[:] words, const double[:] probs,
    const int64_t[:] links, const unsigned char[:] bullet, const double[:] repeated,
    dict cues, tuple weights, tuple page, Py_ssize_t first, cue_of,
    double[:, ::1] rows=None, trees=None, double gate=0.0,
):
    """``textend.cut_scores`` from the dump's arrays, in C: the kept blocks' gathers, the
    sentence, heading and date tests (``_DATED_RE`` matched here, as sre does) and the cue
    words of ASCII blocks (``cue_of(text)`` for the others) feed ``_end_pass``; the same
    doubles as the Python path. ``rows`` (``len(keep) - first`` by 33), when given, gets
    each cut's features (``textend.cut_rows``' rows; the page's flags in the last three).
    ``trees`` (a ``model.TreeModel`` on the rows but the bias column): the cuts scoring over
    ``gate`` are scored by the trees as well, and the result is ``(scores, best, raw)``: the
    earliest such cut of the highest raw tree score (-1 with none; ``rows`` ignored)."""
    cdef Py_ssize_t n = len(keep), k, c, at
    cdef double b[_END_WEIGHTS]
    cdef double wc
    cdef Py_UCS4 last
    cdef str text
    if len(weights) != _END_WEIGHTS or n < 3 or not 1 <= first < n:
        raise ValueError("33 weights, 3 or more blocks and 1 <= first < blocks")
    for k in range(_END_WEIGHTS):
        b[k] = weights[k]
    cdef double *buf = <double *>PyMem_Malloc(sizeof(double) * (10 * n))
    if buf == NULL:
        raise MemoryError()
    cdef double *pw = buf
    cdef double *pp = buf + n
    cdef double *plink = buf + 2 * n
    cdef double *pbullet = buf + 3 * n
    cdef double *prep = buf + 4 * n
    cdef double *psent = buf + 5 * n
    cdef double *pdated = buf + 6 * n
    cdef double *pgap = buf + 7 * n
    cdef double *pcue = buf + 8 * n
    cdef double *phead = buf + 9 * n
    cdef Py_ssize_t previous = 0
    try:
        for k in range(n):
            at = keep[k]
            if not 0 <= at < words.shape[0]:
                raise IndexError("a kept block outside the dump")
            wc = <double>words[at]
            text = texts[at]
            pw[k] = wc
            pp[k] = probs[at]
            plink[k] = 1.0 if links[at] > 0 else 0.0
            pbullet[k] = 1.0 if bullet[at] else 0.0
            prep[k] = repeated[at]
            pgap[k] = <double>(at - previous - 1) if k > 0 else 0.0
            previous = at
            last = _last_char(text) if wc >= _END_SHORT or k >= first else 0
            psent[k] = 1.0 if wc >= _END_SHORT and (
                last == u"." or last == u"!" or last == u"?" or last == u'"'
                or last == u"\u201d" or last == u")"
            ) else 0.0
            pdated[k] = 1.0 if wc <= _END_DATED_WORDS and _dated(text) else 0.0
            if k >= first:
                c = k - first
                phead[c] = 1.0 if wc <= _END_SHORT and last != u"." else 0.0
                if wc <= _END_CUE_WORDS:
                    pcue[c] = _ascii_cue(text, cues) if _end_is_ascii(text) else <double>cue_of(text)
                else:
                    pcue[c] = 0.0
        if trees is not None:
            return _end_gated(
                trees, gate, page, n, first, pw, pp, plink, pbullet, prep, psent, pdated, pgap,
                pcue, phead, b, _end_constant(b, page),
            )
        if rows is None:
            return _end_pass(
                n, first, pw, pp, plink, pbullet, prep, psent, pdated, pgap, pcue, phead, b,
                _end_constant(b, page),
            )
        if rows.shape[0] != n - first or rows.shape[1] != _END_WEIGHTS:
            raise ValueError("rows: one row of 33 per cut")
        for c in range(n - first):
            rows[c, 30] = <double>page[0]
            rows[c, 31] = <double>page[1]
            rows[c, 32] = <double>page[2]
        return _end_pass(
            n, first, pw, pp, plink, pbullet, prep, psent, pdated, pgap, pcue, phead, b,
            _end_constant(b, page), &rows[0, 0],
        )
    finally:
        PyMem_Free(buf)


# ---------------------------------------------------------------------------------------------
# Round nineteen, branch text25: ``tidy_blocks``' passes copy runs (``_tidy_runs``)
# ---------------------------------------------------------------------------------------------


cdef Py_ssize_t _tidy_runs(
    const _unit *source, Py_ssize_t n, _unit *first, _unit *second,
    int64_t[::1] link_view, int64_t[::1] form_view, Py_ssize_t blocks, Py_ssize_t *lo,
) except -1:
    """``tidy_blocks``' passes over ``source`` at its own width (no widening to four bytes:
    most dumps are one-byte text). The result is ``second[lo[0]:returned]``. The link pass
    runs only when the text has a "[" (without one it would copy the text unchanged: the
    form pass reads ``source`` instead); the newline pass only when something was cut and a
    space touches a newline (otherwise it would strip the text's two ends only).

    Each pass copies runs (text25): it scans for the next character it acts on, with no
    store per character and no output index carried from one character to the next, and
    copies the run before it with ``memcpy`` (a run is ~30 characters: a newline, "[", "_",
    "(" or a space after a space ends one). Most dumps are two-byte text, where ``memchr``
    does not apply. The per-character loop it replaced was ~1.3x slower on the cached dumps;
    tests pin the output against ``textlines._tidy_blocks``."""
    cdef Py_ssize_t i, k, m = 0, out = 0, block = 0, start, end, run
    cdef Py_UCS4 c
    cdef bint edited = False, space = False, touching = False
    cdef const _unit *text = source
    if _unit is Py_UCS1:
        i = n if memchr(source, 0x5B, n) is NULL else 0
    else:
        i = 0
        while i < n and source[i] != 0x5B:
            i += 1
    if i < n:  # a "[": link markers, "[", one to four decimal digits, "]", cut
        i = 0
        while i < n:
            start = i
            i = _link_skip(source, i, n)  # text33: clean stretches a vector at a time
            while i < n and (source[i] >= 128 or not _TIDY_MARKS[source[i]] & 1):
                i += 1
            run = i - start
            if run:
                memcpy(first + m, source + start, run * sizeof(_unit))
                m += run
            if i >= n:
                break
            c = source[i]
            if c == u"\n":
                block += 1
                if block >= blocks:
                    raise ValueError("more newlines than blocks")
            elif c == 0 or c == 1:
                raise ValueError("a form or link stand-in in the text")
            elif c == u"[":
                k = i + 1
                while k < n and k - i - 1 < 4 and Py_UNICODE_ISDECIMAL(source[k]):
                    k += 1
                if k > i + 1 and k < n and source[k] == 0x5D:
                    link_view[block] += 1
                    edited = True
                    i = k + 1
                    continue
            first[m] = source[i]
            m += 1
            i += 1
        if block != blocks - 1:
            raise ValueError("fewer newlines than blocks")
        text = first
    else:
        m = n
    block = 0
    i = 0
    while i < m:  # form controls become one space; space runs one space
        start = i
        while i < m:  # the run: no form pass character, no space after a space
            c = text[i]
            if c == 0x20:
                if space:
                    break
                space = True
            elif c < 128 and _TIDY_MARKS[c] & 2:
                break
            else:
                space = False
            i += 1
            if i == start + 1 and i < m:  # text33: the run's clean stretches a vector at a time
                i = _form_skip(text, i, m)
                space = text[i - 1] == 0x20  # (inside the run: whether a space came last)
        run = i - start
        if run:
            memcpy(second + out, text + start, run * sizeof(_unit))
            out += run
        if i >= m:
            break
        c = text[i]
        if c == 0x20:  # a space after a space: dropped
            i += 1
            continue
        k = _form_at(text, m, i) if c == u"_" or c == u"[" or c == u"(" else 0
        if k:
            form_view[block] += 1
            edited = True
            i += k
            c = u" "
        else:
            i += 1
            if c == u"\n":
                block += 1
                if block >= blocks:  # (checked here when the link pass did not run)
                    raise ValueError("more newlines than blocks")
                if (out and second[out - 1] == 0x20) or (i < m and text[i] == 0x20):
                    touching = True  # (a space after the newline is written: no space before)
            elif c == 0 or c == 1:
                raise ValueError("a form or link stand-in in the text")
        if c == u" ":
            if space:
                continue
            space = True
            if out and second[out - 1] == 0x0A:
                touching = True
        else:
            space = False
        second[out] = <_unit>c
        out += 1
    if block != blocks - 1:
        raise ValueError("fewer newlines than blocks")
    if not (edited and touching):
        # Only the ends can change: the first block's leading space, the last's trailing one.
        lo[0] = 1 if out and second[0] == 0x20 else 0
        if out > lo[0] and second[out - 1] == 0x20:
            out -= 1
        return out
    # A space next to a newline (something was cut), and the text's ends: stripped.
    m = 0
    start = 0
    while start <= out:
        end = start
        while end < out and second[end] != 0x0A:
            end += 1
        i, k = start, end
        if i < k and second[i] == 0x20:
            i += 1
        if k > i and second[k - 1] == 0x20:
            k -= 1
        if k > i:
            memcpy(first + m, second + i, (k - i) * sizeof(_unit))
            m += k - i
        if end < out:
            first[m] = 0x0A
            m += 1
        start = end + 1
    memcpy(second, first, m * sizeof(_unit))
    lo[0] = 0
    return m


# ---------------------------------------------------------------------------------------------
# Round nineteen, branch text25: ``block_facts``' repeated texts without hashing them all
# ---------------------------------------------------------------------------------------------


cdef inline uint64_t _ends_key(Py_ssize_t size, int kind, const char *data) noexcept nogil:
    """A cheap key of a text: its length and width, and FNV-1a over its first and last 32
    bytes (never the whole text). Equal texts get equal keys; most unequal ones differ."""
    cdef uint64_t key = 14695981039346656037ULL ^ (<uint64_t>size * 8 + <uint64_t>kind)
    cdef Py_ssize_t nbytes = size * kind, k, head = 32 if size * kind > 32 else size * kind
    for k in range(head):
        key = (key ^ <unsigned char>data[k]) * 1099511628211ULL
    for k in range(nbytes - head, nbytes):
        key = (key ^ <unsigned char>data[k]) * 1099511628211ULL
    return key


cdef bint _mark_repeats(list texts, Py_ssize_t n, unsigned char[::1] repeat_view) except -1:
    """``repeat_view[i] = texts.count(texts[i]) > 1`` from an open-addressing table of the
    texts' ``_ends_key``s: texts compare whole (length, width, ``memcmp``: a ``str`` is
    stored at its narrowest width, so equal texts are equal bytes) only when their keys
    agree, and no text is hashed whole (``block_facts``' dict hashed every text once, ~45%
    of its time). Returns False, with ``repeat_view`` not finished, when the whole-text
    comparisons pass a budget (four times the texts' bytes: many unequal texts with equal
    ends); the caller then counts with a dict."""
    cdef Py_ssize_t size = 16, mask, i, slot, at, length, budget = 4096
    cdef uint64_t key
    cdef int kind
    cdef const char *data
    cdef str text, other
    while size < 2 * n:
        size *= 2
    mask = size - 1
    cdef Py_ssize_t *slots = <Py_ssize_t *>PyMem_Malloc(size * sizeof(Py_ssize_t))
    cdef uint64_t *keys = <uint64_t *>PyMem_Malloc((n + 1) * sizeof(uint64_t))
    if slots is NULL or keys is NULL:
        PyMem_Free(slots)
        PyMem_Free(keys)
        raise MemoryError()
    try:
        memset(slots, 0xFF, size * sizeof(Py_ssize_t))  # -1: empty
        for i in range(n):
            text = texts[i]
            budget += 4 * PyUnicode_GET_LENGTH(text) * PyUnicode_KIND(text)
        for i in range(n):
            text = texts[i]
            length = PyUnicode_GET_LENGTH(text)
            kind = PyUnicode_KIND(text)
            data = <const char *>PyUnicode_DATA(text)
            key = keys[i] = _ends_key(length, kind, data)
            slot = <Py_ssize_t>(key & <uint64_t>mask)
            while True:
                at = slots[slot]
                if at < 0:
                    slots[slot] = i  # the first of its text
                    break
                if keys[at] == key:
                    other = texts[at]
                    if (
                        PyUnicode_GET_LENGTH(other) == length
                        and PyUnicode_KIND(other) == kind
                    ):
                        budget -= length * kind
                        if budget < 0:
                            return False
                        if memcmp(PyUnicode_DATA(other), data, length * kind) == 0:
                            repeat_view[i] = 1
                            repeat_view[at] = 1
                            break
                slot = (slot + 1) & mask
        return True
    finally:
        PyMem_Free(slots)
        PyMem_Free(keys)


# ---------------------------------------------------------------------------------------------
# Round nineteen, branch text25: ``char_counts`` into a block's own counters
# ---------------------------------------------------------------------------------------------


cdef inline void _flush_counts(long long *current, long long[:, ::1] view, Py_ssize_t block) noexcept:
    """Add a block's counters (columns 2 on; 0 gathers the uncounted characters, 1 is the
    newline's) to its row of ``view`` and zero them."""
    cdef Py_ssize_t k
    for k in range(2, 9):
        view[block, k] += current[k]
        current[k] = 0
    current[0] = 0


cdef int _count_chars_local(
    const _unit *data, Py_ssize_t n, long long[:, ::1] view, Py_ssize_t blocks
) except -1:
    """``char_counts``' loop: each Latin-1 character's column read from ``_CHAR_COLUMN``, the
    counts gathered in nine local counters (an uncounted character adds to counter 0, with
    no branch) and added to the block's row at its newline: no 2-D index per counted
    character (0.63x of the loop that indexed the row on the cached dumps' texts)."""
    cdef Py_ssize_t i, block = 0
    cdef Py_UCS4 c
    cdef unsigned char column
    cdef long long current[9]
    memset(current, 0, sizeof(current))
    for i in range(n):
        c = data[i]
        if c > 0xFF:
            continue
        column = _CHAR_COLUMN[c]
        if column == 1:
            _flush_counts(current, view, block)
            block += 1
            if block >= blocks:
                raise ValueError("more newlines than blocks")
        else:
            current[column] += 1
    if blocks > 0:
        _flush_counts(current, view, block)
    return 0


cdef int _count_chars_gapped_local(
    const _unit *data, Py_ssize_t n, long long[:, ::1] view, Py_ssize_t blocks
) except -1:
    """``_count_chars_local`` with empty blocks skipped: a newline closes a block only when
    the block holds a character, so newline runs (and newlines at either end) count as one."""
    cdef Py_ssize_t i, block = 0
    cdef bint started = False
    cdef Py_UCS4 c
    cdef long long current[9]
    memset(current, 0, sizeof(current))
    for i in range(n):
        c = data[i]
        if c == 0x0A:
            if started:
                _flush_counts(current, view, block)
                block += 1
                started = False
            continue
        if not started:
            if block >= blocks:
                raise ValueError("more blocks with text than blocks")
            started = True
        if c <= 0xFF:
            current[_CHAR_COLUMN[c]] += 1
    if started:
        _flush_counts(current, view, block)
    return 0


# ---------------------------------------------------------------------------------------------
# Branch text28: the slug's written forms tested by their parts (no form strings), and the
# cue words of ASCII blocks found in place. Kept apart, so that other branches merge cleanly.
# ---------------------------------------------------------------------------------------------

cdef enum:
    _MAX_MARK = 2  # the longest title mark ``slug_token_codes`` takes ("'s")


def slug_token_codes(
    str joined, dict codes, bases, tuple marks, int bit, const unsigned char[::1] passed
):
    """``token_codes(joined, codes, forms, key_filter(forms, passed))`` where ``forms`` holds
    every ``base + mark`` of ``bases`` (the slug words as a title writes them: lower-case,
    capitalised, upper-case) and ``marks`` ("" and the title marks), each coded with ``bit``
    or'ed on its code in ``codes`` (``textfeatures._slug_forms``), without building the forms:
    a token is one when, for some mark it ends with, the rest is a base. The rest's hash is
    the token's FNV read one or two characters short, kept while the token is read.
    ``passed``: ``key_filter`` of ``codes``' keys alone. The same int32 codes."""
    global _codes_dict, _codes_table
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(joined), count, m, k
    cdef Py_ssize_t mark_count = len(marks)
    cdef Py_UCS4 mark_chars[16][_MAX_MARK]
    cdef Py_ssize_t mark_sizes[16]
    cdef str mark
    if mark_count > 16:
        raise ValueError("at most 16 marks")
    for m in range(mark_count):
        mark = marks[m]
        if len(mark) > _MAX_MARK:
            raise ValueError("a mark longer than two characters")
        mark_sizes[m] = len(mark)
        for k in range(len(mark)):
            mark_chars[m][k] = mark[k]
    out = np.empty(n // 2 + 1, dtype=np.int32)  # at most one token per two characters
    cdef int[::1] view = out
    cdef int kind = PyUnicode_KIND(joined)
    cdef const void *data = PyUnicode_DATA(joined)
    if passed.shape[0] != FILTER_BITS // 8:
        raise ValueError("not a key_filter table")
    if codes is not _codes_dict or _codes_table.size != len(codes):
        _codes_table = _WordTable(codes)
        _codes_dict = codes
    cdef _WordTable base_table = _WordTable(dict.fromkeys(bases, 1))
    if kind == PyUnicode_1BYTE_KIND:
        count = _slug_token_codes(<const Py_UCS1 *>data, n, _codes_table, base_table,
                                  mark_chars, mark_sizes, mark_count, bit, passed, view)
    elif kind == PyUnicode_2BYTE_KIND:
        count = _slug_token_codes(<const Py_UCS2 *>data, n, _codes_table, base_table,
                                  mark_chars, mark_sizes, mark_count, bit, passed, view)
    else:
        count = _slug_token_codes(<const Py_UCS4 *>data, n, _codes_table, base_table,
                                  mark_chars, mark_sizes, mark_count, bit, passed, view)
    return out[:count]


cdef inline unsigned int _hash_units(const _unit *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    """``_hash`` of ``data[start:end]``."""
    cdef unsigned int value = 2166136261u
    cdef Py_ssize_t i
    for i in range(start, end):
        value = (value ^ <unsigned int>data[i]) * 16777619u
    return value


cdef inline bint _maybe_base(uint64_t size_bits, uint64_t hash_bits, Py_ssize_t size,
                             unsigned int value) noexcept:
    """False when no base has this size (past 63: any) or this hash's top six bits."""
    return ((size_bits >> (size if size < 63 else 63)) & 1) and ((hash_bits >> (value >> 26)) & 1)


cdef Py_ssize_t _slug_token_codes(
    const _unit *data, Py_ssize_t n, _WordTable codes, _WordTable bases,
    Py_UCS4 (*mark_chars)[_MAX_MARK], const Py_ssize_t *mark_sizes, Py_ssize_t mark_count,
    int bit, const unsigned char[::1] passed, int[::1] view,
) except -1:
    """``_token_codes`` with the slug test. Two 64-bit masks of the bases (their sizes, the
    top bits of their hashes) rule out most lookups; the marks are tried only when the
    token's last character ends one of them (``last_ends``: the ASCII ones; ``other_ends``:
    any other), the rest's hash read then."""
    cdef Py_ssize_t i = 0, start, count = 0, m, s, k, j, size
    cdef int code
    cdef unsigned int value, rest
    cdef uint64_t hash_bits = 0, size_bits = 0
    cdef unsigned char last_ends[128]
    cdef bint other_ends = False, ends
    cdef Py_UCS4 c
    memset(last_ends, 0, sizeof(last_ends))
    for m in range(mark_count):
        s = mark_sizes[m]
        if s == 0:
            continue
        c = mark_chars[m][s - 1]
        if c < 128:
            last_ends[c] = 1
        else:
            other_ends = True
    for j in range(bases.mask + 1):
        if bases.keys[j] is not NULL:
            hash_bits |= (<uint64_t>1) << (bases.hashes[j] >> 26)
            size = PyUnicode_GET_LENGTH(<object>bases.keys[j])
            size_bits |= (<uint64_t>1) << (size if size < 63 else 63)
    while True:
        while i < n and Py_UNICODE_ISSPACE(data[i]):
            i += 1
        if i >= n:
            break
        start = i
        i = _token_end(data, n, start, &value)
        code = 0
        if _may_be_key(passed, value):
            code = _find(codes, data, start, i, value)
        size = i - start
        if _maybe_base(size_bits, hash_bits, size, value) and _find(bases, data, start, i, value):
            code |= bit  # a base as it is (the "" mark)
        else:
            c = data[i - 1]
            if (c < 128 and last_ends[c] != 0) or (c >= 128 and other_ends):
                for m in range(mark_count):  # a base written with this mark after it
                    s = mark_sizes[m]
                    if s == 0 or s > size or not (size_bits >> (size - s if size - s < 63 else 63)) & 1:
                        continue
                    ends = True
                    for k in range(s):
                        if <Py_UCS4>data[i - s + k] != mark_chars[m][k]:
                            ends = False
                            break
                    if not ends:
                        continue
                    rest = _hash_units(data, start, i - s)
                    if (hash_bits >> (rest >> 26)) & 1 and _find(bases, data, start, i - s, rest):
                        code |= bit
                        break
        view[count] = code
        count += 1
    return count


cdef inline Py_ssize_t _ascii_word_end(const Py_UCS1 *data, Py_ssize_t n, Py_ssize_t start,
                                       unsigned int *value) noexcept:
    """Where the run of ASCII letters from ``start`` ends; ``value`` gets the ``_hash`` of the
    run lower-cased, read as the letters are."""
    cdef Py_ssize_t j = start
    cdef unsigned int hashed = 2166136261u
    while j < n and _ascii_letter(data[j]):
        hashed = (hashed ^ <unsigned int>(data[j] | 0x20)) * 16777619u
        j += 1
    value[0] = hashed
    return j


cdef inline Py_ssize_t _lowered_code(_WordTable table, const unsigned char *bits,
                                     const Py_UCS1 *data, Py_ssize_t start, Py_ssize_t size,
                                     unsigned int hashed) noexcept:
    """The code in ``table`` of the ASCII letters ``data[start:start + size]`` lower-cased
    (``hashed``: their ``_ascii_word_end`` hash), or -1: the keys' filter ``bits`` first, then
    the key compared to the letters lower-cased, with no lowered copy."""
    cdef Py_ssize_t slot, k
    cdef PyObject *key
    cdef const void *chars
    cdef int key_kind
    if not ((bits[(hashed & 0xFFFF) >> 3] >> (hashed & 7)) & 1 and (
        bits[(hashed >> 16) >> 3] >> ((hashed >> 16) & 7)
    ) & 1):
        return -1
    slot = hashed & table.mask
    while True:
        key = table.keys[slot]
        if key is NULL:
            return -1
        if table.hashes[slot] == hashed and PyUnicode_GET_LENGTH(<object>key) == size:
            key_kind = PyUnicode_KIND(<object>key)
            chars = PyUnicode_DATA(<object>key)
            k = 0
            while k < size and _char(key_kind, chars, k) == (data[start + k] | 0x20):
                k += 1
            if k == size:
                return table.codes[slot]
        slot = (slot + 1) & table.mask


cdef double _ascii_cue_found(str text, dict cues) except? -1.0:
    """``_ascii_cue`` (the best cue among an ASCII text's first eight words of 2+ letters,
    lower-cased; 0.0 with none) with each word found in place: its FNV read over the
    lower-cased letters, the keys' filter and ``_WordTable`` of ``_cue_tables`` (the edge
    step's, for the same dict), the key compared to the letters lower-cased: no substring,
    no ``lower()``, no dict lookup. A dict with a non-str key is read as ``_ascii_cue`` did."""
    cdef tuple state = _cue_tables(cues)  # held for the loop
    cdef _WordTable table = state[3]
    cdef bytes held = state[2]
    cdef tuple values = state[4]
    cdef const unsigned char *bits = held
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, j, found = 0, size, code
    cdef const Py_UCS1 *data = <const Py_UCS1 *>PyUnicode_DATA(text)
    cdef double best = 0.0, value
    cdef unsigned int hashed
    if table is None:
        return _ascii_cue_dict(text, cues)
    while i < n and found < _END_SHORT:
        if not _ascii_letter(data[i]):
            i += 1
            continue
        j = _ascii_word_end(data, n, i, &hashed)
        size = j - i
        if size >= 2:
            code = _lowered_code(table, bits, data, i, size, hashed)
            value = 0.0 if code < 0 else values[code]
            if found == 0 or value > best:
                best = value
            found += 1
        i = j
    return best


cdef double _ascii_cue_dict(str text, dict cues) except? -1.0:
    """``_ascii_cue`` through the dict (its keys not all exact str: no table)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, j, found = 0
    cdef const Py_UCS1 *data = <const Py_UCS1 *>PyUnicode_DATA(text)
    cdef double best = 0.0, value
    while i < n and found < _END_SHORT:
        if not _ascii_letter(data[i]):
            i += 1
            continue
        j = i + 1
        while j < n and _ascii_letter(data[j]):
            j += 1
        if j - i >= 2:
            value = cues.get(text[i:j].lower(), 0.0)
            if found == 0 or value > best:
                best = value
            found += 1
        i = j
    return best


def median_of_doubles(values):
    """``_median_in_place`` of a list of floats from Python (tests)."""
    cdef Py_ssize_t n = len(values), k
    cdef _Doubles buffer = _Doubles(n)
    for k in range(n):
        buffer.values[k] = values[k]
    return _median_in_place(buffer.values, n)


def ascii_cue(str text, dict cues):
    """``_ascii_cue_found`` from Python (tests): ``text`` must be ASCII."""
    if not text.isascii():
        raise ValueError("an ASCII text")
    return _ascii_cue_found(text, cues)


cdef double _median_selected(double *values, Py_ssize_t n) noexcept nogil:
    """``_median_in_place``'s value without sorting: the middle element found by selection
    (quickselect, median-of-three pivots), and for an even count the largest value left of
    it (every one there is at most the middle): the two middles of the sorted values. Equal
    doubles are one value (no NaN, no -0.0 here), so the result is the sort's."""
    cdef Py_ssize_t k = n // 2, low = 0, high = n - 1, i, j, mid
    cdef double pivot, swap, best
    while high > low:
        mid = low + (high - low) // 2  # median of three to the middle, as the pivot
        if values[mid] < values[low]:
            swap = values[mid]; values[mid] = values[low]; values[low] = swap
        if values[high] < values[low]:
            swap = values[high]; values[high] = values[low]; values[low] = swap
        if values[high] < values[mid]:
            swap = values[high]; values[high] = values[mid]; values[mid] = swap
        pivot = values[mid]
        i, j = low, high
        while i <= j:  # Hoare partition: [low, j] <= pivot <= [i, high]
            while values[i] < pivot:
                i += 1
            while pivot < values[j]:
                j -= 1
            if i <= j:
                swap = values[i]; values[i] = values[j]; values[j] = swap
                i += 1
                j -= 1
        if k <= j:
            high = j
        elif k >= i:
            low = i
        else:
            break  # values[k] == pivot, in place
    if n % 2:
        return values[k]
    best = values[0]
    for i in range(1, k):
        if values[i] > best:
            best = values[i]
    return (best + values[k]) / 2


cdef extern from "Python.h":
    bint _text28_is_ascii "PyUnicode_IS_ASCII" (object text)


cdef list _cue_values_of(str text, dict cues, Py_ssize_t limit):
    """``_cue_values(text.lower(), cues, limit)``; an ASCII text is read as it is, each letter
    lower-cased as the word's FNV is read and as the key is compared (no lowered copy): the
    same values, the dict's own objects (0.0 for a word not listed)."""
    cdef tuple state
    cdef _WordTable table
    cdef bytes held
    cdef tuple values
    cdef const unsigned char *bits
    cdef list out
    cdef Py_ssize_t n, i = 0, start, size, code
    cdef const Py_UCS1 *data
    cdef unsigned int hashed
    if not _text28_is_ascii(text):
        return _cue_values(text.lower(), cues, limit)
    state = _cue_tables(cues)  # held for the loop
    table = state[3]
    if table is None:
        return _cue_values(text.lower(), cues, limit)
    held = state[2]
    values = state[4]
    bits = held
    out = []
    n = PyUnicode_GET_LENGTH(text)
    data = <const Py_UCS1 *>PyUnicode_DATA(text)
    while i < n and (limit < 0 or len(out) < limit):
        while i < n and not _ascii_letter(data[i]):
            i += 1
        start = i
        i = _ascii_word_end(data, n, start, &hashed)
        size = i - start
        if size < 2:
            continue
        code = _lowered_code(table, bits, data, start, size, hashed)
        out.append(0.0 if code < 0 else values[code])
    return out


def cue_values_of(str text, dict cues, Py_ssize_t limit=-1):
    """``_cue_values_of`` from Python (tests)."""
    return _cue_values_of(text, cues, limit)


# ---- round twenty-two (speed34): the trees as complete heaps, the leaf values gathered ----


def heap_leaf_values(
    const float[:, ::1] values,
    const int[::1] feature,
    const float[::1] threshold,
    const double[::1] leaf_value,
    Py_ssize_t depth,
):
    """``model.TreeModel.scores``' leaf values, shape (rows, trees): ``value.take(leaves)`` of
    ``tree_leaves``' leaves, found on the trees laid out as complete heaps (``model.heap_arrays``).

    Tree ``t``'s ``2 ** depth - 1`` inner nodes are ``feature``/``threshold[t * inner + i]``, node
    ``i``'s children ``2 * i + 1`` (value <= threshold) and ``2 * i + 2`` (otherwise, NaN too);
    a leaf shallower than ``depth`` is padded below with nodes whose both ways end on copies of
    it, so every walk is ``depth`` steps with no child table to read: one load fewer per step
    than ``tree_leaves``, and eight rows at a time. Only comparisons (float32 against float32),
    so the leaves are the numpy walk's; the caller checks every feature is a column."""
    cdef Py_ssize_t rows = values.shape[0]
    cdef Py_ssize_t inner = (<Py_ssize_t>1 << depth) - 1
    cdef Py_ssize_t trees = feature.shape[0] // inner if inner > 0 else 0
    if inner <= 0 or feature.shape[0] != trees * inner or threshold.shape[0] != trees * inner:
        raise ValueError("heap arrays of another depth")
    if leaf_value.shape[0] != trees * (inner + 1):
        raise ValueError("heap leaf values of another depth")
    found = np.empty((rows, trees), dtype=np.float64)
    cdef double[:, ::1] out = found
    cdef Py_ssize_t width = values.shape[1]
    cdef const float* base = &values[0, 0] if rows and width else NULL
    cdef const int* feat
    cdef const float* thr
    cdef const double* leaf
    cdef Py_ssize_t row, tree, step, k
    cdef Py_ssize_t a[8]
    cdef const float* v[8]
    if rows == 0 or trees == 0:
        return found
    with nogil:
        # tree by tree (its heap stays in the first-level cache for all the rows), eight rows
        # at a time: eight independent chains of two loads each the processor overlaps
        for tree in range(trees):
            feat = &feature[tree * inner]
            thr = &threshold[tree * inner]
            leaf = &leaf_value[tree * (inner + 1)]
            row = 0
            while row + 8 <= rows:
                for k in range(8):
                    v[k] = base + (row + k) * width
                    a[k] = 0
                for step in range(depth):
                    for k in range(8):
                        a[k] = 2 * a[k] + 1 + <Py_ssize_t>(not (v[k][feat[a[k]]] <= thr[a[k]]))
                for k in range(8):
                    out[row + k, tree] = leaf[a[k] - inner]
                row += 8
            while row < rows:
                v[0] = base + row * width
                a[0] = 0
                for step in range(depth):
                    a[0] = 2 * a[0] + 1 + <Py_ssize_t>(not (v[0][feat[a[0]]] <= thr[a[0]]))
                out[row, tree] = leaf[a[0] - inner]
                row += 1
    return found


# ---- round twenty-two (speed34): block_features' last columns in one loop ----

cimport cython


cdef inline void _window_means(
    float[:, ::1] out, Py_ssize_t column, const double[::1] values, Py_ssize_t radius, double* run
) noexcept nogil:
    """``features._window_mean``: ``run`` gets ``concatenate([[0.0], cumsum(values)])`` (added
    one after the other, as ``cumsum`` adds), each row the difference of two of them divided by
    its window's row count, then rounded to float32 as the assignment into ``out`` rounds."""
    cdef Py_ssize_t n = values.shape[0]
    cdef Py_ssize_t i, low, high
    cdef double total = 0.0
    run[0] = 0.0
    for i in range(n):
        total = total + values[i]
        run[i + 1] = total
    for i in range(n):
        low = i - radius if i >= radius else 0
        high = i + radius + 1 if i + radius + 1 < n else n
        out[i, column] = <float>((run[high] - run[low]) / <double>(high - low))


@cython.cdivision(True)
def feature_tail(
    float[:, ::1] out,
    Py_ssize_t column,
    const double[::1] log_chars,
    const double[::1] link_density,
    const double[::1] heur,
    const double[::1] kinds,
    const double[::1] fill,
    const int64_t[::1] inherited,
    const int64_t[::1] near,
    Py_ssize_t bits,
):
    """``features.block_features``' last columns into ``out`` from ``column`` on, as its numpy
    code fills them: the four neighbours' (log chars, link density, in heuristic, kind) (the
    previous line, the next, the second previous, the second next; ``fill`` where there is
    none), the window means of ``heur`` (radius 2 and 5) and of ``link_density`` (radius 2),
    then ``bits`` bits of ``inherited`` and of ``near``. Copies, additions and one division a
    row in IEEE double, each rounded once to float32: the numpy columns bit for bit."""
    cdef Py_ssize_t n = out.shape[0]
    cdef Py_ssize_t i, k, j, source, b
    cdef Py_ssize_t offsets[4]
    cdef double value
    cdef int64_t word
    if (
        log_chars.shape[0] != n or link_density.shape[0] != n or heur.shape[0] != n
        or kinds.shape[0] != n or inherited.shape[0] != n or near.shape[0] != n
        or fill.shape[0] != 4 or bits < 0 or bits > 63
        or column < 0 or column + 16 + 3 + 2 * bits != out.shape[1]
    ):
        raise ValueError("feature tail of another shape")
    if n == 0:
        return
    run = np.empty(n + 1, dtype=np.float64)
    cdef double[::1] running = run
    offsets[0] = 1
    offsets[1] = 3
    offsets[2] = 0
    offsets[3] = 4
    with nogil:
        for i in range(n):
            for k in range(4):
                source = i + offsets[k] - 2  # the padded row ``i + offset`` is line ``source``
                if source < 0 or source >= n:
                    for j in range(4):
                        out[i, column + 4 * k + j] = <float>fill[j]
                else:
                    out[i, column + 4 * k] = <float>log_chars[source]
                    out[i, column + 4 * k + 1] = <float>link_density[source]
                    out[i, column + 4 * k + 2] = <float>heur[source]
                    out[i, column + 4 * k + 3] = <float>kinds[source]
        column += 16
        _window_means(out, column, heur, 2, &running[0])
        _window_means(out, column + 1, heur, 5, &running[0])
        _window_means(out, column + 2, link_density, 2, &running[0])
        column += 3
        for i in range(n):
            word = inherited[i]
            for b in range(bits):
                out[i, column + b] = <float>((word >> b) & 1)
            word = near[i]
            for b in range(bits):
                out[i, column + bits + b] = <float>((word >> b) & 1)

# ---------------------------------------------------------------------------------------------
# Round twenty-two, branch text33: ``_tidy_runs``' run scans eight code units at a time
# ---------------------------------------------------------------------------------------------
# Both of ``tidy_blocks``' passes spend most of their time finding where a run ends (perf: the
# per-character compare-and-branch, a space toggling the form pass's state every few
# characters). With SSE2 (every x86-64) a run's clean stretches are skipped a vector of code
# units at a time and the scan stops exactly at the first unit the scalar loop acts on, which
# then reads it as before: the same output, fewer branches. Without SSE2 the skips return
# where they start and the scalar loops do all the work.

cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #define TEXT33_SIMD 1
    /* The vector compares of one unit width W (8, 16 or 32 bits) and its lane count. */
    #define TEXT33_SKIPS(W, T, EQ, SET1, LANES, SHIFT)                                        \\
    static inline Py_ssize_t text33_link_skip_##W(const T *s, Py_ssize_t i, Py_ssize_t n) {    \\
        const __m128i nl = SET1(0x0A), br = SET1(0x5B), low = SET1(~1), zero = _mm_setzero_si128(); \\
        while (i + LANES <= n) {                                                             \\
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));                           \\
            __m128i hit = _mm_or_si128(_mm_or_si128(EQ(v, nl), EQ(v, br)),                   \\
                                       EQ(_mm_and_si128(v, low), zero));                     \\
            int mask = _mm_movemask_epi8(hit);                                               \\
            if (mask) return i + (__builtin_ctz((unsigned)mask) >> SHIFT);                   \\
            i += LANES;                                                                      \\
        }                                                                                    \\
        return i;                                                                            \\
    }                                                                                        \\
    static inline Py_ssize_t text33_form_skip_##W(const T *s, Py_ssize_t i, Py_ssize_t n) {    \\
        const __m128i nl = SET1(0x0A), br = SET1(0x5B), low = SET1(~1), zero = _mm_setzero_si128(); \\
        const __m128i us = SET1(0x5F), pa = SET1(0x28), sp = SET1(0x20);                     \\
        while (i + LANES <= n) {                                                             \\
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));                           \\
            __m128i p = _mm_loadu_si128((const __m128i *)(s + i - 1));                       \\
            __m128i hit = _mm_or_si128(_mm_or_si128(EQ(v, nl), EQ(v, br)),                   \\
                                       EQ(_mm_and_si128(v, low), zero));                     \\
            hit = _mm_or_si128(hit, _mm_or_si128(EQ(v, us), EQ(v, pa)));                     \\
            hit = _mm_or_si128(hit, _mm_and_si128(EQ(v, sp), EQ(p, sp)));                    \\
            int mask = _mm_movemask_epi8(hit);                                               \\
            if (mask) return i + (__builtin_ctz((unsigned)mask) >> SHIFT);                   \\
            i += LANES;                                                                      \\
        }                                                                                    \\
        return i;                                                                            \\
    }
    TEXT33_SKIPS(1, Py_UCS1, _mm_cmpeq_epi8, _mm_set1_epi8, 16, 0)
    TEXT33_SKIPS(2, Py_UCS2, _mm_cmpeq_epi16, _mm_set1_epi16, 8, 1)
    TEXT33_SKIPS(4, Py_UCS4, _mm_cmpeq_epi32, _mm_set1_epi32, 4, 2)
    #else
    #define TEXT33_SIMD 0
    #define text33_link_skip_1(s, i, n) (i)
    #define text33_link_skip_2(s, i, n) (i)
    #define text33_link_skip_4(s, i, n) (i)
    #define text33_form_skip_1(s, i, n) (i)
    #define text33_form_skip_2(s, i, n) (i)
    #define text33_form_skip_4(s, i, n) (i)
    #endif
    """
    const bint _TEXT33_SIMD "TEXT33_SIMD"
    Py_ssize_t _link_skip_1 "text33_link_skip_1" (const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _link_skip_2 "text33_link_skip_2" (const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _link_skip_4 "text33_link_skip_4" (const Py_UCS4 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _form_skip_1 "text33_form_skip_1" (const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _form_skip_2 "text33_form_skip_2" (const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _form_skip_4 "text33_form_skip_4" (const Py_UCS4 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil


cdef inline Py_ssize_t _link_skip(const _unit *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """The first index from ``i`` holding a unit the link pass acts on ("\\n", "[", "\\x00",
    "\\x01"), or where fewer than a vector's units are left (the scalar loop reads those)."""
    if _unit is Py_UCS1:
        return _link_skip_1(s, i, n)
    elif _unit is Py_UCS2:
        return _link_skip_2(s, i, n)
    else:
        return _link_skip_4(s, i, n)


cdef inline Py_ssize_t _form_skip(const _unit *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """The first index from ``i`` (> 0; ``s[i - 1]`` in the same run) holding a unit the form
    pass acts on (the link pass's, "_", "(") or a space after a space, or where fewer than a
    vector's units are left."""
    if _unit is Py_UCS1:
        return _form_skip_1(s, i, n)
    elif _unit is Py_UCS2:
        return _form_skip_2(s, i, n)
    else:
        return _form_skip_4(s, i, n)


def tidy_simd():
    """Whether ``tidy_blocks``' run scans use the vector skips (tests)."""
    return _TEXT33_SIMD


# ---------------------------------------------------------------------------------------------
# ``textedges.judge_edges`` on the extractor's path, in one C function. Round twenty-two
# (text33): the float64 probabilities and int64 word counts read in place, only the blocks the
# rounds need (~80 of ~360), where three lists of every block's were made first (~23 us a dump);
# the list-reading twin was then removed: a caller with other float or integer arrays converts
# them, the same numbers. A count read as a double is exact (counts are far below 2 ** 53), and
# the kept words' total is a sum of whole numbers, exact in any order.
# ---------------------------------------------------------------------------------------------


cdef int _fill_columns_typed(
    _EdgeColumns table, Py_ssize_t i, tuple edge, const double[:, :] matrix,
    const int64_t[:] links, const unsigned char[:] bullet, const double[:] probs,
    const int64_t[:] words,
) except -1:
    """``edge_parts`` for block ``i``, written into ``table`` (the same values as doubles), its
    probability and word count read from the arrays."""
    cdef list texts, part_columns, own
    cdef dict cues, found
    cdef Py_ssize_t cue_words, prose_words, dated_words, head, first, n, count_words, present, k
    cdef double left, right
    cdef double *out
    cdef str text
    (texts, part_columns, cues, found, limits, prose_ends, dated_search) = edge
    cue_words, prose_words, dated_words, head, first = limits
    n = len(texts)
    if i < 0 or i >= table.n or i >= n:
        raise IndexError("block out of range")
    if len(part_columns) != PARTS - 8:
        raise ValueError(f"{len(part_columns)} matrix columns, not {PARTS - 8}")
    out = table.values + i * PARTS
    text = texts[i]
    count_words = words[i]
    if count_words <= cue_words:
        own = found.get(i)
        if own is None:
            own = found[i] = _cue_values_of(text, cues, -1)
        out[2] = _max_or_zero(own, len(own))
        out[3] = _max_or_zero(own, first)
    else:  # a long block: only its first words are read
        out[2] = 0.0
        out[3] = first_cue_of(text, cues, head, first)
    left = probs[i - 1] if i > 0 else 0.0
    right = probs[i + 1] if i < n - 1 else 0.0
    present = (i > 0) + (i < n - 1)
    out[0] = _clamped_log_odds(probs[i])
    out[1] = log1p(<double>count_words)
    out[4] = links[i] > 0
    out[5] = bullet[i] != 0
    out[6] = (left + right) / (present if present > 1 else 1.0)
    out[7] = matrix[i, <Py_ssize_t>part_columns[0]]
    out[8] = matrix[i, <Py_ssize_t>part_columns[1]]
    out[9] = count_words >= prose_words and text.rstrip().endswith(prose_ends)
    out[10] = matrix[i, <Py_ssize_t>part_columns[2]]
    out[11] = matrix[i, <Py_ssize_t>part_columns[3]]
    out[12] = matrix[i, <Py_ssize_t>part_columns[4]]
    out[13] = (
        count_words <= dated_words
        and (matrix[i, <Py_ssize_t>part_columns[5]] > 0 or not text.isascii())
        and (_dated(text) if dated_search is None else dated_search(text) is not None)
    )
    for k in range(6, PARTS - 8):
        out[k + 8] = matrix[i, <Py_ssize_t>part_columns[k]]
    table.done[i] = 1
    return 0


cdef list _edge_sums_typed(
    list index, list sides, list distance, list outside, list count, list cue_between,
    list zone_p, list min_p, double log_median, double body_indent, _EdgeColumns table,
    const double[:, :] matrix, const int64_t[:] links, const unsigned char[:] bullet,
    const double[:] probs, const int64_t[:] words, tuple edge, tuple by_side,
    tuple log1p_table,
):
    """``_rows_in_two``'s ``finish`` on the extractor's path: the blocks not yet in ``table``
    get their columns (``_fill_columns_typed``), then each row's weighted sum."""
    cdef Py_ssize_t i
    for block in index:
        i = block
        if i < 0 or i >= table.n:
            raise IndexError("block out of range")
        if not table.done[i]:
            _fill_columns_typed(table, i, edge, matrix, links, bullet, probs, words)
    return _sums(
        index, sides, count, cue_between, distance, outside, zone_p, min_p, log_median,
        body_indent, table.values, by_side, log1p_table,
    )


cdef tuple _heading_facts_typed(
    blocks, dict heads, dict found, const int64_t[:] words_at, list texts, dict cues,
    Py_ssize_t words,
):
    """``heading_facts`` with each block's word count read from ``words_at``."""
    cdef list flags = [], values = [], own
    cdef str text
    cdef tuple fact
    cdef Py_ssize_t size, j
    for block in blocks:
        j = block
        fact = heads.get(j)
        if fact is None:
            if j < 0 or j >= words_at.shape[0]:
                raise IndexError("block out of range")
            text = texts[j]
            size = PyUnicode_GET_LENGTH(text)
            if words_at[j] <= words and not (
                size and _char(PyUnicode_KIND(text), PyUnicode_DATA(text), size - 1) == 0x2E
            ):
                own = found.get(j)
                if own is None:
                    own = found[j] = _cue_values_of(text, cues, -1)
                fact = heads[j] = (True, _max_or_zero(own, len(own)))
            else:
                fact = heads[j] = (False, 0.0)
        flags.append(fact[0])
        values.append(fact[1])
    return flags, values


cdef int _outward_typed(
    list blocks, const int64_t[:] words, const double[:] probs, double total, list outside,
    list zone_p, list min_p,
) except -1:
    """``outward`` of ``blocks`` with their words and probabilities read from the arrays."""
    cdef double cum = 0.0, mean_sum = 0.0, low = float("inf"), p
    cdef Py_ssize_t k = 0, i
    for block in blocks:
        i = block
        if i < 0 or i >= words.shape[0] or i >= probs.shape[0]:
            raise IndexError("block out of range")
        k += 1
        cum += <double>words[i]
        p = probs[i]
        mean_sum += p
        if p < low:
            low = p
        outside.append(cum / total)
        zone_p.append(mean_sum / k)
        min_p.append(low)
    return 0


cdef tuple _side_gains_typed(list indices, list sides, list q, const int64_t[:] words,
                             tuple bars, dict heft):
    """``side_gains`` with each block's word count read from ``words``."""
    cdef double bar[3]
    cdef double weight
    cdef int s
    cdef Py_ssize_t r, i
    cdef list found = [[], [], []]
    cdef list after = []
    bar[0], bar[1], bar[2] = bars
    if len(sides) != len(indices) or len(q) != len(indices):
        raise ValueError("rows of different lengths")
    for r in range(len(indices)):
        block = indices[r]
        s = sides[r]
        if s < 0 or s > 2:
            raise IndexError("side out of range")
        value = heft.get(block)
        if value is None:
            i = block
            if i < 0 or i >= words.shape[0]:
                raise IndexError("block out of range")
            weight = <double>words[i]
            weight = pow(60.0 if weight > 60.0 else weight, 0.8)  # Python's float ** is pow()
            heft[block] = weight
        else:
            weight = value
        (<list>found[s]).append((<double>float(q[r]) - bar[s]) * weight)
        if s == 2:
            after.append(block)
    return (found[0], found[1], found[2]), after


def judge_edges_typed(
    list texts,
    const double[:] probs,
    const int64_t[:] words,
    const double[:, :] matrix,
    list part_columns,
    Py_ssize_t indent_column,
    const int64_t[:] links,
    const unsigned char[:] bullet,
    list keep,
    Py_ssize_t limit,
    const unsigned char[:] excluded,
    dict cues,
    tuple by_side,
    tuple bars,
    Py_ssize_t rounds,
    tuple sizes,
    tuple limits,
    tuple prose_ends,
    dated_search,
    tuple log1p_table,
):
    """``textedges.judge_edges`` on the extractor's path (``by_side`` sums) in one C function:
    ``_rows_in_two``, ``past_end``, ``_side_gains``, ``_edges_moved`` and the rounds, the same
    values in the same order (lists and sums as the Python code builds them; ``sum`` and
    ``sorted`` are Python's). ``probs``/``words``: float64/int64, read in place;
    ``bullet``/``excluded``: the bool arrays viewed as bytes; ``sizes``: ``ZONE``,
    ``AFTER_ZONE``, ``_HEADING_WORDS``."""
    cdef Py_ssize_t zone_max, after_zone, heading_words
    zone_max, after_zone, heading_words = sizes
    cdef Py_ssize_t n = len(texts)
    if (probs.shape[0] != n or words.shape[0] != n or matrix.shape[0] != n
            or links.shape[0] != n or bullet.shape[0] != n):
        raise ValueError("arrays of different lengths")
    cdef dict found = {}, heads = {}, heft = {}, judged = {}
    cdef tuple edge = (texts, part_columns, cues, found, limits, prose_ends, dated_search)
    cdef _EdgeColumns table = _EdgeColumns(n)
    cdef _Doubles medians = _Doubles(n)
    cdef _Doubles kept = _Doubles(n)
    cdef Py_ssize_t n_keep, zone, end, stop_after, n_after, k, i, cut_head, cut_tail, extend
    cdef long running_count, tail_count
    cdef double total, running_max, tail_max, value, log_median, body_indent
    cdef list head, tail, h_flag, h_cue, t_flag, t_cue, index, sides, distance
    cdef list outside, count, cue_between, zone_p, min_p, head_count, head_max, sums
    cdef list prefix_count, prefix_max, after, gains_head, gains_tail, gains_after, body
    cdef list extension
    cdef tuple gains
    for _ in range(rounds):
        seen = tuple(keep)
        moved = judged.get(seen)
        if moved is None:
            n_keep = len(keep)
            if n_keep < 2:
                break
            zone = min(zone_max, n_keep // 2)
            end = keep[n_keep - 1]
            head = keep[: zone + 1]
            tail = keep[n_keep - zone - 1 :]
            stop_after = min(limit, end + 1 + after_zone)
            n_after = stop_after - end - 1 if stop_after > end + 1 else 0
            # the kept blocks' words as doubles, and their total (``sum`` of those floats: the
            # first added to 0, then one after another; whole numbers, so exact)
            if n_keep > kept.size:
                kept = _Doubles(n_keep)
            total = 0.0
            for k in range(n_keep):
                i = keep[k]
                if i < 0 or i >= n:
                    raise IndexError("block out of range")
                kept.values[k] = <double>words[i]
                total += kept.values[k]
            if total == 0.0:  # ``sum(...) or 1.0``
                total = 1.0
            h_flag, h_cue = _heading_facts_typed(head, heads, found, words, texts, cues,
                                                 heading_words)
            t_flag, t_cue = _heading_facts_typed(tail, heads, found, words, texts, cues,
                                                 heading_words)
            outside, zone_p, min_p = [], [], []
            head_count = [0] * zone
            head_max = [0.0] * zone
            running_count = h_flag[zone]
            running_max = h_cue[zone]
            for k in range(zone - 1, -1, -1):
                head_count[k] = running_count
                head_max[k] = running_max
                running_count += <bint>h_flag[k]
                value = h_cue[k]
                if value > running_max:
                    running_max = value
            index = head[:zone]
            _outward_typed(index, words, probs, total, outside, zone_p, min_p)
            sides = [0] * zone
            distance = list(range(zone))
            count = head_count
            cue_between = head_max
            prefix_count, prefix_max = [0], [0.0]
            running_count, running_max = 0, 0.0
            for k in range(len(t_flag)):
                running_count += <bint>t_flag[k]
                value = t_cue[k]
                if not k or value > running_max:
                    running_max = value
                prefix_count.append(running_count)
                prefix_max.append(running_max)
            index += tail[zone:0:-1]
            _outward_typed(tail[zone:0:-1], words, probs, total, outside, zone_p, min_p)
            count += prefix_count[zone:0:-1]
            cue_between += prefix_max[zone:0:-1]
            sides += [1] * zone
            distance += range(zone)
            if n_keep > medians.size:
                medians = _Doubles(n_keep)
            for k in range(n_keep):
                i = keep[k]
                medians.values[k] = matrix[i, indent_column]
            body_indent = _median_in_place(medians.values, n_keep)
            for k in range(n_keep):
                medians.values[k] = kept.values[k]
            log_median = log1p(_median_in_place(medians.values, n_keep))
            sums = _edge_sums_typed(index, sides, distance, outside, count, cue_between, zone_p,
                                    min_p, log_median, body_indent, table, matrix, links,
                                    bullet, probs, words, edge, by_side, log1p_table)
            gains, after = _side_gains_typed(index, sides, probabilities(sums), words, bars,
                                             heft)
            gains_head, gains_tail, gains_after = gains
            if n_after and not _best_cut_of(gains_tail, True):
                # the tail stays, so the body may grow: now the blocks past the end count
                tail_count = prefix_count[len(prefix_count) - 1]
                tail_max = 0.0
                for value in t_cue:
                    if value > tail_max:
                        tail_max = value
                index = list(range(end + 1, stop_after))
                a_flag, a_cue = _heading_facts_typed(index, heads, found, words, texts, cues,
                                                     heading_words)
                count, cue_between, outside, zone_p, min_p = [], [], [], [], []
                running_count, running_max = tail_count, tail_max
                for k in range(n_after):
                    count.append(running_count)
                    cue_between.append(running_max)
                    running_count += <bint>a_flag[k]
                    value = a_cue[k]
                    if value > running_max:
                        running_max = value
                _outward_typed(index, words, probs, total, outside, zone_p, min_p)
                sides = [2] * n_after
                sums = _edge_sums_typed(index, sides, list(range(n_after)), outside, count,
                                        cue_between, zone_p, min_p, log_median, body_indent,
                                        table, matrix, links, bullet, probs, words, edge,
                                        by_side, log1p_table)
                more, after = _side_gains_typed(index, sides, probabilities(sums), words, bars,
                                                heft)
                gains_after.extend(more[2])
            # _edges_moved
            cut_head = _best_cut_of(gains_head, True)
            cut_tail = _best_cut_of(gains_tail, True)
            extension = []
            for k in range(len(after)):
                i = after[k]
                extension.append(0.0 if excluded[i] else gains_after[k])
            extend = _best_cut_of(extension, False)
            body = keep[cut_head : n_keep - cut_tail] if cut_tail else keep[cut_head:]
            if not cut_tail and extend:
                body = list(body)
                for k in range(extend):
                    i = after[k]
                    if not excluded[i]:
                        body.append(i)
            moved = judged[seen] = body if body else keep
        if moved == keep:
            break
        keep = moved
    return keep


# ---------------------------------------------------------------------------------------------
# Round twenty-two, branch text33: ``_dated`` skips to the code units that may be digits
# ---------------------------------------------------------------------------------------------
# ``_dated`` (``_DATED_RE.search``) tested every character as a possible first digit; most
# blocks hold no digit at all (perf: a fifth of ``end_cut_scores``). A match starts at a
# decimal digit (``re``'s ``\\d``: ``Py_UNICODE_ISDECIMAL``); below U+0660 only "0"-"9" are
# decimal (every code point tested in ``tests/test_text_compiled.py``), so the scan jumps,
# a vector of units at a time, to the next unit that is "0"-"9" or (two-byte text) U+0660 or
# above; the positions skipped could not start a match. Four-byte text is read as before.

cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    /* The first index from i of a byte "0"-"9", or where fewer than 16 are left. */
    static inline Py_ssize_t text33_digit_skip_1(const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n) {
        const __m128i zero = _mm_set1_epi8(0x30), nine = _mm_set1_epi8(9);
        while (i + 16 <= n) {
            __m128i t = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(s + i)), zero);
            int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, nine), t));
            if (mask) return i + __builtin_ctz((unsigned)mask);
            i += 16;
        }
        return i;
    }
    /* The first index from i of a unit "0"-"9" or >= U+0660, or where fewer than 8 are left. */
    static inline Py_ssize_t text33_digit_skip_2(const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n) {
        const __m128i flip = _mm_set1_epi16((short)0x8000), zero = _mm_set1_epi16(0x30);
        const __m128i ten = _mm_set1_epi16((short)(0x8000 ^ 10));
        const __m128i high = _mm_set1_epi16((short)(0x8000 ^ 0x065F));
        while (i + 8 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i digit = _mm_cmplt_epi16(_mm_xor_si128(_mm_sub_epi16(v, zero), flip), ten);
            __m128i wide = _mm_cmpgt_epi16(_mm_xor_si128(v, flip), high);
            int mask = _mm_movemask_epi8(_mm_or_si128(digit, wide));
            if (mask) return i + (__builtin_ctz((unsigned)mask) >> 1);
            i += 8;
        }
        return i;
    }
    #else
    #define text33_digit_skip_1(s, i, n) (i)
    #define text33_digit_skip_2(s, i, n) (i)
    #endif
    """
    Py_ssize_t _digit_skip_1 "text33_digit_skip_1" (const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _digit_skip_2 "text33_digit_skip_2" (const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil


cdef inline Py_ssize_t _digit_skip(int kind, const void *data, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """The first index from ``i`` whose unit may be a decimal digit, or where the vector scan
    stops (the caller tests from there as before); four-byte text: ``i``."""
    if kind == PyUnicode_1BYTE_KIND:
        return _digit_skip_1(<const Py_UCS1 *>data, i, n)
    if kind == PyUnicode_2BYTE_KIND:
        return _digit_skip_2(<const Py_UCS2 *>data, i, n)
    return i


def digit_skip(str text, Py_ssize_t start=0):
    """``_digit_skip`` from Python (tests)."""
    return _digit_skip(PyUnicode_KIND(text), PyUnicode_DATA(text), start,
                       PyUnicode_GET_LENGTH(text))


# ---------------------------------------------------------------------------------------------
# Round twenty-two, branch text33: ``normalise`` copies runs of plain characters
# ---------------------------------------------------------------------------------------------
# ``normalise``' two loops (the first character it changes, then the rewrite) tested and
# stored one character at a time; nearly all are printable ASCII or a newline, which it keeps.
# ``_plain_skip`` finds, a vector of units at a time, the next unit that is neither (a control
# character but "\\n", or U+007F and above), and the rewrite copies the run before it whole:
# every character it does not skip goes through ``_normal_form`` as before.

cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    /* The first index from i of a unit outside " ".."~" and "\\n", or where fewer than a
       vector's units are left. W: unit width; FLIP makes the unsigned range test signed. */
    #define TEXT33_PLAIN(W, T, SUB, EQ, LT, SET1, FLIP, LANES, SHIFT)                         \\
    static inline Py_ssize_t text33_plain_skip_##W(const T *s, Py_ssize_t i, Py_ssize_t n) {   \\
        const __m128i space = SET1(0x20), flip = SET1(FLIP), nl = SET1(0x0A);               \\
        const __m128i span = SET1((FLIP) ^ 0x5F);                                           \\
        while (i + LANES <= n) {                                                            \\
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));                          \\
            __m128i plain = _mm_or_si128(LT(_mm_xor_si128(SUB(v, space), flip), span),      \\
                                         EQ(v, nl));                                        \\
            int mask = _mm_movemask_epi8(plain) ^ 0xFFFF;                                   \\
            if (mask) return i + (__builtin_ctz((unsigned)mask) >> SHIFT);                  \\
            i += LANES;                                                                     \\
        }                                                                                   \\
        return i;                                                                           \\
    }
    TEXT33_PLAIN(1, Py_UCS1, _mm_sub_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_set1_epi8, (char)0x80, 16, 0)
    TEXT33_PLAIN(2, Py_UCS2, _mm_sub_epi16, _mm_cmpeq_epi16, _mm_cmplt_epi16, _mm_set1_epi16, (short)0x8000, 8, 1)
    TEXT33_PLAIN(4, Py_UCS4, _mm_sub_epi32, _mm_cmpeq_epi32, _mm_cmplt_epi32, _mm_set1_epi32, (int)0x80000000, 4, 2)
    #else
    #define text33_plain_skip_1(s, i, n) (i)
    #define text33_plain_skip_2(s, i, n) (i)
    #define text33_plain_skip_4(s, i, n) (i)
    #endif
    """
    Py_ssize_t _plain_skip_1 "text33_plain_skip_1" (const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _plain_skip_2 "text33_plain_skip_2" (const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _plain_skip_4 "text33_plain_skip_4" (const Py_UCS4 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil


cdef inline Py_ssize_t _plain_skip(const _unit *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """The first index from ``i`` of a unit that is no printable ASCII character and no
    newline, or where fewer than a vector's units are left (the caller reads on from there)."""
    if _unit is Py_UCS1:
        return _plain_skip_1(s, i, n)
    elif _unit is Py_UCS2:
        return _plain_skip_2(s, i, n)
    else:
        return _plain_skip_4(s, i, n)


cdef Py_ssize_t _first_special_runs(const _unit *data, Py_ssize_t n) noexcept nogil:
    """The index of the first character ``normalise`` changes (``_normal_form`` not 0), or -1;
    the plain runs skipped a vector at a time."""
    cdef Py_ssize_t i = 0
    cdef Py_UCS4 c
    while i < n:
        i = _plain_skip(data, i, n)
        if i >= n:
            break
        c = data[i]
        if (c < 0x20 or c >= 0x7F) and c != 0x0A and _normal_form(c):
            return i
        i += 1
    return -1


cdef Py_ssize_t _rewrite_runs(const _unit *data, Py_ssize_t n, Py_ssize_t first,
                              _unit *out) noexcept nogil:
    """Writes the normalised characters of ``data`` into ``out`` (room for the tabs' spaces
    past ``first``), each run of plain characters copied whole; returns how many."""
    cdef Py_ssize_t i = first, at = first, j
    cdef Py_UCS4 c
    cdef int form
    memcpy(out, data, first * sizeof(_unit))
    while i < n:
        j = _plain_skip(data, i, n)
        if j > i:
            memcpy(out + at, data + i, (j - i) * sizeof(_unit))
            at += j - i
            i = j
            if i >= n:
                break
        c = data[i]
        form = 0 if (0x20 <= c < 0x7F or c == 0x0A) else _normal_form(c)
        if form == 0:
            out[at] = data[i]
            at += 1
        elif form == 2:
            out[at] = 0x20
            at += 1
        elif form == 3:
            if i + 1 >= n or data[i + 1] != 0x0A:  # "\r\n": the "\n" is written next
                out[at] = 0x0A
                at += 1
        elif form == 4:
            out[at] = 0x20
            out[at + 1] = 0x20
            out[at + 2] = 0x20
            out[at + 3] = 0x20
            at += 4
        i += 1
    return at


# ---------------------------------------------------------------------------------------------
# Round twenty-two, branch text33: ``scan_spans`` finds and counts newlines a vector at a time
# ---------------------------------------------------------------------------------------------
# ``scan_spans`` counted the text's newlines, then found each line's end, one unit at a time
# (lines of ~70 characters). Both now compare a vector of units with "\\n" at once: the
# same count and the same line ends.

cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    /* The set bits of a 16-bit mask (no popcnt instruction assumed: a libgcc call). */
    static inline int text33_pop16(unsigned x) {
        x = x - ((x >> 1) & 0x5555u);
        x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
        x = (x + (x >> 4)) & 0x0F0Fu;
        return (int)((x + (x >> 8)) & 0x1Fu);
    }
    #define TEXT33_NEWLINES(W, T, EQ, SET1, LANES, SHIFT)                                       \\
    /* The first index from i of a "\\n", or where fewer than a vector's units are left. */    \\
    static inline Py_ssize_t text33_newline_skip_##W(const T *s, Py_ssize_t i, Py_ssize_t n) {  \\
        const __m128i nl = SET1(0x0A);                                                       \\
        while (i + LANES <= n) {                                                             \\
            int mask = _mm_movemask_epi8(EQ(_mm_loadu_si128((const __m128i *)(s + i)), nl)); \\
            if (mask) return i + (__builtin_ctz((unsigned)mask) >> SHIFT);                   \\
            i += LANES;                                                                      \\
        }                                                                                    \\
        return i;                                                                            \\
    }                                                                                        \\
    /* How many "\\n" in s[0:n]. */                                                            \\
    static inline Py_ssize_t text33_newline_count_##W(const T *s, Py_ssize_t n) {             \\
        const __m128i nl = SET1(0x0A);                                                       \\
        Py_ssize_t i = 0, count = 0;                                                         \\
        for (; i + LANES <= n; i += LANES)                                                   \\
            count += text33_pop16(      (unsigned)_mm_movemask_epi8(                          \\
                EQ(_mm_loadu_si128((const __m128i *)(s + i)), nl))) >> SHIFT;                 \\
        for (; i < n; i++)                                                                   \\
            count += s[i] == 0x0A;                                                           \\
        return count;                                                                        \\
    }
    TEXT33_NEWLINES(1, Py_UCS1, _mm_cmpeq_epi8, _mm_set1_epi8, 16, 0)
    TEXT33_NEWLINES(2, Py_UCS2, _mm_cmpeq_epi16, _mm_set1_epi16, 8, 1)
    TEXT33_NEWLINES(4, Py_UCS4, _mm_cmpeq_epi32, _mm_set1_epi32, 4, 2)
    #else
    #define text33_newline_skip_1(s, i, n) (i)
    #define text33_newline_skip_2(s, i, n) (i)
    #define text33_newline_skip_4(s, i, n) (i)
    #define TEXT33_COUNT(T)                                                                   \\
    static inline Py_ssize_t text33_newline_count_##T(const Py_UCS##T *s, Py_ssize_t n) {      \\
        Py_ssize_t i, count = 0;                                                             \\
        for (i = 0; i < n; i++) count += s[i] == 0x0A;                                       \\
        return count;                                                                        \\
    }
    TEXT33_COUNT(1)
    TEXT33_COUNT(2)
    TEXT33_COUNT(4)
    #endif
    """
    Py_ssize_t _newline_skip_1 "text33_newline_skip_1" (const Py_UCS1 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _newline_skip_2 "text33_newline_skip_2" (const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _newline_skip_4 "text33_newline_skip_4" (const Py_UCS4 *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil
    Py_ssize_t _newline_count_1 "text33_newline_count_1" (const Py_UCS1 *s, Py_ssize_t n) noexcept nogil
    Py_ssize_t _newline_count_2 "text33_newline_count_2" (const Py_UCS2 *s, Py_ssize_t n) noexcept nogil
    Py_ssize_t _newline_count_4 "text33_newline_count_4" (const Py_UCS4 *s, Py_ssize_t n) noexcept nogil


cdef inline Py_ssize_t _newline_skip(const _unit *s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """The first index from ``i`` of a newline, or where fewer than a vector's units are left
    (the caller reads on from there)."""
    if _unit is Py_UCS1:
        return _newline_skip_1(s, i, n)
    elif _unit is Py_UCS2:
        return _newline_skip_2(s, i, n)
    else:
        return _newline_skip_4(s, i, n)


cdef inline Py_ssize_t _newlines_counted(const _unit *s, Py_ssize_t n) noexcept nogil:
    """How many newlines ``s[:n]`` holds, counted a vector at a time."""
    if _unit is Py_UCS1:
        return _newline_count_1(s, n)
    elif _unit is Py_UCS2:
        return _newline_count_2(s, n)
    else:
        return _newline_count_4(s, n)


cdef inline void _ascii_bits(str chars, uint64_t *bits) noexcept:
    """The ASCII characters of ``chars`` as bits of two 64-bit words."""
    cdef unsigned int c  # not Py_UCS4: Cython makes "c >> 6" a str operation
    bits[0] = bits[1] = 0
    for ch in chars:
        c = <Py_UCS4>ch
        if c < 128:
            bits[c >> 6] |= (<uint64_t>1) << (c & 63)


cdef inline bint _ascii_bit(const uint64_t *bits, unsigned int c) noexcept:
    """Whether the ASCII character ``c`` (< 128) is among ``_ascii_bits``' characters."""
    return (bits[c >> 6] >> (c & 63)) & 1



cdef enum:
    _BLEND_TREES = 64  # the most trees ``blend_exponents`` sums


def blend_average(const double[::1] exps):
    """The blend's probabilities from ``exp`` of ``blend_exponents``' array (numpy's ``exp``,
    whose SIMD rounding libm's may not match): ``(1 / (1 + e) + 1 / (1 + t)) * 0.5`` row by
    row, ``e`` the logistic's half, ``t`` the trees'; the ufuncs' IEEE steps in their order."""
    cdef Py_ssize_t n = exps.shape[0] // 2, i
    if exps.shape[0] != 2 * n:
        raise ValueError("two exponentials a row")
    probs = np.empty(n)
    cdef double[::1] out = probs
    with nogil:
        for i in range(n):
            out[i] = (1.0 / (exps[i] + 1.0) + 1.0 / (exps[n + i] + 1.0)) * 0.5
    return probs


cdef extern from *:
    """
    /* One tree's leaves for every row (``blend_exponents``): each test ANDs its leaf mask
       into the rows whose float32 value is not <= its threshold, then the lowest bit left
       names the leaf. Plain loops the compiler vectorizes; on x86-64 GCC also builds an AVX2
       copy, picked at load time where the processor has it (the same comparisons, so the
       same leaves). */
    #if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
    __attribute__((target_clones("avx2", "default")))
    #endif
    static void scraper_quick_tree(
        const float *columns, Py_ssize_t rows, Py_ssize_t start, Py_ssize_t end,
        const int *feature, const float *threshold, const unsigned int *mask,
        const double *leaf, unsigned int *bits, double *found)
    {
        Py_ssize_t row, node;
        for (row = 0; row < rows; row++) bits[row] = 0xFFFFFFFFu;
        for (node = start; node < end; node++) {
            const float *column = columns + (Py_ssize_t)feature[node] * rows;
            const float limit = threshold[node];
            const unsigned int m = mask[node];
            for (row = 0; row < rows; row++)
                bits[row] &= m | (0u - (unsigned int)(column[row] <= limit));
        }
        for (row = 0; row < rows; row++) found[row] = leaf[__builtin_ctz(bits[row])];
    }
    """
    void scraper_quick_tree(
        const float *columns,
        Py_ssize_t rows,
        Py_ssize_t start,
        Py_ssize_t end,
        const int *feature,
        const float *threshold,
        const unsigned int *mask,
        const double *leaf,
        unsigned int *bits,
        double *found,
    ) nogil


cdef class QuickLayout:
    """``model.quick_arrays``' trees held for ``blend_exponents``: (each tree's first test, the
    tests' feature, threshold and leaf mask, the leaf values, leaves a tree), checked once and
    read through pointers, so a call acquires no buffer of the model's (it keeps the arrays)."""

    cdef object _arrays
    cdef const Py_ssize_t *start
    cdef const int *feature
    cdef const float *threshold
    cdef const unsigned int *mask
    cdef const double *leaf
    cdef const unsigned char *read
    cdef Py_ssize_t trees, nodes, leaves, columns

    def __cinit__(
        self,
        object node_start,
        object node_feature,
        object node_threshold,
        object node_mask,
        object leaf_value,
        Py_ssize_t leaves,
    ):
        cdef const Py_ssize_t[::1] start = node_start
        cdef const int[::1] feature = node_feature
        cdef const float[::1] threshold = node_threshold
        cdef const unsigned int[::1] mask = node_mask
        cdef const double[::1] leaf = leaf_value
        cdef Py_ssize_t trees = start.shape[0] - 1, nodes = feature.shape[0], i, columns = 0
        if trees < 1 or trees > _BLEND_TREES or leaves < 1 or leaves > 32:
            raise ValueError("between 1 and 64 trees of at most 32 leaves")
        if threshold.shape[0] != nodes or mask.shape[0] != nodes:
            raise ValueError("one threshold and mask a test")
        if leaf.shape[0] != trees * leaves:
            raise ValueError("leaf values of another size")
        if start[0] != 0 or start[trees] != nodes:
            raise ValueError("tests out of order")
        for i in range(trees):
            if start[i] > start[i + 1]:
                raise ValueError("tests out of order")
        for i in range(nodes):
            if feature[i] < 0:
                raise ValueError("a test reads a negative column")
            if feature[i] + 1 > columns:
                columns = feature[i] + 1
        read = np.zeros(max(columns, 1), dtype=np.uint8)
        for i in range(nodes):
            read[feature[i]] = 1
        cdef const unsigned char[::1] reads = read
        # the arrays as given (C-contiguous, of these types: the memoryviews above hold them)
        self._arrays = (node_start, node_feature, node_threshold, node_mask, leaf_value, read)
        self.start = &start[0]
        self.feature = &feature[0] if nodes else NULL
        self.threshold = &threshold[0] if nodes else NULL
        self.mask = &mask[0] if nodes else NULL
        self.leaf = &leaf[0]
        self.read = &reads[0]
        self.trees, self.nodes, self.leaves, self.columns = trees, nodes, leaves, columns


def blend_exponents(
    const double[::1] z, const double[:, ::1] matrix, QuickLayout layout, double baseline
):
    """What ``textmodel.BlendModel`` takes ``exp`` of, as one array of ``2 * rows``: first the
    logistic's ``z`` (``matrix @ weights``) clipped to +-30 and negated (``clip_negate``), then
    the trees' ``-(baseline + found.sum(axis=1))`` (``TreeModel.scores``' raw score, negated),
    so that one numpy ``exp`` serves both curves (``blend_average`` ends them).

    The trees run on the float64 ``matrix`` itself, by the leaves' bit masks (QuickScorer,
    Lucchese et al. 2015) instead of a walk: test by test, every row at once.

    The same doubles as the numpy steps: each value read as float32 (what the float32 copy of
    the matrix holds) against the float32 threshold, the same leaves as the walk, a row's leaf
    values summed in numpy's pairwise order (fewer than 8: one by one; else eight running sums
    over whole blocks of 8, paired, then the rest one by one); no (rows, trees) array returned.

    Tree ``t``'s tests are ``layout``'s ``start[t]:start[t + 1]``; each row starts with all its
    leaves' bits set and a test it fails (value read as float32 not <= threshold, NaN too)
    clears the leaves of its left subtree (the test's mask); the lowest bit left is the leaf
    the walk ends on (``model.quick_arrays``). A test loop is one compare and one AND per row,
    the compiler's vector loop: no chain of dependent loads as in a walk."""
    cdef Py_ssize_t rows = matrix.shape[0]
    cdef Py_ssize_t width = matrix.shape[1]
    cdef Py_ssize_t trees = layout.trees, leaves = layout.leaves
    if z.shape[0] != rows:
        raise ValueError("one logistic sum a row")
    if layout.columns > width:
        raise ValueError("a test reads a column the matrix lacks")
    exponents = np.empty(2 * rows)
    cdef double[::1] out = exponents
    if rows == 0:
        return exponents
    cdef const unsigned char *read = layout.read
    cdef Py_ssize_t i
    cdef float *columns = <float *>PyMem_Malloc(width * rows * sizeof(float))
    cdef unsigned int *bits = <unsigned int *>PyMem_Malloc(rows * sizeof(unsigned int))
    cdef double *found = <double *>PyMem_Malloc(trees * rows * sizeof(double))
    if columns == NULL or bits == NULL or found == NULL:
        PyMem_Free(columns)
        PyMem_Free(bits)
        PyMem_Free(found)
        raise MemoryError()
    cdef const double *base = &matrix[0, 0]
    cdef Py_ssize_t row, tree, f, j, first, last
    cdef double r[8]
    cdef double total, v
    with nogil:
        for row in range(rows):
            v = z[row]
            if v < -30.0:
                v = -30.0
            elif v > 30.0:
                v = 30.0
            out[row] = -v
        # the float32 columns the tests read, 16 rows at a time (their lines stay in the first
        # level cache while each column's 16 values are written, one line of floats)
        for first in range(0, rows, 16):
            last = first + 16 if first + 16 < rows else rows
            for f in range(layout.columns):
                if not read[f]:
                    continue
                for row in range(first, last):
                    columns[f * rows + row] = <float>base[row * width + f]
        for tree in range(trees):
            scraper_quick_tree(
                columns,
                rows,
                layout.start[tree],
                layout.start[tree + 1],
                layout.feature,
                layout.threshold,
                layout.mask,
                layout.leaf + tree * leaves,
                bits,
                found + tree * rows,
            )
        for row in range(rows):
            if trees < 8:
                total = 0.0
                for j in range(trees):
                    total += found[j * rows + row]
            else:
                for j in range(8):
                    r[j] = found[j * rows + row]
                j = 8
                while j < trees - (trees % 8):
                    for i in range(8):
                        r[i] += found[(j + i) * rows + row]
                    j += 8
                total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                while j < trees:
                    total += found[j * rows + row]
                    j += 1
            out[rows + row] = -(baseline + total)
    PyMem_Free(columns)
    PyMem_Free(bits)
    PyMem_Free(found)
    return exponents


# ---- round twenty-four (branch speed41): the block model's leaf values summed in the walk ----

def heap_leaf_sums(
    const float[:, ::1] values,
    const int[::1] feature,
    const float[::1] threshold,
    const double[::1] leaf_value,
    Py_ssize_t depth,
):
    """``heap_leaf_values(...).sum(axis=1)``: each row's leaf values summed as numpy sums a
    row of fewer than 128 (fewer than 8: one by one from 0.0; else eight running sums over
    whole blocks of 8, paired, then the rest one by one, as ``blend_exponents`` sums them),
    without the (rows, trees) array: eight rows walk every tree (``heap_leaf_values``' walk,
    the same leaves) into a small buffer, then are summed. None for 128 trees or more (numpy's
    pairwise sum splits those: the caller sums ``heap_leaf_values``)."""
    cdef Py_ssize_t rows = values.shape[0]
    cdef Py_ssize_t inner = (<Py_ssize_t>1 << depth) - 1
    cdef Py_ssize_t trees = feature.shape[0] // inner if inner > 0 else 0
    if inner <= 0 or feature.shape[0] != trees * inner or threshold.shape[0] != trees * inner:
        raise ValueError("heap arrays of another depth")
    if leaf_value.shape[0] != trees * (inner + 1):
        raise ValueError("heap leaf values of another depth")
    if trees >= 128:
        return None
    sums = np.empty(rows, dtype=np.float64)
    cdef double[::1] out = sums
    cdef Py_ssize_t width = values.shape[1]
    cdef const float* base = &values[0, 0] if rows and width else NULL
    cdef const int* feat
    cdef const float* thr
    cdef const double* leaf
    cdef Py_ssize_t row, tree, step, k, j, i, block
    cdef Py_ssize_t a[8]
    cdef const float* v[8]
    cdef double found[8][128]
    cdef double r[8]
    cdef double total
    if rows == 0:
        return sums
    with nogil:
        row = 0
        while row < rows:
            block = 8 if row + 8 <= rows else rows - row
            for tree in range(trees):
                feat = &feature[tree * inner]
                thr = &threshold[tree * inner]
                leaf = &leaf_value[tree * (inner + 1)]
                if block == 8:
                    for k in range(8):
                        v[k] = base + (row + k) * width
                        a[k] = 0
                    for step in range(depth):
                        for k in range(8):
                            a[k] = 2 * a[k] + 1 + <Py_ssize_t>(not (v[k][feat[a[k]]] <= thr[a[k]]))
                    for k in range(8):
                        found[k][tree] = leaf[a[k] - inner]
                else:
                    for k in range(block):
                        v[0] = base + (row + k) * width
                        a[0] = 0
                        for step in range(depth):
                            a[0] = 2 * a[0] + 1 + <Py_ssize_t>(not (v[0][feat[a[0]]] <= thr[a[0]]))
                        found[k][tree] = leaf[a[0] - inner]
            for k in range(block):
                if trees < 8:
                    total = 0.0
                    for j in range(trees):
                        total += found[k][j]
                else:
                    for j in range(8):
                        r[j] = found[k][j]
                    j = 8
                    while j < trees - (trees % 8):
                        for i in range(8):
                            r[i] += found[k][j + i]
                        j += 8
                    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                    while j < trees:
                        total += found[k][j]
                        j += 1
                out[row + k] = total
            row += block
    return sums
