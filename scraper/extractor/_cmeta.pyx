# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""The metadata rankers' two per-page loops in C: same answers, less CPU.

- ``Trees``: the gradient-boosted trees of ``meta_model`` walked over C arrays. The same
  comparisons (``value <= threshold`` on IEEE doubles) and the same additions in the same
  order as ``FieldModel._walk_trees`` and the generated Python function, so the score is the
  same float; a feature value that is not a float, a bool or an int a double holds exactly
  (or a features object that is not a dict) goes to the Python function given.
- ``word_hits``: ``metadata._common_words_in_bytes``' search for " word" followed by a word
  end, every word in one pass over the body's bytes instead of a ``bytes.find`` scan per word.

Optional (setup.py builds it when it can); without it the Python code runs. Tests pin both
to their Python twins.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_CheckExact, PyDict_GetItem
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_CheckExact
from cpython.long cimport PyLong_AsLongLongAndOverflow, PyLong_CheckExact
from cpython.bool cimport PyBool_Check
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.ref cimport PyObject
from libc.string cimport memchr, memcmp, memset

# an int a double holds exactly: |v| <= 2**53
cdef long long _EXACT_INT = 9007199254740992LL


cdef class Trees:
    """One field's trees as flat arrays: node ``i`` reads feature ``feature[i]`` (-1: a leaf)
    and goes to ``left[i]`` when its value is ``<= threshold[i]``, else to ``right[i]``; a
    leaf adds ``leaf[i]``. ``roots`` index each tree's first node."""

    cdef int n_nodes, n_trees, n_names
    cdef int* feature
    cdef int* left
    cdef int* right
    cdef int* roots
    cdef double* threshold
    cdef double* leaf
    cdef double* values
    cdef double bias
    cdef tuple names
    cdef object fallback

    def __cinit__(self):
        self.feature = self.left = self.right = self.roots = NULL
        self.threshold = self.leaf = self.values = NULL

    def __init__(self, double bias, trees, fallback):
        """``trees``: ``meta_model``'s tuples of (name or None, threshold, left, right, leaf)
        nodes, child indexes within the tree; ``fallback(features)``: the Python scorer."""
        names = sorted({node[0] for nodes in trees for node in nodes if node[0] is not None})
        index = {name: i for i, name in enumerate(names)}
        total = sum(len(nodes) for nodes in trees)
        self.n_nodes = total
        self.n_trees = len(trees)
        self.n_names = len(names)
        self.names = tuple(names)
        self.bias = bias
        self.fallback = fallback
        self.feature = <int*>PyMem_Malloc(max(total, 1) * sizeof(int))
        self.left = <int*>PyMem_Malloc(max(total, 1) * sizeof(int))
        self.right = <int*>PyMem_Malloc(max(total, 1) * sizeof(int))
        self.roots = <int*>PyMem_Malloc(max(self.n_trees, 1) * sizeof(int))
        self.threshold = <double*>PyMem_Malloc(max(total, 1) * sizeof(double))
        self.leaf = <double*>PyMem_Malloc(max(total, 1) * sizeof(double))
        self.values = <double*>PyMem_Malloc(max(self.n_names, 1) * sizeof(double))
        if (
            self.feature is NULL or self.left is NULL or self.right is NULL or self.roots is NULL
            or self.threshold is NULL or self.leaf is NULL or self.values is NULL
        ):
            raise MemoryError()
        cdef int base = 0, t = 0, i, size
        for nodes in trees:
            size = len(nodes)
            self.roots[t] = base
            for i in range(size):
                node = nodes[i]
                if node[0] is None:
                    self.feature[base + i] = -1
                    self.left[base + i] = self.right[base + i] = 0
                    self.leaf[base + i] = node[4]
                    self.threshold[base + i] = 0.0
                else:
                    if not (0 <= node[2] < size and 0 <= node[3] < size):
                        raise ValueError("a child outside its tree")
                    self.feature[base + i] = index[node[0]]
                    self.threshold[base + i] = node[1]
                    self.left[base + i] = base + node[2]
                    self.right[base + i] = base + node[3]
                    self.leaf[base + i] = 0.0
            base += size
            t += 1

    def __dealloc__(self):
        PyMem_Free(self.feature)
        PyMem_Free(self.left)
        PyMem_Free(self.right)
        PyMem_Free(self.roots)
        PyMem_Free(self.threshold)
        PyMem_Free(self.leaf)
        PyMem_Free(self.values)

    def score(self, features):
        """The trees' sum for a candidate's features (a missing feature reads 0.0)."""
        if not PyDict_CheckExact(features):
            return self.fallback(features)
        cdef int i, node, steps
        cdef PyObject* found
        cdef long long whole
        cdef int overflow
        for i in range(self.n_names):
            found = PyDict_GetItem(features, self.names[i])
            if found is NULL:
                self.values[i] = 0.0
            elif PyFloat_CheckExact(<object>found):
                self.values[i] = PyFloat_AS_DOUBLE(<object>found)
            elif PyLong_CheckExact(<object>found) or PyBool_Check(<object>found):
                whole = PyLong_AsLongLongAndOverflow(<object>found, &overflow)
                if overflow or whole > _EXACT_INT or whole < -_EXACT_INT:
                    return self.fallback(features)
                self.values[i] = <double>whole
            else:  # (a float subclass, None, a string...: Python compares as it does)
                return self.fallback(features)
        cdef double total = self.bias
        for i in range(self.n_trees):
            node = self.roots[i]
            steps = 0
            while self.feature[node] >= 0:
                if self.values[self.feature[node]] <= self.threshold[node]:
                    node = self.left[node]
                else:
                    node = self.right[node]
                steps += 1
                if steps > self.n_nodes:  # a cycle: not a tree
                    return self.fallback(features)
            total += self.leaf[node]
        return total


