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

``near_headline`` / ``name_line_walk`` (for ``datelines.find_date_lines``, ``bylines._scan``,
``authorscan.scan_name_lines``): their walks around the headline, numbered as ``enumerate``
numbers the Python walks, only the elements (and cards' starts) their loops may use.

``container_scores`` (for ``candidates.score_containers``): the whole vote, text lengths read
from libxml2's nodes; a proxy only for the elements that get a score.

``comment_area`` (for ``metadata._dated_content_signals``): a ``<textarea>`` or a comment
area's id anywhere, the answer of two lxml passes (a tag search and ``//@id``, which makes a
string of every id) read in one pass without a Python object.

``block_walk`` (for ``blocks.page_blocks``) and ``render_walk`` (``render.render_lines``): not
pre-filters but the whole walks (lines, and for the first each line's context), since every
element adds text or opens a context: the Python walks' proxies, tag, text and tail reads for
every element (~1 us each) become C reads, and a proxy is made only for the elements that get
a context.

Round sixteen (the functions at the end): a cold class/id string's verdict and word groups
without most of their regex calls (``literal_mask``, ``first_match_bits``), the memo key's
digits (``without_digits``), the scan's pre-walk judging cold strings (``attributed``'s
``compute``), class/id elements' bits from the memo (``context_bits``) and
``body.hidden_lines``' loop (``hidden_counts``).
"""

from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcpy, strcmp, strlen, strncmp, strstr

cimport cython
cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree

cetree.import_lxml__etree()

# walk_marks' counted tags, in this order (index = slot in the counts array; ``_tag_role``)
_COUNTED_NAMES = ("p", "li", "button", "input", "h2", "h3", "img", "table", "form", "select",
                  "article")

cdef enum:
    MAX_TEXT_CHARS = 80  # pagemarks.MAX_TEXT_CHARS
    MAX_DATED_CHARS = 270  # pagemarks.MAX_DATED_CHARS


include "_textrun.pxi"


cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>
    /* UTF-8 continuation bytes (10xxxxxx) among the 8 bytes of a word: bit 7 set, bit 6 clear */
    static inline int scraper_continuations(uint64_t w) {
        uint64_t c = w & ~(w << 1) & 0x8080808080808080ULL;
        return c ? __builtin_popcountll(c) : 0;
    }
    static inline uint64_t scraper_load8(const unsigned char* s) {
        uint64_t w;
        memcpy(&w, s, 8);
        return w;
    }
    """
    int _continuations "scraper_continuations"(unsigned long long w) noexcept nogil
    unsigned long long _load8 "scraper_load8"(const unsigned char* s) noexcept nogil
    void _prefetch "__builtin_prefetch"(const void* address) noexcept nogil


cdef inline Py_ssize_t _chars(const unsigned char* s) noexcept nogil:
    """Code points of a UTF-8 string (what ``len()`` of the decoded text counts): its bytes
    (``strlen``, vectorised) less its continuation bytes, counted eight at a time (one test a
    word when it is ASCII, as most text is); the byte loop this replaced cost ~1% of
    ``extract()`` in ``wrapped_chars`` alone."""
    cdef size_t size = strlen(<const char*>s)
    cdef Py_ssize_t n = <Py_ssize_t>size
    cdef size_t i = 0
    cdef unsigned long long w
    while i + 8 <= size:
        w = _load8(s + i)
        if w & 0x8080808080808080ULL:
            n -= _continuations(w)
        i += 8
    while i < size:
        if (s[i] & 0xC0) == 0x80:
            n -= 1
        i += 1
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


cdef const char* _BY_WORDS[37]
# every BY_TEXT_RE match starts (after its spaces) with one of these, in any case, or with a
# digit (a date before its "by": "June 8, 2021 by", "2021-06-08 by"; months and weekdays)
_BY_WORDS[:] = [b"article", b"post", b"story", b"written", b"published", b"reported", b"words",
                b"text", b"by", b"author", b"autor", b"auteur", b"von", b"par", b"por", b"door",
                b"this", b"contributor", b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul",
                b"aug", b"sep", b"oct", b"nov", b"dec", b"mon", b"tue", b"wed", b"thu", b"fri",
                b"sat", b"sun"]


cdef const char* _CJK_LABELS[6]
# ``authors.CJK_LABELS`` ("Author" in Chinese, Japanese and Korean), UTF-8: a text opening with
# one may be a byline, though its first character is no ASCII letter
_CJK_LABELS[:] = [b"\xe4\xbd\x9c\xe8\x80\x85", b"\xe8\x91\x97\xe8\x80\x85",
                  b"\xe7\xad\x86\xe8\x80\x85", b"\xe6\x92\xb0\xe6\x96\x87",
                  b"\xec\x9e\x91\xec\x84\xb1\xec\x9e\x90",
                  b"\xea\xb8\x80\xec\x93\xb4\xec\x9d\xb4"]


cdef bint _cjk_label_start(const unsigned char* s) noexcept nogil:
    """Whether the text at ``s`` opens with one of ``_CJK_LABELS``."""
    cdef int k
    for k in range(6):
        if strncmp(<const char*>s, _CJK_LABELS[k], strlen(_CJK_LABELS[k])) == 0:
            return True
    return False


def cjk_labels():
    """``_CJK_LABELS`` as ``str`` (the tests pin them against ``authors.CJK_LABELS``)."""
    return [(<bytes>_CJK_LABELS[k]).decode() for k in range(6)]


cdef inline int _wide_space(const unsigned char* s) noexcept nogil:
    """The UTF-8 length of the non-ASCII white space ``str.isspace`` knows at ``s`` (U+0085,
    U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), else 0."""
    if s[0] == 0xC2:
        return 2 if s[1] == 0x85 or s[1] == 0xA0 else 0
    if s[0] == 0xE1:
        return 3 if s[1] == 0x9A and s[2] == 0x80 else 0
    if s[0] == 0xE2:
        if s[1] == 0x80:
            return 3 if s[2] <= 0x8A or s[2] == 0xA8 or s[2] == 0xA9 or s[2] == 0xAF else 0
        return 3 if s[1] == 0x81 and s[2] == 0x9F else 0
    if s[0] == 0xE3:
        return 3 if s[1] == 0x80 and s[2] == 0x80 else 0
    return 0


cdef inline bint _lead_separator(const unsigned char* s) noexcept nogil:
    """Whether the text at ``s`` opens with "·" (U+00B7) or "•" (U+2022), UTF-8."""
    return (s[0] == 0xC2 and s[1] == 0xB7) or (s[0] == 0xE2 and s[1] == 0x80 and s[2] == 0xA2)


cdef bint _may_be_by_text(const unsigned char* s) noexcept nogil:
    """False only where ``text.lstrip()[:1] in _BY_INITIALS and BY_TEXT_RE.match(text)`` is:
    after the spaces the text starts with none of the pattern's first words (compared as ASCII
    lower case; a non-ASCII character on the way is a maybe: case folding can match it). A
    first character past ``lstrip`` that is not ASCII is no initial: False ("\xa0", "★"),
    unless a CJK author label opens there ("作者：") or a meta line's separator ("·", "•", and
    "|" in ASCII: ``authors.LEAD_SEPARATORS``, a maybe)."""
    cdef int wide
    while s[0]:
        if _lstrip_space(s[0]):
            s += 1
        elif s[0] >= 0x80:
            wide = _wide_space(s)
            if wide == 0:  # the first character lstrip keeps is not ASCII: a CJK label's only
                return _cjk_label_start(s) or _lead_separator(s)
            s += wide
        else:
            break
    if s[0] == 0:
        return False  # only spaces: lstrip()[:1] is ""
    if 48 <= s[0] <= 57 or s[0] == 124:  # a digit (a date first) or "|"
        return True
    if memchr(b"BbWwPpRrSsAaTtVvDdCcJjFfMmOoNn", s[0], 30) is NULL:
        return False
    cdef int k, j
    cdef const char* word
    for k in range(37):
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
    """False only where ``_PROFILE_HREF_RE.search(href)`` is: "/word/", or "word/" opening the
    address, then a character other than "/", "?" or "#" (ASCII lower case; a non-ASCII
    character anywhere: maybe)."""
    cdef Py_ssize_t i = 0
    cdef int k, j
    cdef const char* word
    cdef unsigned char after
    while s[i]:
        if s[i] >= 0x80:
            return True
        i += 1
    i = -1  # (the string's start, as a "/" before it: a relative "author/jo-roe.html")
    while i < 0 or s[i]:
        if i < 0 or s[i] == b'/':
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


cdef const char* _AUTHOR[1]
_AUTHOR[:] = [b"author"]
cdef const char* _MICRODATA_WORDS[2]
_MICRODATA_WORDS[:] = [b"byline", b"author"]


include "_attribute.pxi"


cdef inline tree.xmlNode* _following(tree.xmlNode* node, tree.xmlNode* top) noexcept nogil:
    """The node after ``node``'s subtree in document order under ``top`` (NULL past the end)."""
    while node is not top and node.next is NULL:
        node = node.parent
    if node is top:
        return NULL
    return node.next


cdef unsigned char _HINT_BYTES[256]
# ``_class_hint``'s bytes worth a look: a non-ASCII byte, or the first letter of a hint word
for _byte in range(256):
    _HINT_BYTES[_byte] = _byte >= 0x80 or chr(_byte) in "aAbBuUwWcCpP"


cdef bint _class_hint(const unsigned char* s) noexcept nogil:
    """Whether ``pagemarks._hinted`` may pass the class string (one of its eight words in the
    ASCII-lowered string; a non-ASCII string: maybe), in one pass: one test per character
    instead of eight ``strstr`` (a third of the walk's time went to them)."""
    cdef unsigned char c
    while s[0]:
        c = s[0]
        if not _HINT_BYTES[c]:  # (most bytes start no hint word: one table read)
            s += 1
            continue
        if c >= 0x80:
            return True
        c = _lower(c)
        if c == b'a':
            if _lower_prefix(s, "auth"):
                return True
        elif c == b'b':
            if _lower_prefix(s, "byl"):
                return True
        elif c == b'u':
            if _lower_prefix(s, "user"):
                return True
        elif c == b'w':
            if _lower_prefix(s, "writer"):
                return True
        elif c == b'c':
            if _lower_prefix(s, "contrib") or _lower_prefix(s, "creator") or _lower_prefix(
                    s, "card"):
                return True
        elif c == b'p':
            if _lower_prefix(s, "poster"):
                return True
        s += 1
    return False


cdef const char* _TOKEN_WORDS[15]
# pagemarks._TOKEN_RE's words, its optional hyphens written out (ASCII lower case)
_TOKEN_WORDS[:] = [b"author", b"authors", b"byline", b"bylines", b"writer", b"contributor",
                   b"creator", b"username", b"user-name", b"poster", b"p-author", b"h-card",
                   b"vcard", b"postedby", b"posted-by"]


cdef unsigned char _TOKEN_FIRST[256]
# the first bytes of ``_TOKEN_WORDS``, either case
for _byte in range(256):
    _TOKEN_FIRST[_byte] = _byte < 0x80 and chr(_byte).lower() in "abwcuphv"


cdef bint _token_word_at(const unsigned char* s, Py_ssize_t i, Py_ssize_t end) noexcept nogil:
    """One of ``_TOKEN_RE``'s words (ASCII, any case) starts at ``s[i]`` and ends at the end of
    the token (``end``), before "-"/"_" or before an upper-case ASCII letter."""
    cdef int k
    cdef Py_ssize_t j
    cdef const char* word
    cdef unsigned char after
    if not _TOKEN_FIRST[s[i]]:  # (no word starts with this byte: most positions end here)
        return False
    for k in range(15):
        word = _TOKEN_WORDS[k]
        j = 0
        while word[j] and i + j < end and _lower(s[i + j]) == <unsigned char>word[j]:
            j += 1
        if word[j] == 0:
            if i + j == end:
                return True
            after = s[i + j]
            if after == b'-' or after == b'_' or (65 <= after <= 90):
                return True
    return False


cdef bint _class_marked(const unsigned char* s) noexcept nogil:
    """``pagemarks._class_marked`` of an ASCII class string (``_hinted``, then ``_TOKEN_RE``
    searched in each ``split()`` token: a word at the token's start, after "-"/"_" or after an
    ASCII letter; IGNORECASE matches nothing else on ASCII); a non-ASCII string: maybe (True).
    The marks walk then hands Python no element whose class hint its token test rejects
    (a "card", "user-menu" or "author-box-2x" class: a third of the elements it kept)."""
    if not _class_hint(s):
        return False
    cdef Py_ssize_t i = 0, start, end
    cdef unsigned char before
    while s[i]:
        if s[i] >= 0x80:
            return True
        i += 1
    i = 0
    while s[i]:
        while s[i] and _lstrip_space(s[i]):  # str.split()'s ASCII whitespace
            i += 1
        start = i
        while s[i] and not _lstrip_space(s[i]):
            i += 1
        end = i
        for i in range(start, end):
            if i > start:
                before = s[i - 1]
                if not (before == b'-' or before == b'_' or (65 <= before <= 90)
                        or (97 <= before <= 122)):
                    continue
            if _token_word_at(s, i, end):
                return True
        i = end
    return False


def may_be_by_text(bytes text not None):
    """``_may_be_by_text`` of a text's UTF-8 bytes (for the tests)."""
    return _may_be_by_text(<const unsigned char*>text)


def class_marked(bytes classes not None):
    """``_class_marked`` of a class string's UTF-8 bytes (for the tests: the marks walk's
    class test against ``pagemarks._class_marked``)."""
    return _class_marked(<const unsigned char*>classes)

cdef bint _byline_or_author(const unsigned char* s) noexcept nogil:
    """"byline" or "author" in the string (case-sensitive, as ``is_microdata_mark``), one pass."""
    while s[0]:
        if s[0] == b'b':  # (the second byte first: "b" and "a" start many words)
            if s[1] == b'y' and strncmp(<const char*>s, "byline", 6) == 0:
                return True
        elif s[0] == b'a':
            if s[1] == b'u' and strncmp(<const char*>s, "author", 6) == 0:
                return True
        s += 1
    return False


cdef inline bint _same_name(const char* name, const char* word) noexcept nogil:
    """``strcmp(name, word) == 0`` for a name whose first byte matched: the second byte
    compared first (a <span> or a <td> no longer runs three or four ``strcmp``)."""
    return name[1] == word[1] and strcmp(name, word) == 0


cdef int _tag_role(const char* name) noexcept nogil:
    """-1 for ``pagemarks.SKIPPED_TAGS``, the slot in ``_COUNTED_NAMES`` for a counted tag, else
    -2: the first character picks the few names to compare."""
    cdef char c = name[0]
    if c == b's':
        if _same_name(name, "script") or _same_name(name, "style") or _same_name(name, "svg"):
            return -1
        if _same_name(name, "select"):
            return 9
    elif c == b't':
        if (_same_name(name, "template") or _same_name(name, "title")
                or _same_name(name, "textarea")):
            return -1
        if _same_name(name, "table"):
            return 7
    elif c == b'n':
        if _same_name(name, "noscript"):
            return -1
    elif c == b'p':
        if name[1] == 0:
            return 0
    elif c == b'l':
        if name[1] == b'i' and name[2] == 0:
            return 1
    elif c == b'b':
        if _same_name(name, "button"):
            return 2
    elif c == b'i':
        if _same_name(name, "input"):
            return 3
        if _same_name(name, "img"):
            return 6
    elif c == b'h':
        if name[1] == b'2' and name[2] == 0:
            return 4
        if name[1] == b'3' and name[2] == 0:
            return 5
    elif c == b'f':
        if _same_name(name, "form"):
            return 8
    elif c == b'a':
        if _same_name(name, "article"):
            return 10
    return -2


cdef struct _MarkState:
    Py_ssize_t seen
    Py_ssize_t limit
    Py_ssize_t paragraph_chars
    long counts[11]
    int order[11]
    int n_order
    int comment
    bint complete


cdef void _mark_start(_MarkState* state, Py_ssize_t limit) noexcept nogil:
    cdef int k
    state.seen = 0
    state.limit = limit
    state.paragraph_chars = 0
    state.n_order = 0
    state.comment = 0
    state.complete = True
    for k in range(11):
        state.counts[k] = 0


cdef inline int _attribute_value(tree.xmlAttr* attr, const unsigned char** value) noexcept nogil:
    """``_attribute``'s answer for a found attribute: 1 and its value, -1 not one text node."""
    if attr.children is NULL:
        value[0] = _EMPTY
        return 1
    if attr.children.type != tree.XML_TEXT_NODE or attr.children.next is not NULL:
        return -1
    value[0] = <const unsigned char*>attr.children.content
    if value[0] is NULL:
        value[0] = _EMPTY
    return 1


cdef inline void _mark_attributes(tree.xmlNode* node, int* has_class,
                                  const unsigned char** classes, int* has_itemprop,
                                  int* has_id, const unsigned char** id_value) noexcept nogil:
    """``_attribute(node, "class")``, ``"itemprop"`` and ``"id"`` in one pass over the
    attributes (the first of each name without a namespace; the itemprop's value unused):
    the marks walk read them in three passes, a third of its time with ``strcmp``."""
    cdef tree.xmlAttr* attr = node.properties
    cdef const unsigned char* unused
    cdef const char* name
    has_class[0] = has_itemprop[0] = has_id[0] = 0
    while attr is not NULL:
        if attr.ns is NULL:
            name = <const char*>attr.name
            if name[0] == b'c':
                if has_class[0] == 0 and strcmp(name, "class") == 0:
                    has_class[0] = _attribute_value(attr, classes)
            elif name[0] == b'i':
                if name[1] == b'd' and name[2] == 0:
                    if has_id[0] == 0:
                        has_id[0] = _attribute_value(attr, id_value)
                elif has_itemprop[0] == 0 and strcmp(name, "itemprop") == 0:
                    has_itemprop[0] = _attribute_value(attr, &unused)
        attr = attr.next


cdef int _mark_node(tree.xmlNode* node, _MarkState* state) noexcept nogil:
    """``mark_candidates``' tests of one element (no namespace; the caller checks): 1 keep it,
    0 not, -1 not modelled (the walk gives up), 2 the limit reached (``complete`` cleared)."""
    cdef tree.xmlNode* run
    cdef tree.xmlNode* first
    cdef const unsigned char* name
    cdef const unsigned char* classes
    cdef const unsigned char* value
    cdef const unsigned char* text
    cdef const unsigned char* id_value = _EMPTY
    cdef Py_ssize_t chars
    cdef int found, has_class, id_found, k
    cdef bint keep, skipped
    if state.seen == state.limit:
        state.complete = False
        return 2
    if node.ns is not NULL:
        return -1  # a namespaced tag reads "{uri}name": not modelled here
    state.seen += 1
    name = <const unsigned char*>node.name
    keep = False
    classes = _EMPTY
    # class, itemprop and id in one pass over the attributes (each as ``_attribute`` reads it)
    _mark_attributes(node, &has_class, &classes, &found, &id_found, &id_value)
    if has_class < 0:
        return -1
    if found < 0:
        return -1
    if found or (has_class and classes[0] and _byline_or_author(classes)):
        keep = True  # microdata
    if state.comment != 1:  # ``comment_area``'s test, for the part of the page walked here
        if id_found < 0:
            state.comment = -1
        elif id_found and _comment_id(<const char*>id_value):
            state.comment = 1
    k = _tag_role(<const char*>name)
    skipped = k == -1
    if skipped and state.comment != 1 and strcmp(<const char*>name, "textarea") == 0:
        state.comment = 1
    if not skipped:
        if k >= 0:
            if state.counts[k] == 0:
                state.order[state.n_order] = k
                state.n_order += 1
            state.counts[k] += 1
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
            if chars and k == 0:  # a <p>
                state.paragraph_chars += chars
        if not keep and has_class and classes[0] and _class_marked(classes):
            keep = True  # a class naming someone (``pagemarks._class_marked``)
        if not keep and name[0] == b'a' and name[1] == 0:
            found = _attribute(node, "rel", &value)
            if found < 0:
                return -1
            if found and _ascii_lower_has(value, _AUTHOR, 1):
                keep = True
            else:
                found = _attribute(node, "href", &value)
                if found < 0:
                    return -1
                if found and value[0] and _may_be_profile(value):
                    keep = True
    if not keep:  # the tail: a year in it, or a "By" line opening there
        first = _text_or_skip(node.next)
        if first is not NULL:
            run = _text_or_skip(first.next)
            if run is not NULL:
                keep = True
            elif first.content is not NULL and first.content[0]:
                text = <const unsigned char*>first.content
                if _has_year_digits(text) and _chars(text) <= MAX_DATED_CHARS:
                    keep = True
                elif _may_be_by_text(text) and _chars(text) < MAX_TEXT_CHARS:
                    keep = True  # (the initials test first: most tails are spaces)
    return 1 if keep else 0


cdef tuple _mark_result(list elements, _MarkState* state):
    cdef int k
    counted = [(_COUNTED_NAMES[state.order[k]], state.counts[state.order[k]])
               for k in range(state.n_order)]
    return elements, counted, state.paragraph_chars, state.complete, state.comment


def mark_candidates(cetree._Element base, Py_ssize_t limit):
    """``(elements, counts, paragraph_chars, complete, comment)`` for ``walk_marks``, or None.

    ``elements``: in document order, the first ``limit`` elements from ``base`` (itself
    included) that a test of the marks walk could keep; ``counts``: (tag, count) of the counted
    tags in order of first sight; ``complete``: no element beyond the first ``limit``;
    ``comment``: ``comment_area``'s test over the elements walked (1 a <textarea> or a comment
    area's id, 0 none, -1 none but an id value not modelled), so that ``comment_area`` can
    pass over ``base`` when the walk was complete."""
    cdef tree.xmlNode* top = base._c_node
    cdef tree.xmlNode* node = top
    cdef _MarkState state
    cdef int verdict
    _mark_start(&state, limit)
    elements = []
    doc = base._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            verdict = _mark_node(node, &state)
            if verdict == 2:
                break
            if verdict < 0:
                return None
            if verdict:
                elements.append(cetree.elementFactory(doc, node))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return _mark_result(elements, &state)


# ``near_headline`` (for ``datelines.find_date_lines`` and ``bylines._scan``): their walks
# around the headline, handing Python only the elements their loops may do anything with.
cdef enum:
    NEAR_DATE = 1  # tests: ``datelines._lines_of`` and its card test
    NEAR_BYLINE = 2  # ``bylines._scan``'s class/id and text tests (and its card test after)
    NEAR_NAME = 3  # ``authorscan.scan_name_lines``' skipped tags and ``_name_text``
    NEAR_NAME_AFTER = 4  # the same, and a stop where the body starts (``authorscan._near``)
    NEAR_BYLINE_AFTER = 5  # ``NEAR_BYLINE`` after the headline: a stop at the first card
    NEAR_BEFORE = 1  # parts: the headline's block up to the headline (``nearby.before``)
    NEAR_AFTER = 2  # everything after it up to the end of the scope (``nearby.after``)

# the same numbers for the Python callers
NEAR_TESTS = {"date": NEAR_DATE, "byline": NEAR_BYLINE, "before": NEAR_BEFORE, "after": NEAR_AFTER}


