# cython: language_level=3, boundscheck=False, wraparound=False
"""``blocks.page_blocks``' walk in C: each block element's own text and links, read from
libxml2's nodes.

The Python walk asks lxml for every block element (a proxy), for each child's tag, text and
tail, and for every inline child's text (``tostring(method="text")`` or a recursive walk):
about 1 us an element, ~0.5 ms on a real blog post, a third of the site model's per-page cost
in the crawl. This walk reads the same nodes in C, in the same order, and gives Python only the
block elements with text (their proxies, their own text and their links' hrefs and texts),
whitespace collapsed as ``" ".join(text.split())`` does. Anything it does not
model (a namespaced element, an entity reference, an XInclude node, text that is not UTF-8)
makes it return None: the Python walk then runs.
"""

from libc.string cimport strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

cetree.import_lxml__etree()

cdef extern from "Python.h":
    # what ``str.split()`` takes for whitespace
    bint _is_space "Py_UNICODE_ISSPACE"(unsigned int ch) noexcept nogil


class _Unmodelled(Exception):
    """The page holds what the walk does not model: the Python walk runs."""


cdef inline bint _is_node(tree.xmlNode* node) noexcept nogil:
    """lxml's ``_isElement``: the children ``len()`` counts and iteration yields."""
    return (node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_COMMENT_NODE
            or node.type == tree.XML_ENTITY_REF_NODE or node.type == tree.XML_PI_NODE)


cdef inline bint _is_text(tree.xmlNode* node) noexcept nogil:
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef bint _is_block(const char* name) noexcept nogil:
    """``blocks.BLOCK_TAGS``."""
    cdef char c = name[0]
    if c == b"p":
        return strcmp(name, "p") == 0 or strcmp(name, "pre") == 0
    if c == b"d":
        return (strcmp(name, "div") == 0 or strcmp(name, "dd") == 0 or strcmp(name, "dl") == 0
                or strcmp(name, "dt") == 0 or strcmp(name, "details") == 0
                or strcmp(name, "dialog") == 0)
    if c == b"l":
        return strcmp(name, "li") == 0
    if c == b"h":
        return ((name[1] >= b"1" and name[1] <= b"6" and name[2] == 0)
                or strcmp(name, "header") == 0 or strcmp(name, "hgroup") == 0)
    if c == b"t":
        return (strcmp(name, "table") == 0 or strcmp(name, "tbody") == 0
                or strcmp(name, "td") == 0 or strcmp(name, "tfoot") == 0
                or strcmp(name, "th") == 0 or strcmp(name, "thead") == 0
                or strcmp(name, "tr") == 0)
    if c == b"u":
        return strcmp(name, "ul") == 0
    if c == b"o":
        return strcmp(name, "ol") == 0
    if c == b"s":
        return strcmp(name, "section") == 0 or strcmp(name, "summary") == 0
    if c == b"a":
        return (strcmp(name, "address") == 0 or strcmp(name, "article") == 0
                or strcmp(name, "aside") == 0)
    if c == b"b":
        return strcmp(name, "blockquote") == 0 or strcmp(name, "body") == 0
    if c == b"c":
        return strcmp(name, "caption") == 0 or strcmp(name, "center") == 0
    if c == b"f":
        return (strcmp(name, "fieldset") == 0 or strcmp(name, "figcaption") == 0
                or strcmp(name, "figure") == 0 or strcmp(name, "footer") == 0
                or strcmp(name, "form") == 0)
    if c == b"m":
        return strcmp(name, "main") == 0
    if c == b"n":
        return strcmp(name, "nav") == 0
    return False


cdef bint _is_no_text(const char* name) noexcept nogil:
    """``blocks._NO_TEXT_TAGS``."""
    return (strcmp(name, "script") == 0 or strcmp(name, "style") == 0
            or strcmp(name, "noscript") == 0 or strcmp(name, "template") == 0
            or strcmp(name, "svg") == 0 or strcmp(name, "math") == 0)


cdef inline const char* _name(tree.xmlNode* node) except NULL:
    """An element's tag as lxml spells it (no namespace: else the walk gives up)."""
    if node.ns is not NULL:
        raise _Unmodelled()
    return <const char*>node.name


cdef tree.xmlNode* _following(tree.xmlNode* node, tree.xmlNode* top) noexcept nogil:
    """The node after ``node`` in document order within ``top``'s subtree (NULL: none)."""
    if node.children is not NULL and node.type != tree.XML_ENTITY_REF_NODE:
        return node.children
    while node is not NULL and node is not top:
        if node.next is not NULL:
            return node.next
        node = node.parent
    return NULL


