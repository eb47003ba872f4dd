# Where a libxml2 text run starts, for the compiled walks that include this file (_cwalks.pyx,
# _cmeta.pyx): the including module cimports lxml's ``tree``.


cdef inline tree.xmlNode* _text_or_skip(tree.xmlNode* node) noexcept nogil:
    """lxml's ``_textNodeOrSkip``: the text run ``.text``/``.tail`` read starts here (NULL: none)."""
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            return node
        if node.type == tree.XML_XINCLUDE_START or node.type == tree.XML_XINCLUDE_END:
            node = node.next
            continue
        return NULL
    return NULL