cdef inline bint _four_digits(const unsigned char* s) noexcept nogil:
    """Where ``datelines._YEAR_RE`` (``\\d{4}``) may match: four ASCII digits in a row, or any
    non-ASCII character (``\\d`` matches other scripts' digits too)."""
    cdef int run = 0
    while s[0]:
        if s[0] >= 0x80:
            return True
        if 48 <= s[0] <= 57:
            run += 1
            if run == 4:
                return True
        else:
            run = 0
        s += 1
    return False


cdef enum:
    BYLINE_WORDS = 19  # entries of ``_BYLINE_FIRST``
    BYLINE_LONGEST = 12  # the longest of them ("contributors")

cdef const char* _BYLINE_FIRST[19]
# every ``bylines._BYLINE_TEXT_RE``/``_BYLINE_WORD_RE`` match's first word (after ``^\s*``),
# in lower case; each alternative ends that word with ``\s``, ``\b`` or ``(?=\s*:)``, so a
# match's run of letters equals one of them (pinned against the regexes in the tests)
_BYLINE_FIRST[:] = [b"this", b"contributor", b"contributors", b"written", b"posted",
                    b"published", b"reported", b"story", b"words", b"article", b"by", b"author",
                    b"authors", b"autor", b"auteur", b"von", b"par", b"por", b"door"]


cdef int _byline_word(const char* run, Py_ssize_t size) noexcept nogil:
    """2 when the lowered run of letters is one of ``_BYLINE_FIRST``, 1 when it only begins
    one, 0 otherwise."""
    cdef int k
    cdef int found = 0
    cdef const char* word
    for k in range(BYLINE_WORDS):
        word = _BYLINE_FIRST[k]
        if strncmp(word, run, size) == 0:
            if word[size] == 0:
                return 2
            found = 1
    return found


cdef bint _byline_start(const unsigned char* s) noexcept nogil:
    """True for every text ``bylines._scan``'s text test keeps (``text.lstrip()[:1]`` in
    ``_BYLINE_INITIALS`` and a byline regex matching): past the spaces (``str.isspace``'s wide
    ones too) the long s, or a run of ASCII letters that, lowered, is one of the regexes' first
    words, followed by neither a digit nor "_" (no ``\\b``, ``\\s`` or ":" there). A non-ASCII
    character right after the run is a maybe when the run begins one of the words (``re.I``
    matches "\\u017f" to "s", "\\u212a" to "k"). ~2/3 of the texts the initial alone kept
    ("Share", "Advertisement") are no byline: their elements no longer reach Python."""
    cdef char run[BYLINE_LONGEST + 1]
    cdef Py_ssize_t n = 0
    cdef int wide
    cdef unsigned char c
    while s[0]:
        if _lstrip_space(s[0]):
            s += 1
        elif s[0] >= 0x80:
            wide = _wide_space(s)
            if wide == 0:  # the first character lstrip keeps: the long s, or a CJK label's
                return (s[0] == 0xC5 and s[1] == 0xBF) or _cjk_label_start(s)
            s += wide
        else:
            break
    while True:
        c = s[n]
        if (65 <= c <= 90) or (97 <= c <= 122):
            if n == BYLINE_LONGEST:
                return False  # longer than every first word: a letter follows each
            run[n] = <char>_lower(c)
            n += 1
            continue
        if n == 0:
            return False  # no letter first (only spaces, a digit, a sign): no initial
        run[n] = 0
        if c >= 0x80:
            return _byline_word(run, n) > 0
        if (48 <= c <= 57) or c == b'_':
            return False
        return _byline_word(run, n) == 2


def byline_start(bytes text not None):
    """``_byline_start`` of a text's UTF-8 bytes (for the tests)."""
    return _byline_start(<const unsigned char*>text)


def byline_first_words():
    """``_BYLINE_FIRST`` as ``str`` (the tests pin it against the regexes)."""
    return [(<bytes>_BYLINE_FIRST[k]).decode() for k in range(BYLINE_WORDS)]


cdef bint _author_words(const unsigned char* s) noexcept nogil:
    """Where ``bylines._may_name_author`` may pass a class or id value: one of its six words in
    the ASCII-lowered value, or a non-ASCII value (it runs the regex there)."""
    cdef unsigned char c
    while s[0]:
        c = s[0]
        if not _HINT_BYTES[c]:  # (most bytes start no hint word: one table read)
            s += 1
            continue
        if c >= 0x80:
            return True
        c = _lower(c)
        if c == b'a':
            if _lower_prefix(s, "auth"):
                return True
        elif c == b'b':
            if _lower_prefix(s, "byl"):
                return True
        elif c == b'u':
            if _lower_prefix(s, "user"):
                return True
        elif c == b'c':
            if _lower_prefix(s, "creator"):
                return True
        elif c == b'w':
            if _lower_prefix(s, "writer"):
                return True
        elif c == b'p':
            if _lower_prefix(s, "poster"):
                return True
        s += 1
    return False


cdef bint _run_may(tree.xmlNode* first, int test) noexcept nogil:
    """Whether a ``.text``/``.tail`` run starting at ``first`` may pass the test: a run of
    several text nodes is a maybe (their joined text is not read here)."""
    cdef const unsigned char* text
    if first is NULL:
        return False
    if _text_or_skip(first.next) is not NULL:
        return True
    text = <const unsigned char*>first.content
    if text is NULL or not text[0]:
        return False
    if test == NEAR_DATE:
        return _four_digits(text)
    return _byline_start(text)


cdef bint _run_has_words(tree.xmlNode* first) noexcept nogil:
    """Whether a ``.text``/``.tail`` run may hold more than spaces (several nodes, or a
    character other than an ASCII space: ``str.strip`` removes more, so that is a maybe)."""
    cdef const unsigned char* text
    if first is NULL:
        return False
    if _text_or_skip(first.next) is not NULL:
        return True
    text = <const unsigned char*>first.content
    if text is NULL:
        return False
    while text[0]:
        if not _lstrip_space(text[0]):
            return True
        text += 1
    return False


cdef bint _childless(tree.xmlNode* node) noexcept nogil:
    """``len(element) == 0``: no element, comment, processing instruction or entity child."""
    cdef tree.xmlNode* child = node.children
    while child is not NULL:
        if (child.type == tree.XML_ELEMENT_NODE or child.type == tree.XML_COMMENT_NODE
                or child.type == tree.XML_PI_NODE or child.type == tree.XML_ENTITY_REF_NODE):
            return False
        child = child.next
    return True


cdef int _name_line_keep(tree.xmlNode* node, const char* name, int test) noexcept nogil:
    """``_near_keep`` for the name-line scan: 2 where the body starts (a stop, after the
    headline only), 0 for a tag it skips or an element ``_name_text`` reads no text from."""
    if test == NEAR_NAME_AFTER and (strcmp(name, "h2") == 0 or strcmp(name, "h3") == 0
                                    or strcmp(name, "article") == 0):
        return 2
    if (strcmp(name, "script") == 0 or strcmp(name, "style") == 0
            or strcmp(name, "noscript") == 0 or strcmp(name, "template") == 0
            or strcmp(name, "svg") == 0 or strcmp(name, "head") == 0
            or strcmp(name, "title") == 0 or strcmp(name, "aside") == 0
            or strcmp(name, "nav") == 0 or strcmp(name, "footer") == 0
            or strcmp(name, "blockquote") == 0 or strcmp(name, "form") == 0):
        return 0
    if _run_has_words(_text_or_skip(node.children)):
        return 1
    return _childless(node) and _run_has_words(_text_or_skip(node.next))


cdef int _card_start(tree.xmlNode* node, const char* name) noexcept nogil:
    """``bylines._starts_card`` where C can tell: 1 for an <article>, or a heading whose first
    <a> descendant and itself carry no author word in class or id (``_author_words`` says no:
    ``_has_author_words`` is false); 0 for a heading without an <a>; 2 when Python must tell
    (an author word may be there); -1 when not modelled (a namespace, an attribute value of
    several nodes)."""
    cdef tree.xmlNode* link = NULL
    cdef tree.xmlNode* walked
    cdef tree.xmlNode* element
    cdef const unsigned char* value
    cdef const char* attribute
    cdef int found, k
    if strcmp(name, "article") == 0:
        return 1
    walked = node.children
    while walked is not NULL:  # ``next(element.iterdescendants("a"), None)``
        if walked.type == tree.XML_ELEMENT_NODE:
            if walked.ns is not NULL:
                return -1
            if strcmp(<const char*>walked.name, "a") == 0:
                link = walked
                break
            if walked.children is not NULL:
                walked = walked.children
                continue
        walked = _following(walked, node)
    if link is NULL:
        return 0
    for k in range(4):  # the link's class and id, then the heading's
        element = link if k < 2 else node
        attribute = "class" if k % 2 == 0 else "id"
        found = _attribute(element, attribute, &value)
        if found < 0:
            return -1
        if found and value[0] and _author_words(value):
            return 2
    return 1


cdef int _near_keep(tree.xmlNode* node, int test) noexcept nogil:
    """1 when the loop of ``test`` may do anything with the element, 0 when it surely does
    nothing (every "no" exact), -1 when not modelled (a namespaced tag, an attribute value of
    several nodes); 2: the walk stops before it (``NEAR_NAME_AFTER``, ``NEAR_BYLINE_AFTER``)."""
    cdef const char* name
    cdef const unsigned char* value
    cdef int found
    if node.ns is not NULL:
        return -1
    name = <const char*>node.name
    if test == NEAR_NAME or test == NEAR_NAME_AFTER:
        return _name_line_keep(node, name, test)
    if (strcmp(name, "article") == 0 or strcmp(name, "h2") == 0 or strcmp(name, "h3") == 0
            or strcmp(name, "h4") == 0):
        if test == NEAR_DATE:
            return 1  # a card's start: the Python loop tests it
        if test == NEAR_BYLINE_AFTER:
            found = _card_start(node, name)
            if found < 0:
                return -1
            if found == 1:
                return 2  # the byline loop stops here: nothing after it is read
            if found == 2:
                return 1  # the Python loop tells
        # before the headline, or a heading without a link: the class/id and text tests
    if test == NEAR_DATE:
        if (strcmp(name, "script") == 0 or strcmp(name, "style") == 0
                or strcmp(name, "noscript") == 0 or strcmp(name, "template") == 0
                or strcmp(name, "svg") == 0):
            return 0  # ``_lines_of`` reads nothing of it (its children are walked still)
        if strcmp(name, "time") == 0:
            found = _attribute(node, "datetime", &value)
            if found < 0:
                return -1
            if found and value[0]:
                return 1  # its machine date
        return _run_may(_text_or_skip(node.children), test) or _run_may(
            _text_or_skip(node.next), test)
    found = _attribute(node, "class", &value)
    if found < 0:
        return -1
    if found and value[0] and _author_words(value):
        return 1
    found = _attribute(node, "id", &value)
    if found < 0:
        return -1
    if found and value[0] and _author_words(value):
        return 1
    return _run_may(_text_or_skip(node.children), test)


cdef int _near_subtree(tree.xmlNode* top, tree.xmlNode* stop, int test, Py_ssize_t* count,
                       Py_ssize_t limit, list out, object doc) except -2:
    """``top.iter(etree.Element)`` up to ``stop`` (excluded; NULL: the whole subtree): each
    element counted, the kept ones appended as (count, element). 1 when ``stop`` or the limit
    was reached, 0 when the subtree ended, -1 when an element is not modelled."""
    cdef tree.xmlNode* node = top
    cdef int keep
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node is stop:
                return 1
            if limit >= 0 and count[0] > limit:
                return 1
            keep = _near_keep(node, test)
            if keep < 0:
                return -1
            if keep == 2:
                return 1
            if keep:
                out.append((count[0], cetree.elementFactory(doc, node)))
            count[0] += 1
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return 0


def near_headline(cetree._Element headline, cetree._Element scope, int test, int parts,
                  Py_ssize_t limit):
    """``[(count, element)]``: the walk ``parts`` names (``NEAR_BEFORE``: ``nearby.before``,
    ``NEAR_AFTER``: ``nearby.after(headline, scope)``, both: before, the headline, after), each
    element numbered as ``enumerate`` numbers that walk, up to number ``limit`` (-1: no
    limit), only the elements the ``test``'s loop may do anything with (and the headline),
    for the byline test (both parts) ending before the first card start C can tell; None
    when an element is not modelled (the Python walk runs)."""
    cdef tree.xmlNode* h = headline._c_node
    cdef tree.xmlNode* block = h
    cdef tree.xmlNode* parent
    cdef tree.xmlNode* node
    cdef tree.xmlNode* sibling
    cdef tree.xmlNode* top = scope._c_node
    cdef Py_ssize_t count = 0
    cdef int k, done
    # after the headline (passed by the loop, so only with the part before it) the byline
    # loop stops at the first card: the walk stops there too
    cdef int after_test = (NEAR_BYLINE_AFTER if test == NEAR_BYLINE and parts & NEAR_BEFORE
                           else test)
    out = []
    doc = headline._doc
    if parts & NEAR_BEFORE:
        for k in range(2):  # ``nearby.block_of``: BLOCK_LEVELS up, never <body> or <html>
            parent = block.parent
            if parent is NULL or parent.type != tree.XML_ELEMENT_NODE:
                break
            if parent.ns is not NULL:
                return None
            if (strcmp(<const char*>parent.name, "body") == 0
                    or strcmp(<const char*>parent.name, "html") == 0):
                break
            block = parent
        done = _near_subtree(block, h, test, &count, limit, out, doc)
        if done < 0:
            return None
        if parts & NEAR_AFTER:
            if limit >= 0 and count > limit:
                return out
            out.append((count, headline))
            count += 1
    if parts & NEAR_AFTER:
        node = h
        while node is not NULL and node is not top:
            sibling = node.next
            while sibling is not NULL:
                if sibling.type == tree.XML_ELEMENT_NODE:
                    done = _near_subtree(sibling, NULL, after_test, &count, limit, out, doc)
                    if done < 0:
                        return None
                    if done:
                        return out
                sibling = sibling.next
            node = node.parent
            if node is not NULL and node.type != tree.XML_ELEMENT_NODE:
                node = NULL
    return out


def name_line_walk(cetree._Element headline, cetree._Element scope, Py_ssize_t max_near):
    """``[(order, element, after)]`` as ``enumerate(authorscan._near(headline, scope))`` gives
    them, only the elements ``scan_name_lines`` may read a name from; None when an element is
    not modelled. (After the headline up to where the body starts, at most ``max_near + 1``
    elements, then as many of the block's elements before it.)"""
    cdef Py_ssize_t count = 0
    cdef Py_ssize_t walked
    cdef tree.xmlNode* node = headline._c_node
    cdef tree.xmlNode* sibling
    cdef tree.xmlNode* top = scope._c_node
    cdef int done = 0
    doc = headline._doc
    after = []
    while node is not NULL and node is not top and done == 0:
        sibling = node.next
        while sibling is not NULL:
            if sibling.type == tree.XML_ELEMENT_NODE:
                done = _near_subtree(sibling, NULL, NEAR_NAME_AFTER, &count, max_near, after,
                                     doc)
                if done < 0:
                    return None
                if done:
                    break
            sibling = sibling.next
        node = node.parent
        if node is not NULL and node.type != tree.XML_ELEMENT_NODE:
            node = NULL
    walked = count  # what the after part yielded: up to a stop or past the limit
    if walked > max_near + 1:
        walked = max_near + 1
    before = near_headline(headline, headline, NEAR_NAME, NEAR_BEFORE, max_near)
    if before is None:
        return None
    return ([(order, element, True) for order, element in after]
            + [(walked + order, element, False) for order, element in before])


cdef object _joined_class_id(const unsigned char* classes, const unsigned char* ident):
    """The scan's class/id string from an element's class and id values ("class", "id" or
    "class id"; None when it has neither), as the Python scan joins them."""
    if classes is NULL:
        if ident is NULL:
            return None
        return PyUnicode_DecodeUTF8(<const char*>ident, strlen(<const char*>ident), NULL)
    words = PyUnicode_DecodeUTF8(<const char*>classes, strlen(<const char*>classes), NULL)
    if ident is NULL:
        return words
    return words + " " + PyUnicode_DecodeUTF8(<const char*>ident, strlen(<const char*>ident), NULL)


cdef object _class_id_words(tree.xmlNode* node):
    """The scan's class/id string of an element whose only attributes are ``class`` and/or
    ``id`` ("class", "id" or "class id"), else None (other attributes, a namespace, a value
    that is not one text node: the scan's loop reads the element itself)."""
    cdef tree.xmlAttr* attr = node.properties
    cdef const unsigned char* classes = NULL
    cdef const unsigned char* ident = NULL
    cdef const unsigned char* value
    while attr is not NULL:
        if attr.ns is not NULL:
            return None
        if attr.children is NULL:
            value = _EMPTY
        elif attr.children.type != tree.XML_TEXT_NODE or attr.children.next is not NULL:
            return None
        else:
            value = <const unsigned char*>attr.children.content
            if value is NULL:
                value = _EMPTY
        if strcmp(<const char*>attr.name, "class") == 0 and classes is NULL:
            classes = value
        elif strcmp(<const char*>attr.name, "id") == 0 and ident is NULL:
            ident = value
        else:
            return None
        attr = attr.next
    return _joined_class_id(classes, ident)


def attributed(
    cetree._Element base, skipped_tags, kept_tags, dict verdicts=None, keep=None, compute=None,
    tuple roles=None, bint pairs=False
):
    """The elements under ``base`` (itself included), in document order, whose tag is not in
    ``skipped_tags`` and which have an attribute or a tag in ``kept_tags``: the ones the
    boilerplate scan's loop reads (it passes over a skipped tag, and over an element with no
    attribute once it has noted a kept tag). None when a tag carries a namespace.

    With ``verdicts`` (the scan's memo of class/id strings): also passes over an element
    whose tag is not a kept one and whose only attributes are its class and/or id when the
    memo already holds ``keep`` for their string (the loop would look it up and move on).

    With ``compute`` too (``prune.words_verdict``): the element's other attributes may be any
    the loop does not read (not ``_ATTENTION``: ``data-*``, ``title``...), a string missing
    from the memo is judged here (``compute`` fills the memo, as the loop's call would), and
    an element with no class, id or attribute the loop reads is passed over (the loop would
    move on). With ``roles`` too (the boilerplate role names as bytes, each under 32
    characters): an element whose attention attributes the loop would read and pass over
    (not hidden, no boilerplate role, not a body marker: ``_quiet_attention``) and whose
    class/id verdict is ``keep`` is passed over as well. With ``pairs`` too: an element the loop
    would only record (not a kept tag, no id, nothing but its class/id verdict to read, and
    that not ``keep``) comes as ``(element, verdict)`` in its place."""
    cdef list names = [tag.encode("utf-8") for tag in skipped_tags]
    cdef list keep_names = [tag.encode("utf-8") for tag in kept_tags]
    cdef Py_ssize_t n_skip = len(names), n_keep = len(keep_names), k
    if n_skip > 64 or n_keep > 64:
        return None
    cdef const char* skip[64]
    cdef const char* keep_tags[64]
    for k in range(n_skip):
        skip[k] = <bytes>names[k]
    for k in range(n_keep):
        keep_tags[k] = <bytes>keep_names[k]
    cdef tree.xmlNode* top = base._c_node
    cdef tree.xmlNode* node = top
    cdef const char* name
    cdef bint wanted, kept_tag
    # the tag names met this walk (libxml2 shares one string per name in a document: a name
    # seen again is found by its pointer) and what the string tests said of each: 1 skipped,
    # 2 kept; a name past the table is tested again
    cdef const char* seen[_MAX_NAMES]
    cdef char seen_flags[_MAX_NAMES]
    cdef int n_seen = 0, j, flags
    elements = []
    doc = base._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            name = <const char*>node.name
            flags = -1
            for j in range(n_seen):
                if seen[j] == name:
                    flags = seen_flags[j]
                    break
            if flags < 0:
                flags = 0
                for k in range(n_skip):
                    if strcmp(name, skip[k]) == 0:
                        flags = 1
                        break
                if not flags:
                    for k in range(n_keep):
                        if strcmp(name, keep_tags[k]) == 0:
                            flags = 2
                            break
                if n_seen < _MAX_NAMES:
                    seen[n_seen] = name
                    seen_flags[n_seen] = flags
                    n_seen += 1
            wanted = not (flags & 1)  # the loop's order: a skipped tag first, then a kept one
            if wanted:
                kept_tag = (flags & 2) != 0
                if node.properties is NULL:
                    wanted = kept_tag
                elif verdicts is not None and not kept_tag:
                    if compute is None:
                        words = _class_id_words(node)
                        if words is not None:
                            verdict = verdicts.get(words)
                            if verdict is not None and verdict == keep:
                                wanted = False
                    else:
                        reads = _scan_reads(node, verdicts, keep, compute, roles, pairs)
                        if reads is True or reads is False:
                            wanted = reads
                        else:
                            wanted = False
                            elements.append((cetree.elementFactory(doc, node), reads))
            if wanted:
                elements.append(cetree.elementFactory(doc, node))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return elements


cdef inline bint _comment_id(const char* value) noexcept nogil:
    """``metadata._COMMENT_ID_STARTS`` and ``_COMMENT_IDS`` (case-sensitive, as ``str`` tests
    are: an ASCII prefix of the UTF-8 bytes is one of the decoded text)."""
    return (strncmp(value, "comment", 7) == 0 or strncmp(value, "reply", 5) == 0
            or strcmp(value, "respond") == 0 or strcmp(value, "disqus_thread") == 0)


def comment_area(cetree._Element root, cetree._Element skip=None):
    """Whether ``root`` holds a ``<textarea>`` (itself included) or its document an element
    whose ``id`` names a comment area (``metadata._dated_content_signals``), or None when
    that is not modelled here (``root`` not at the document's top, a namespaced tag, an id
    value that is not one text node): the lxml passes then answer. ``skip``: an element under
    ``root`` whose subtree is not read (the marks walk read it: ``mark_candidates``)."""
    cdef tree.xmlNode* skip_node = NULL if skip is None else skip._c_node
    cdef tree.xmlNode* root_node = root._c_node
    cdef tree.xmlNode* top
    cdef int found
    cdef bint unsure = False
    # ``//@id`` reads the whole document (a second top-level <html> too) and the tag search
    # only ``root``'s subtree
    if root_node.parent is NULL or (root_node.parent.type != tree.XML_DOCUMENT_NODE
                                    and root_node.parent.type != tree.XML_HTML_DOCUMENT_NODE):
        return None
    top = root_node.parent.children
    while top is not NULL:
        if top.type == tree.XML_ELEMENT_NODE:
            found = 0 if top is skip_node else _comment_area_under(top, top is root_node,
                                                                   skip_node)
            if found == 1:
                return True
            if found < 0:
                unsure = True
        top = top.next
    return None if unsure else False


