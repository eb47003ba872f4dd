# The boosted trees' walk on one feature row, for the compiled modules that include this file
# (_chead.pyx: the start cut, _ctext.pyx: the end cut, _cdecode.pyx: the decoder's gate): one
# copy of ``TreeModel``'s walk, so the three cannot drift apart.


cdef struct _FlatTrees:
    # ``TreeModel``'s flat arrays (``_feature``, ``_threshold``, ``_children``, ``_values``,
    # ``_roots``), its depth and baseline
    const Py_ssize_t *feature
    const float *threshold
    const Py_ssize_t *children
    const double *values
    const Py_ssize_t *roots
    Py_ssize_t count
    Py_ssize_t depth
    double baseline


cdef int _flat_trees(_FlatTrees *t, object trees, Py_ssize_t row_width, str message) except -1:
    """Point ``t`` at the arrays of ``trees`` (a ``TreeModel`` on rows of ``row_width`` columns
    whose first, the bias, it does not read; ValueError(``message``) otherwise). The arrays
    belong to ``trees``: the pointers hold while the caller holds it."""
    cdef const Py_ssize_t[::1] feature = trees._feature
    cdef const float[::1] threshold = trees._threshold
    cdef const Py_ssize_t[::1] children = trees._children
    cdef const double[::1] values = trees._values
    cdef const Py_ssize_t[::1] roots = trees._roots
    if roots.shape[0] == 0 or trees._columns > row_width - 1:
        raise ValueError(message)
    t.feature, t.threshold, t.children = &feature[0], &threshold[0], &children[0]
    t.values, t.roots = &values[0], &roots[0]
    t.count, t.depth, t.baseline = roots.shape[0], trees.depth, trees.baseline
    return 0


cdef inline double _flat_trees_raw(const _FlatTrees *t, const double *row) noexcept nogil:
    """The trees' raw score of one row (the bias column not read): ``TreeModel``'s walk
    (float32 against float32, a leaf its own child), leaf values summed in tree order."""
    cdef Py_ssize_t tree, step, node
    cdef double total = 0.0
    for tree in range(t.count):
        node = t.roots[tree]
        for step in range(t.depth):
            node = t.children[2 * node + (0 if <float>row[t.feature[node] + 1] <= t.threshold[node] else 1)]
        total += t.values[node]
    return t.baseline + total
