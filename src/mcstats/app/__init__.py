"""``mcstats app``: a local web page over the library, for users who do not use a terminal.

Install with ``pip install 'mcstats[app]'`` and start with ``mcstats app``. The page runs on
this computer only (127.0.0.1, a random access token in its address); see
:mod:`mcstats.app.server` for the routes and :mod:`mcstats.app.security` for the guard.
"""