cdef int _comment_area_under(tree.xmlNode* top, bint textareas, tree.xmlNode* skip) noexcept:
    """1: a comment area under ``top`` (a <textarea> only when ``textareas``), 0: none, -1:
    none seen but something not modelled met. The subtree of ``skip`` is not read."""
    cdef tree.xmlNode* node = top
    cdef tree.xmlAttr* attr
    cdef int result = 0
    while node is not NULL:
        if node is skip:
            pass
        elif node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                if textareas:
                    result = -1  # (a tag search's namespace rules: not modelled)
            elif textareas and strcmp(<const char*>node.name, "textarea") == 0:
                return 1
            attr = node.properties
            while attr is not NULL:
                if attr.ns is NULL and strcmp(<const char*>attr.name, "id") == 0:
                    if attr.children is not NULL:
                        if (attr.children.type != tree.XML_TEXT_NODE
                                or attr.children.next is not NULL):
                            result = -1  # (an entity reference: the value is several nodes)
                        elif attr.children.content is not NULL and _comment_id(
                                <const char*>attr.children.content):
                            return 1
                attr = attr.next
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return result


# ``block_walk`` and ``render_walk``: ``blocks.page_blocks``'s and ``render.render_lines``'s
# walks, whole, in C.

cdef enum:
    _NO_ACTION = 15  # blocks._NO_ACTION
    _ACTION_MASK = 15
    _OPENS_CONTEXT = 16
    _MAX_NAMES = 128  # distinct tag names remembered a walk (a page uses ~40)


cdef inline bint _is_node(tree.xmlNode* node) noexcept nogil:
    """lxml's ``_isElement``: the nodes ``iterwalk`` reports."""
    return (node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_COMMENT_NODE
            or node.type == tree.XML_ENTITY_REF_NODE or node.type == tree.XML_PI_NODE)


cdef inline tree.xmlNode* _next_node(tree.xmlNode* node) noexcept nogil:
    """``node`` or the first sibling after it that ``iterwalk`` reports (NULL: none)."""
    while node is not NULL and not _is_node(node):
        node = node.next
    return node


cdef object _collect_text(tree.xmlNode* node):
    """lxml's ``_collectText``: ``.text`` (from the first child) or ``.tail`` (from the next
    sibling), the run of adjacent text nodes; None when there is none (only emptiness matters
    to the walk, so "" for empty nodes reads the same)."""
    cdef tree.xmlNode* first = _text_or_skip(node)
    if first is NULL:
        return None
    cdef tree.xmlNode* run = _text_or_skip(first.next)
    cdef const char* content
    if run is NULL:
        content = <const char*>first.content
        if content is NULL or content[0] == 0:
            return ""
        return PyUnicode_DecodeUTF8(content, strlen(content), NULL)
    pieces = []
    run = first
    while run is not NULL:
        if run.content is not NULL:
            pieces.append(<bytes>run.content)
        run = _text_or_skip(run.next)
    return b"".join(pieces).decode("utf-8")


# Objects of a slotted class made as ``object.__new__`` makes them, their slots written at the
# offsets their member descriptors name: what a dataclass ``__init__`` or ``setattr`` per slot
# stores, without a Python frame or an attribute look-up per value (the walks make a line or a
# context for most elements).

cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        const char* name
        int type
        Py_ssize_t offset
        int flags
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member

cdef extern from *:
    """
    /* what object.__new__(cls) allocates: the type's own allocator, every slot NULL */
    static PyObject* _scraper_alloc(PyObject* cls) {
        PyTypeObject* tp = (PyTypeObject*)cls;
        return tp->tp_alloc(tp, 0);
    }
    """
    object _scraper_alloc(object cls)

cdef enum:
    _T_OBJECT_EX = 16  # structmember.h's T_OBJECT_EX (Py_T_OBJECT_EX from 3.12)
    _READONLY = 1
    _MAX_SLOTS = 12



cdef class _Slots:
    """Where each named slot of ``cls`` sits; ``ready`` is False (callers then call the type
    or ``setattr``) unless every name is a writable object slot of ``cls`` itself."""

    cdef object type_ref
    cdef Py_ssize_t offsets[_MAX_SLOTS]
    cdef int n
    cdef readonly bint ready

    def __init__(self, cls, names):
        self.type_ref = cls
        self.n = 0
        self.ready = False
        if not isinstance(cls, type) or len(names) > _MAX_SLOTS:
            return
        cdef PyMemberDef* member
        for name in names:
            descr = cls.__dict__.get(name)
            if type(descr) is not _MEMBER_DESCRIPTOR:
                return
            member = (<PyMemberDescrObject*><PyObject*>descr).d_member
            if member.type != _T_OBJECT_EX or member.flags & _READONLY:
                return
            self.offsets[self.n] = member.offset
            self.n += 1
        if getattr(cls, "__dictoffset__", 1) != 0:  # a __dict__: not a plain slotted object
            return
        if cls.__setattr__ is not object.__setattr__ or cls.__new__ is not object.__new__:
            return
        self.ready = True

    cdef object new(self):
        """What ``object.__new__(cls)`` allocates (every slot empty)."""
        return _scraper_alloc(self.type_ref)

    cdef inline void put(self, obj, int index, value):
        cdef PyObject** place = <PyObject**>((<char*><PyObject*>obj) + self.offsets[index])
        cdef PyObject* old = place[0]
        Py_INCREF(value)
        place[0] = <PyObject*>value
        Py_XDECREF(old)

    cdef inline PyObject* peek(self, obj, int index) noexcept:
        """The object in slot ``index`` of ``obj`` (borrowed; NULL when empty). Only for an
        ``obj`` whose type is ``type_ref`` itself, on a ``ready`` layout."""
        return (<PyObject**>((<char*><PyObject*>obj) + self.offsets[index]))[0]

    cdef inline bint holds(self, obj) noexcept:
        """Whether ``obj``'s slots may be read and written at these offsets."""
        return self.ready and type(obj) is self.type_ref




class _Slotted:
    __slots__ = ("x",)


_MEMBER_DESCRIPTOR = type(_Slotted.__dict__["x"])
# the fields of ``render.Line`` in its ``__init__``'s order, and ``blocks.Context``'s slots
_LINE_FIELDS = ("text", "kind", "link_chars", "depth", "ordinal", "header_row")
_CONTEXT_SLOTS = ("element", "_own", "_inherited", "parent", "depth", "chars", "links", "lines",
                  "signature", "children")
_SLOTS_MEMO = {}


cdef _Slots _slots_of(cls, tuple names, bint dataclass_init):
    """``cls``'s ``_Slots`` for ``names`` (memoised); for a line type, only a dataclass whose
    ``__init__`` stores exactly ``names`` in order (no ``__post_init__``) is ready."""
    key = (cls, names)
    found = _SLOTS_MEMO.get(key)
    if found is not None:
        return found
    cdef _Slots slots = _Slots(cls, names)
    if dataclass_init and slots.ready:
        fields = getattr(cls, "__dataclass_fields__", None)
        params = getattr(cls, "__dataclass_params__", None)
        if (
            fields is None
            or params is None
            or params.frozen
            or tuple(f.name for f in fields.values() if f._field_type.name == "_FIELD") != names
            or hasattr(cls, "__post_init__")
        ):
            slots.ready = False
    if len(_SLOTS_MEMO) < 64:
        _SLOTS_MEMO[key] = slots
    return slots


from cpython.unicode cimport (
    PyUnicode_GET_LENGTH,
    PyUnicode_New,
    PyUnicode_READ,
    PyUnicode_WRITE,
)


from cpython.unicode cimport PyUnicode_1BYTE_DATA, PyUnicode_2BYTE_DATA
from cpython.unicode cimport PyUnicode_FromKindAndData as _from_kind_and_data

# ``Py_UNICODE_ISSPACE`` of each code point below 256, read from a table in the narrow loops
cdef unsigned char _NARROW_SPACE[256]


cdef void _fill_narrow_space() noexcept:
    cdef unsigned int code
    for code in range(256):
        _NARROW_SPACE[code] = _is_space(code)


_fill_narrow_space()

cdef enum:
    _STACK_CHARS = 1024  # a line of at most this many characters is collapsed on the stack


cdef str _joined_words(list parts):
    """``" ".join("".join(parts).split())`` without a list of words. Parts of one or two bytes
    a character (most lines) are collapsed in one pass into a buffer of that width, and the
    ``str`` made from it at the width its characters need (as ``join`` makes it:
    ``PyUnicode_FromKindAndData`` narrows); a part of four bytes a character takes the two
    passes of ``_joined_words_wide``. Whitespace is ``str.split()``'s (``Py_UNICODE_ISSPACE``)."""
    cdef Py_ssize_t total = 0
    cdef int widest = 1, kind
    for part in parts:
        if type(part) is not str:  # the walks add only str: anything else as Python joins it
            return " ".join("".join(parts).split())
        total += PyUnicode_GET_LENGTH(part)
        kind = PyUnicode_KIND(part)
        if kind > widest:
            widest = kind
    if widest == 1:
        return _joined_narrow(parts, total)
    if widest == 2:
        return _joined_ucs2(parts, total)
    return _joined_words_wide(parts)


cdef str _joined_narrow(list parts, Py_ssize_t total):
    """``_joined_words`` of parts all one byte a character (``total`` of them in all)."""
    cdef unsigned char on_stack[_STACK_CHARS]
    cdef unsigned char* out = on_stack
    cdef const unsigned char* data
    cdef Py_ssize_t at = 0, n, j
    cdef unsigned char c
    cdef bint gap = False, started = False
    if total > _STACK_CHARS:
        out = <unsigned char*>malloc(total)
        if out is NULL:
            raise MemoryError()
    try:
        for part in parts:
            data = <const unsigned char*>PyUnicode_1BYTE_DATA(part)
            n = PyUnicode_GET_LENGTH(part)
            for j in range(n):
                c = data[j]
                if _NARROW_SPACE[c]:
                    gap = started
                else:
                    if gap:
                        out[at] = 32
                        at += 1
                        gap = False
                    out[at] = c
                    at += 1
                    started = True
        return _from_kind_and_data(1, out, at)
    finally:
        if out != on_stack:
            free(out)


cdef str _joined_ucs2(list parts, Py_ssize_t total):
    """``_joined_words`` of parts one or two bytes a character, the widest two."""
    cdef unsigned short on_stack[_STACK_CHARS]
    cdef unsigned short* out = on_stack
    cdef const unsigned char* narrow
    cdef const unsigned short* data
    cdef Py_ssize_t at = 0, n, j
    cdef unsigned short c
    cdef bint gap = False, started = False, space
    if total > _STACK_CHARS:
        out = <unsigned short*>malloc(total * sizeof(unsigned short))
        if out is NULL:
            raise MemoryError()
    try:
        for part in parts:
            n = PyUnicode_GET_LENGTH(part)
            if PyUnicode_KIND(part) == 1:
                narrow = <const unsigned char*>PyUnicode_1BYTE_DATA(part)
                for j in range(n):
                    c = narrow[j]
                    if _NARROW_SPACE[c]:
                        gap = started
                    else:
                        if gap:
                            out[at] = 32
                            at += 1
                            gap = False
                        out[at] = c
                        at += 1
                        started = True
            else:
                data = <const unsigned short*>PyUnicode_2BYTE_DATA(part)
                for j in range(n):
                    c = data[j]
                    space = _NARROW_SPACE[c] if c < 256 else _is_space(c)
                    if space:
                        gap = started
                    else:
                        if gap:
                            out[at] = 32
                            at += 1
                            gap = False
                        out[at] = c
                        at += 1
                        started = True
        return _from_kind_and_data(2, out, at)
    finally:
        if out != on_stack:
            free(out)


cdef str _joined_words_wide(list parts):
    """``" ".join("".join(parts).split())`` in two passes over the parts' characters and no
    list of words: the first finds the result's length and widest character (a ``str`` is
    made at the width its characters need, as ``join`` makes it), the second writes it.
    Whitespace is ``str.split()``'s (``Py_UNICODE_ISSPACE``)."""
    cdef Py_ssize_t length = 0, n, j
    cdef Py_UCS4 widest = 0, c
    cdef bint gap = False, started = False
    cdef int kind
    cdef void* data
    for part in parts:
        if type(part) is not str:  # the walks add only str: anything else as Python joins it
            return " ".join("".join(parts).split())
        kind = PyUnicode_KIND(part)
        data = PyUnicode_DATA(part)
        n = PyUnicode_GET_LENGTH(part)
        for j in range(n):
            c = PyUnicode_READ(kind, data, j)
            if _is_space(c):
                gap = started
            else:
                if gap:
                    length += 1
                    gap = False
                    if widest < 32:
                        widest = 32
                length += 1
                started = True
                if c > widest:
                    widest = c
    out = PyUnicode_New(length, widest)
    if not length:
        return out
    cdef int out_kind = PyUnicode_KIND(out)
    cdef void* out_data = PyUnicode_DATA(out)
    cdef Py_ssize_t at = 0
    gap = started = False
    for part in parts:
        kind = PyUnicode_KIND(part)
        data = PyUnicode_DATA(part)
        n = PyUnicode_GET_LENGTH(part)
        for j in range(n):
            c = PyUnicode_READ(kind, data, j)
            if _is_space(c):
                gap = started
            else:
                if gap:
                    PyUnicode_WRITE(out_kind, out_data, at, 32)
                    at += 1
                    gap = False
                PyUnicode_WRITE(out_kind, out_data, at, c)
                at += 1
                started = True
    return out



def joined_words(list parts):
    """``_joined_words`` for the tests that pin it to ``" ".join("".join(parts).split())``."""
    return _joined_words(parts)

cdef extern from "Python.h":
    int PyList_SetSlice(object, Py_ssize_t, Py_ssize_t, PyObject*) except -1


cdef inline int _clear(list parts) except -1:
    """``del parts[:]`` without a slice object (the walks clear their parts at every line)."""
    return PyList_SetSlice(parts, 0, len(parts), NULL)


cdef enum:
    _SIGNATURE_BYTES = 256  # a context's tag and classes up to this long are decoded at once


cdef object _signature(const char* name, const char* classes):
    """``name + " " + classes`` decoded from UTF-8 in one call (the same ``str`` as decoding
    each and joining them: both are whole UTF-8 texts); None when longer than the buffer."""
    cdef char buffer[_SIGNATURE_BYTES]
    cdef size_t name_size = strlen(name), class_size = strlen(classes)
    if name_size + 1 + class_size > _SIGNATURE_BYTES:
        return None
    memcpy(buffer, name, name_size)
    buffer[name_size] = 32
    memcpy(buffer + name_size + 1, classes, class_size)
    return PyUnicode_DecodeUTF8(buffer, name_size + 1 + class_size, NULL)


@cython.wraparound(True)  # the Python walks' [-1]s
cdef class _BlockWalk:
    """The walkers' state (``page_blocks``'s and ``render_lines``'s local variables), their
    ``flush`` and what a start and an end event do."""

    cdef list parts, lines, contexts, stack, lists
    cdef Py_ssize_t link_chars, in_link, in_pre, in_quote, cells_in_row
    cdef object kind
    cdef bint header_row, with_contexts
    cdef object line_type, context_type, new, doc, excluded, inline, separator
    cdef _Slots line_slots, context_slots
    cdef dict actions
    cdef int HEADING, ITEM, PRE, QUOTE, LIST, ROW, CELL, LINK
    # tag names seen this walk (libxml2 shares one string per name): the tag, its action
    # (-1: none), whether it is excluded (1) / inline (2)
    cdef const unsigned char* names[_MAX_NAMES]
    cdef int name_action[_MAX_NAMES]
    cdef char name_flags[_MAX_NAMES]
    cdef list name_tags, name_signatures
    cdef int n_names

    cdef int flush(self) except -1:
        """End the current line (as ``render_lines`` does) and give it the innermost context."""
        cdef list parts = self.parts
        if not parts:
            self.kind = "p"
            return 0
        line = None
        cdef Py_ssize_t size, ordinal, line_links = 0
        cdef list lists = self.lists
        if self.in_pre and self.kind == "pre":
            raw = "".join(parts)
            _clear(parts)
            text = raw.strip("\n").rstrip()
            if text.strip():
                line = self.make_line(text, "pre", 0, 0, 0, False)
        else:
            text = _joined_words(parts)  # " ".join("".join(parts).split())
            _clear(parts)
            if text:
                line_kind = "quote" if self.kind == "p" and self.in_quote else self.kind
                ordinal = 0
                if line_kind == "li" and lists and lists[-1][0]:
                    lists[-1][1] += 1
                    ordinal = lists[-1][1]
                size = len(text)
                line_links = self.link_chars if self.link_chars < size else size
                line = self.make_line(
                    text,
                    line_kind,
                    line_links,
                    len(lists) - 1 if len(lists) > 1 else 0,
                    ordinal,
                    True if self.header_row else False,
                )
        if line is not None:
            self.lines.append(line)
            if self.with_contexts:
                context = self.stack[-1]
                self.contexts.append(context)
                if self.line_slots.ready:  # the line holds the values it was made with
                    self.add_up(context, len(text), line_links)
                else:
                    self.add_up(context, len(line.text), line.link_chars)
        self.link_chars = 0
        self.kind = "p"
        self.cells_in_row = 0
        self.header_row = False
        return 0

    cdef int add_up(self, context, Py_ssize_t size, links) except -1:
        """The line's characters, link characters and one line added to ``context`` and its
        two nearest ancestors (``node.chars += size`` ... ``node = node.parent``): read and
        written in their slots for the walk's own context type, else by attribute."""
        cdef _Slots slots = self.context_slots
        cdef PyObject* chars
        cdef PyObject* link_total
        cdef PyObject* count
        cdef PyObject* parent
        node = context
        for _ in range(3):
            if node is None:
                break
            if slots.holds(node):
                chars = slots.peek(node, 5)
                link_total = slots.peek(node, 6)
                count = slots.peek(node, 7)
                parent = slots.peek(node, 3)
                if chars is not NULL and link_total is not NULL and count is not NULL and (
                    parent is not NULL
                ):
                    slots.put(node, 5, <object>chars + size)
                    slots.put(node, 6, <object>slots.peek(node, 6) + links)
                    slots.put(node, 7, <object>slots.peek(node, 7) + 1)
                    node = <object>slots.peek(node, 3)
                    continue
            node.chars += size
            node.links += links
            node.lines += 1
            node = node.parent
        return 0

    cdef object make_line(self, text, kind, link_chars, depth, ordinal, header_row):
        """``line_type(text, kind, link_chars, depth, ordinal, header_row)``."""
        cdef _Slots slots = self.line_slots
        if not slots.ready:
            return self.line_type(text, kind, link_chars, depth, ordinal, header_row)
        line = slots.new()
        slots.put(line, 0, text)
        slots.put(line, 1, kind)
        slots.put(line, 2, link_chars)
        slots.put(line, 3, depth)
        slots.put(line, 4, ordinal)
        slots.put(line, 5, header_row)
        return line

    cdef int block_edge(self) except -1:
        """What a block tag's start or end does to the pending text."""
        cdef list parts = self.parts
        if not parts:
            self.kind = "p"
        elif len(parts) == 1 and parts[0].isspace():  # indentation between blocks: no line
            _clear(parts)
            self.link_chars = self.cells_in_row = 0
            self.kind = "p"
            self.header_row = False
        else:
            self.flush()
        return 0

    cdef int add_text(self, text) except -1:
        if text:
            self.parts.append(text)
            if self.in_link:
                self.link_chars += len(text.strip())
        return 0

    cdef int start(self, tree.xmlNode* node, bint* descend) except -2:
        """An element's start event: what its end event does (-1: give up, the Python walk
        runs); ``descend``: whether its subtree is walked."""
        descend[0] = False
        if node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        if node.type != tree.XML_ELEMENT_NODE:  # a comment or processing instruction
            return _NO_ACTION
        if node.ns is not NULL:
            return -1  # a namespaced tag reads "{uri}name": not modelled here
        cdef const unsigned char* name = <const unsigned char*>node.name
        cdef int k, action, flags, end
        for k in range(self.n_names):
            if self.names[k] == name:
                break
        else:
            k = -1
        if k >= 0:
            tag = self.name_tags[k]
            action = self.name_action[k]
            flags = self.name_flags[k]
        else:
            tag = PyUnicode_DecodeUTF8(<const char*>name, strlen(<const char*>name), NULL)
            found = self.actions.get(tag)
            action = -1 if found is None else found
            flags = (1 if tag in self.excluded else 0) | (2 if tag in self.inline else 0)
            if self.n_names < _MAX_NAMES:
                k = self.n_names
                self.names[k] = name
                self.name_action[k] = action
                self.name_flags[k] = flags
                self.name_tags.append(tag)
                self.name_signatures.append(tag + " ")
                self.n_names += 1
        if flags & 1:
            return _NO_ACTION  # left out with its subtree, its tail kept
        if action < 0:
            pass
        elif action <= self.ROW:  # a block tag
            self.block_edge()
            if action == self.HEADING:
                self.kind = tag
            elif action == self.ITEM:
                self.kind = "li"
            elif action == self.PRE:
                self.in_pre += 1
                self.kind = "pre"
            elif action == self.QUOTE:
                self.in_quote += 1
            elif action == self.LIST:
                self.lists.append([strcmp(<const char*>name, "ol") == 0, 0])
            elif action == self.ROW:
                self.kind = "row"
        elif action == self.CELL:
            if self.kind != "row":
                self.kind = "row"
            if self.cells_in_row:
                self.parts.append(self.separator)
            self.cells_in_row += 1
            if strcmp(<const char*>name, "th") == 0:
                self.header_row = True
        elif action == self.LINK:
            self.in_link += 1
        elif self.in_pre:  # <br> in preformatted text
            self.parts.append("\n")
        else:  # <br> ends the line; a row's next line is a paragraph
            was = self.kind
            self.flush()
            self.kind = was if was != "row" else "p"
        self.add_text(_collect_text(node.children))
        end = _NO_ACTION if action < 0 else action
        if self.with_contexts and not flags & 2:
            if self.open_context(node, tag, k) < 0:
                return -1
            end |= _OPENS_CONTEXT
        descend[0] = _next_node(node.children) is not NULL
        return end

    cdef int open_context(self, tree.xmlNode* node, tag, int k) except -2:
        """``Context(el, parent, parent.depth + 1, signature)`` as the Python walk stores it
        (``k``: the tag's place in the walk's name table, -1 for none)."""
        cdef const unsigned char* classes = _EMPTY
        if _attribute(node, "class", &classes) < 0:
            return -1
        stack = self.stack
        up = stack[-1]
        signature = None
        if classes[0] == 0:  # ``tag + " "``, made once a walk for each tag name
            if k >= 0:
                signature = self.name_signatures[k]
        else:
            signature = _signature(<const char*>node.name, <const char*>classes)
        if signature is None:
            signature = tag + " " + PyUnicode_DecodeUTF8(
                <const char*>classes, strlen(<const char*>classes), NULL)
        element = cetree.elementFactory(self.doc, node)
        cdef _Slots slots = self.context_slots
        cdef PyObject* up_depth = slots.peek(up, 4) if slots.holds(up) else NULL
        depth = (<object>up_depth if up_depth is not NULL else up.depth) + 1
        if slots.ready:  # _CONTEXT_SLOTS' order
            context = slots.new()
            slots.put(context, 0, element)
            slots.put(context, 1, -1)
            slots.put(context, 2, -1)
            slots.put(context, 3, up)
            slots.put(context, 4, depth)
            slots.put(context, 5, 0)
            slots.put(context, 6, 0)
            slots.put(context, 7, 0)
            slots.put(context, 8, signature)
            slots.put(context, 9, None)
        else:
            context = self.new(self.context_type)
            context.element = element
            context._own = context._inherited = -1
            context.parent = up
            context.depth = depth
            context.chars = context.links = context.lines = 0
            context.signature = signature
            context.children = None
        cdef PyObject* up_counts = slots.peek(up, 9) if slots.holds(up) else NULL
        counts = <object>up_counts if up_counts is not NULL else up.children
        if counts is None:
            if up_counts is not NULL:
                slots.put(up, 9, {signature: 1})
            else:
                up.children = {signature: 1}
        else:
            counts[signature] = counts.get(signature, 0) + 1
        stack.append(context)
        return 0

    cdef int end(self, tree.xmlNode* node, int end) except -1:
        """An element's end event (``end``: what its start returned)."""
        cdef int action = end & _ACTION_MASK
        if action == _NO_ACTION:
            pass
        elif action <= self.ROW:
            self.block_edge()
            if action == self.PRE:
                self.in_pre = max(0, self.in_pre - 1)
            elif action == self.QUOTE:
                self.in_quote = max(0, self.in_quote - 1)
            elif action == self.LIST and self.lists:
                self.lists.pop()
        elif action == self.LINK:
            self.in_link = max(0, self.in_link - 1)
        self.add_text(_collect_text(node.next))
        if end & _OPENS_CONTEXT:
            self.stack.pop()
        return 0

    cdef int walk(self, tree.xmlNode* top) except -2:
        """The events under ``top`` (its own left out), in ``iterwalk``'s order; -1: give up."""
        cdef Py_ssize_t depth = 0, capacity = 256
        cdef int* ends = <int*>malloc(capacity * sizeof(int))
        cdef int* grown
        cdef int end
        cdef bint descend
        cdef tree.xmlNode* parent = top
        cdef tree.xmlNode* node = _next_node(top.children)
        cdef tree.xmlNode* current
        if ends is NULL:
            raise MemoryError()
        try:
            while True:
                if node is NULL:  # past the last child of ``parent``: its end event
                    if parent is top:
                        return 0
                    current = parent
                    parent = parent.parent
                    node = _next_node(current.next)
                    depth -= 1
                    end = ends[depth]
                else:
                    current = node
                    end = self.start(node, &descend)
                    if end < 0:
                        return -1
                    if descend:
                        if depth == capacity:
                            capacity *= 2
                            grown = <int*>realloc(ends, capacity * sizeof(int))
                            if grown is NULL:
                                raise MemoryError()
                            ends = grown
                        ends[depth] = end
                        depth += 1
                        parent = node
                        node = _next_node(node.children)
                        continue
                    node = _next_node(node.next)
                self.end(current, end)
        finally:
            free(ends)


