# cython: language_level=3, boundscheck=False, wraparound=False
"""Pre-walks in C over libxml2's nodes: Python's per-element loops see only what they use.

``mark_candidates`` (for ``pagemarks.walk_marks``): Python's walk builds a proxy and up to five strings (tag, class, itemprop, text, tail) for each
of a page's ~1,000 elements, and keeps almost none. This walk reads the same nodes in C and
hands Python only the elements some test of ``walk_marks`` could keep (a superset: every "no"
here is exact, every "maybe" is decided by the unchanged Python tests), plus the tag counts and
paragraph characters, which it computes exactly. Anything it does not model (a namespaced
element, an attribute value that is not one text node) makes it return None: the Python walk
then runs as before.

``attributed`` (for ``prune.scan_boilerplate``): the elements its loop does anything with.
"""

from libc.string cimport memchr, strcmp, strstr

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

cetree.import_lxml__etree()

# walk_marks' counted tags, in this order (index = slot in the counts array)
cdef const char* _COUNTED[11]
_COUNTED[:] = [b"p", b"li", b"button", b"input", b"h2", b"h3", b"img", b"table", b"form",
               b"select", b"article"]
_COUNTED_NAMES = ("p", "li", "button", "input", "h2", "h3", "img", "table", "form", "select",
                  "article")

cdef enum:
    MAX_TEXT_CHARS = 80  # pagemarks.MAX_TEXT_CHARS
    MAX_DATED_CHARS = 270  # pagemarks.MAX_DATED_CHARS


cdef inline bint _is_skipped(const char* name) noexcept nogil:
    """``pagemarks.SKIPPED_TAGS``."""
    return (strcmp(name, "script") == 0 or strcmp(name, "style") == 0
            or strcmp(name, "noscript") == 0 or strcmp(name, "template") == 0
            or strcmp(name, "svg") == 0 or strcmp(name, "title") == 0
            or strcmp(name, "textarea") == 0)


cdef inline tree.xmlNode* _text_or_skip(tree.xmlNode* node) noexcept nogil:
    """lxml's ``_textNodeOrSkip``: the text run ``.text``/``.tail`` read starts here."""
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            return node
        if node.type == tree.XML_XINCLUDE_START or node.type == tree.XML_XINCLUDE_END:
            node = node.next
            continue
        return NULL
    return NULL


cdef inline Py_ssize_t _chars(const unsigned char* s) noexcept nogil:
    """Code points of a UTF-8 string (what ``len()`` of the decoded text counts)."""
    cdef Py_ssize_t n = 0
    while s[0]:
        if (s[0] & 0xC0) != 0x80:
            n += 1
        s += 1
    return n


cdef inline bint _has_year_digits(const unsigned char* s) noexcept nogil:
    """"19" or "20" in the text: every ``_YEAR_RE`` match holds one."""
    while s[0]:
        if (s[0] == b'1' and s[1] == b'9') or (s[0] == b'2' and s[1] == b'0'):
            return True
        s += 1
    return False


cdef inline bint _lstrip_space(unsigned char c) noexcept nogil:
    """The ASCII characters ``str.lstrip()`` removes."""
    return c == 32 or (9 <= c <= 13) or (28 <= c <= 31)


cdef inline unsigned char _lower(unsigned char c) noexcept nogil:
    return c + 32 if 65 <= c <= 90 else c


cdef const char* _BY_WORDS[16]
# every BY_TEXT_RE match starts (after its spaces) with one of these, in any case
_BY_WORDS[:] = [b"article", b"post", b"story", b"written", b"published", b"reported", b"words",
                b"text", b"by", b"author", b"autor", b"auteur", b"von", b"par", b"por", b"door"]


cdef bint _may_be_by_text(const unsigned char* s) noexcept nogil:
    """False only where ``text.lstrip()[:1] in _BY_INITIALS and BY_TEXT_RE.match(text)`` is:
    after the spaces the text starts with none of the pattern's first words (compared as ASCII
    lower case; a non-ASCII character on the way is a maybe: case folding can match it)."""
    while s[0] and _lstrip_space(s[0]):
        s += 1
    if s[0] == 0:
        return False  # only spaces: lstrip()[:1] is ""
    if s[0] >= 0x80:
        return True
    if memchr(b"BbWwPpRrSsAaTtVvDd", s[0], 18) is NULL:
        return False
    cdef int k, j
    cdef const char* word
    for k in range(16):
        word = _BY_WORDS[k]
        j = 0
        while word[j]:
            if s[j] >= 0x80:
                return True
            if _lower(s[j]) != <unsigned char>word[j]:
                break
            j += 1
        if word[j] == 0:
            return True
    return False


