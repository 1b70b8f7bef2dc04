"""Imported by the extraction pool's fork server: warms extraction once there.

``multiprocessing``'s fork server imports the modules named with
``set_forkserver_preload`` before it forks any worker; importing this one
loads and initialises everything extraction needs
(:func:`newscrawl.pipelines.extract_worker.warm_up`), so every worker is born
warm and shares those pages with its siblings. Nothing else imports it.
"""

from newscrawl.pipelines.extract_worker import warm_up

warm_up()