cdef _BlockWalk _new_walk(cetree._Element base, excluded, dict actions, inline, line_type,
                          tuple codes, separator):
    cdef _BlockWalk w = _BlockWalk()
    w.HEADING, w.ITEM, w.PRE, w.QUOTE, w.LIST, w.ROW, w.CELL, w.LINK = codes
    w.parts = []
    w.lines = []
    w.contexts = []
    w.stack = []
    w.lists = []
    w.link_chars = w.in_link = w.in_pre = w.in_quote = w.cells_in_row = 0
    w.kind = "p"
    w.header_row = False
    w.with_contexts = False
    w.line_type = line_type
    w.line_slots = _slots_of(line_type, _LINE_FIELDS, True)
    w.excluded = excluded
    w.inline = inline
    w.actions = actions
    w.separator = separator
    w.doc = base._doc
    w.new = object.__new__
    w.name_tags = []
    w.name_signatures = []
    w.n_names = 0
    return w


def block_walk(cetree._Element base, top_context, excluded, dict actions, inline, line_type,
               context_type, tuple codes, separator):
    """``(lines, contexts)`` as ``blocks.page_blocks``'s Python walk gives them, or None.

    The same walk as ``etree.iterwalk(base, events=("start", "end"))`` with ``base``'s own
    events, text and tail left out: elements, comments and processing instructions, in order,
    text (at the start) and tail (at the end) read as lxml reads them. Each non-inline element
    gets its ``Context`` (``context_type``, slots stored as the Python walk stores them; its
    element is the same proxy lxml hands out). ``codes``: render's HEADING, ITEM, PRE, QUOTE,
    LIST, ROW, CELL, LINK. None (nothing returned, ``top_context`` touched at most) where a tag
    carries a namespace or an entity reference is met: the Python walk then runs."""
    cdef _BlockWalk w = _new_walk(base, excluded, actions, inline, line_type, codes, separator)
    w.with_contexts = True
    w.context_type = context_type
    w.context_slots = _slots_of(context_type, _CONTEXT_SLOTS, False)
    w.stack.append(top_context)
    if w.walk(base._c_node) < 0:
        return None
    w.flush()
    return w.lines, w.contexts


def render_walk(cetree._Element base, excluded, dict actions, line_type, tuple codes,
                separator):
    """``render.render_lines``'s lines for one root ``base``, or None (a namespaced tag or an
    entity reference: the Python walk runs). The root's start event counts (its text and
    action), its end only ends the line (its tail is left out)."""
    cdef _BlockWalk w = _new_walk(base, excluded, actions, frozenset(), line_type, codes,
                                  separator)
    cdef bint descend
    cdef int end = w.start(base._c_node, &descend)
    if end < 0:
        return None
    if descend and w.walk(base._c_node) < 0:
        return None
    w.flush()
    return w.lines


# ``candidates.score_containers`` whole in C: the paragraphs' votes for their ancestors. Text
# lengths are counted on libxml2's UTF-8 as ``len()``, ``str.strip()`` and ``str.split()``
# count them on the decoded text (whitespace is ``Py_UNICODE_ISSPACE``), without a string;
# the weights are the Python code's float operations in its order, so the sums are equal.

cdef extern from "Python.h":
    # what ``str.strip()`` and ``str.split()`` take for whitespace
    bint _is_space "Py_UNICODE_ISSPACE"(unsigned int ch) noexcept nogil


cdef struct _TextRun:
    Py_ssize_t chars  # code points
    Py_ssize_t first  # code point index of the first non-space (-1: none yet)
    Py_ssize_t last  # ... of the last non-space
    Py_ssize_t nonspace
    Py_ssize_t words
    bint in_word


cdef inline void _run_start(_TextRun* run) noexcept nogil:
    run.chars = run.nonspace = run.words = 0
    run.first = run.last = -1
    run.in_word = False


cdef int _run_feed(_TextRun* run, const unsigned char* s) noexcept nogil:
    """Add UTF-8 text to ``run``: code points, and which are whitespace as ``str.strip()`` and
    ``str.split()`` read it (``Py_UNICODE_ISSPACE``). -1: not valid UTF-8 (the caller gives
    up)."""
    cdef unsigned int cp
    cdef unsigned char c
    cdef int more, k
    if s is NULL:
        return 0
    while s[0]:
        c = s[0]
        if c < 0x80:
            cp = c
            more = 0
        elif c >= 0xC2 and c < 0xE0:
            cp = c & 0x1F
            more = 1
        elif c >= 0xE0 and c < 0xF0:
            cp = c & 0x0F
            more = 2
        elif c >= 0xF0 and c < 0xF5:
            cp = c & 0x07
            more = 3
        else:
            return -1
        s += 1
        for k in range(more):
            if (s[0] & 0xC0) != 0x80:
                return -1
            cp = (cp << 6) | (s[0] & 0x3F)
            s += 1
        if _is_space(cp):
            run.in_word = False
        else:
            if run.first < 0:
                run.first = run.chars
            run.last = run.chars
            run.nonspace += 1
            if not run.in_word:
                run.words += 1
                run.in_word = True
        run.chars += 1
    return 0


cdef inline Py_ssize_t _stripped(_TextRun* run) noexcept nogil:
    """``len(text.strip())``."""
    return 0 if run.first < 0 else run.last - run.first + 1


cdef inline Py_ssize_t _collapsed(_TextRun* run) noexcept nogil:
    """``len(" ".join(text.split()))``."""
    return 0 if run.words == 0 else run.nonspace + run.words - 1


cdef int _feed_run(_TextRun* run, tree.xmlNode* node) noexcept nogil:
    """Feed lxml's ``.text`` (from a first child) or ``.tail`` (from a next sibling)."""
    node = _text_or_skip(node)
    while node is not NULL:
        if _run_feed(run, node.content) < 0:
            return -1
        node = _text_or_skip(node.next)
    return 0


cdef int _feed_content(_TextRun* run, tree.xmlNode* top) noexcept nogil:
    """Feed the text under ``top`` as ``parse.element_text`` gives it (libxml2's node content:
    every text and CDATA node below, in order). -1: an entity reference or bad UTF-8."""
    cdef tree.xmlNode* node = top.children
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            if _run_feed(run, node.content) < 0:
                return -1
        elif node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        elif node.type == tree.XML_ELEMENT_NODE and node.children is not NULL:
            node = node.children
            continue
        node = _following(node, top)
    return 0


cdef inline bint _is_name(tree.xmlNode* node, const char* name) noexcept nogil:
    return node.type == tree.XML_ELEMENT_NODE and strcmp(<const char*>node.name, name) == 0


cdef Py_ssize_t _link_chars(tree.xmlNode* top) noexcept nogil:
    """``candidates.link_chars``: the text of every ``<a>`` under ``top``. -1: give up."""
    cdef Py_ssize_t total = 0
    cdef _TextRun run
    cdef tree.xmlNode* node = top.children
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if strcmp(<const char*>node.name, "a") == 0:
                _run_start(&run)
                if _feed_content(&run, node) < 0:
                    return -1
                total += run.chars
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return total


cdef bint _has_p(tree.xmlNode* top) noexcept nogil:
    """``candidates.has_paragraph``: a ``<p>`` below ``top``."""
    cdef tree.xmlNode* node = top.children
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if strcmp(<const char*>node.name, "p") == 0:
                return True
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return False


cdef enum:
    _OWN = 1  # div, section, span, article, font: scored by their own text
    _NESTING = 2  # td, li, dd, blockquote: not a paragraph when a <p> sits inside
    _INLINE = 4  # candidates._INLINE_TAGS
    _SCORED = 8  # candidates._SCORED_TAGS
    _CODE = 16  # pre, code


cdef int _tag_kind(const char* name) noexcept nogil:
    """The sets of ``candidates`` that name ``name`` belongs to, as bits."""
    if strcmp(name, "div") == 0 or strcmp(name, "section") == 0 or strcmp(name, "article") == 0:
        return _OWN | _SCORED
    if strcmp(name, "span") == 0 or strcmp(name, "font") == 0:
        return _OWN | _SCORED | _INLINE
    if strcmp(name, "p") == 0 or strcmp(name, "h2") == 0 or strcmp(name, "h3") == 0:
        return _SCORED
    if strcmp(name, "pre") == 0:
        return _SCORED | _CODE
    if (strcmp(name, "td") == 0 or strcmp(name, "li") == 0 or strcmp(name, "dd") == 0
            or strcmp(name, "blockquote") == 0):
        return _SCORED | _NESTING
    if strcmp(name, "code") == 0:
        return _CODE
    if (strcmp(name, "b") == 0 or strcmp(name, "i") == 0 or strcmp(name, "em") == 0
            or strcmp(name, "strong") == 0 or strcmp(name, "a") == 0 or strcmp(name, "u") == 0
            or strcmp(name, "small") == 0 or strcmp(name, "big") == 0):
        return _INLINE
    return 0


cdef inline bint _own_inline(const char* name) noexcept nogil:
    """``_own_raw_text``'s inline children whose text counts when they have no tail."""
    return (strcmp(name, "b") == 0 or strcmp(name, "i") == 0 or strcmp(name, "em") == 0
            or strcmp(name, "strong") == 0 or strcmp(name, "a") == 0)


cdef int _own_text_weight(tree.xmlNode* el, double* weight) noexcept nogil:
    """``candidates._own_text_weight``. -1: give up."""
    cdef _TextRun run
    cdef tree.xmlNode* child
    _run_start(&run)
    if _feed_run(&run, el.children) < 0:
        return -1
    child = _next_node(el.children)
    while child is not NULL:
        if child.type == tree.XML_ENTITY_REF_NODE:
            return -1
        if not _tail_empty(child.next):  # a tail ("" is falsy: empty text nodes are none)
            if _feed_run(&run, child.next) < 0:
                return -1
        elif child.type == tree.XML_ELEMENT_NODE and _own_inline(<const char*>child.name):
            if child.ns is not NULL:
                return -1
            if _feed_run(&run, child.children) < 0:  # empty adds nothing, as "and child.text"
                return -1
        child = _next_node(child.next)
    weight[0] = 0.0
    if run.chars >= 60 and _collapsed(&run) >= 60:
        weight[0] = <double>_collapsed(&run)
    return 0


cdef bint _tail_empty(tree.xmlNode* node) noexcept nogil:
    """The text run from ``node`` reads as "" (its nodes hold no characters)."""
    node = _text_or_skip(node)
    while node is not NULL:
        if node.content is not NULL and node.content[0] != 0:
            return False
        node = _text_or_skip(node.next)
    return True


cdef int _paragraph_weight(tree.xmlNode* el, int kind, const char* name, double* weight) noexcept nogil:
    """``candidates._paragraph_weight`` for a scored tag. -1: give up."""
    cdef _TextRun run
    cdef Py_ssize_t length, links
    weight[0] = 0.0
    if kind & _OWN:
        return _own_text_weight(el, weight)
    if kind & _NESTING and _has_p(el):
        return 0
    _run_start(&run)
    if _feed_content(&run, el) < 0:
        return -1
    length = _stripped(&run)
    if length < 25:  # candidates.MIN_PARAGRAPH_CHARS
        return 0
    links = _link_chars(el)
    if links < 0:
        return -1
    if links > length * 0.5:
        return 0
    weight[0] = <double>(length - links)
    if strcmp(name, "li") == 0 or strcmp(name, "td") == 0:
        weight[0] *= 0.5
    elif strcmp(name, "h2") == 0 or strcmp(name, "h3") == 0:
        weight[0] *= 0.3
    return 0


cdef inline tree.xmlNode* _parent_element(tree.xmlNode* node) noexcept nogil:
    """``getparent()``: the parent when it is an element, else NULL."""
    node = node.parent
    if node is NULL or not _is_node(node):
        return NULL
    return node


cdef int _add_score(dict scores, object doc, tree.xmlNode* node, double weight) except -1:
    key = cetree.elementFactory(doc, node)
    known = scores.get(key)
    scores[key] = (0.0 if known is None else <double>known) + weight
    return 0


def container_scores(cetree._Element base, bytes placeholder, double max_code_weight,
                     tuple factors):
    """``candidates.score_containers(base)``: the same dict, keys in the same order, the same
    floats (the same operations in the same order), or None where the walk does not model the
    tree (a namespaced element, an entity reference, text that is not UTF-8): Python runs."""
    cdef tree.xmlNode* top = base._c_node
    cdef tree.xmlNode* node = top
    cdef tree.xmlNode* el
    cdef tree.xmlNode* parent
    cdef int kind, el_kind
    cdef double weight
    cdef const char* marker = placeholder
    cdef Py_ssize_t n_factors = len(factors), i
    cdef double factor_values[8]
    if n_factors > 8:
        return None
    for i in range(n_factors):
        factor_values[i] = factors[i]
    scores = {}
    doc = base._doc
    while node is not NULL:
        if node.type == tree.XML_ENTITY_REF_NODE:
            return None
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            kind = _tag_kind(<const char*>node.name)
            if kind & _SCORED:
                if _paragraph_weight(node, kind, <const char*>node.name, &weight) < 0:
                    return None
                if weight > 0:
                    el = node
                    el_kind = kind
                    if kind & _INLINE:
                        el = _parent_element(node)
                        while el is not NULL:
                            if el.ns is not NULL:
                                return None
                            if not _tag_kind(<const char*>el.name) & _INLINE:
                                break
                            el = _parent_element(el)
                        if el is not NULL:
                            el_kind = _tag_kind(<const char*>el.name)
                            if el_kind & _CODE:
                                el = NULL
                    elif strcmp(<const char*>node.name, "pre") == 0 and weight > max_code_weight:
                        weight = max_code_weight
                    if el is not NULL:
                        if el_kind & _OWN:
                            _add_score(scores, doc, el, weight)
                        parent = _parent_element(el)
                        for i in range(n_factors):
                            if parent is NULL:
                                break
                            if parent.type != tree.XML_ELEMENT_NODE or parent.ns is not NULL:
                                return None
                            if strcmp(<const char*>parent.name, marker) == 0:
                                break
                            _add_score(scores, doc, parent, weight * factor_values[i])
                            parent = _parent_element(parent)
            if node.children is not NULL:
                node = node.children
                continue
        if node is top:
            break
        node = _following(node, top)
    return scores


# ``prune.drop_never_text``'s test, before any element is stripped: the text the page would
# keep once the invisible elements are gone, and how much of it the structural wrappers hold.

cdef enum:
    _MAX_TAG_NAMES = 64


cdef int _names(tuple names, const char** out) except -1:
    """``names`` (bytes) into ``out``; their count."""
    cdef Py_ssize_t i
    if len(names) > _MAX_TAG_NAMES:
        raise ValueError("too many tag names")
    for i in range(len(names)):
        out[i] = <const char*>(<bytes>names[i])
    return len(names)


cdef inline bint _named_one_of(const char* name, const char** names, int count) noexcept nogil:
    """Whether ``name`` is one of ``names``; the first bytes compared inline, so most names
    cost no ``strcmp`` call (an element was tested against 26 names, each a libc call)."""
    cdef int i
    cdef char first = name[0]
    for i in range(count):
        if names[i][0] == first and strcmp(name, names[i]) == 0:
            return True
    return False


def reaches(cetree._Element element not None, cetree._Element root not None):
    """Whether ``root`` is ``element`` or one of its ancestors (``prune._detached``'s test):
    the parent pointers followed in C, through element nodes as ``iterancestors`` does, with
    no proxy and no generator."""
    cdef tree.xmlNode* node = element._c_node
    cdef tree.xmlNode* target = root._c_node
    while node is not NULL and node.type == tree.XML_ELEMENT_NODE:
        if node is target:
            return True
        node = node.parent
    return False


cdef inline Py_ssize_t _spaces(const unsigned char* s) noexcept nogil:
    """The " ", "\\n", "\\t" and "\\r" bytes of a string (each one code point)."""
    cdef Py_ssize_t n = 0
    while s[0]:
        if s[0] == 32 or s[0] == 10 or s[0] == 9 or s[0] == 13:
            n += 1
        s += 1
    return n


cdef Py_ssize_t _content_chars(tree.xmlNode* top, bint with_tail, Py_ssize_t* spaces) noexcept nogil:
    """Code points of the text ``etree.tostring(top, method="text", with_tail=...)`` gives
    (libxml2's ``xmlBufGetNodeContent``: every text and CDATA node under ``top``, in any
    element; then, with the tail, the text runs after it), and into ``spaces`` (if not NULL)
    how many of them are " ", newline, tab or carriage return; -1 where an entity reference
    is met (its content is the entity's: the caller serialises)."""
    cdef tree.xmlNode* node = top.children
    cdef Py_ssize_t chars = 0
    cdef Py_ssize_t blank = 0
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            if node.content is not NULL:
                chars += _chars(node.content)
                if spaces is not NULL:
                    blank += _spaces(node.content)
        elif node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        elif node.type == tree.XML_ELEMENT_NODE and node.children is not NULL:
            node = node.children
            continue
        while node.next is NULL:
            node = node.parent
            if node is top or node is NULL:
                node = NULL
                break
        if node is not NULL:
            node = node.next
    if with_tail:
        node = _text_or_skip(top.next)
        while node is not NULL:
            if node.content is not NULL:
                chars += _chars(node.content)
                if spaces is not NULL:
                    blank += _spaces(node.content)
            node = _text_or_skip(node.next)
    if spaces is not NULL:
        spaces[0] = blank
    return chars


def text_chars(cetree._Element element not None):
    """``len(parse.element_text(element))`` without making the string; None where an entity
    reference is met (the caller reads the text)."""
    cdef Py_ssize_t chars = _content_chars(element._c_node, False, NULL)
    return None if chars < 0 else chars


def nonspace_chars(cetree._Element element not None):
    """``len(text) - text.count(" ") - text.count("\\n") - text.count("\\t") -
    text.count("\\r")`` of ``text = etree.tostring(element, method="text", encoding=str)``
    (tail included), without serialising; None where an entity reference is met."""
    cdef Py_ssize_t spaces = 0
    cdef Py_ssize_t chars = _content_chars(element._c_node, True, &spaces)
    return None if chars < 0 else chars - spaces


def wrapped_chars(cetree._Element base, tuple stripped, tuple wrappers):
    """``(inside, total)`` as ``prune.wrapped_text_chars(base)`` and ``len(element_text(base))``
    give them after ``etree.strip_elements(base, *stripped, with_tail=False)``, read without
    stripping: the text under ``base`` outside the ``stripped`` elements (their tails count),
    and of it the text inside the outermost ``wrappers`` elements. None where a tag carries a
    namespace or an entity reference is met (the caller strips and counts in Python).
    ``stripped`` and ``wrappers``: tag names as bytes."""
    cdef const char* strip_names[_MAX_TAG_NAMES]
    cdef const char* wrap_names[_MAX_TAG_NAMES]
    cdef int n_strip = _names(stripped, strip_names)
    cdef int n_wrap = _names(wrappers, wrap_names)
    cdef tree.xmlNode* top = base._c_node
    cdef tree.xmlNode* node = top.children
    cdef tree.xmlNode* wrapper = NULL
    cdef Py_ssize_t inside = 0, total = 0, size
    cdef bint descend
    if top.ns is not NULL:
        return None
    if _named_one_of(<const char*>top.name, wrap_names, n_wrap):
        wrapper = top  # ``top.iter(*tags)`` starts with ``top`` itself (never stripped)
    while node is not NULL:
        descend = False
        _prefetch(node.next)
        if node.type == tree.XML_ELEMENT_NODE:
            _prefetch(node.children)
            if node.ns is not NULL:
                return None
            if not _named_one_of(<const char*>node.name, strip_names, n_strip):
                descend = node.children is not NULL
                if (descend and wrapper is NULL
                        and _named_one_of(<const char*>node.name, wrap_names, n_wrap)):
                    wrapper = node
        elif node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            if node.content is not NULL:
                size = _chars(node.content)
                total += size
                if wrapper is not NULL:
                    inside += size
        elif node.type == tree.XML_ENTITY_REF_NODE:
            return None
        if descend:
            node = node.children
            continue
        while node.next is NULL:
            node = node.parent
            if node is top or node is NULL:
                return inside, total
            if node is wrapper:
                wrapper = NULL
        node = node.next
    return inside, total


