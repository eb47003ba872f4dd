# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""The metadata rankers' two per-page loops in C: same answers, less CPU.

- ``Trees``: the gradient-boosted trees of ``meta_model`` walked over C arrays. The same
  comparisons (``value <= threshold`` on IEEE doubles) and the same additions in the same
  order as ``FieldModel._walk_trees`` and the generated Python function, so the score is the
  same float; a feature value that is not a float, a bool or an int a double holds exactly
  (or a features object that is not a dict) goes to the Python function given.
- ``word_hits``: ``metadata._common_words_in_bytes``' search for " word" followed by a word
  end, every word in one pass over the body's bytes instead of a ``bytes.find`` scan per word.
- ``name_child`` and ``short_pieces``: ``authorscan._names``' search for an author element's
  name child and its text pieces (``itertext`` with each piece's spaces collapsed), read from
  the nodes; an author box whose text is too long to be a name stops as soon as that is known.

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
from libc.string cimport memchr, memcmp, memcpy, memset, strcmp, strlen, strstr
from cpython.unicode cimport PyUnicode_DecodeUTF8

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

cetree.import_lxml__etree()

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


cdef inline bint _ascii_space(unsigned char c) noexcept nogil:
    """Python's ASCII whitespace (``str.split``, the ``\\s`` of a str pattern)."""
    return c == 32 or (9 <= c <= 13) or (28 <= c <= 31)


cdef inline bint _name_sep(unsigned char c) noexcept nogil:
    return c == 45 or c == 95 or _ascii_space(c)  # "-", "_", whitespace


cdef inline bint _word_at(const unsigned char* s, Py_ssize_t i, Py_ssize_t n, const char* word) noexcept nogil:
    """``word`` (lower-case ASCII) at ``s[i:]`` in any case, followed by the end or a separator."""
    cdef Py_ssize_t k = 0
    cdef unsigned char c
    while word[k] != 0:
        if i + k >= n:
            return False
        c = s[i + k]
        if 65 <= c <= 90:
            c += 32
        if c != <unsigned char>word[k]:
            return False
        k += 1
    return i + k == n or _name_sep(s[i + k])


cdef int _ascii_names_child(const unsigned char* s) noexcept nogil:
    """``authorscan._NAME_CHILD_RE.search`` on an ASCII class string: 1 found, 0 not, -1 the
    string is not ASCII (Python's case folding and ``\\s`` then decide)."""
    cdef Py_ssize_t n = 0, i
    while s[n] != 0:
        if s[n] >= 128:
            return -1
        n += 1
    for i in range(n):
        if i == 0 or _name_sep(s[i - 1]):
            if (
                _word_at(s, i, n, b"name") or _word_at(s, i, n, b"fn")
                or _word_at(s, i, n, b"nickname") or _word_at(s, i, n, b"p-name")
            ):
                return 1
    return 0


cdef inline tree.xmlNode* _next_in(tree.xmlNode* node, tree.xmlNode* top) noexcept nogil:
    """The node after ``node``'s subtree in document order, within ``top`` (NULL: done)."""
    while node is not NULL and node is not top:
        if node.next is not NULL:
            return node.next
        node = node.parent
    return NULL


def ascii_names_child(bytes classes):
    """``_ascii_names_child`` for the tests: 1, 0, or -1 (not ASCII)."""
    return _ascii_names_child(<const unsigned char*>PyBytes_AS_STRING(classes))




include "_attribute.pxi"


cdef object _class_id_words(tree.xmlNode* node):
    """The node's class and id as one text, "class id" (an absent one empty), as Python joins
    them; "" when neither has a value; None when either is not one text node (Python reads
    the element)."""
    cdef const unsigned char* classes = NULL  # read only when its attribute is there
    cdef const unsigned char* ident = NULL
    cdef int has_class = _attribute(node, b"class", &classes)
    cdef int has_id = _attribute(node, b"id", &ident)
    if has_class < 0 or has_id < 0:
        return None
    if not ((has_class and classes[0] != 0) or (has_id and ident[0] != 0)):
        return ""
    return (
        PyUnicode_DecodeUTF8(<const char*>classes, strlen(<const char*>classes), NULL)
        if has_class else ""
    ) + " " + (
        PyUnicode_DecodeUTF8(<const char*>ident, strlen(<const char*>ident), NULL)
        if has_id else ""
    )


def name_child(cetree._Element element, names_child):
    """``authorscan._names``' loop: the first descendant element (document order) whose
    ``itemprop`` is "name" or whose class ``names_child`` passes (an ASCII class is tested
    here, ``_NAME_CHILD_RE``'s words; another goes to ``names_child``), else None; False
    when an attribute is not one text node (the caller reads it in Python)."""
    cdef tree.xmlNode* top = element._c_node
    cdef tree.xmlNode* node = top.children
    cdef const unsigned char* value
    cdef int found, verdict
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.properties is not NULL:
                found = _attribute(node, b"itemprop", &value)
                if found < 0:
                    return False
                if found and strcmp(<const char*>value, b"name") == 0:
                    return cetree.elementFactory(element._doc, node)
                found = _attribute(node, b"class", &value)
                if found < 0:
                    return False
                if found and value[0] != 0:
                    verdict = _ascii_names_child(value)
                    if verdict < 0:
                        text = PyUnicode_DecodeUTF8(<const char*>value, len(<const char*>value), NULL)
                        verdict = 1 if names_child(text) else 0
                    if verdict:
                        return cetree.elementFactory(element._doc, node)
            if node.children is not NULL:
                node = node.children
                continue
        node = _next_in(node, top)
    return None


cdef struct _Pieces:
    unsigned char* buffer
    Py_ssize_t size
    Py_ssize_t capacity
    Py_ssize_t solid  # code points that are not whitespace, all pieces
    Py_ssize_t start  # where the current piece starts in the buffer
    bint pending_space  # a space run inside the piece, written before its next word


cdef int _grow(_Pieces* p, Py_ssize_t more) except -1:
    cdef Py_ssize_t want = p.size + more
    cdef unsigned char* bigger
    if want <= p.capacity:
        return 0
    want = max(want, p.capacity * 2, 256)
    bigger = <unsigned char*>PyMem_Malloc(want)
    if bigger is NULL:
        raise MemoryError()
    if p.size:
        memcpy(bigger, p.buffer, p.size)
    PyMem_Free(p.buffer)
    p.buffer = bigger
    p.capacity = want
    return 0


cdef inline Py_ssize_t _wide_space(const unsigned char* s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """Bytes of the non-ASCII whitespace code point at ``s[i]`` (``str.isspace``: U+0085,
    U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), else 0."""
    cdef unsigned char a = s[i], b, c
    if a == 0xC2 and i + 1 < n:
        b = s[i + 1]
        return 2 if b == 0x85 or b == 0xA0 else 0
    if i + 2 >= n:
        return 0
    b = s[i + 1]
    c = s[i + 2]
    if a == 0xE1:
        return 3 if b == 0x9A and c == 0x80 else 0
    if a == 0xE2:
        if b == 0x80:
            return 3 if c <= 0x8A or c == 0xA8 or c == 0xA9 or c == 0xAF else 0
        return 3 if b == 0x81 and c == 0x9F else 0
    if a == 0xE3:
        return 3 if b == 0x80 and c == 0x80 else 0
    return 0


cdef int _add_text(_Pieces* p, const unsigned char* s) except -1:
    """One text node's content into the current piece, its whitespace runs collapsed (a run
    before the piece's first word and after its last dropped, as ``" ".join(t.split())``)."""
    cdef Py_ssize_t n = len(<const char*>s), i = 0, width
    cdef unsigned char c
    _grow(p, n + 1)
    while i < n:
        c = s[i]
        if c < 128:
            if _ascii_space(c):
                p.pending_space = True
                i += 1
                continue
            width = 1
        else:
            width = _wide_space(s, i, n)
            if width:
                p.pending_space = True
                i += width
                continue
            width = 1
            while i + width < n and (s[i + width] & 0xC0) == 0x80:
                width += 1
        if p.pending_space:
            if p.size > p.start:
                p.buffer[p.size] = 32
                p.size += 1
            p.pending_space = False
        memcpy(p.buffer + p.size, s + i, width)
        p.size += width
        p.solid += 1
        i += width
    return 0


cdef object _run(_Pieces* p, tree.xmlNode* node, list out):
    """The text run from ``node`` on (lxml's ``_collectText``): appended as one collapsed
    piece when it holds a text node ("" when all are empty), as ``itertext`` yields it; returns
    the first node past the run."""
    cdef bint any_text = False
    cdef Py_ssize_t start = p.size
    p.start = start
    p.pending_space = False
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            any_text = True
            if node.content is not NULL:
                _add_text(p, <const unsigned char*>node.content)
        elif node.type != tree.XML_XINCLUDE_START and node.type != tree.XML_XINCLUDE_END:
            break
        node = node.next
    if any_text:
        out.append(PyUnicode_DecodeUTF8(<const char*>p.buffer + start, p.size - start, NULL))
    p.pending_space = False
    return None


cdef tree.xmlNode* _past_run(tree.xmlNode* node) noexcept nogil:
    while node is not NULL and (
        node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE
        or node.type == tree.XML_XINCLUDE_START or node.type == tree.XML_XINCLUDE_END
    ):
        node = node.next
    return node


def short_pieces(cetree._Element element, Py_ssize_t limit):
    """``[" ".join(piece.split()) for piece in element.itertext()]``, or None once the pieces
    hold more than ``limit`` code points that are not whitespace (then their joined text is
    longer than ``limit`` whatever its spaces), or False when the subtree holds a node
    ``itertext`` may read otherwise (an entity reference): the caller reads it in Python."""
    cdef tree.xmlNode* top = element._c_node
    cdef tree.xmlNode* node
    cdef tree.xmlNode* child
    cdef _Pieces p
    cdef list out = []
    p.buffer = NULL
    p.size = p.capacity = p.solid = p.start = 0
    p.pending_space = False
    try:
        # the element's text, then each child's subtree and its tail, depth first
        _run(&p, top.children, out)
        node = _past_run(top.children)
        while node is not NULL:
            if p.solid > limit:
                return None
            if node.type == tree.XML_ELEMENT_NODE:
                if node.children is not NULL:
                    _run(&p, node.children, out)
                    child = _past_run(node.children)
                    if child is not NULL:
                        node = child
                        continue
                # an element with no child node past its text: its tail, then up
            elif node.type != tree.XML_COMMENT_NODE and node.type != tree.XML_PI_NODE:
                return False
            # node's subtree done: its tail, else climb to an ancestor's tail
            while True:
                _run(&p, node.next, out)
                child = _past_run(node.next)
                if child is not NULL:
                    node = child
                    break
                node = node.parent
                if node is top or node is NULL:
                    node = NULL
                    break
        if p.solid > limit:
            return None
        return out
    finally:
        PyMem_Free(p.buffer)


cdef bint _tag_in(const char* name, tuple names):
    cdef bytes one
    for one in names:
        if strcmp(name, <const char*>one) == 0:
            return True
    return False


def place_bits(cetree._Element element, post, tuple skipped, tuple off, words_place):
    """``authorscan._place``' ancestor walk from the nodes: bit 0 in the post, then bio, other,
    off, article, aside, social (``words_place(words)``: 1 bio, 2 other, 3 aside, 4 social,
    read for the first eight levels' class and id); -1 inside a skipped tag (None); -2 when a
    node is not modelled (a namespaced tag, an attribute of several nodes): Python reads it."""
    cdef tree.xmlNode* node = element._c_node
    cdef tree.xmlNode* post_node = NULL
    cdef const unsigned char* itemtype
    cdef int depth = 0, bits = 0, has_type, kind
    cdef const char* name
    if post is not None:
        post_node = (<cetree._Element?>post)._c_node
    while node is not NULL and node.type == tree.XML_ELEMENT_NODE:
        if node.ns is not NULL:
            return -2
        name = <const char*>node.name
        if strcmp(name, b"body") == 0 or strcmp(name, b"html") == 0:
            break
        if _tag_in(name, skipped):
            return -1
        if node is post_node:
            bits |= 1
        if _tag_in(name, off):
            bits |= 1 << 3
        elif strcmp(name, b"article") == 0:
            bits |= 1 << 4
        if depth < 8:
            words = _class_id_words(node)
            if words is None:
                return -2
            if words:
                if words.strip():
                    kind = words_place(words)
                    if kind == 1:
                        bits |= 1 << 1
                    elif kind == 2:
                        bits |= 1 << 2
                    elif kind == 3:
                        bits |= 1 << 5
                    elif kind == 4:
                        bits |= 1 << 6
        has_type = _attribute(node, b"itemtype", &itemtype)
        if has_type < 0:
            return -2
        if has_type and itemtype[0] != 0 and (
            strstr(<const char*>itemtype, b"Review") is not NULL
            or strstr(<const char*>itemtype, b"Comment") is not NULL
            or strstr(<const char*>itemtype, b"Answer") is not NULL
        ):
            bits |= 1 << 2
        node = node.parent
        depth += 1
    return bits


# --- ``sources._marks_within`` (round twenty-two) -------------------------------------------


cdef inline bint _at_or_under(tree.xmlNode* node, tree.xmlNode* top) noexcept nogil:
    """``node`` is ``top`` or below it: its element parents walked up (lxml's ``getparent``
    stops at the first parent that is not an element: the document)."""
    while node is not NULL:
        if node is top:
            return True
        node = node.parent
        if node is not NULL and node.type != tree.XML_ELEMENT_NODE:
            return False
    return False


def marks_within(list marks, cetree._Element scope not None, body):
    """``sources._marks_within``: the marks (page order kept) that are ``scope`` or under it,
    None when ``body`` is given and ``scope`` is not under it; parent pointers walked in C
    instead of a proxy and a dict probe per ancestor."""
    cdef tree.xmlNode* top = scope._c_node
    cdef cetree._Element mark
    if body is not None and not _at_or_under(top, (<cetree._Element?>body)._c_node):
        return None
    kept = []
    for item in marks:
        mark = <cetree._Element?>item
        if _at_or_under(mark._c_node, top):
            kept.append(mark)
    return kept


# --- ``sources._add_meta`` and ``sources._add_link`` over the gather walk's lists --------------


cdef inline str _text_of(const unsigned char* value):
    return PyUnicode_DecodeUTF8(<const char*>value, strlen(<const char*>value), NULL)


cdef int _first_key(tree.xmlNode* node, const unsigned char** key) noexcept nogil:
    """``property or name or itemprop or http-equiv``: 1 and the first non-empty one, 0 none,
    -1 an attribute read here that is not one text node."""
    cdef int found = _attribute(node, b"property", key)
    if found and (found < 0 or key[0][0] != 0):
        return found
    found = _attribute(node, b"name", key)
    if found and (found < 0 or key[0][0] != 0):
        return found
    found = _attribute(node, b"itemprop", key)
    if found and (found < 0 or key[0][0] != 0):
        return found
    found = _attribute(node, b"http-equiv", key)
    if found and (found < 0 or key[0][0] != 0):
        return found
    return 0


cdef bint _ascii_equal_lower(const unsigned char* s, const char* word) noexcept nogil:
    """``s.lower() == word`` for a lower-case ASCII ``word``: only ASCII letters lower-case to
    its letters (U+0130 lower-cases to two characters, U+212A to "k")."""
    cdef Py_ssize_t k = 0
    cdef unsigned char c
    while word[k] != 0:
        c = s[k]
        if c >= b'A' and c <= b'Z':
            c += 32
        if c != <unsigned char>word[k]:
            return False
        k += 1
    return s[k] == 0


cdef int _og_article(tree.xmlNode* node, const unsigned char* content) noexcept nogil:
    """``jsonld.declares_article_in``'s test of a <meta>: property "og:type", content "article"
    (case aside); -1 when the property is not one text node."""
    cdef const unsigned char* prop
    cdef int found = _attribute(node, b"property", &prop)
    if found <= 0:
        return found
    return strcmp(<const char*>prop, b"og:type") == 0 and _ascii_equal_lower(content, b"article")


def head_tags(list metas, list links, dict meta, dict rels, tuple unused, add_meta, add_link):
    """``gather_sources``' loops ``_add_meta(meta, m)`` for each <meta> and ``_add_link(rels, l)``
    for each <link>, the attributes read in place (no proxy method call per attribute); an
    element whose attribute is not one text node goes to the Python function given. The key,
    the rel words and the href pass through the same ``str`` methods as in Python. Returns
    ``declares_article_in(metas)``: 1, 0, or -1 when an attribute it reads was not read here."""
    cdef cetree._Element element
    cdef tree.xmlNode* node
    cdef const unsigned char* content
    cdef const unsigned char* key
    cdef const unsigned char* rel
    cdef const unsigned char* href
    cdef int found, has_key, declares = 0, og
    for item in metas:
        element = <cetree._Element?>item
        node = element._c_node
        found = _attribute(node, b"content", &content)
        if found == 0:
            if declares == 0 and _attribute(node, b"property", &key) < 0:
                declares = -1
            continue
        if declares == 0:
            og = _og_article(node, content) if found > 0 else -1
            if og != 0:
                declares = og
        has_key = _first_key(node, &key) if found > 0 else -1
        if has_key < 0:
            add_meta(meta, element)
        elif has_key:
            name = _text_of(key).strip().lower()
            values = meta.get(name)
            if values is None:
                values = meta[name] = []
            values.append(_text_of(content))
    for item in links:
        element = <cetree._Element?>item
        node = element._c_node
        found = _attribute(node, b"rel", &rel)
        if found == 0 or (found > 0 and rel[0] == 0):
            continue
        if found > 0:
            found = _attribute(node, b"href", &href)
        if found < 0:
            add_link(rels, element)
            continue
        words = _text_of(rel)
        if words.startswith(unused) or found == 0 or href[0] == 0:
            continue
        target = _text_of(href).strip()
        for word in words.lower().split():
            values = rels.get(word)
            if values is None:
                values = rels[word] = []
            values.append(target)
    return declares


# --- ``sources._note_heading`` over the gather walk's headings ---------------------------------


cdef int _first_link(tree.xmlNode* top) noexcept nogil:
    """Whether an <a> that leads off the page is among ``top``'s descendants
    (``sources.links_out``): 1, 0, or -1 when a descendant element has a namespace (lxml's
    name match is not modelled then) or an <a>'s href is not one text node."""
    cdef tree.xmlNode* node = top.children
    cdef const unsigned char* href
    cdef int found
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return -1
            if strcmp(<const char*>node.name, b"a") == 0:
                found = _attribute(node, b"href", &href)
                if found < 0:
                    return -1
                if found and href[0] != 0 and href[0] != 35:  # 35: "#"
                    return 1
            if node.children is not NULL:
                node = node.children
                continue
        node = _next_in(node, top)
    return 0


def note_headings(list headings, sources, counts, note_heading, entry_title_class):
    """``_note_heading(sources, h, counts)`` for each heading in order. A heading that is no
    <h1> and no entry title (``entry_title_class`` of its class, "headline" in its itemprop)
    only counts its link and whether it comes before the <h1>: that is done here; any other
    (an <h1>, an entry title, an attribute or a descendant not read here) goes to
    ``note_heading``."""
    cdef cetree._Element element
    cdef tree.xmlNode* node
    cdef const unsigned char* classes
    cdef const unsigned char* itemprop
    cdef int has_class, has_prop, link
    for item in headings:
        element = <cetree._Element?>item
        node = element._c_node
        if node.ns is not NULL or strcmp(<const char*>node.name, b"h1") == 0:
            note_heading(sources, element, counts)
            continue
        has_class = _attribute(node, b"class", &classes)
        has_prop = _attribute(node, b"itemprop", &itemprop)
        link = _first_link(node)
        if has_class < 0 or has_prop < 0 or link < 0 or (
            has_prop and strstr(<const char*>itemprop, b"headline") is not NULL
        ) or (has_class and classes[0] and entry_title_class(_text_of(classes))):
            note_heading(sources, element, counts)
            continue
        if link:
            counts.heading_links += 1
        if sources.h1_element is None:
            sources.headings_before_h1 += 1


# --- ``pagemarks.walk_marks``' loop over the compiled pre-walk's elements ----------------------


cdef bint _skipped_name(const char* name) noexcept nogil:
    """``pagemarks.SKIPPED_TAGS``."""
    return (
        strcmp(name, b"script") == 0 or strcmp(name, b"style") == 0
        or strcmp(name, b"noscript") == 0 or strcmp(name, b"template") == 0
        or strcmp(name, b"svg") == 0 or strcmp(name, b"title") == 0
        or strcmp(name, b"textarea") == 0
    )


cdef inline bint _may_hold_year(str text):
    return "20" in text or "19" in text


def marks_loop(list elements, marks, dict class_marks, tuple tests, tuple limits):
    """``walk_marks``' loop over the elements the compiled pre-walk hands it (its tags are
    counted there): the same appends to ``marks.microdata``, ``marks.authors`` and
    ``marks.dated`` in the same order. The tag, class and itemprop are read in place (a
    namespaced element or an odd attribute: through lxml); text, tail, parent and the tests
    (``tests``: the skipped tags' role table and marker, ``_class_marked``, ``_link_kind``, the
    year search, the "By" match, the "By" initials, ``by_tail``) are the Python ones, called
    as the loop calls them. ``limits``: MAX_TEXT_CHARS, MAX_DATED_CHARS, MAX_DATED,
    MAX_AUTHOR_MARKS."""
    cdef cetree._Element element
    cdef tree.xmlNode* node
    cdef const unsigned char* value
    cdef int found
    cdef bint skipped, is_link, authors_open = True, dated_open = True
    cdef Py_ssize_t max_text = limits[0], max_dated_chars = limits[1]
    cdef Py_ssize_t max_dated = limits[2], max_authors = limits[3]
    roles, skipped_role, class_marked, link_kind, year, by_text, initials, by_tail = tests
    cdef list authors = marks.authors
    cdef list dated = marks.dated
    cdef list microdata = marks.microdata
    for item in elements:  # (anything but elements: the Python loop, from the start)
        if (<cetree._Element?>item)._c_node.type != tree.XML_ELEMENT_NODE:
            return False
    for item in elements:
        element = <cetree._Element>item
        node = element._c_node
        if node.ns is NULL:
            skipped = _skipped_name(<const char*>node.name)
            is_link = strcmp(<const char*>node.name, b"a") == 0
        else:
            skipped = roles.get(element.tag) is skipped_role
            is_link = False
        found = _attribute(node, b"class", &value)
        if found < 0:
            classes = element.get("class")
        elif found:
            classes = _text_of(value)
        else:
            classes = None
        found = _attribute(node, b"itemprop", &value)
        if found < 0:
            found = element.get("itemprop") is not None
        if found or (classes and ("byline" in classes or "author" in classes)):
            microdata.append(element)
        if skipped:
            tail = element.tail
            if authors_open and tail and by_tail(element, tail):
                authors.append((element, "by tail"))
                authors_open = len(authors) < max_authors
            if dated_open and tail and len(tail) <= max_dated_chars and year(tail):
                parent = element.getparent()
                if parent is not None:
                    dated.append((tail, parent, True))
                    dated_open = len(dated) < max_dated
            continue
        if not authors_open and not dated_open:
            continue
        text = element.text
        if authors_open:
            kind = None
            if classes:
                marked = class_marks.get(classes)
                if marked is None:
                    marked = class_marks[classes] = class_marked(classes)
                if marked:
                    kind = "class"
            if kind is None and is_link:
                kind = link_kind(element)
            if (
                kind is None
                and text
                and len(text) < max_text
                and text.lstrip()[:1] in initials
                and by_text(text)
            ):
                kind = "by text"
            if kind is not None:
                authors.append((element, kind))
                authors_open = len(authors) < max_authors
            tail = element.tail
            if authors_open and tail and by_tail(element, tail):
                authors.append((element, "by tail"))  # ``pagemarks.BY_TAIL``
                authors_open = len(authors) < max_authors
        if dated_open:
            if text and _may_hold_year(text) and len(text) <= max_dated_chars and year(text):
                dated.append((text, element, False))
                dated_open = len(dated) < max_dated
            tail = element.tail
            if tail and _may_hold_year(tail) and len(tail) <= max_dated_chars:
                parent = element.getparent()
                if parent is not None and year(tail):
                    dated.append((tail, parent, True))
                    dated_open = len(dated) < max_dated
    return True


# --- the JSON-LD scripts among the gather walk's <script>s -------------------------------------


cdef bint _holds_ld_json(const unsigned char* s) noexcept nogil:
    """"ld+json" in the ASCII-lowered string. Exact for ``"ld+json" in value.lower()``: no
    character outside ASCII lower-cases to one of its letters (only U+0130 and U+212A lower-case
    to ASCII at all: "i" with a dot, "k")."""
    cdef const char* word = b"ld+json"
    cdef Py_ssize_t i = 0, k
    cdef unsigned char c
    while s[i] != 0:
        k = 0
        while word[k] != 0:
            c = s[i + k]
            if c >= b'A' and c <= b'Z':
                c += 32
            if c != <unsigned char>word[k]:
                break
            k += 1
        if word[k] == 0:
            return True
        i += 1
    return False


def ld_scripts(list scripts):
    """The <script>s whose ``type`` may hold "ld+json" (case aside), in order: every one the
    Python test ``"ld+json" in (type or "").lower()`` keeps, and one whose ``type`` is not one
    text node (that test, run again by the caller, decides)."""
    cdef cetree._Element element
    cdef const unsigned char* value
    cdef int found
    kept = []
    for item in scripts:
        element = <cetree._Element?>item
        found = _attribute(element._c_node, b"type", &value)
        if found < 0 or (found and _holds_ld_json(value)):
            kept.append(element)
    return kept


# --- ``datescan._context`` (round twenty-two, branch speed36) ---------------------------------


_MAX_MEMO = 8192


cdef inline object _memo_verdict(dict memo, object words, object verdict):
    """``verdict(words)``, from ``memo`` when asked before (emptied at ``_MAX_MEMO`` entries)."""
    cdef PyObject* known = PyDict_GetItem(memo, words)
    if known is not NULL:
        return <object>known
    found = verdict(words)
    if len(memo) >= _MAX_MEMO:
        memo.clear()
    memo[words] = found
    return found


def date_context(
    cetree._Element element not None, tuple skipped, tuple off, verdict, int empty, dict memo
):
    """``datescan._context``'s ancestor walk from the nodes, no proxy per ancestor: bit 0 a date
    hint within three levels, bit 1 inside an <article> or <main>, bit 2 a side column; -1 for
    None (a skipped or off tag, another item's block by its words, a footer outside the post);
    -2 when a node is not modelled (not an element, a namespaced tag, an attribute of several
    nodes): Python reads it. ``verdict(words)``: ``_words_verdict`` of an element's
    ``own_words`` (class, a space, id), called only when one of them is not empty; ``empty``
    is its answer for " " (no class or id words); ``memo``: its answers by string, kept here
    (up to ``_MAX_MEMO``: then emptied) as ``verdict`` is pure, a dict probe in place of a
    Python call."""
    cdef tree.xmlNode* node = element._c_node
    cdef int depth = 0, found
    cdef bint hinted = False, in_post = False, in_footer = False, aside = False
    cdef const char* name
    if node.type != tree.XML_ELEMENT_NODE:
        return -2
    while node is not NULL and node.type == tree.XML_ELEMENT_NODE:
        if node.ns is not NULL:
            return -2
        name = <const char*>node.name
        if strcmp(name, b"body") == 0 or strcmp(name, b"html") == 0:
            break
        if strcmp(name, b"footer") == 0:  # a post's own <footer> (in its <article>): its meta line
            in_footer = True
        elif _tag_in(name, off) or _tag_in(name, skipped):
            return -1
        if strcmp(name, b"article") == 0 or strcmp(name, b"main") == 0:
            in_post = True
            in_footer = False
        elif strcmp(name, b"aside") == 0:
            aside = True
        words = _class_id_words(node)
        if words is None:
            return -2
        if words:
            found = _memo_verdict(memo, words, verdict)
        else:
            found = empty
        if found:
            if found & 1:  # another item's block
                return -1
            if depth < 3 and found & 2:
                hinted = True
            if found & 4:
                aside = True
        node = node.parent
        depth += 1
    if in_footer:
        return -1
    return (1 if hinted else 0) | (2 if in_post else 0) | (4 if aside else 0)


# --- printed.py's lowered texts (round twenty-three) ---------------------------------------

from cpython.bytes cimport PyBytes_FromStringAndSize


cdef inline void _lower_run(const unsigned char* src, unsigned char* out, Py_ssize_t n) noexcept nogil:
    """A-Z lowered, other bytes copied: a branch-free loop the compiler can vectorise."""
    cdef Py_ssize_t k
    cdef unsigned char c
    for k in range(n):
        c = src[k]
        out[k] = c | 32 if <unsigned char>(c - 65) < 26 else c


def lowered(bytes text):
    """``printed._lowered``: ASCII upper-case letters lowered and each no-break space's two
    UTF-8 bytes (C2 A0) written as one space, in one pass instead of ``bytes.lower`` and a
    ``re.sub`` (the pattern cannot overlap itself, so a left-to-right scan replaces the same
    occurrences as the regex; ``bytes.lower`` changes only A-Z, never a C2 or an A0). The
    runs between C2 bytes are lowered whole (``memchr`` finds the C2s)."""
    cdef Py_ssize_t n = PyBytes_GET_SIZE(text), i = 0, j = 0, end
    cdef const unsigned char* src = <const unsigned char*>PyBytes_AS_STRING(text)
    cdef const unsigned char* at
    cdef unsigned char* out
    result = PyBytes_FromStringAndSize(NULL, n)
    out = <unsigned char*>PyBytes_AS_STRING(result)
    while i < n:
        at = <const unsigned char*>memchr(src + i, 0xC2, n - i)
        end = n if at is NULL else at - src
        _lower_run(src + i, out + j, end - i)
        j += end - i
        i = end
        if i < n:  # a C2: a no-break space when A0 follows
            if i + 1 < n and src[i + 1] == 0xA0:
                out[j] = 32
                i += 2
            else:
                out[j] = 0xC2
                i += 1
            j += 1
    if j == n:
        return result
    return PyBytes_FromStringAndSize(<const char*>out, j)


# --- datelines._outside_post (round twenty-three) --------------------------------------------


def outside_post(
    cetree._Element element not None, scope, tuple off, verdict, dict memo
):
    """``datelines._outside_post``'s ancestor walk from the nodes, no proxy per ancestor: 1 (an
    off tag that is not ``scope``, or class/id words ``verdict`` calls another block's, met
    before ``scope``, <body> or <html>), 0 (none), -2 when a node is not modelled (not an
    element, a namespaced tag, an attribute of several nodes): Python reads it. ``verdict`` is
    called with a non-empty "class id" string; ``memo`` keeps its answers (it is pure; emptied
    past ``_MAX_MEMO``)."""
    cdef tree.xmlNode* node = element._c_node
    cdef tree.xmlNode* scope_node = NULL
    cdef const char* name
    if scope is not None:
        scope_node = (<cetree._Element?>scope)._c_node
    if node.type != tree.XML_ELEMENT_NODE:
        return -2
    while node is not NULL and node.type == tree.XML_ELEMENT_NODE:
        if node.ns is not NULL:
            return -2
        name = <const char*>node.name
        if strcmp(name, b"body") == 0 or strcmp(name, b"html") == 0:
            return 0
        if node is not scope_node and _tag_in(name, off):
            return 1
        words = _class_id_words(node)
        if words is None:
            return -2
        if words:
            found = _memo_verdict(memo, words, verdict)
            if found:
                return 1
        if node is scope_node:
            return 0
        node = node.parent
    return 0


# --- authordata.script_authors' scripts (round twenty-four) ------------------------------------


include "_textrun.pxi"


cdef inline bint _py_space(unsigned char c) noexcept nogil:
    """An ASCII character ``str.strip()`` strips (``str.isspace``: also the separators 1C-1F)."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef int _data_type(const unsigned char* value, tuple types):
    """1 when ``value``, stripped and lowered as ``str.strip().lower()`` does, is one of
    ``types`` (ASCII bytes), 0 when not, -1 when a byte is not ASCII (Python decides)."""
    cdef Py_ssize_t start = 0, end = strlen(<const char*>value), i
    cdef unsigned char lowered[32]
    for i in range(end):
        if value[i] >= 0x80:
            return -1
    while start < end and _py_space(value[start]):
        start += 1
    while end > start and _py_space(value[end - 1]):
        end -= 1
    if end - start >= 32:
        return 0  # longer than every data type
    for i in range(start, end):
        lowered[i - start] = value[i] + 32 if 65 <= value[i] <= 90 else value[i]
    for kind in types:
        if PyBytes_GET_SIZE(kind) == end - start and memcmp(
            PyBytes_AS_STRING(kind), lowered, end - start
        ) == 0:
            return 1
    return 0


def data_scripts(list scripts, Py_ssize_t most, tuple markers, tuple types):
    """``authordata.script_authors``' scripts: of ``scripts[:most]``, in order, ``(script,
    markers found)`` for each whose ``.text`` may give ``_script_author`` a name. Passed over:
    a script with a ``src``, or whose ``type`` (stripped, lowered) is none of ``types`` (the
    Python loop skips both), an empty ``.text``, and a ``.text`` of one text node holding none
    of ``markers``. The second item sets bit ``k`` when ``markers[k]`` is in the text anywhere
    (a marker absent there is absent from any prefix: the Python search skips it); all bits
    when the text is several nodes. An attribute that is not one text node, or a type with a
    byte that is not ASCII, passes over nothing: the Python loop reads the script."""
    cdef tree.xmlNode* node
    cdef tree.xmlNode* first
    cdef const unsigned char* value
    cdef const char* text
    cdef int found, k, mask
    cdef int count = len(markers)
    cdef int every = (1 << count) - 1
    cdef bytes marker
    kept = []
    for item in scripts[:most]:
        node = (<cetree._Element?>item)._c_node
        found = _attribute(node, "src", &value)
        if found == 1 and value[0] != 0:
            continue  # an external script: ``get("src")`` is truthy
        if found >= 0 and _attribute(node, "type", &value) == 1:
            if _data_type(value, types) == 0:
                continue  # (no ``type``: "", a data type)
        first = _text_or_skip(node.children)
        if first is NULL:
            continue  # ``.text`` None
        mask = every
        if _text_or_skip(first.next) is NULL:  # one text node: its bytes are the text
            text = <const char*>first.content
            if text is NULL or text[0] == 0:
                continue  # ``.text`` ""
            mask = 0
            for k in range(count):
                marker = markers[k]
                if strstr(text, PyBytes_AS_STRING(marker)) is not NULL:
                    mask |= 1 << k
            if mask == 0:
                continue
        kept.append((item, mask))
    return kept


# --- metadata.LinkLabels.count's scan of the folded link texts (round twenty-four) --------------

from cpython.unicode cimport PyUnicode_Contains, PyUnicode_GET_LENGTH


def label_hits(list folded, str first, str last, Py_ssize_t size):
    """``LinkLabels.count``'s filter over the folded link texts: the indexes, in order, of
    those holding ``first``, at least ``size`` characters long and holding ``last`` (the
    ``in`` tests Python's loop makes, the same ``PyUnicode_Contains``); None when an item is
    not exactly a ``str`` (the Python loop runs)."""
    cdef Py_ssize_t i, n = len(folded)
    cdef object text
    kept = []
    for i in range(n):
        text = folded[i]
        if type(text) is not str:
            return None
        if (
            PyUnicode_Contains(text, first) == 1
            and PyUnicode_GET_LENGTH(text) >= size
            and PyUnicode_Contains(text, last) == 1
        ):
            kept.append(i)
    return kept
