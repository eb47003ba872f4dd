# One attribute of a libxml2 element read in place, for the compiled walks that include this
# file (_cwalks.pyx, _cmeta.pyx): the including module cimports lxml's ``tree`` and ``strcmp``.

cdef const unsigned char* _EMPTY = <const unsigned char*>"\0"


cdef int _attribute(tree.xmlNode* node, const char* name, const unsigned char** value) noexcept nogil:
    """1 and its value when ``node`` has the attribute (no namespace), 0 when not, -1 when the
    value is not one text node (the caller reads the element in Python, or gives up)."""
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