def context_bits(
    list contexts, dict tag_bits, element_bits, dict attr_memo=None, attr_bits=None,
    tuple roles=None, tuple fast=None
):
    """Fill ``_own`` and ``_inherited`` of every ``blocks.Context`` in ``contexts`` and of
    their ancestors, as the ``own`` and ``inherited`` properties do (nearest known ancestor
    first, then down the chain), without a Python frame per context. ``own`` is
    ``element_bits(el, el.tag)``, called only for an element with attributes: one without any
    carries its tag's bit alone (``tag_bits``), which is what ``element_bits`` returns for it.

    With ``attr_memo`` and ``attr_bits`` (``blocks._ATTR_BITS`` and ``blocks.attr_bits``): an
    element whose only attributes are its class and/or id gets its tag's bit and the bits of
    its class/id string, read from the memo (``attr_bits`` on a miss), without the call to
    ``element_bits``: that is what it returns for such an element (no hidden, role or itemprop
    attribute to read). With ``roles`` too (as ``attributed`` takes them): also an element
    whose hidden, role and itemprop attributes set none of those bits (``_quiet_attention``:
    the same tests ``element_bits`` runs). With ``fast`` too: a memo miss is read in C where
    it can be (``_missed_bits``), without ``attr_bits``' frame."""
    cdef list chain = []
    cdef Py_ssize_t i
    # the contexts' slots read and written in place when they are of the walk's slotted type
    cdef _Slots slots = _slots_of(type(contexts[0]), _CONTEXT_SLOTS, False) if contexts else None
    for context in contexts:
        if _slot(slots, context, 2, "_inherited") >= 0:
            continue
        node = context
        while node is not None and _slot(slots, node, 2, "_inherited") < 0:
            chain.append(node)
            node = _slot(slots, node, 3, "parent")
        bits = 0 if node is None else _slot(slots, node, 2, "_inherited")
        for i in range(len(chain) - 1, -1, -1):
            node = chain[i]
            own = _slot(slots, node, 1, "_own")
            if own < 0:
                el = _slot(slots, node, 0, "element")
                if el is None:
                    own = 0
                elif (<cetree._Element?>el)._c_node.properties is NULL:
                    bit = tag_bits.get(el.tag)
                    own = 0 if bit is None else 1 << bit
                else:
                    own = _class_id_bits(el, tag_bits, attr_memo, attr_bits, roles, fast)
                    if own < 0:
                        own = element_bits(el, el.tag)
                _set_slot(slots, node, 1, "_own", own)
            bits = bits | own
            _set_slot(slots, node, 2, "_inherited", bits)
        del chain[:]


cdef inline object _slot(_Slots slots, obj, int index, str name):
    """``getattr(obj, name)``, read at slot ``index`` when ``slots`` models ``obj``'s type."""
    cdef PyObject* value
    if slots is not None and slots.holds(obj):
        value = slots.peek(obj, index)
        if value is not NULL:
            return <object>value
    return getattr(obj, name)


cdef inline int _set_slot(_Slots slots, obj, int index, str name, value) except -1:
    """``setattr(obj, name, value)``, written at slot ``index`` when ``slots`` models it."""
    if slots is not None and slots.holds(obj):
        slots.put(obj, index, value)
    else:
        setattr(obj, name, value)
    return 0


# ---- round sixteen (branch speed16): class/id words and hidden lines ----------------------

from cpython.unicode cimport PyUnicode_FromKindAndData
from libc.string cimport memcmp


cdef extern from "Python.h":
    bint Py_UNICODE_ISSPACE(Py_UCS4) nogil
    int PyUnicode_KIND(object)
    bint PyUnicode_IS_ASCII(object)
    void* PyUnicode_DATA(object)
    int PyUnicode_1BYTE_KIND
    int PyUnicode_4BYTE_KIND


cdef object _missed_bits(str words, dict attr_memo, tuple fast):
    """``blocks.attr_bits(words)`` on a memo miss, without its Python frame, when the scan's
    memo holds the string's verdict and the string is ASCII (``raw_first_match_bits``); the
    bits are stored in ``attr_memo`` as ``attr_bits`` stores them. None otherwise (the caller
    calls ``attr_bits``). ``fast``: (the scan's verdict memo, ``VERDICT_BITS``, the group
    table, the memo's bound)."""
    verdict = (<dict>fast[0]).get(words)
    if verdict is None:
        return None
    groups = raw_first_match_bits(fast[2], words)
    if groups < 0:
        return None
    shift = (<dict>fast[1]).get(verdict)
    bits = groups if shift is None else groups | (1 << shift)
    if len(attr_memo) >= fast[3]:
        attr_memo.clear()
    attr_memo[words] = bits
    return bits


cdef long _class_id_bits(
    cetree._Element el, dict tag_bits, dict attr_memo, attr_bits, tuple roles=None,
    tuple fast=None
) except? -2:
    """``element_bits(el, el.tag)`` for an element none of whose attributes is one the hidden,
    role and itemprop tests read (``_plain_class_id``): its tag's bit and ``attr_bits`` of its
    class/id string, if any; else -1 (the caller calls ``element_bits``). With ``fast``: a
    memo miss read by ``_missed_bits`` where it can."""
    cdef bint unsure
    if attr_memo is None:
        return -1
    words = _plain_class_id(el._c_node, &unsure, roles)
    if unsure:
        return -1
    bit = tag_bits.get(el.tag)
    if words is None:
        bits = 0
    else:
        bits = attr_memo.get(words)
        if bits is None:
            if fast is not None:
                bits = _missed_bits(words, attr_memo, fast)
            if bits is None:
                bits = attr_bits(words)
    return <long>bits if bit is None else (<long>bits | (1 << <long>bit))


cdef const char* _ATTENTION[5]
_ATTENTION[:] = [b"style", b"hidden", b"aria-hidden", b"role", b"itemprop"]


cdef object _plain_class_id(tree.xmlNode* node, bint* unsure, tuple roles=None):
    """The class/id string of an element as ``element_bits`` and the scan spell it ("class",
    "id" or "class id"), ignoring every attribute neither reads (``data-*``, ``title``...);
    None when it has neither. ``unsure`` is set (and None returned) when it carries one of
    ``_ATTENTION`` (the hidden, role and itemprop tests read it), a namespaced attribute, or a
    class/id value that is not one text node: the Python code decides then.

    With ``roles`` (``vocab.BOILERPLATE_ROLES``' names, the scan's pre-walk): an ``_ATTENTION``
    attribute that gives the scan's loop nothing to do (``_quiet_attention``) is read past."""
    cdef tree.xmlAttr* attr = node.properties
    cdef const unsigned char* classes = NULL
    cdef const unsigned char* ident = NULL
    cdef const unsigned char* value
    cdef const char* name
    cdef int k, seen = 0
    unsure[0] = False
    while attr is not NULL:
        if attr.ns is not NULL:
            unsure[0] = True
            return None
        name = <const char*>attr.name
        if strcmp(name, "class") == 0 or strcmp(name, "id") == 0:
            if attr.children is NULL:
                value = _EMPTY
            elif attr.children.type != tree.XML_TEXT_NODE or attr.children.next is not NULL:
                unsure[0] = True
                return None
            else:
                value = <const unsigned char*>attr.children.content
                if value is NULL:
                    value = _EMPTY
            if name[0] == 99:  # "class"
                if classes is not NULL:
                    unsure[0] = True
                    return None
                classes = value
            else:
                if ident is not NULL:
                    unsure[0] = True
                    return None
                ident = value
        else:
            for k in range(5):
                if strcmp(name, _ATTENTION[k]) == 0:
                    if roles is None or seen & (1 << k) or not _quiet_attention(attr, k, roles):
                        unsure[0] = True
                        return None
                    seen |= 1 << k
                    break
        attr = attr.next
    return _joined_class_id(classes, ident)


cdef inline bint _ascii_prefix(const unsigned char* text, const char* word, int n) noexcept nogil:
    """``text`` starts with the lower-case ASCII ``word`` (``n`` characters), ASCII case
    ignored (the text's NUL ends it first)."""
    cdef int i
    cdef unsigned char c
    for i in range(n):
        c = text[i]
        if 65 <= c <= 90:
            c += 32
        if c != <unsigned char>word[i]:
            return False
    return True


cdef int _hidden_style(const unsigned char* style) noexcept nogil:
    """``vocab.HIDDEN_STYLE_RE.search(style)`` (``display\\s*:\\s*none|visibility\\s*:\\s*hidden``,
    ``re.I``) on an ASCII value: 1 or 0; -1 when a byte is not ASCII (case folding reaches
    "\u017f", "\u212a"...: the regex decides)."""
    cdef Py_ssize_t i = 0, j
    while style[i] != 0:
        if style[i] >= 128:
            return -1
        i += 1
    i = 0
    while style[i] != 0:
        j = -1
        if _ascii_prefix(style + i, "display", 7):
            j = i + 7
        elif _ascii_prefix(style + i, "visibility", 10):
            j = i + 10
        if j >= 0:
            while style[j] != 0 and Py_UNICODE_ISSPACE(style[j]):
                j += 1
            if style[j] == 58:  # ":"
                j += 1
                while style[j] != 0 and Py_UNICODE_ISSPACE(style[j]):
                    j += 1
                if style[i] == 100 or style[i] == 68:  # "display"
                    if _ascii_prefix(style + j, "none", 4):
                        return 1
                elif _ascii_prefix(style + j, "hidden", 6):
                    return 1
        i += 1
    return 0


def hidden_style(str style):
    """``_hidden_style`` of ``style`` (tests): 1, 0, or -1 (not modelled)."""
    data = style.encode("utf-8")
    if b"\0" in data:
        return -1
    return _hidden_style(<const unsigned char*>data)


cdef bint _quiet_attention(tree.xmlAttr* attr, int k, tuple roles) except -1:
    """Whether the scan's loop does nothing with this ``_ATTENTION`` attribute (``k``): not
    ``hidden``, ``aria-hidden`` other than "true", a ``style`` ``is_hidden`` does not match, a
    ``role`` (lower-cased) not in ``roles``, an ``itemprop`` not a body marker. False when the
    loop acts on it or when it is not modelled (a value of several nodes, non-ASCII)."""
    cdef const unsigned char* value
    cdef unsigned char lowered[32]
    cdef Py_ssize_t n, i
    if attr.children is NULL:
        value = _EMPTY
    elif attr.children.type != tree.XML_TEXT_NODE or attr.children.next is not NULL:
        return False
    else:
        value = <const unsigned char*>attr.children.content
        if value is NULL:
            value = _EMPTY
    if k == 0:  # style
        return _hidden_style(value) == 0
    if k == 1:  # hidden: present at all
        return False
    if k == 2:  # aria-hidden
        return strcmp(<const char*>value, "true") != 0
    if k == 4:  # itemprop
        return strcmp(<const char*>value, "articleBody") != 0 and strcmp(<const char*>value, "text") != 0
    n = strlen(<const char*>value)  # role
    for i in range(n):
        if value[i] >= 128:
            return False
    if n >= 32:
        return True  # longer than any role name (``_scan_roles`` checks)
    for i in range(n):
        lowered[i] = value[i] + 32 if 65 <= value[i] <= 90 else value[i]
    lowered[n] = 0
    for role in roles:
        if strcmp(<const char*>lowered, <const char*>(<bytes>role)) == 0:
            return False
    return True


cdef object _scan_reads(tree.xmlNode* node, dict verdicts, keep, compute, tuple roles=None,
                        bint pairs=False):
    """Whether the scan's loop does anything with an element that has attributes and a tag
    it neither skips nor keeps (True, or False): not when it carries no class, id or attribute
    the loop reads, nor when its class/id string's verdict (the memo's, else ``compute``'s) is
    ``keep``. With ``roles``: the attention attributes the loop would read and pass over are
    passed over here too (``_quiet_attention``). With ``pairs``: for an element without an id
    (no document-section test to run) whose verdict is not ``keep``, the verdict itself (the
    loop records it as it stands)."""
    cdef bint unsure
    cdef tree.xmlAttr* attr
    words = _plain_class_id(node, &unsure, roles)
    if unsure:
        return True
    if words is None:
        return False
    verdict = verdicts.get(words)
    if verdict is None:
        if type(compute) is ColdVerdicts and (<ColdVerdicts>compute).memo is verdicts:
            verdict = (<ColdVerdicts>compute).judge(words)
        else:
            verdict = compute(words)
    if verdict == keep:
        return False
    if pairs:
        attr = node.properties
        while attr is not NULL:
            if strcmp(<const char*>attr.name, "id") == 0:
                return True
            attr = attr.next
        return verdict
    return True


def without_digits(str words):
    """``words`` without its ASCII digits: what ``re.sub("[0-9]+", "", words)`` gives (the
    scan's memo key), without the regex engine's call."""
    cdef Py_ssize_t n = len(words), i, j = 0
    cdef Py_UCS4 c
    cdef Py_UCS4* buffer
    for i in range(n):
        c = words[i]
        if 48 <= c <= 57:
            break
    else:
        return words
    buffer = <Py_UCS4*>malloc(n * sizeof(Py_UCS4))
    if buffer is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            c = words[i]
            if c < 48 or c > 57:
                buffer[j] = c
                j += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, j)
    finally:
        free(buffer)


cdef enum:
    _WORD_BUCKETS = 1024


cdef inline int _pair_bucket(unsigned char first, unsigned char second) noexcept nogil:
    return ((first << 5) ^ second) & (_WORD_BUCKETS - 1)


cdef inline bint _token_edge_before(const unsigned char* data, Py_ssize_t i) noexcept nogil:
    """``(?<![^\\s_\\-:.])`` at ``i``: the start, or after whitespace (as ``\\s`` reads it), an
    underscore, a hyphen, a colon or a dot."""
    cdef unsigned char c
    if i == 0:
        return True
    c = data[i - 1]
    return c == 95 or c == 45 or c == 58 or c == 46 or Py_UNICODE_ISSPACE(c)


cdef class WordTable:
    """Literal words (ASCII, two characters or more), the bits each sets and whether it counts
    only at a token edge, indexed by their first two characters: the table ``literal_mask``
    scans a string with."""

    cdef list _keep  # the words' bytes, alive as long as the table
    cdef const char** _words
    cdef int* _lengths
    cdef long* _bits
    cdef long* _edge_bits
    cdef int _start[_WORD_BUCKETS + 1]
    cdef readonly long all_bits

    def __cinit__(self, words):
        """``words``: (bit, word, edge) triples: ``bit`` is set where ``word`` occurs, at a
        token edge only when ``edge`` (the edge patterns' words)."""
        cdef dict merged = {}  # word -> [bits anywhere, bits at an edge]
        for bit, word, edge in words:
            key = word.encode("ascii")
            if len(key) < 2:
                raise ValueError(f"literal word {word!r} is shorter than two characters")
            slots = merged.setdefault(key, [0, 0])
            slots[1 if edge else 0] |= bit
        cdef list items = sorted(merged.items(), key=lambda item: _pair_bucket(item[0][0], item[0][1]))
        cdef Py_ssize_t n = len(items), k
        cdef int b
        self._keep = [word for word, _ in items]
        self._words = <const char**>malloc(max(n, 1) * sizeof(const char*))
        self._lengths = <int*>malloc(max(n, 1) * sizeof(int))
        self._bits = <long*>malloc(max(n, 1) * sizeof(long))
        self._edge_bits = <long*>malloc(max(n, 1) * sizeof(long))
        if (self._words is NULL or self._lengths is NULL or self._bits is NULL
                or self._edge_bits is NULL):
            raise MemoryError()
        self.all_bits = 0
        for k in range(n):
            word = self._keep[k]
            self._words[k] = <const char*>(<bytes>word)
            self._lengths[k] = len(word)
            self._bits[k] = items[k][1][0]
            self._edge_bits[k] = items[k][1][1]
            self.all_bits |= items[k][1][0] | items[k][1][1]
        k = 0
        for b in range(_WORD_BUCKETS + 1):  # _start[b]: the first word of bucket b or after
            while k < n and _pair_bucket(self._keep[k][0], self._keep[k][1]) < b:
                k += 1
            self._start[b] = k

    def __dealloc__(self):
        free(self._words)
        free(self._lengths)
        free(self._bits)
        free(self._edge_bits)


def literal_mask(WordTable table, str words):
    """The OR of the bits of the table's words that occur in ``words`` (an edge word only where
    a token starts), or all the table's bits when ``words`` is not one byte a character (the
    caller then runs every regex). A pattern every match of which holds one of its words
    (``vocab.literal_words``) cannot match where its bit is not set: the regex is skipped, with
    the same answer."""
    if PyUnicode_KIND(words) != PyUnicode_1BYTE_KIND:
        return table.all_bits
    cdef const unsigned char* data = <const unsigned char*>PyUnicode_DATA(words)
    cdef Py_ssize_t n = len(words), i
    cdef int k, end, length, b
    cdef long mask = 0, full = table.all_bits, found
    for i in range(n - 1):
        b = _pair_bucket(data[i], data[i + 1])
        k = table._start[b]
        end = table._start[b + 1]
        while k < end:
            length = table._lengths[k]
            if length <= n - i and memcmp(data + i, table._words[k], length) == 0:
                found = table._bits[k]
                if table._edge_bits[k] and _token_edge_before(data, i):
                    found |= table._edge_bits[k]
                mask |= found
                if mask == full:
                    return mask
            k += 1
    return mask


def hidden_counts(list contexts, long hidden):
    """``body.hidden_lines`` after ``read_bits``: for each context, 0 when no element from it
    up has the ``hidden`` bit in its inherited signals, else how many of ``contexts`` share its
    outermost element that carries the bit itself (``_own``), up the chain of those whose
    inherited signals carry it. Reads ``_own``/``_inherited`` (filled by ``read_bits``); the
    properties where one is not filled."""
    cdef list roots = []
    cdef dict counts = {}
    cdef long inherited, own
    for context in contexts:
        root = None
        inherited = context._inherited
        if inherited < 0:
            inherited = context.inherited
        if inherited & hidden:
            node = context
            while node is not None:
                inherited = node._inherited
                if inherited < 0:
                    inherited = node.inherited
                if not inherited & hidden:
                    break
                own = node._own
                if own < 0:
                    own = node.own
                if own & hidden:
                    root = node
                node = node.parent
            if root is not None:
                key = id(root)
                counts[key] = counts.get(key, 0) + 1
        roots.append(root)
    return [0 if root is None else counts[id(root)] for root in roots]


cdef class FirstWords:
    """Plain ASCII words in an alternation's order with the bits each stands for, indexed by
    first character (that order kept within a character): the table ``first_match_bits``
    reads a string with."""

    cdef list _keep
    cdef const char** _words
    cdef int* _lengths
    cdef long* _bits
    cdef int _start[257]

    def __cinit__(self, words):
        """``words``: (word, bits) pairs in the alternation's order."""
        cdef list encoded = [(word.encode("ascii"), bits) for word, bits in words]
        cdef list items = sorted(
            range(len(encoded)), key=lambda index: (encoded[index][0][:1], index)
        )
        cdef Py_ssize_t n = len(items), k
        cdef int c
        for word, _ in encoded:
            if not word:
                raise ValueError("empty word")
        self._keep = [encoded[index][0] for index in items]
        self._words = <const char**>malloc(max(n, 1) * sizeof(const char*))
        self._lengths = <int*>malloc(max(n, 1) * sizeof(int))
        self._bits = <long*>malloc(max(n, 1) * sizeof(long))
        if self._words is NULL or self._lengths is NULL or self._bits is NULL:
            raise MemoryError()
        for k in range(n):
            self._words[k] = <const char*>(<bytes>self._keep[k])
            self._lengths[k] = len(self._keep[k])
            self._bits[k] = encoded[items[k]][1]
        k = 0
        for c in range(257):  # _start[c]: the first word whose first byte is >= c
            while k < n and (<const unsigned char*>self._words[k])[0] < c:
                k += 1
            self._start[c] = k

    def __dealloc__(self):
        free(self._words)
        free(self._lengths)
        free(self._bits)


def first_match_bits(FirstWords table, str words):
    """The OR of the bits of the words ``re.findall`` finds in ``words`` with the pattern
    ``(?<![a-z])(?:w1|w2|...)`` over the table's words: from each position not after an ASCII
    lower-case letter, the first word of the alternation that starts there, then on from its
    end. -1 when ``words`` is not one byte a character (the caller runs the regex)."""
    if PyUnicode_KIND(words) != PyUnicode_1BYTE_KIND:
        return -1
    return _first_match(table, <const unsigned char*>PyUnicode_DATA(words), len(words))


def raw_first_match_bits(FirstWords table, str words):
    """``first_match_bits(table, without_digits(words).lower())`` for an ASCII ``words``, in
    one call: a cold raw class/id string's word groups (``blocks.attr_bits``) without the
    memo's Python frames, the digit-free copy and the lower-cased one. -1 when ``words`` is
    not ASCII (the caller takes the Python path: ``str.lower`` beyond ASCII)."""
    cdef Py_ssize_t n = len(words), i, j = 0
    cdef const unsigned char* data
    cdef unsigned char c
    cdef unsigned char small[256]
    cdef unsigned char* buffer = small
    if not PyUnicode_IS_ASCII(words):
        return -1
    data = <const unsigned char*>PyUnicode_DATA(words)
    if n > 256:
        buffer = <unsigned char*>malloc(n)
        if buffer is NULL:
            raise MemoryError()
    try:
        for i in range(n):
            c = data[i]
            if 48 <= c <= 57:
                continue
            if 65 <= c <= 90:
                c += 32
            buffer[j] = c
            j += 1
        return _first_match(table, buffer, j)
    finally:
        if buffer is not small:
            free(buffer)


cdef long _first_match(FirstWords table, const unsigned char* data, Py_ssize_t n) noexcept:
    """``first_match_bits``' scan over ``n`` bytes."""
    cdef Py_ssize_t i = 0
    cdef int k, end, length
    cdef long mask = 0
    cdef bint matched
    while i < n:
        matched = False
        if i == 0 or data[i - 1] < 97 or data[i - 1] > 122:
            k = table._start[data[i]]
            end = table._start[data[i] + 1]
            while k < end:
                length = table._lengths[k]
                if length <= n - i and memcmp(data + i, table._words[k], length) == 0:
                    mask |= table._bits[k]
                    i += length
                    matched = True
                    break
                k += 1
        if not matched:
            i += 1
    return mask


# Round seventeen: the metadata path's loops over the page's links (``sources._note_anchors``,
# ``metadata.link_labels``, ``metadata.home_link_names``, ``metadata._profile_keys``), ~160
# links a page, each loop reading one to three attributes or texts a link through lxml (a
# Python string each). Here each link's node is read in C; a link whose value this code does
# not model (non-ASCII text where case folding or Unicode spaces could matter, an attribute
# value that is not one text node) is handed to the Python reading of that one link.

cdef inline bint _split_space(unsigned char c) noexcept nogil:
    """The ASCII characters ``str.split()`` splits on (``str.isspace``)."""
    return c == 32 or (9 <= c <= 13) or (28 <= c <= 31)


cdef int _has_token(const unsigned char* s, const char* word) noexcept nogil:
    """1 when ``word`` is one of ``s.lower().split()``, 0 when not, -1 for non-ASCII ``s``."""
    cdef Py_ssize_t i = 0, start, j
    while s[i]:
        if s[i] >= 0x80:
            return -1
        i += 1
    i = 0
    while s[i]:
        while s[i] and _split_space(s[i]):
            i += 1
        start = i
        while s[i] and not _split_space(s[i]):
            i += 1
        j = 0
        while start + j < i and word[j] and _lower(s[start + j]) == <unsigned char>word[j]:
            j += 1
        if word[j] == 0 and start + j == i and i > start:
            return 1
    return 0