cdef const char* _PROFILE_WORDS[15]
# _PROFILE_HREF_RE's path words (the regex ignores case)
_PROFILE_WORDS[:] = [b"author", b"authors", b"writer", b"writers", b"contributor",
                     b"contributors", b"people", b"staff", b"profile", b"profiles", b"user",
                     b"users", b"member", b"members", b"u"]


cdef bint _may_be_profile(const unsigned char* s) noexcept nogil:
    """False only where ``_PROFILE_HREF_RE.search(href)`` is: "/word/" then a character
    other than "/", "?" or "#" (ASCII lower case; a non-ASCII character anywhere: maybe)."""
    cdef Py_ssize_t i = 0
    cdef int k, j
    cdef const char* word
    cdef unsigned char after
    while s[i]:
        if s[i] >= 0x80:
            return True
        i += 1
    i = 0
    while s[i]:
        if s[i] == b'/':
            for k in range(15):
                word = _PROFILE_WORDS[k]
                j = 0
                while word[j] and _lower(s[i + 1 + j]) == <unsigned char>word[j]:
                    j += 1
                if word[j] == 0 and s[i + 1 + j] == b'/':
                    after = s[i + 2 + j]
                    if after != 0 and after != b'/' and after != b'?' and after != b'#':
                        return True
        i += 1
    return False


cdef bint _ascii_lower_has(const unsigned char* s, const char** words, int n) noexcept nogil:
    """Whether the ASCII-lowered string holds one of ``words`` (a non-ASCII string: maybe)."""
    cdef char buffer[512]
    cdef Py_ssize_t i = 0
    while s[i]:
        if s[i] >= 0x80 or i >= 511:
            return True
        buffer[i] = <char>_lower(s[i])
        i += 1
    buffer[i] = 0
    cdef int k
    for k in range(n):
        if _find(buffer, words[k]):
            return True
    return False


cdef inline bint _find(const char* hay, const char* needle) noexcept nogil:
    return strstr(hay, needle) is not NULL


cdef const unsigned char* _EMPTY = <const unsigned char*>"\0"
cdef const char* _HINTS[8]
_HINTS[:] = [b"auth", b"byl", b"user", b"writer", b"contrib", b"creator", b"poster", b"card"]
cdef const char* _AUTHOR[1]
_AUTHOR[:] = [b"author"]
cdef const char* _MICRODATA_WORDS[2]
_MICRODATA_WORDS[:] = [b"byline", b"author"]


cdef int _attribute(tree.xmlNode* node, const char* name, const unsigned char** value) noexcept nogil:
    """1 and its value when ``node`` has the attribute (no namespace), 0 when not, -1 when the
    value is not one text node (the caller gives up)."""
    cdef tree.xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and strcmp(<const char*>attr.name, name) == 0:
            if attr.children is NULL:
                value[0] = _EMPTY
                return 1
            if attr.children.type != tree.XML_TEXT_NODE or attr.children.next is not NULL:
                return -1
            value[0] = <const unsigned char*>attr.children.content
            if value[0] is NULL:
                value[0] = _EMPTY
            return 1
        attr = attr.next
    return 0


cdef inline bint _case_sensitive_has(const unsigned char* s, const char* word) noexcept nogil:
    return _find(<const char*>s, word)


cdef inline tree.xmlNode* _following(tree.xmlNode* node, tree.xmlNode* top) noexcept nogil:
    """The node after ``node``'s subtree in document order under ``top`` (NULL past the end)."""
    while node is not top and node.next is NULL:
        node = node.parent
    if node is top:
        return NULL
    return node.next


