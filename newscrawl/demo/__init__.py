"""The bundled demo news site (``newscrawl demo``) and the local HTTP server
that serves it and the tests' fixture sites."""
