"""The optional compiled helpers: the marks walk (scraper/extractor/_cwalks.pyx), the text
extractor's edge loops (scraper/extractor/_ctext.pyx), its start cut
(scraper/extractor/_chead.pyx) and sequence decoder (scraper/extractor/_cdecode.pyx), the metadata
rankers' trees and word search (scraper/extractor/_cmeta.pyx) and the site model's block walk
(scraper/sitemodel/_cblocks.pyx); everything else is in pyproject.toml.
Without Cython or a C compiler the build skips them and the pure-Python code runs
(``Extension(optional=True)``): same results, slower."""

from setuptools import setup

try:
    import lxml
    from Cython.Build import cythonize
    from setuptools import Extension
except ImportError:  # no Cython or lxml at build time: the pure-Python walk
    extensions = []
else:
    extensions = cythonize(
        [
            Extension(
                "scraper.extractor._cwalks",
                ["scraper/extractor/_cwalks.pyx"],
                include_dirs=lxml.get_include(),
                # the container scores must add as Python's floats do: no fused multiply-add
                extra_compile_args=["-ffp-contract=off"],
                optional=True,
            ),
            Extension(
                "scraper.extractor._ctext",
                ["scraper/extractor/_ctext.pyx"],
                # the edge sums must round as Python's floats do: no fused multiply-add
                extra_compile_args=["-ffp-contract=off"],
                optional=True,
            ),
            Extension(
                "scraper.extractor._chead",
                ["scraper/extractor/_chead.pyx"],
                # the start cut's sums must round as Python's floats do: no fused multiply-add
                extra_compile_args=["-ffp-contract=off"],
                optional=True,
            ),
            Extension(
                "scraper.extractor._cmeta",
                ["scraper/extractor/_cmeta.pyx"],
                include_dirs=lxml.get_include(),
                # the trees' sums must add as Python's floats do: no fused multiply-add
                extra_compile_args=["-ffp-contract=off"],
                optional=True,
            ),
            Extension(
                "scraper.extractor._cdecode",
                ["scraper/extractor/_cdecode.pyx"],
                optional=True,
            ),
            Extension(
                "scraper.sitemodel._cblocks",
                ["scraper/sitemodel/_cblocks.pyx"],
                include_dirs=lxml.get_include(),
                optional=True,
            ),
        ],
        language_level=3,
        quiet=True,
    )

setup(ext_modules=extensions)