cdef void _check_subtree(tree.xmlNode* top) except *:
    """Give up on what the walk does not model anywhere under ``top``."""
    cdef tree.xmlNode* node = top.children
    while node is not NULL:
        if node.type == tree.XML_ENTITY_REF_NODE or node.type == tree.XML_XINCLUDE_START or \
                node.type == tree.XML_XINCLUDE_END:
            raise _Unmodelled()
        if node.type == tree.XML_ELEMENT_NODE and node.ns is not NULL:
            raise _Unmodelled()
        node = _following(node, top)


cdef inline void _run(list out, tree.xmlNode* node):
    """lxml's ``_collectText`` from ``node``: ``.text`` (first child) or ``.tail`` (next
    sibling), the run of adjacent text nodes, as bytes pieces."""
    while node is not NULL and _is_text(node):
        if node.content is not NULL:
            out.append(<bytes>node.content)
        node = node.next


cdef inline bint _has_node_child(tree.xmlNode* node) noexcept nogil:
    cdef tree.xmlNode* child = node.children
    while child is not NULL:
        if _is_node(child):
            return True
        child = child.next
    return False


cdef bint _holds_no_text_tag(tree.xmlNode* top) except -1:
    """``element.iter(*_NO_TEXT_TAGS)`` finds something (``top`` itself counts)."""
    cdef tree.xmlNode* node = top
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE and _is_no_text(_name(node)):
            return True
        node = _following(node, top)
    return False


cdef void _content(list out, tree.xmlNode* top):
    """``etree.tostring(top, method="text", with_tail=False)``: every text node under ``top``
    (libxml2's ``xmlNodeBufGetContent``; entity references were ruled out before)."""
    cdef tree.xmlNode* node = top.children
    while node is not NULL:
        if _is_text(node) and node.content is not NULL:
            out.append(<bytes>node.content)
        node = _following(node, top)


cdef void _inline(list out, tree.xmlNode* node) except *:
    """``blocks._inline_text``: an inline element's text, without what its ``<svg>``,
    ``<script>`` ... say."""
    cdef tree.xmlNode* child
    if not _has_node_child(node):
        _run(out, node.children)
        return
    if not _holds_no_text_tag(node):
        _content(out, node)
        return
    _run(out, node.children)
    child = node.children
    while child is not NULL:
        if _is_node(child):
            if child.type == tree.XML_ELEMENT_NODE and not _is_no_text(_name(child)):
                _inline(out, child)
            _run(out, child.next)
        child = child.next


cdef str _attribute(tree.xmlNode* node, const char* name, str missing):
    """``element.get(name)``: the attribute without a namespace, its value one text node (else
    the walk gives up); ``missing`` when there is none."""
    cdef tree.xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and strcmp(<const char*>attr.name, name) == 0:
            if attr.children is NULL:
                return ""
            if attr.children.type != tree.XML_TEXT_NODE or attr.children.next is not NULL:
                raise _Unmodelled()
            if attr.children.content is NULL:
                return ""
            return (<bytes>attr.children.content).decode("utf-8")
        attr = attr.next
    return missing


cdef tuple _link(tree.xmlNode* node):
    cdef list pieces = []
    _inline(pieces, node)
    return (_attribute(node, "href", ""), _collapsed(pieces))


cdef inline Py_ssize_t _space_width(const unsigned char* s, Py_ssize_t i, Py_ssize_t n) noexcept nogil:
    """The bytes of the whitespace character (``str.split()``'s) at ``s[i]``, 0 when it is
    none (or not valid UTF-8: the decode then fails and the walk gives up)."""
    cdef unsigned int c = s[i]
    cdef unsigned int cp
    if c < 0x80:
        return 1 if _is_space(c) else 0
    if c >= 0xC0 and c < 0xE0 and i + 1 < n:
        cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F)
        return 2 if _is_space(cp) else 0
    if c >= 0xE0 and c < 0xF0 and i + 2 < n:
        cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F)
        return 3 if _is_space(cp) else 0
    return 0  # a four-byte character (no whitespace among them) or a continuation byte


cdef str _collapsed(list pieces):
    """``" ".join(text.split())`` of the pieces' text: runs of whitespace made one space, none
    at either end, worked on the UTF-8 bytes (Python's whitespace, ``Py_UNICODE_ISSPACE``)."""
    cdef bytes joined = b"".join(pieces)
    cdef const unsigned char* s = <const unsigned char*>joined
    cdef Py_ssize_t n = len(joined)
    cdef Py_ssize_t i = 0, w, k = 0
    cdef bint gap = False
    cdef bytearray out = bytearray(n)
    cdef unsigned char* o = <unsigned char*>out
    while i < n:
        w = _space_width(s, i, n)
        if w:
            gap = k > 0
            i += w
            continue
        if gap:
            o[k] = 32
            k += 1
            gap = False
        o[k] = s[i]
        k += 1
        i += 1
    return out[:k].decode("utf-8")