cdef int _lower_has(const unsigned char* s, const char** words, int n) noexcept nogil:
    """1 when ``s.lower()`` holds one of ``words``, 0 when not, -1 when not modelled (a
    non-ASCII or a long string)."""
    cdef char buffer[512]
    cdef Py_ssize_t i = 0
    while s[i]:
        if s[i] >= 0x80 or i >= 511:
            return -1
        buffer[i] = <char>_lower(s[i])
        i += 1
    buffer[i] = 0
    cdef int k
    for k in range(n):
        if _find(buffer, words[k]):
            return 1
    return 0


cdef inline bint _lower_prefix(const unsigned char* s, const char* word) noexcept nogil:
    """``s`` starts with ``word`` (ASCII lower case) once lowered as ASCII."""
    cdef Py_ssize_t j = 0
    while word[j]:
        if _lower(s[j]) != <unsigned char>word[j]:
            return False
        j += 1
    return True


cdef const char* _MORE_CLASSES[3]
_MORE_CLASSES[:] = [b"more-link", b"read-more", b"readmore"]
cdef const char* _PAGER_CLASSES[3]
_PAGER_CLASSES[:] = [b"page-numbers", b"pager", b"paginat"]
# sources._READ_MORE_PHRASES that are ASCII (the three others, "more »", "more…" and "leer
# más", are left to Python: a text starting "more" or "leer m")
cdef const char* _MORE_PHRASES[9]
_MORE_PHRASES[:] = [b"read more", b"continue reading", b"keep reading", b"read the rest",
                    b"read full", b"weiterlesen", b"lire la suite", b"leggi tutto", b"lees meer"]


cdef int _read_more_text(const unsigned char* s) noexcept nogil:
    """``text.lstrip()[:1] in _READ_MORE_INITIALS and text.lower().startswith(phrases)``: 1,
    0, or -1 where a non-ASCII character could decide (a Unicode space lstrip removes, a
    character that lower-cases onto a phrase's letter)."""
    cdef int k
    cdef Py_ssize_t j
    cdef const char* phrase
    while s[0] and _lstrip_space(s[0]):
        s += 1
    if s[0] == 0:
        return 0
    if s[0] >= 0x80:
        return -1
    if memchr(b"rRcCkKmMwWlL", s[0], 12) is NULL:
        return 0
    if _lower_prefix(s, "more") or _lower_prefix(s, "leer m"):
        return -1  # (the prefix holds no NUL, so the reads stay inside the string)
    for k in range(9):
        phrase = _MORE_PHRASES[k]
        j = 0
        while phrase[j]:
            if s[j] >= 0x80:
                return -1
            if _lower(s[j]) != <unsigned char>phrase[j]:
                break
            j += 1
        if phrase[j] == 0:
            return 1
    return 0


cdef int _anchor_note(tree.xmlNode* node, int* rel_kind, int* count_kind) noexcept nogil:
    """``sources._note_anchor`` read from the node: 0 done, -1 not modelled."""
    cdef const unsigned char* value
    cdef tree.xmlNode* first
    cdef int found, tested
    rel_kind[0] = 0
    count_kind[0] = 0
    if node.ns is not NULL:
        return -1
    found = _attribute(node, "rel", &value)
    if found < 0:
        return -1
    if found and value[0]:
        tested = _has_token(value, "tag")
        if tested == 0:
            tested = _has_token(value, "category")
        if tested < 0:
            return -1
        if tested:
            rel_kind[0] = 1
        elif _has_token(value, "author") == 1:
            rel_kind[0] = 2
    found = _attribute(node, "class", &value)
    if found < 0:
        return -1
    if found and value[0]:
        tested = _lower_has(value, _MORE_CLASSES, 3)
        if tested < 0:
            return -1
        if tested:
            count_kind[0] = 1
            return 0
        if _lower_has(value, _PAGER_CLASSES, 3):
            count_kind[0] = 2
            return 0
    first = _text_or_skip(node.children)
    if first is NULL or first.content is NULL or first.content[0] == 0:
        return 0 if first is NULL or _text_or_skip(first.next) is NULL else -1
    if _text_or_skip(first.next) is not NULL:
        return -1  # a text of several nodes
    if _chars(<const unsigned char*>first.content) < 40:
        tested = _read_more_text(<const unsigned char*>first.content)
        if tested < 0:
            return -1
        count_kind[0] = tested
    return 0


def note_anchors(list anchors, note):
    """``sources._note_anchors``' reading of every link: ``(terms, authors, read_more,
    pagination)``, the links with rel=tag/category and with rel=author in order, and the two
    counts. ``note(anchor)`` (``sources._note_anchor``: ``(rel_kind, count_kind)``) reads a
    link this code does not model."""
    cdef cetree._Element anchor
    cdef int rel_kind, count_kind
    cdef Py_ssize_t read_more = 0, pagination = 0
    terms = []
    authors = []
    for item in anchors:
        anchor = <cetree._Element?>item
        if _anchor_note(anchor._c_node, &rel_kind, &count_kind) < 0:
            rel_kind, count_kind = note(anchor)
        if rel_kind == 1:
            terms.append(anchor)
        elif rel_kind == 2:
            authors.append(anchor)
        if count_kind == 1:
            read_more += 1
        elif count_kind == 2:
            pagination += 1
    return terms, authors, read_more, pagination


cdef const char* _PROFILE_PARTS[8]
# authordata._may_be_profile's substrings
_PROFILE_PARTS[:] = [b"/auth", b"/user", b"/u/", b"/writ", b"/contrib", b"/people/", b"/profil",
                     b"/memb"]


def profile_hrefs(list anchors, Py_ssize_t limit):
    """The hrefs of ``anchors[:limit]`` that ``authordata._may_be_profile`` may pass, in order
    (an href it must fail is left out: ``profile_keys`` would skip it). An href read as not
    modelled (non-ASCII, long, or a value of several nodes) is kept: the Python test decides."""
    cdef cetree._Element anchor
    cdef const unsigned char* value
    cdef int found
    hrefs = []
    for item in anchors[:limit]:
        anchor = <cetree._Element?>item
        found = _attribute(anchor._c_node, "href", &value)
        if found < 0:
            hrefs.append(anchor.get("href") or "")
        elif found and value[0] and _lower_has(value, _PROFILE_PARTS, 8) != 0:
            hrefs.append(PyUnicode_DecodeUTF8(<const char*>value, strlen(<const char*>value),
                                              NULL))
    return hrefs


cdef inline bint _word_char(unsigned char c) noexcept nogil:
    """ASCII ``\\w``."""
    return (b'a' <= c <= b'z') or (b'A' <= c <= b'Z') or (b'0' <= c <= b'9') or c == b'_'


cdef bint _home_href(const unsigned char* s, Py_ssize_t size) noexcept nogil:
    """``sources.is_home_href`` (``_HOME_HREF_RE.match``) of the ASCII ``s[:size]``, spaces
    already stripped: "/", "./", "//host/" with an optional "http:"/"https:", "/index.html"."""
    cdef Py_ssize_t p = 0, q
    if (size == 1 and s[0] == b'/') or (size == 2 and s[0] == b'.' and s[1] == b'/'):
        return True
    if size >= 5 and _lower_prefix(s, "http:"):
        p = 5
    elif size >= 6 and _lower_prefix(s, "https:"):
        p = 6
    if p + 2 <= size and s[p] == b'/' and s[p + 1] == b'/':
        q = p + 2
        while q < size and s[q] != b'/':
            q += 1
        if q > p + 2 and (q == size or (q == size - 1 and s[q] == b'/')):
            return True
    p = 1 if size and s[0] == b'/' else 0
    if p + 6 < size and _lower_prefix(s + p, "index."):
        q = p + 6
        while q < size and _word_char(s[q]):
            q += 1
        return q == size
    return False


def home_link_candidates(list anchors, Py_ssize_t limit):
    """``anchors[:limit]`` less the links ``metadata.home_link_names`` passes over at once (no
    href, an empty one, more than three "/", or one ``is_home_href`` fails once stripped), in
    order. A non-ASCII href is kept: Python's ``strip`` and ``\\w`` read more characters."""
    cdef cetree._Element anchor
    cdef const unsigned char* value
    cdef Py_ssize_t size, start, end, slashes
    cdef int found
    cdef bint ascii
    kept = []
    for item in anchors[:limit]:
        anchor = <cetree._Element?>item
        found = _attribute(anchor._c_node, "href", &value)
        if found < 0:
            kept.append(anchor)
            continue
        if not found or not value[0]:
            continue
        slashes = 0
        ascii = True
        size = 0
        while value[size]:
            if value[size] == b'/':
                slashes += 1
            elif value[size] >= 0x80:
                ascii = False
            size += 1
        if slashes > 3:
            continue
        if not ascii:
            kept.append(anchor)
            continue
        start = 0
        end = size
        while start < end and _split_space(value[start]):
            start += 1
        while end > start and _split_space(value[end - 1]):
            end -= 1
        if _home_href(value + start, end - start):
            kept.append(anchor)
    return kept


cdef object _subtree_text(tree.xmlNode* top):
    """``etree.tostring(element, method="text", encoding=str, with_tail=False)`` of an element
    with children: its text and CDATA nodes' contents in document order (libxml2's
    ``xmlNodeBufGetContent``), or None where a node other than an element, a text, a CDATA
    section, a comment or a processing instruction is met (an entity reference's text)."""
    cdef tree.xmlNode* node = top.children
    cdef Py_ssize_t total = 0, at = 0, size
    cdef char* buffer
    cdef int step
    for step in range(2):  # the length, then the copy
        if step == 1:
            buffer = <char*>malloc(total + 1)
            if buffer is NULL:
                raise MemoryError()
        node = top.children
        while node is not NULL:
            if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
                if node.content is not NULL:
                    size = strlen(<const char*>node.content)
                    if step == 1:
                        memcpy(buffer + at, node.content, size)
                        at += size
                    else:
                        total += size
            elif node.type == tree.XML_ELEMENT_NODE:
                if node.children is not NULL:
                    node = node.children
                    continue
            elif node.type != tree.XML_COMMENT_NODE and node.type != tree.XML_PI_NODE:
                if step == 1:
                    free(buffer)
                return None
            while node is not top and node.next is NULL:
                node = node.parent
            if node is top:
                break
            node = node.next
    try:
        return PyUnicode_DecodeUTF8(buffer, total, NULL)
    finally:
        free(buffer)


def link_texts(list anchors, Py_ssize_t limit, Py_ssize_t longest, collapsed):
    """``metadata.link_labels``' texts: for each of ``anchors[:limit]``, its ``.text`` when it
    has no child (``len(anchor) == 0``), else its text on one line (``collapsed(anchor)``,
    ``parse.collapsed_text``, where ``_subtree_text`` does not model it); kept when not empty
    and at most ``longest`` characters."""
    cdef cetree._Element anchor
    texts = []
    for item in anchors[:limit]:
        anchor = <cetree._Element?>item
        if _next_node(anchor._c_node.children) is NULL:
            text = _collect_text(anchor._c_node.children)
        else:
            text = _subtree_text(anchor._c_node)
            text = collapsed(anchor) if text is None else " ".join(text.split())
        if text and len(text) <= longest:
            texts.append(text)
    return texts


# ---- round twenty (branch speed24): a cold ASCII class/id string's verdict in one call -----

_VERDICT_PATTERNS = ("hard", "camel", "boilerplate", "content", "comments", "strong", "embed")

cdef enum:
    _V_HARD = 1
    _V_CAMEL = 2
    _V_BOILERPLATE = 4
    _V_CONTENT = 8
    _V_COMMENTS = 16
    _V_STRONG = 32
    _V_EMBED = 64
    _VERDICT_CHARS = 512  # longer strings: the Python reading
    _MAX_KEYS = 8


cdef class VerdictWords:
    """``prune.attr_verdict``'s patterns as the finite sets of strings they match
    (``vocab.ATTR_VERDICT_WORDS``, indexed by first two characters like ``WordTable``), its
    key substrings, taxonomy words and verdict codes: what ``ascii_verdict`` reads."""

    cdef list _keep
    cdef const char** _words
    cdef int* _lengths
    cdef int* _bits
    cdef char* _edge
    cdef unsigned int* _prefix  # a word's first four bytes (fewer, zero-padded, when shorter)
    cdef unsigned int* _prefix_mask  # which of those four bytes the word has
    cdef int _start[_WORD_BUCKETS + 1]
    cdef long _codes[6]
    cdef const char* _keys[3][_MAX_KEYS]
    cdef int _key_lengths[3][_MAX_KEYS]
    cdef int _n_keys[3]
    cdef const char* _taxonomy[_MAX_KEYS]
    cdef int _taxonomy_lengths[_MAX_KEYS]
    cdef int _n_taxonomy

    def __cinit__(self, patterns, codes, keys, taxonomy):
        """``patterns``: (name, edge, strings) in ``_VERDICT_PATTERNS``' order; ``codes``:
        KEEP, COMMENTS, HARD, HARD_UNLESS_PROSE, SOFT, STRONG_CONTENT; ``keys``: the comments,
        strong and embed key substrings; ``taxonomy``: the words of ``_TAXONOMY_TOKEN_RE``."""
        if tuple(name for name, _, _ in patterns) != _VERDICT_PATTERNS:
            raise ValueError("patterns out of order")
        cdef list entries = []
        cdef int index, k
        for index, (name, edge, words) in enumerate(patterns):
            for word in words:
                key = word.encode("ascii")
                if len(key) < 2:
                    raise ValueError(f"string {word!r} is shorter than two characters")
                if b"\0" in key:  # the prefix test reads past the text's end as NULs
                    raise ValueError(f"string {word!r} holds a NUL")
                entries.append((_pair_bucket(key[0], key[1]), key, 1 << index, bool(edge)))
        entries.sort(key=lambda entry: entry[0])
        cdef Py_ssize_t n = len(entries)
        self._keep = [entry[1] for entry in entries]
        self._words = <const char**>malloc(max(n, 1) * sizeof(const char*))
        self._lengths = <int*>malloc(max(n, 1) * sizeof(int))
        self._bits = <int*>malloc(max(n, 1) * sizeof(int))
        self._edge = <char*>malloc(max(n, 1) * sizeof(char))
        self._prefix = <unsigned int*>malloc(max(n, 1) * sizeof(unsigned int))
        self._prefix_mask = <unsigned int*>malloc(max(n, 1) * sizeof(unsigned int))
        if (self._words is NULL or self._lengths is NULL or self._bits is NULL
                or self._edge is NULL or self._prefix is NULL or self._prefix_mask is NULL):
            raise MemoryError()
        cdef int j
        for k in range(n):
            self._words[k] = <const char*>(<bytes>self._keep[k])
            self._lengths[k] = len(self._keep[k])
            self._bits[k] = entries[k][2]
            self._edge[k] = entries[k][3]
            self._prefix[k] = self._prefix_mask[k] = 0
            for j in range(min(4, self._lengths[k])):
                self._prefix[k] |= (<unsigned int>(<const unsigned char*>self._words[k])[j]) << (8 * j)
                self._prefix_mask[k] |= (<unsigned int>0xFF) << (8 * j)
        k = 0
        cdef int b
        for b in range(_WORD_BUCKETS + 1):
            while k < n and entries[k][0] < b:
                k += 1
            self._start[b] = k
        if len(codes) != 6:
            raise ValueError("six verdict codes")
        for k in range(6):
            self._codes[k] = codes[k]
        if len(keys) != 3:
            raise ValueError("three key lists")
        for index in range(3):
            if len(keys[index]) > _MAX_KEYS:
                raise ValueError("too many keys")
            self._n_keys[index] = len(keys[index])
            for k in range(len(keys[index])):
                key = keys[index][k].encode("ascii")
                self._keep.append(key)
                self._keys[index][k] = <const char*>(<bytes>key)
                self._key_lengths[index][k] = len(key)
        if len(taxonomy) > _MAX_KEYS:
            raise ValueError("too many taxonomy words")
        self._n_taxonomy = len(taxonomy)
        for k in range(len(taxonomy)):
            key = (taxonomy[k] + "-").encode("ascii")
            self._keep.append(key)
            self._taxonomy[k] = <const char*>(<bytes>key)
            self._taxonomy_lengths[k] = len(key)

    def __dealloc__(self):
        free(self._words)
        free(self._lengths)
        free(self._bits)
        free(self._edge)
        free(self._prefix)
        free(self._prefix_mask)


cdef inline bint _at(const unsigned char* data, Py_ssize_t n, Py_ssize_t i,
                     const char* word, int length) noexcept nogil:
    # the first byte compared inline: most positions of a key or taxonomy scan fail there
    return length <= n - i and (length == 0 or (
        data[i] == <unsigned char>word[0] and memcmp(data + i + 1, word + 1, length - 1) == 0))


cdef bint _holds_key(VerdictWords table, int index, const unsigned char* data,
                     Py_ssize_t n) noexcept nogil:
    """``_has_any(words, keys)``: one of the key substrings occurs."""
    cdef int k
    cdef Py_ssize_t i
    for k in range(table._n_keys[index]):
        for i in range(n):
            if _at(data, n, i, table._keys[index][k], table._key_lengths[index][k]):
                return True
    return False


cdef bint _taxonomy_at(VerdictWords table, const unsigned char* data, Py_ssize_t n,
                       Py_ssize_t i) noexcept nogil:
    """``(?:tag|category|cat|format|author)-`` matches at ``i``."""
    cdef int k
    for k in range(table._n_taxonomy):
        if _at(data, n, i, table._taxonomy[k], table._taxonomy_lengths[k]):
            return True
    return False


cdef Py_ssize_t _without_taxonomy(VerdictWords table, const unsigned char* data, Py_ssize_t n,
                                  unsigned char* out) noexcept nogil:
    """``_TAXONOMY_TOKEN_RE.sub(" ", text)`` (``(?:^|\\s)WORD-\\S*``) into ``out``: the leftmost
    match at each position (``^`` tried before ``\\s`` at the start), replaced by one space,
    the scan going on from its end; its length."""
    cdef Py_ssize_t i = 0, m = 0, start
    while i < n:
        start = -1
        if i == 0 and _taxonomy_at(table, data, n, 0):
            start = 0
        elif Py_UNICODE_ISSPACE(data[i]) and _taxonomy_at(table, data, n, i + 1):
            start = i + 1
        if start < 0:
            out[m] = data[i]
            m += 1
            i += 1
            continue
        i = start
        while i < n and not Py_UNICODE_ISSPACE(data[i]):
            i += 1
        out[m] = 32
        m += 1
    return m


cdef int _pattern_hits(VerdictWords table, const unsigned char* data, Py_ssize_t n) noexcept nogil:
    """The bits of the patterns whose ``search`` finds a match: one of a pattern's strings
    occurs (an edge pattern's where ``(?<![^\\s_\\-:.])`` holds before it and
    ``(?:$|[\\s_\\-:.\\d])`` after it). The patterns' languages are finite (``expanded_words``),
    so a match exists exactly when one of their strings sits there."""
    cdef int hits = 0, k, end, length, bit, b
    cdef Py_ssize_t i, after
    cdef unsigned char c
    cdef unsigned int window
    for i in range(n - 1):
        b = _pair_bucket(data[i], data[i + 1])
        k = table._start[b]
        end = table._start[b + 1]
        if k == end:
            continue
        # the text's next four bytes (zeros past its end: no word holds a NUL), so a word's
        # first four are compared at once and most of the bucket's words fail there
        window = data[i] | (<unsigned int>data[i + 1] << 8)
        if i + 2 < n:
            window |= <unsigned int>data[i + 2] << 16
            if i + 3 < n:
                window |= <unsigned int>data[i + 3] << 24
        while k < end:
            bit = table._bits[k]
            length = table._lengths[k]
            if (
                not (hits & bit)
                and (window & table._prefix_mask[k]) == table._prefix[k]
                and (length <= 4 or _at(data, n, i, table._words[k], length))
            ):
                if not table._edge[k]:
                    hits |= bit
                elif _token_edge_before(data, i):
                    after = i + length
                    if after == n:
                        hits |= bit
                    else:
                        c = data[after]
                        if (c == 95 or c == 45 or c == 58 or c == 46 or 48 <= c <= 57
                                or Py_UNICODE_ISSPACE(c)):
                            hits |= bit
            k += 1
    return hits


def ascii_verdict(VerdictWords table, str words):
    """``attr_verdict(without_digits(words))`` for an ASCII string (lower-cased as ``lower``
    does, taxonomy tokens out, then the key and pattern tests in ``attr_verdict``'s order);
    -1 for another string (not ASCII, a NUL, past ``_VERDICT_CHARS``): the Python reading."""
    return _ascii_verdict_of(table, words)


cdef class ColdVerdicts:
    """``prune.words_verdict`` for a string the scan's memo misses, as ``attributed`` calls
    it: an ASCII string's verdict read here (``ascii_verdict``) and stored in the memo as
    ``words_verdict`` stores it (the memo emptied first when it holds ``cap`` strings), without
    a Python frame; any other string goes to ``fallback`` (``words_verdict``)."""

    cdef VerdictWords table
    cdef readonly dict memo
    cdef readonly Py_ssize_t cap
    cdef object fallback

    def __init__(self, VerdictWords table not None, dict memo not None, Py_ssize_t cap,
                 fallback):
        self.table = table
        self.memo = memo
        self.cap = cap
        self.fallback = fallback

    cdef object judge(self, str words):
        cdef long verdict = _ascii_verdict_of(self.table, words)
        if verdict < 0:
            return self.fallback(words)
        if len(self.memo) >= self.cap:
            self.memo.clear()
        value = verdict
        self.memo[words] = value
        return value

    def __call__(self, str words):
        """``fallback(words)``: a caller other than ``attributed`` with this memo."""
        return self.fallback(words)


cdef long _ascii_verdict_of(VerdictWords table, str words) except? -2:
    """``ascii_verdict``."""
    if not PyUnicode_IS_ASCII(words):
        return -1
    cdef Py_ssize_t n = len(words), i, m = 0
    if n >= _VERDICT_CHARS:
        return -1
    cdef const unsigned char* data = <const unsigned char*>PyUnicode_DATA(words)
    cdef unsigned char lowered[_VERDICT_CHARS]
    cdef unsigned char text[_VERDICT_CHARS]
    cdef unsigned char c
    for i in range(n):
        c = data[i]
        if c == 0:
            return -1
        if 48 <= c <= 57:
            continue
        if 65 <= c <= 90:
            c += 32
        lowered[m] = c
        m += 1
    m = _without_taxonomy(table, lowered, m, text)
    cdef int hits = _pattern_hits(table, text, m)
    cdef bint embed
    if hits & _V_COMMENTS and _holds_key(table, 0, text, m):
        return table._codes[1]
    embed = hits & _V_EMBED and _holds_key(table, 2, text, m)
    if hits & _V_HARD:
        if embed:
            return table._codes[0]
        return table._codes[3] if hits & _V_CONTENT else table._codes[2]
    if hits & (_V_CAMEL | _V_BOILERPLATE) and not hits & _V_CONTENT:
        return table._codes[0] if embed else table._codes[4]
    if hits & _V_STRONG and _holds_key(table, 1, text, m):
        return table._codes[5]
    return table._codes[0]