def word_hits(bytes data, list probes, Py_ssize_t most):
    """For each probe (b" " + a word's UTF-8 bytes, no other space byte): whether one of its
    first ``most`` occurrences in ``data`` ends the data or is followed by a word end (an
    ASCII one of `` \\n\\t,.;:!?)`` or a no-break space's two bytes). None when a probe is not
    of that form (the caller's ``bytes.find`` loop reads it). The occurrences of a probe
    cannot overlap (it holds one space, its first byte), so counting them at each space of one
    pass gives the find loop's occurrences, in its order."""
    cdef Py_ssize_t k = len(probes), n = PyBytes_GET_SIZE(data), i, j, end, length
    cdef const unsigned char* text = <const unsigned char*>PyBytes_AS_STRING(data)
    cdef const unsigned char* word
    cdef const unsigned char* at
    cdef unsigned char firsts[256]
    cdef unsigned char ends[256]
    cdef unsigned char c
    result = [False] * k
    if k == 0:
        return result
    for probe in probes:
        if type(probe) is not bytes:
            return None
        length = PyBytes_GET_SIZE(probe)
        word = <const unsigned char*>PyBytes_AS_STRING(probe)
        if length < 2 or word[0] != 32 or memchr(word + 1, 32, length - 1) is not NULL:
            return None
    cdef Py_ssize_t* counts = <Py_ssize_t*>PyMem_Malloc(k * sizeof(Py_ssize_t))
    cdef Py_ssize_t* lengths = <Py_ssize_t*>PyMem_Malloc(k * sizeof(Py_ssize_t))
    cdef const unsigned char** words = <const unsigned char**>PyMem_Malloc(
        k * sizeof(const unsigned char*)
    )
    cdef unsigned char* done = <unsigned char*>PyMem_Malloc(k)
    if counts is NULL or done is NULL or lengths is NULL or words is NULL:
        PyMem_Free(counts)
        PyMem_Free(lengths)
        PyMem_Free(words)
        PyMem_Free(done)
        raise MemoryError()
    memset(firsts, 0, 256)
    memset(ends, 0, 256)
    for c in b" \n\t,.;:!?)":
        ends[c] = 1
    cdef Py_ssize_t open_ = k
    for j in range(k):
        counts[j] = 0
        done[j] = 0
        words[j] = <const unsigned char*>PyBytes_AS_STRING(probes[j])
        lengths[j] = PyBytes_GET_SIZE(probes[j])
        firsts[words[j][1]] = 1
    if most <= 0:
        open_ = 0
    i = 0
    try:
        while open_ > 0 and i + 1 < n:
            if text[i] == 32 and firsts[text[i + 1]]:
                for j in range(k):
                    if done[j]:
                        continue
                    length = lengths[j]
                    word = words[j]
                    if i + length > n or word[1] != text[i + 1]:
                        continue
                    if memcmp(text + i + 1, word + 1, length - 1) != 0:
                        continue
                    end = i + length
                    counts[j] += 1
                    if (
                        end >= n
                        or ends[text[end]]
                        or (text[end] == 0xC2 and end + 1 < n and text[end + 1] == 0xA0)
                    ):
                        result[j] = True
                        done[j] = 1
                        open_ -= 1
                    elif counts[j] >= most:
                        done[j] = 1
                        open_ -= 1
            i += 1
    finally:
        PyMem_Free(counts)
        PyMem_Free(lengths)
        PyMem_Free(words)
        PyMem_Free(done)
    return result