def mark_candidates(cetree._Element base, Py_ssize_t limit):
    """``(elements, counts, paragraph_chars, complete)`` for ``walk_marks``, or None.

    ``elements``: in document order, the first ``limit`` elements from ``base`` (itself
    included) that a test of the marks walk could keep; ``counts``: (tag, count) of the counted
    tags in order of first sight; ``complete``: no element beyond the first ``limit``."""
    cdef tree.xmlNode* top = base._c_node
    cdef tree.xmlNode* node = top
    cdef tree.xmlNode* run
    cdef tree.xmlNode* first
    cdef const unsigned char* name
    cdef const unsigned char* classes
    cdef const unsigned char* value
    cdef const unsigned char* text
    cdef Py_ssize_t seen = 0, paragraph_chars = 0, chars
    cdef int found, has_class, k, runs
    cdef bint keep, skipped, complete = True
    cdef long counts[11]
    cdef int order[11]
    cdef int n_order = 0
    for k in range(11):
        counts[k] = 0
    elements = []
    doc = base._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if seen == limit:
                complete = False
                break
            seen += 1
            if node.ns is not NULL:
                return None  # a namespaced tag reads "{uri}name": not modelled here
            name = <const unsigned char*>node.name
            keep = False
            classes = _EMPTY
            has_class = _attribute(node, "class", &classes)
            if has_class < 0:
                return None
            found = _attribute(node, "itemprop", &value)
            if found < 0:
                return None
            if found or (has_class and classes[0] and (_case_sensitive_has(classes, "byline")
                                                       or _case_sensitive_has(classes, "author"))):
                keep = True  # microdata
            skipped = _is_skipped(<const char*>name)
            if not skipped:
                for k in range(11):
                    if strcmp(<const char*>name, _COUNTED[k]) == 0:
                        if counts[k] == 0:
                            order[n_order] = k
                            n_order += 1
                        counts[k] += 1
                        break
                # the element's text: its first children's text run
                first = _text_or_skip(node.children)
                if first is not NULL:
                    run = _text_or_skip(first.next)
                    if run is not NULL:  # several text nodes: lengths add up, tests maybe
                        chars = 0
                        run = first
                        while run is not NULL:
                            if run.content is not NULL:
                                chars += _chars(<const unsigned char*>run.content)
                            run = _text_or_skip(run.next)
                        if chars:
                            keep = True
                    else:
                        text = <const unsigned char*>first.content
                        chars = 0 if text is NULL or not text[0] else _chars(text)
                        if chars and not keep:
                            if chars < MAX_TEXT_CHARS and _may_be_by_text(text):
                                keep = True
                            elif chars <= MAX_DATED_CHARS and _has_year_digits(text):
                                keep = True
                    if chars and strcmp(<const char*>name, "p") == 0:
                        paragraph_chars += chars
                if not keep and has_class and classes[0] and _ascii_lower_has(classes, _HINTS, 8):
                    keep = True  # an author/byline class hint
                if not keep and strcmp(<const char*>name, "a") == 0:
                    found = _attribute(node, "rel", &value)
                    if found < 0:
                        return None
                    if found and _ascii_lower_has(value, _AUTHOR, 1):
                        keep = True
                    else:
                        found = _attribute(node, "href", &value)
                        if found < 0:
                            return None
                        if found and value[0] and _may_be_profile(value):
                            keep = True
            if not keep:  # the tail: a year in it
                first = _text_or_skip(node.next)
                if first is not NULL:
                    run = _text_or_skip(first.next)
                    if run is not NULL:
                        keep = True
                    elif first.content is not NULL and first.content[0]:
                        text = <const unsigned char*>first.content
                        if _has_year_digits(text) and _chars(text) <= MAX_DATED_CHARS:
                            keep = True
            if keep:
                elements.append(cetree.elementFactory(doc, node))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    counted = [(_COUNTED_NAMES[order[k]], counts[order[k]]) for k in range(n_order)]
    return elements, counted, paragraph_chars, complete


def attributed(cetree._Element base, skipped_tags, kept_tags):
    """The elements under ``base`` (itself included), in document order, whose tag is not in
    ``skipped_tags`` and which have an attribute or a tag in ``kept_tags``: the ones the
    boilerplate scan's loop reads (it passes over a skipped tag, and over an element with no
    attribute once it has noted a kept tag). None when a tag carries a namespace."""
    cdef list names = [tag.encode("utf-8") for tag in skipped_tags]
    cdef list keep_names = [tag.encode("utf-8") for tag in kept_tags]
    cdef Py_ssize_t n_skip = len(names), n_keep = len(keep_names), k
    if n_skip > 64 or n_keep > 64:
        return None
    cdef const char* skip[64]
    cdef const char* keep[64]
    for k in range(n_skip):
        skip[k] = <bytes>names[k]
    for k in range(n_keep):
        keep[k] = <bytes>keep_names[k]
    cdef tree.xmlNode* top = base._c_node
    cdef tree.xmlNode* node = top
    cdef const char* name
    cdef bint wanted
    elements = []
    doc = base._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            name = <const char*>node.name
            wanted = True  # the loop's order: a skipped tag first, then a kept one
            for k in range(n_skip):
                if strcmp(name, skip[k]) == 0:
                    wanted = False
                    break
            if wanted and node.properties is NULL:
                wanted = False
                for k in range(n_keep):
                    if strcmp(name, keep[k]) == 0:
                        wanted = True
                        break
            if wanted:
                elements.append(cetree.elementFactory(doc, node))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return elements