def document_order(cetree._Element root not None, elements):
    """``[el for el in root.iter() if el in elements]`` for a few elements (``candidates``' article
    chunks): the ones under ``root`` (itself included) in document order, read in one walk over
    libxml2's nodes (element children only, as ``iter`` descends) with no proxy made on the way."""
    cdef list items = list(elements)
    cdef Py_ssize_t k = len(items), i
    cdef tree.xmlNode** nodes = <tree.xmlNode**>malloc(max(k, 1) * sizeof(tree.xmlNode*))
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* node = top
    cdef list found = []
    if nodes is NULL:
        raise MemoryError()
    try:
        for i in range(k):
            nodes[i] = (<cetree._Element?>items[i])._c_node
        while node is not NULL:
            if node.type == tree.XML_ELEMENT_NODE:
                for i in range(k):
                    if nodes[i] is node:
                        found.append(items[i])
                        break
                if node.children is not NULL:
                    node = node.children
                    continue
            node = _following(node, top)
        return found
    finally:
        free(nodes)


# ``sources.gather_sources``' tag walk (``sources._walk_tags``): its tags by kind, in the order
# of the ``_GATHERED_TAGS`` test chain there.
cdef enum:
    GATHER_NONE = 0
    GATHER_A = 1
    GATHER_META = 2
    GATHER_LINK = 3
    GATHER_SCRIPT = 4
    GATHER_UNSEEN = 5  # sources.UNSEEN_TEXT_TAGS
    GATHER_BODY = 6
    GATHER_TIME = 7
    GATHER_ARTICLE = 8
    GATHER_HEADING = 9
    GATHER_TITLE = 10


cdef int _gather_kind(const char* name) noexcept nogil:
    """The kind of a gathered tag name (``GATHER_NONE``: not gathered); first byte, then strcmp."""
    cdef char c = name[0]
    if c == b'a':
        if name[1] == 0:
            return GATHER_A
        if _same_name(name, "article"):
            return GATHER_ARTICLE
    elif c == b'm':
        if _same_name(name, "meta"):
            return GATHER_META
    elif c == b'l':
        if _same_name(name, "link"):
            return GATHER_LINK
    elif c == b's':
        if _same_name(name, "script"):
            return GATHER_SCRIPT
        if _same_name(name, "style") or _same_name(name, "svg"):
            return GATHER_UNSEEN
    elif c == b'h':
        if (name[1] == b'1' or name[1] == b'2' or name[1] == b'3') and name[2] == 0:
            return GATHER_HEADING
    elif c == b't':
        if _same_name(name, "title"):
            return GATHER_TITLE
        if _same_name(name, "time"):
            return GATHER_TIME
        if _same_name(name, "template") or _same_name(name, "textarea"):
            return GATHER_UNSEEN
    elif c == b'n':
        if _same_name(name, "noscript"):
            return GATHER_UNSEEN
    elif c == b'b':
        if _same_name(name, "body"):
            return GATHER_BODY
    return GATHER_NONE


def gather_tags(cetree._Element root not None, Py_ssize_t limit=-1):
    """``sources._walk_tags(root)`` in one walk over libxml2's nodes: ``(anchors, metas, links,
    scripts, unseen, times, headings, titles, articles, first_article, body, marks)``, a proxy
    made only for a gathered element (as ``iter(tags)``); None when an element has a namespace
    (its tag reads "{uri}name": not modelled here, the Python walk decides).

    ``marks``: with ``limit >= 0``, ``mark_candidates(body, limit)`` read in the same walk (the
    walks are bound by reading the nodes from memory: one pass instead of two); None when not
    asked for, when there is no <body> (the marks walk then reads the root) or when
    ``mark_candidates`` would give None."""
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* node = top
    cdef tree.xmlNode* body_node = NULL
    cdef int kind, verdict
    cdef bint marking = False, marks_ok = limit >= 0
    cdef Py_ssize_t articles = 0
    cdef _MarkState state
    cdef list anchors = [], metas = [], links = [], scripts = [], unseen = [], times = []
    cdef list headings = [], titles = [], marked = []
    _mark_start(&state, limit)
    first_article = None
    body = None
    doc = root._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            kind = _gather_kind(<const char*>node.name)
            if kind != GATHER_NONE:
                if kind == GATHER_A:
                    anchors.append(cetree.elementFactory(doc, node))
                elif kind == GATHER_META:
                    metas.append(cetree.elementFactory(doc, node))
                elif kind == GATHER_LINK:
                    links.append(cetree.elementFactory(doc, node))
                elif kind == GATHER_SCRIPT:
                    element = cetree.elementFactory(doc, node)
                    scripts.append(element)
                    if body_node is not NULL:
                        unseen.append(element)
                elif kind == GATHER_UNSEEN:
                    if body_node is not NULL:
                        unseen.append(cetree.elementFactory(doc, node))
                elif kind == GATHER_BODY:
                    if body_node is NULL and node.parent is top:
                        body_node = node
                        body = cetree.elementFactory(doc, node)
                        marking = marks_ok
                elif kind == GATHER_TIME:
                    times.append(cetree.elementFactory(doc, node))
                elif kind == GATHER_ARTICLE:
                    articles += 1
                    if first_article is None:
                        first_article = cetree.elementFactory(doc, node)
                elif kind == GATHER_HEADING:
                    headings.append(cetree.elementFactory(doc, node))
                else:
                    titles.append(cetree.elementFactory(doc, node))
            if marking:
                verdict = _mark_node(node, &state)
                if verdict == 2:
                    marking = False  # the limit: the marks are read, the walk goes on
                elif verdict < 0:
                    marking = marks_ok = False
                elif verdict:
                    marked.append(cetree.elementFactory(doc, node))
            if node.children is not NULL:
                node = node.children
                continue
        # the next node after this one's subtree; leaving <body>'s subtree ends the marks
        while node is not top and node.next is NULL:
            node = node.parent
            if node is body_node:
                marking = False
        if node is top:
            break
        if node is body_node:
            marking = False
        node = node.next
    marks = _mark_result(marked, &state) if marks_ok and body_node is not NULL else None
    return (anchors, metas, links, scripts, unseen, times, headings, titles, articles,
            first_article, body, marks)


cdef const char* _SCRIPT_MARKERS[4]
# authordata._MARKERS (ASCII: in the text's characters, then in its UTF-8 bytes)
_SCRIPT_MARKERS[:] = [b'"author', b'Author"', b'"byline"', b'"creator"']


def script_candidates(list scripts, Py_ssize_t most):
    """The scripts of ``scripts[:most]``, in order, whose ``.text`` may give
    ``authordata._script_author`` a name: all but those with no text, or one text node (lxml's
    ``.text`` run) holding none of its markers anywhere, for which it returns "" (the Python
    loop then makes no string of a script it cannot use)."""
    cdef tree.xmlNode* first
    cdef const char* text
    cdef int k
    kept = []
    for item in scripts[:most]:
        first = _text_or_skip((<cetree._Element?>item)._c_node.children)
        if first is NULL:
            continue  # ``.text`` None
        if _text_or_skip(first.next) is NULL:  # one text node: its bytes are the text
            text = <const char*>first.content
            if text is NULL or text[0] == 0:
                continue  # ``.text`` "" (no name from it)
            for k in range(4):
                if strstr(text, _SCRIPT_MARKERS[k]) is not NULL:
                    break
            else:
                continue
        kept.append(item)
    return kept


def microdata_marks(cetree._Element scope not None, Py_ssize_t most):
    """``sources._scan``'s elements: of ``scope.iter(etree.Element)``, in document order, the
    first ``most`` that ``_scan_elements`` does not pass over (an ``itemprop``, or "byline" or
    "author" in the class: ``pagemarks.is_microdata_mark``), a proxy made only for those; None
    when an attribute it reads is not one text node (the Python walk then reads them). Used
    where the marks walk stopped at its cap: a page of thousands of elements."""
    cdef tree.xmlNode* top = scope._c_node
    cdef tree.xmlNode* node = top
    cdef const unsigned char* classes
    cdef const unsigned char* value
    cdef int has_class, found
    cdef list kept = []
    doc = scope._doc
    while node is not NULL and len(kept) < most:
        if node.type == tree.XML_ELEMENT_NODE:
            found = _attribute(node, "itemprop", &value)
            has_class = _attribute(node, "class", &classes) if found == 0 else 0
            if found < 0 or has_class < 0:
                return None
            if found or (has_class and classes[0] and _byline_or_author(classes)):
                kept.append(cetree.elementFactory(doc, node))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return kept


from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize


cdef Py_ssize_t _content_bytes(tree.xmlNode* top, char* out) noexcept nogil:
    """libxml2's ``xmlBufGetNodeContent`` of an element (what lxml's
    ``tostring(method="text", with_tail=False)`` returns): its text and CDATA nodes' bytes in
    document order, copied to ``out`` when not NULL; the byte count, or -1 at an entity
    reference (its content is read from its declaration: not modelled here)."""
    cdef tree.xmlNode* node = top.children
    cdef Py_ssize_t size = 0, k
    while node is not NULL:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            if node.content is not NULL:
                k = strlen(<const char*>node.content)
                if out is not NULL:
                    memcpy(out + size, node.content, k)
                size += k
        elif node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        if node.children is not NULL and node.type != tree.XML_ENTITY_REF_NODE:
            node = node.children
            continue
        node = _following(node, top)
    return size


cdef object _node_text(tree.xmlNode* node, own_text, item):
    """``printed._text(item)`` read from the nodes; an entity reference goes to ``own_text``."""
    cdef Py_ssize_t size = _content_bytes(node, NULL)
    if size < 0:
        return own_text(item)
    text = PyBytes_FromStringAndSize(NULL, size)
    _content_bytes(node, PyBytes_AS_STRING(text))
    return text


def unseen_texts(list elements, own_text):
    """``printed._joined(elements)``: each element's own text in UTF-8, joined by NUL and
    lower-cased as ASCII. An element whose children are all text (or CDATA) nodes, a
    script's or a style's, is read from its nodes' bytes (lxml's ``.text`` is their join, so
    encoding it gives them back) without making the Python string and encoding it again;
    any other (an <svg>) as ``printed._text`` serialises it, in C (``_node_text``)."""
    cdef tree.xmlNode* node
    cdef tree.xmlNode* child
    cdef Py_ssize_t size, at, k
    cdef bint plain
    cdef char* out
    cdef list parts = []
    for item in elements:
        node = (<cetree._Element?>item)._c_node
        plain = True
        size = 0
        child = node.children
        while child is not NULL:
            if child.type != tree.XML_TEXT_NODE and child.type != tree.XML_CDATA_SECTION_NODE:
                plain = False
                break
            if child.content is not NULL:
                size += strlen(<const char*>child.content)
            child = child.next
        if not plain:
            parts.append(_node_text(node, own_text, item))
            continue
        part = PyBytes_FromStringAndSize(NULL, size)
        out = PyBytes_AS_STRING(part)
        at = 0
        child = node.children
        while child is not NULL:
            if child.content is not NULL:
                k = strlen(<const char*>child.content)
                memcpy(out + at, child.content, k)
                at += k
            child = child.next
        parts.append(part)
    return b"\x00".join(parts).lower()


# Round twenty-one (speed29): the body path's title comparisons without their Python calls.

from cpython.unicode cimport PyUnicode_FromStringAndSize


def title_normal(normalise, str text):
    """``clean.normalise_title(text)`` (``normalise``: that function): the lower-case words of
    ``text`` joined by single spaces. An ASCII text's is made here in one pass: on ASCII
    ``casefold`` is ``lower`` and ``[\\W_]`` is any character but A-Z, a-z, 0-9, so the words are
    the runs of those, lowered; any other text goes to ``normalise``."""
    cdef Py_ssize_t size = len(text), i, filled = 0
    cdef int kind = PyUnicode_KIND(text)
    cdef const unsigned char* data
    cdef char* out
    cdef unsigned char c
    cdef bint gap = False
    if kind != PyUnicode_1BYTE_KIND or not text.isascii():
        return normalise(text)
    data = <const unsigned char*>PyUnicode_DATA(text)
    out = <char*>malloc(size + 1)
    if out is NULL:
        raise MemoryError()
    try:
        for i in range(size):
            c = data[i]
            if 0x41 <= c <= 0x5A:
                c += 0x20
            elif not (0x61 <= c <= 0x7A or 0x30 <= c <= 0x39):
                gap = True
                continue
            if gap and filled:
                out[filled] = 0x20
                filled += 1
            gap = False
            out[filled] = <char>c
            filled += 1
        return PyUnicode_FromStringAndSize(out, filled)
    finally:
        free(out)


cdef extern from *:
    """
    #include <string.h>
    /* the last occurrence of either byte in s[0:end], or -1 */
    static Py_ssize_t scraper_last_of2(const char* s, Py_ssize_t end, char a, char b) {
        for (Py_ssize_t i = end - 1; i >= 0; i--) {
            if (s[i] == a || s[i] == b) return i;
        }
        return -1;
    }
    """
    Py_ssize_t _last_of2 "scraper_last_of2"(const char* s, Py_ssize_t end, char a, char b) noexcept nogil

from cpython.bytes cimport PyBytes_AS_STRING


def may_hold_flood(bytes data, Py_ssize_t block, Py_ssize_t most):
    """``parse._may_hold_flood``'s loop (``block``: its ``_BLOCK_BYTES``, ``most``: its
    ``MAX_ATTRIBUTES``) with its byte searches in C: whether an aligned block with no "<" and
    no ">" lies in a run between a "<" and a ">" holding more than ``most`` "=" bytes."""
    cdef Py_ssize_t size = len(data), start, stop, checked_up_to = 0
    cdef Py_ssize_t run_start, run_end, i, equals
    cdef const char* s = PyBytes_AS_STRING(data)
    cdef const char* found
    if block <= 0:
        raise ValueError("block must be positive")
    start = 0
    while start <= size - block:
        stop = start + block
        if (
            start < checked_up_to
            or memchr(s + start, b"<", block) is not NULL
            or memchr(s + start, b">", block) is not NULL
        ):
            start += block
            continue
        run_start = _last_of2(s, start, b"<", b">") + 1
        run_end = size
        found = <const char*>memchr(s + stop, b"<", size - stop)
        if found is not NULL:
            run_end = found - s
        found = <const char*>memchr(s + stop, b">", run_end - stop)
        if found is not NULL:
            run_end = found - s
        checked_up_to = run_end
        if run_start >= 1 and s[run_start - 1] == b"<" and run_end < size and s[run_end] == b">":
            equals = 0
            for i in range(run_start, run_end):
                if s[i] == b"=":
                    equals += 1
            if equals > most:
                return True
        start += block
    return False


# ``prune.is_document_section`` in C on ASCII ids and headings: the id's slug words, the first
# heading in the element (itself, or h1-h6 below it), its text's first words, and the nearest
# three siblings of the element's tag, without a proxy, a serialised text or a regex. Anything
# it does not model (a non-ASCII character where the words are read, an entity reference, a
# namespaced element, an attribute that is not one text node) gives -1: Python decides.

cdef enum:
    _SECTION_NEAR_SIBLINGS = 3  # prune.NEAR_SIBLINGS
    _SECTION_MIN_WORDS = 2  # prune.MIN_SLUG_WORDS
    _SECTION_MAX_ID = 1024  # a longer id: Python


cdef inline bint _alnum(unsigned char c) noexcept nogil:
    return (0x30 <= c <= 0x39) or (0x41 <= c <= 0x5A) or (0x61 <= c <= 0x7A)


cdef inline bint _is_heading_name(const char* name) noexcept nogil:
    return name[0] == b"h" and b"1" <= name[1] <= b"6" and name[2] == 0


cdef struct _SlugMatch:
    const char* want  # the id's words joined by single spaces
    Py_ssize_t size
    Py_ssize_t at  # characters of ``want`` matched so far
    bint gap  # a separator since the last character written
    bint started  # a word character written
    int state  # 0: undecided, 1: the heading starts with the words, -1: it does not, 2: Python


cdef inline void _slug_feed(_SlugMatch* m, const unsigned char* s) noexcept nogil:
    """Feed heading text to the streaming comparison (its slug form, character by character)."""
    cdef unsigned char c
    cdef char out
    while m.state == 0 and s[0]:
        c = s[0]
        s += 1
        if c >= 0x80:
            m.state = 2  # a word character or not, as Unicode says: Python
            return
        if not _alnum(c):
            m.gap = True
            continue
        if m.gap and m.started:
            # a space before this word: past the id's words, the heading's next word follows
            if m.at == m.size:
                m.state = 1
                return
            if m.want[m.at] != b" ":
                m.state = -1
                return
            m.at += 1
        m.gap = False
        m.started = True
        out = <char>(c + 0x20 if 0x41 <= c <= 0x5A else c)
        if m.at == m.size or m.want[m.at] != out:
            m.state = -1  # a longer last word, or another character
            return
        m.at += 1


cdef int _heading_starts_with(tree.xmlNode* heading, const char* want, Py_ssize_t size) noexcept nogil:
    """1 when the heading's text's slug words start with ``want``'s, 0 when not, -1: Python."""
    cdef _SlugMatch m
    m.want = want
    m.size = size
    m.at = 0
    m.gap = False
    m.started = False
    m.state = 0
    cdef tree.xmlNode* node = heading.children
    while node is not NULL and m.state == 0:
        if node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE:
            if node.content is not NULL:
                _slug_feed(&m, <const unsigned char*>node.content)
        elif node.type == tree.XML_ENTITY_REF_NODE:
            return -1
        elif node.type == tree.XML_ELEMENT_NODE and node.children is not NULL:
            node = node.children
            continue
        while node is not heading and node.next is NULL:
            node = node.parent
        if node is heading:
            break
        node = node.next
    if m.state == 2:
        return -1
    if m.state == 0:  # the text ended
        return 1 if m.at == m.size else 0
    return 1 if m.state == 1 else 0


cdef int _names_own_heading(tree.xmlNode* el) noexcept nogil:
    """``prune._names_own_heading``: 1, 0, or -1 (Python)."""
    cdef const unsigned char* ident
    cdef char want[_SECTION_MAX_ID]
    cdef Py_ssize_t size = 0, i = 0
    cdef int words = 0, found
    cdef bint gap = False
    cdef unsigned char c
    cdef tree.xmlNode* heading
    cdef tree.xmlNode* node
    found = _attribute(el, "id", &ident)
    if found < 0:
        return -1
    if found == 0:
        return 0
    while ident[i]:
        c = ident[i]
        i += 1
        if c >= 0x80 or size >= _SECTION_MAX_ID - 2:
            return -1
        if not _alnum(c):
            gap = True
            continue
        if gap or not words:  # a word starts
            if words:
                want[size] = b" "
                size += 1
            words += 1
        gap = False
        want[size] = <char>(c + 0x20 if 0x41 <= c <= 0x5A else c)
        size += 1
    if words < _SECTION_MIN_WORDS:
        return 0
    if el.ns is not NULL:
        return -1
    if _is_heading_name(<const char*>el.name):
        return _heading_starts_with(el, want, size)
    node = el.children
    heading = NULL
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return -1
            if _is_heading_name(<const char*>node.name):
                heading = node
                break
            if node.children is not NULL:
                node = node.children
                continue
        while node is not el and node.next is NULL:
            node = node.parent
        if node is el:
            break
        node = node.next
    if heading is NULL:
        return 0
    return _heading_starts_with(heading, want, size)


def document_section(cetree._Element element):
    """``prune.is_document_section(element)``: True, False, or None (a case for Python)."""
    cdef tree.xmlNode* el = element._c_node
    cdef tree.xmlNode* sibling
    cdef const unsigned char* ident
    cdef int found, seen, side
    found = _names_own_heading(el)
    if found <= 0:
        return None if found < 0 else False
    for side in range(2):
        sibling = el.prev if side == 0 else el.next
        seen = 0
        while sibling is not NULL and seen < _SECTION_NEAR_SIBLINGS:
            if sibling.type == tree.XML_ELEMENT_NODE:
                if sibling.ns is not NULL:
                    return None
                if strcmp(<const char*>sibling.name, <const char*>el.name) == 0:
                    seen += 1
                    found = _attribute(sibling, "id", &ident)
                    if found < 0:
                        return None
                    if found and ident[0]:
                        found = _names_own_heading(sibling)
                        if found < 0:
                            return None
                        if found:
                            return True
            sibling = sibling.prev if side == 0 else sibling.next
    return False


def title_sources(cetree._Element root):
    """What ``body.page_title`` reads, without a proxy per ``<meta>``: the ``content`` of each
    ``<meta>`` under ``root``'s first ``<head>`` child (else under ``root``) whose ``property``
    is "og:title" or whose ``name`` is "twitter:title", in document order (a meta with no
    ``content``: skipped, as ``get`` gives None), and the first ``<title>`` in ``root``
    (itself included), or None. None for the whole: a namespaced element or an attribute
    value that is not one text node (Python reads the page)."""
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* node = top.children
    cdef tree.xmlNode* title = NULL
    cdef const unsigned char* value
    cdef int found
    cdef bint wanted
    while node is not NULL:  # ``root.find("head")``
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            if strcmp(<const char*>node.name, "head") == 0:
                top = node
                break
        node = node.next
    contents = []
    node = top
    while node is not NULL:  # ``top.iter("meta")``
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            if strcmp(<const char*>node.name, "meta") == 0:
                found = _attribute(node, "property", &value)
                if found < 0:
                    return None
                wanted = found == 1 and strcmp(<const char*>value, "og:title") == 0
                if not wanted:
                    found = _attribute(node, "name", &value)
                    if found < 0:
                        return None
                    wanted = found == 1 and strcmp(<const char*>value, "twitter:title") == 0
                if wanted:
                    found = _attribute(node, "content", &value)
                    if found < 0:
                        return None
                    if found:
                        contents.append(
                            PyUnicode_DecodeUTF8(<const char*>value, strlen(<const char*>value), NULL)
                        )
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    node = root._c_node
    top = node
    while node is not NULL:  # ``next(root.iter("title"), None)``
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is not NULL:
                return None
            if strcmp(<const char*>node.name, "title") == 0:
                title = node
                break
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return contents, (None if title is NULL else cetree.elementFactory(root._doc, title))


# ---- round twenty-three (branch speed38): a page's UTF-8 bytes for the parser ---------------

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from libc.stdint cimport uint64_t

cdef extern from "Python.h":
    int _PyBytes_Resize(PyObject** data, Py_ssize_t size) except -1


cdef inline Py_ssize_t _utf8_span(
    const unsigned short* data, Py_ssize_t i, Py_ssize_t stop, unsigned char* buffer, Py_ssize_t at
) noexcept nogil:
    """Characters ``i`` to ``stop`` of two bytes each written as UTF-8 at ``buffer[at]``, ASCII
    four at a time, a lone surrogate as "?" (the "replace" handler's); the new ``at``."""
    cdef unsigned short c
    cdef uint64_t four
    while i < stop:
        if i + 4 <= stop:
            memcpy(&four, data + i, 8)
            if (four & 0xFF80FF80FF80FF80ULL) == 0:  # four ASCII characters
                buffer[at] = <unsigned char>data[i]
                buffer[at + 1] = <unsigned char>data[i + 1]
                buffer[at + 2] = <unsigned char>data[i + 2]
                buffer[at + 3] = <unsigned char>data[i + 3]
                at += 4
                i += 4
                continue
        c = data[i]
        if c < 0x80:
            buffer[at] = <unsigned char>c
            at += 1
        elif c < 0x800:
            buffer[at] = <unsigned char>(0xC0 | (c >> 6))
            buffer[at + 1] = <unsigned char>(0x80 | (c & 0x3F))
            at += 2
        elif 0xD800 <= c <= 0xDFFF:  # a lone surrogate (two bytes a character holds no pair)
            buffer[at] = 63
            at += 1
        else:
            buffer[at] = <unsigned char>(0xE0 | (c >> 12))
            buffer[at + 1] = <unsigned char>(0x80 | ((c >> 6) & 0x3F))
            buffer[at + 2] = <unsigned char>(0x80 | (c & 0x3F))
            at += 3
        i += 1
    return at


