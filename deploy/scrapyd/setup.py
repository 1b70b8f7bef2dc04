"""The egg that ``scrapyd-deploy`` uploads for newscrawl: an entry point, no code.

scrapyd runs a project's spiders from the egg it was given, but an egg cannot
carry newscrawl's dependencies (trafilatura, lxml, pymongo, nx-27017), and a
zipped egg cannot serve the package's data files (source and agency
registries are read from the file system). So newscrawl is installed in
scrapyd's virtualenv like any package (``pip install 'newscrawl[scrapyd]'``),
and this egg only tells scrapyd which settings module the project has; its
version is the deployed release. Run ``scrapyd-deploy TARGET`` in this folder.
"""

from setuptools import setup

try:
    from newscrawl import __version__
except ImportError:  # deploying from a machine without newscrawl installed
    __version__ = "0"

setup(
    name="newscrawl-scrapyd",
    version=__version__,
    py_modules=[],
    entry_points={"scrapy": ["settings = newscrawl.settings"]},
    zip_safe=True,
)