cdef tuple _own(tree.xmlNode* node, const char* name):
    """``blocks._own_text``'s parts (joined by spaces) and links, or the ``<pre>``'s text."""
    cdef list pieces = []
    cdef list links = []
    cdef tree.xmlNode* child
    cdef tree.xmlNode* inner
    cdef const char* tag
    if strcmp(name, "pre") == 0:
        _content(pieces, node)
        return pieces, links
    if not _has_node_child(node):
        _run(pieces, node.children)
        return pieces, links
    _run(pieces, node.children)
    child = node.children
    while child is not NULL:
        if _is_node(child):
            if child.type == tree.XML_ELEMENT_NODE:
                tag = _name(child)
                if not _is_block(tag) and not _is_no_text(tag):
                    pieces.append(b" ")
                    _inline(pieces, child)
                    if strcmp(tag, "a") == 0:
                        links.append(_link(child))
                    elif _has_node_child(child):
                        inner = _following(child, child)
                        while inner is not NULL:
                            if inner.type == tree.XML_ELEMENT_NODE and \
                                    strcmp(_name(inner), "a") == 0:
                                links.append(_link(inner))
                            inner = _following(inner, child)
            if child.next is not NULL and _is_text(child.next):
                pieces.append(b" ")
                _run(pieces, child.next)
        child = child.next
    return pieces, links


cdef str _place(tree.xmlNode* node, dict places, dict tags, object step):
    """``blocks._place``: the chain of steps from ``<body>`` (or the top element) down to
    ``node``, each ancestor's place kept in ``places`` (by node address) for the next block.
    ``step(tag, class attribute)`` is ``blocks.step_of``'s rule."""
    cdef list chain = []
    cdef tree.xmlNode* cur = node
    cdef const char* name
    cdef str place
    while cur is not NULL and cur.type == tree.XML_ELEMENT_NODE:
        if <size_t>cur in places:
            break
        chain.append(<size_t>cur)
        if strcmp(_name(cur), "body") == 0:
            cur = NULL
            break
        cur = cur.parent
    place = places[<size_t>cur] if cur is not NULL and cur.type == tree.XML_ELEMENT_NODE else ""
    for address in reversed(chain):
        cur = <tree.xmlNode*><size_t>address
        name = _name(cur)
        tag = tags.get(<bytes>name)
        if tag is None:
            tag = tags[<bytes>name] = (<bytes>name).decode("utf-8")
        piece = step(tag, _attribute(cur, "class", None))
        place = f"{place}/{piece}" if place else piece
        places[address] = place
    return place


cdef object _block_texts(cetree._Element body, object step):
    """The walk of ``own_texts`` and ``placed_texts``: each block's place added when ``step``
    is given."""
    cdef tree.xmlNode* top = body._c_node
    cdef tree.xmlNode* node = top
    cdef const char* name
    cdef list out = []
    cdef list pieces
    cdef dict places = {}
    cdef dict tags = {}
    try:
        if top.type != tree.XML_ELEMENT_NODE or top.ns is not NULL:
            return None
        _check_subtree(top)
        while node is not NULL:
            if node.type == tree.XML_ELEMENT_NODE:
                name = _name(node)
                if _is_block(name):
                    pieces, links = _own(node, name)
                    text = _collapsed(pieces)
                    if text:
                        element = cetree.elementFactory(body._doc, node)
                        if step is None:
                            out.append((element, text, tuple(links)))
                        else:
                            out.append((element, text, tuple(links),
                                        _place(node, places, tags, step)))
            node = _following(node, top)
    except (_Unmodelled, UnicodeDecodeError):
        return None
    return out


def placed_texts(cetree._Element body, object step not None):
    """``own_texts`` with each block's place as a fourth item (``step(tag, class attribute)``
    makes one step of it, as ``blocks.step_of``); None where the walk does not model the
    page."""
    return _block_texts(body, step)


def own_texts(cetree._Element body):
    """``[(element, text, links)]`` for ``body``'s block elements (itself included) with text,
    in document order, as ``blocks.page_blocks``' Python walk makes them (whitespace collapsed;
    ``links``: a tuple of ``(href, anchor text)``); None where the walk does not model the
    page."""
    return _block_texts(body, None)