def utf8_replaced(str text):
    """``text.encode("utf-8", "replace")`` for a string of two bytes a character (most pages
    with a curly quote or a dash), with ASCII runs copied four characters at a time: a lone
    surrogate becomes "?" as the "replace" handler makes it. None for any other width (the
    caller encodes: one byte a character is a copy there, four is rare)."""
    if PyUnicode_KIND(text) != 2:
        return None
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), at
    cdef const unsigned short* data = <const unsigned short*>PyUnicode_DATA(text)
    out = PyBytes_FromStringAndSize(NULL, 3 * n)
    cdef unsigned char* buffer = <unsigned char*>PyBytes_AS_STRING(out)
    at = _utf8_span(data, 0, n, buffer, 0)
    cdef PyObject* raw = <PyObject*>out
    Py_INCREF(out)  # _PyBytes_Resize may replace the object: hold our own reference to it
    out = None
    _PyBytes_Resize(&raw, at)
    result = <object>raw
    Py_XDECREF(raw)
    return result


# ---- round twenty-four (branch speed41): the block features' context columns by slot -------

from cpython.dict cimport PyDict_GetItemWithError
from libc.stdint cimport int64_t, uintptr_t
from libc.string cimport memset


cdef struct _PointerSums:
    # open addressing on object addresses: the heuristic characters of each context
    Py_ssize_t mask
    PyObject** keys
    long* sums


cdef inline Py_ssize_t _pointer_home(const _PointerSums* table, PyObject* key) noexcept nogil:
    return <Py_ssize_t>(((<uintptr_t>key >> 4) * <uintptr_t>0x9E3779B97F4A7C15ULL) >> 20) & table.mask


cdef inline void _pointer_add(_PointerSums* table, PyObject* key, long size) noexcept nogil:
    cdef Py_ssize_t at = _pointer_home(table, key)
    while table.keys[at] is not NULL and table.keys[at] is not key:
        at = (at + 1) & table.mask
    table.keys[at] = key
    table.sums[at] += size


cdef inline long _pointer_sum(const _PointerSums* table, PyObject* key) noexcept nogil:
    cdef Py_ssize_t at = _pointer_home(table, key)
    while table.keys[at] is not NULL:
        if table.keys[at] is key:
            return table.sums[at]
        at = (at + 1) & table.mask
    return 0


cdef inline PyObject* _peek_field(_Slots slots, obj, int index, str name) except NULL:
    """The object at slot ``index`` of a context (borrowed): ``getattr`` raises as it would
    where the slot is empty."""
    cdef PyObject* value = slots.peek(obj, index)
    if value is NULL:
        getattr(obj, name)  # raises AttributeError, as the attribute read does
        raise AttributeError(name)
    return value


cdef inline double _field_double(_Slots slots, obj, int index, str name) except? -1.0:
    """``float(getattr(obj, name))`` read at the slot."""
    return float(<object>_peek_field(slots, obj, index, name))


cdef inline long _field_bits(_Slots slots, ctx, int index, str slot, str prop) except? -1:
    """``_ctext._bits``: the ``_own`` / ``_inherited`` slot, or the lazy property when < 0."""
    value = <object>_peek_field(slots, ctx, index, slot)
    if value < 0:
        value = getattr(ctx, prop)
    return value


cdef inline long _attribute_bits(ctx, str slot, str prop) except? -1:
    """``_ctext._bits`` by attribute (a parent of another type than the walk's)."""
    value = getattr(ctx, slot)
    if value < 0:
        value = getattr(ctx, prop)
    return value


def slotted_context_columns(list contexts, list texts, list in_heur, double[:, ::1] table,
                            double[::1] depth, int64_t[::1] inherited, int64_t[::1] near):
    """``_ctext.context_columns`` written into the caller's arrays ((3n, 5) float64, then n
    float64, int64, int64), the ``blocks.Context`` fields read at their slots (as the block
    walk reads them) instead of by attribute, and each heuristic line's length added to its
    context and two ancestors in a table keyed by address (not a dict): the same numbers,
    and the lazy ``own`` / ``inherited`` properties called where and in the order that
    function calls them. False when a context or an ancestor of the first three levels is
    not of the walk's slotted type (found before any property is called): the caller then
    reads them all by attribute and drops what was written here."""
    cdef Py_ssize_t n = len(contexts)
    cdef Py_ssize_t i, level, step, row, heuristic = 0, capacity = 16
    if (len(texts) != n or len(in_heur) != n or table.shape[0] != 3 * n
            or table.shape[1] != 5 or depth.shape[0] != n or inherited.shape[0] != n
            or near.shape[0] != n):
        raise ValueError("one text, flag and row per context")
    if n == 0:
        return True
    cdef _Slots slots = _slots_of(type(contexts[0]), _CONTEXT_SLOTS, False)
    if not slots.ready:
        return False
    cdef type kind = slots.type_ref
    for i in range(n):
        node = contexts[i]
        if type(node) is not kind:
            return False
        if in_heur[i]:
            heuristic += 1
    while capacity < 6 * heuristic + 16:
        capacity <<= 1
    cdef _PointerSums sums
    sums.mask = capacity - 1
    sums.keys = <PyObject**>malloc(capacity * sizeof(PyObject*))
    sums.sums = <long*>malloc(capacity * sizeof(long))
    cdef PyObject** nodes = <PyObject**>malloc(n * sizeof(PyObject*))
    cdef PyObject* up
    cdef PyObject* found
    cdef PyObject* children
    cdef long size
    if sums.keys is NULL or sums.sums is NULL or nodes is NULL:
        free(sums.keys)
        free(sums.sums)
        free(nodes)
        raise MemoryError()
    memset(sums.keys, 0, capacity * sizeof(PyObject*))
    memset(sums.sums, 0, capacity * sizeof(long))
    try:
        for i in range(n):
            if in_heur[i]:
                size = len(texts[i])
                node = contexts[i]
                for step in range(3):
                    if node is None:
                        break
                    if type(node) is not kind:
                        return False
                    _pointer_add(&sums, <PyObject*>node, size)
                    node = <object>_peek_field(slots, node, 3, "parent")
        for i in range(n):
            nodes[i] = <PyObject*>contexts[i]
        for level in range(3):
            if level:
                for i in range(n):
                    up = _peek_field(slots, <object>nodes[i], 3, "parent")
                    if up is not <PyObject*>None:
                        if type(<object>up) is not kind:
                            return False
                        nodes[i] = up
            for i in range(n):
                node = <object>nodes[i]
                row = level * n + i
                table[row, 0] = _field_double(slots, node, 5, "chars")
                table[row, 1] = _field_double(slots, node, 6, "links")
                table[row, 2] = _field_double(slots, node, 7, "lines")
                table[row, 3] = <double>_pointer_sum(&sums, nodes[i])
                up = _peek_field(slots, node, 3, "parent")
                if up is <PyObject*>None:
                    table[row, 4] = 1.0
                    continue
                if type(<object>up) is not kind:
                    return False
                children = _peek_field(slots, <object>up, 9, "children")
                if children is <PyObject*>None:
                    table[row, 4] = 1.0
                    continue
                found = PyDict_GetItemWithError(
                    <dict?><object>children, <object>_peek_field(slots, node, 8, "signature")
                )
                if found is NULL:  # (an error raised in the look-up propagates)
                    table[row, 4] = 1.0
                else:
                    table[row, 4] = float(<object>found)
    finally:
        free(sums.keys)
        free(sums.sums)
        free(nodes)
    for i in range(n):
        depth[i] = _field_double(slots, contexts[i], 4, "depth")
    for i in range(n):
        inherited[i] = _field_bits(slots, contexts[i], 2, "_inherited", "inherited")
    for i in range(n):
        ctx = contexts[i]
        up = _peek_field(slots, ctx, 3, "parent")
        if up is <PyObject*>None:
            near[i] = _field_bits(slots, ctx, 1, "_own", "own")
        elif type(<object>up) is not kind:
            near[i] = _field_bits(slots, ctx, 1, "_own", "own") | _attribute_bits(<object>up, "_own", "own")
        else:
            near[i] = _field_bits(slots, ctx, 1, "_own", "own") | _field_bits(
                slots, <object>up, 1, "_own", "own")
    return True



# ---- round twenty-four (branch speed41): the scan's prose test in one walk -----------------

cdef int _holds_prose(tree.xmlNode* top, Py_ssize_t min_chars, Py_ssize_t wanted) noexcept nogil:
    """``holds_prose`` on libxml2's nodes: 1 or 0; -1 where a paragraph holds an entity
    reference."""
    cdef tree.xmlNode* node = top
    cdef Py_ssize_t count = 0, chars
    cdef const char* name
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            name = <const char*>node.name
            if node.ns is NULL and name[0] == b'p' and name[1] == 0:
                chars = _content_chars(node, False, NULL)
                if chars < 0:
                    return -1
                if chars > min_chars:
                    count += 1
                    if count >= wanted:
                        return 1
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return 0


def holds_prose(cetree._Element element not None, Py_ssize_t min_chars, Py_ssize_t wanted):
    """``prune._holds_prose``: whether ``wanted`` of the ``<p>`` elements of ``element.iter("p")``
    (itself, then its descendants in document order; no namespace) hold more than
    ``min_chars`` characters of text (``text_length``), read on libxml2's nodes with no proxy
    and no Python step per paragraph. None where a paragraph holds an entity reference or
    ``element`` is not an element (the caller counts in Python)."""
    cdef tree.xmlNode* top = element._c_node
    if top is NULL or top.type != tree.XML_ELEMENT_NODE:
        return None
    cdef int found = _holds_prose(top, min_chars, wanted)
    return None if found < 0 else found == 1


cdef inline bint _plain_named(tree.xmlNode* node, const char* name) noexcept nogil:
    """Whether ``node.tag`` is ``name``: no namespace and that name (the first byte compared
    inline: most elements fail there, without a ``strcmp`` call)."""
    return (node.ns is NULL and node.name[0] == <unsigned char>name[0]
            and strcmp(<const char*>node.name, name) == 0)


def doomed_drops(list doomed, set protected, hard, hard_unless_prose, Py_ssize_t min_chars,
                 Py_ssize_t wanted, holds_prose_of):
    """``scan_boilerplate``'s last filter: the elements of ``doomed``'s ``(element, verdict)``
    pairs that are not ``protected``, not ``<html>``/``<body>``, and drop by their verdict
    (``hard``; ``hard_unless_prose`` unless they hold prose; any other unless an
    ``<article>``, ``<main>`` or ``<p>`` or holding prose), in order: tags read on libxml2's
    node, the prose test by ``_holds_prose`` in C (``holds_prose_of(element)`` where a
    paragraph holds an entity reference). None (the caller filters in Python) for a pair
    whose element is not an lxml element."""
    cdef list found = []
    cdef tree.xmlNode* node
    cdef int holds
    cdef bint drops
    for pair in doomed:
        el, verdict = pair
        if not isinstance(el, cetree._Element):
            return None
        node = (<cetree._Element>el)._c_node
        if node is NULL or node.type != tree.XML_ELEMENT_NODE:
            return None
    for pair in doomed:
        el, verdict = pair
        if el in protected:
            continue
        node = (<cetree._Element>el)._c_node
        if _plain_named(node, "html") or _plain_named(node, "body"):
            continue
        if verdict == hard:
            found.append(el)
            continue
        if verdict != hard_unless_prose and (
            _plain_named(node, "article") or _plain_named(node, "main") or _plain_named(node, "p")
        ):
            continue
        holds = _holds_prose(node, min_chars, wanted)
        if holds < 0:
            drops = not holds_prose_of(el)
        else:
            drops = holds == 0
        if drops:
            found.append(el)
    return found


# ---- round twenty-four (branch speed41): a two-byte page's ASCII runs sixteen at a time ----

cdef extern from *:
    """
    #include <stdint.h>
    #if defined(__SSE2__)
    #include <emmintrin.h>
    /* How many of the first characters of src (n of them, two bytes each) lie in whole blocks
       of 16 ASCII characters, copied to dst one byte each (the first block holding a character
       >= 0x80 ends the run; none on a machine without SSE2). */
    static inline Py_ssize_t scraper_ascii16(const uint16_t* src, Py_ssize_t n,
                                             unsigned char* dst) {
        Py_ssize_t i = 0;
        const __m128i high = _mm_set1_epi16((short)0xFF80);
        const __m128i zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            __m128i a = _mm_loadu_si128((const __m128i*)(src + i));
            __m128i b = _mm_loadu_si128((const __m128i*)(src + i + 8));
            __m128i over = _mm_and_si128(_mm_or_si128(a, b), high);
            if (_mm_movemask_epi8(_mm_cmpeq_epi16(over, zero)) != 0xFFFF) break;
            _mm_storeu_si128((__m128i*)(dst + i), _mm_packus_epi16(a, b));
            i += 16;
        }
        return i;
    }
    /* The same for four bytes a character. */
    static inline Py_ssize_t scraper_ascii16_wide(const uint32_t* src, Py_ssize_t n,
                                                  unsigned char* dst) {
        Py_ssize_t i = 0;
        const __m128i high = _mm_set1_epi32((int)0xFFFFFF80u);
        const __m128i zero = _mm_setzero_si128();
        while (i + 16 <= n) {
            __m128i a = _mm_loadu_si128((const __m128i*)(src + i));
            __m128i b = _mm_loadu_si128((const __m128i*)(src + i + 4));
            __m128i c = _mm_loadu_si128((const __m128i*)(src + i + 8));
            __m128i d = _mm_loadu_si128((const __m128i*)(src + i + 12));
            __m128i over = _mm_and_si128(
                _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d)), high);
            if (_mm_movemask_epi8(_mm_cmpeq_epi32(over, zero)) != 0xFFFF) break;
            _mm_storeu_si128((__m128i*)(dst + i),
                             _mm_packus_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(c, d)));
            i += 16;
        }
        return i;
    }
    #else
    static inline Py_ssize_t scraper_ascii16(const uint16_t* src, Py_ssize_t n,
                                             unsigned char* dst) {
        (void)src; (void)n; (void)dst;
        return 0;
    }
    static inline Py_ssize_t scraper_ascii16_wide(const uint32_t* src, Py_ssize_t n,
                                                  unsigned char* dst) {
        (void)src; (void)n; (void)dst;
        return 0;
    }
    #endif
    """
    Py_ssize_t _ascii16 "scraper_ascii16"(const unsigned short* src, Py_ssize_t n,
                                           unsigned char* dst) noexcept nogil
    Py_ssize_t _ascii16_wide "scraper_ascii16_wide"(const unsigned int* src, Py_ssize_t n,
                                                     unsigned char* dst) noexcept nogil


def utf8_blocks(str text):
    """``utf8_replaced`` (``text.encode("utf-8", "replace")`` of a string of two bytes a
    character; None for any other width) with its ASCII runs copied sixteen characters at a
    time by SSE2 (two loads, one test, one pack and one store a block): after a block holding
    a wider character, the next sixteen characters take ``utf8_replaced``'s loop (four ASCII
    characters at a time, else one encoded), so text of few ASCII runs costs no more tests.
    A string of four bytes a character (an emoji on the page) likewise (``_utf8_wide``)."""
    if PyUnicode_KIND(text) == 4:
        return _utf8_wide(text)
    if PyUnicode_KIND(text) != 2:
        return None
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, at = 0, copied, stop
    cdef const unsigned short* data = <const unsigned short*>PyUnicode_DATA(text)
    out = PyBytes_FromStringAndSize(NULL, 3 * n)
    cdef unsigned char* buffer = <unsigned char*>PyBytes_AS_STRING(out)
    while i < n:
        copied = _ascii16(data + i, n - i, buffer + at)
        i += copied
        at += copied
        stop = i + 16 if i + 16 < n else n
        at = _utf8_span(data, i, stop, buffer, at)
        i = stop
    cdef PyObject* raw = <PyObject*>out
    Py_INCREF(out)  # _PyBytes_Resize may replace the object: hold our own reference to it
    out = None
    _PyBytes_Resize(&raw, at)
    result = <object>raw
    Py_XDECREF(raw)
    return result


cdef object _utf8_wide(str text):
    """``text.encode("utf-8", "replace")`` for a string of four bytes a character: ASCII runs
    sixteen characters at a time, then each character as Python's encoder writes it (a lone
    surrogate, even one of a would-be pair, as one "?")."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, at = 0, copied, stop
    cdef const unsigned int* data = <const unsigned int*>PyUnicode_DATA(text)
    cdef unsigned int c
    out = PyBytes_FromStringAndSize(NULL, 4 * n)
    cdef unsigned char* buffer = <unsigned char*>PyBytes_AS_STRING(out)
    while i < n:
        copied = _ascii16_wide(data + i, n - i, buffer + at)
        i += copied
        at += copied
        stop = i + 16 if i + 16 < n else n
        while i < stop:
            c = data[i]
            if c < 0x80:
                buffer[at] = <unsigned char>c
                at += 1
            elif c < 0x800:
                buffer[at] = <unsigned char>(0xC0 | (c >> 6))
                buffer[at + 1] = <unsigned char>(0x80 | (c & 0x3F))
                at += 2
            elif 0xD800 <= c <= 0xDFFF:
                buffer[at] = 63
                at += 1
            elif c < 0x10000:
                buffer[at] = <unsigned char>(0xE0 | (c >> 12))
                buffer[at + 1] = <unsigned char>(0x80 | ((c >> 6) & 0x3F))
                buffer[at + 2] = <unsigned char>(0x80 | (c & 0x3F))
                at += 3
            else:
                buffer[at] = <unsigned char>(0xF0 | (c >> 18))
                buffer[at + 1] = <unsigned char>(0x80 | ((c >> 12) & 0x3F))
                buffer[at + 2] = <unsigned char>(0x80 | ((c >> 6) & 0x3F))
                buffer[at + 3] = <unsigned char>(0x80 | (c & 0x3F))
                at += 4
            i += 1
    cdef PyObject* raw = <PyObject*>out
    Py_INCREF(out)  # _PyBytes_Resize may replace the object: hold our own reference to it
    out = None
    _PyBytes_Resize(&raw, at)
    result = <object>raw
    Py_XDECREF(raw)
    return result


# ---- round twenty-four (branch speed41): the scan's article and main scopes in one walk -----

cdef Py_ssize_t _prose_chars_at(tree.xmlNode* top, Py_ssize_t enough) noexcept nogil:
    """``prune._prose_chars(el, enough)`` on libxml2's nodes: the text characters of the
    ``<p>`` elements of ``top.iter("p")`` added in document order until ``enough``; -1 where
    one holds an entity reference."""
    cdef tree.xmlNode* node = top
    cdef Py_ssize_t total = 0, chars
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if _plain_named(node, "p"):
                chars = _content_chars(node, False, NULL)
                if chars < 0:
                    return -1
                total += chars
                if total >= enough:
                    return total
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return total


def article_scopes(cetree._Element root not None, Py_ssize_t enough):
    """``[(el, _prose_chars(el, enough) >= enough) for el in root.iter("article", "main")]``
    (``prune._protected_ancestors``' candidates; ``root`` itself first when it is one), found
    by one walk over libxml2's nodes with a proxy only for those elements. None where a
    paragraph holds an entity reference (the caller walks in Python)."""
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* node = top
    cdef Py_ssize_t chars
    cdef list found = []
    if top is NULL or top.type != tree.XML_ELEMENT_NODE:
        return None
    doc = root._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if _plain_named(node, "article") or _plain_named(node, "main"):
                chars = _prose_chars_at(node, enough)
                if chars < 0:
                    return None
                found.append((cetree.elementFactory(doc, node), chars >= enough))
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return found


def tagged_text_chars(cetree._Element element not None, bytes name not None,
                      Py_ssize_t enough):
    """``sum(text_length(el) for el in element.iter(name))`` (``name`` as bytes, no namespace;
    ``element`` itself first when it is one), added in document order and stopped at the
    first total of at least ``enough`` (``candidates.prose_chars``' early stop; ``sys.maxsize``:
    all), read on libxml2's nodes with no proxy. None where one of them holds an entity
    reference or ``element`` is not an element (the caller counts in Python)."""
    cdef tree.xmlNode* top = element._c_node
    cdef tree.xmlNode* node = top
    cdef const char* wanted = name
    cdef Py_ssize_t total = 0, chars
    if top is NULL or top.type != tree.XML_ELEMENT_NODE:
        return None
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if _plain_named(node, wanted):
                chars = _content_chars(node, False, NULL)
                if chars < 0:
                    return None
                total += chars
                if total >= enough:
                    return total
            if node.children is not NULL:
                node = node.children
                continue
        node = _following(node, top)
    return total


# ---- round twenty-four (branch speed41): the block features' count and flag columns ---------

def count_columns(list texts, counts, list flags, double[::1] repeats, double[::1] heur):
    """``block_features``' ``np.fromiter(map(counts.__getitem__, texts), np.float64)`` into
    ``repeats`` and ``np.array(flags, dtype=np.float64)`` into ``heur``, in one loop with no
    iterator protocol: each text's count read from ``counts`` (a ``Counter`` of ``texts``: a
    dict) as a float; each flag, ``True`` or ``False``, as 1.0 or 0.0. False (the caller
    builds them in numpy; what was written is dropped) for a text the dict lacks, a count
    that is not an exact int, or a flag that is not a bool."""
    cdef Py_ssize_t n = len(texts), i
    cdef PyObject* found
    if len(flags) != n or repeats.shape[0] != n or heur.shape[0] != n:
        raise ValueError("one count and flag per text")
    if not isinstance(counts, dict):  # a Counter is a dict: its items are read as stored
        return False
    for i in range(n):
        found = PyDict_GetItemWithError(counts, texts[i])
        if found is NULL or type(<object>found) is not int:
            return False
        repeats[i] = float(<object>found)
        flag = flags[i]
        if flag is True:
            heur[i] = 1.0
        elif flag is False:
            heur[i] = 0.0
        else:
            return False
    return True


# ---- round twenty-four (branch speed41): the ladder's boilerplate-line filter in one loop ---

def without_boilerplate(list lines, match, max_density, Py_ssize_t short_line):
    """``clean._without_boilerplate``'s loop: the lines kept, in order. A line whose kind is
    not "pre" goes when its link characters over its text's length pass ``max_density`` (a
    Python float: the same true division and comparison) or when its text is shorter than
    ``short_line`` and ``match(text)`` (the boilerplate pattern's bound ``match``) finds a
    phrase; the same reads and calls in the same order, without a bytecode step a line."""
    cdef list kept = []
    cdef Py_ssize_t size
    for line in lines:
        if line.kind != "pre":
            text = line.text
            links = line.link_chars
            size = len(text)
            if links and text and links / size > max_density:
                continue
            if size < short_line and match(text) is not None:
                continue
        kept.append(line)
    return kept
