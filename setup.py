"""The optional compiled marks walk (scraper/extractor/_cwalks.pyx); everything else is in
pyproject.toml. Without Cython or a C compiler the build skips it and the pure-Python walk runs
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
                optional=True,
            )
        ],
        language_level=3,
        quiet=True,
    )

setup(ext_modules=extensions)
