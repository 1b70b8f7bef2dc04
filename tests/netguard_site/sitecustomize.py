"""Python imports this module at start-up of every subprocess the tests start
(``tests/conftest.py`` puts its directory on ``PYTHONPATH``): the network guard
of ``tests/netguard.py``, active when its log variable is set."""

import os
import sys

if os.environ.get("NEWSCRAWL_TEST_NETGUARD_LOG"):
    _root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if _root not in sys.path:
        sys.path.append(_root)
    from tests.netguard import install

    install(os.environ["NEWSCRAWL_TEST_NETGUARD_LOG"])
