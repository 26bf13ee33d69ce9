"""Statistics: one module per family, plain functions returning frozen dataclasses.

A statistic here is a function of arrays (respondents by items) or of the sufficient
statistics in :mod:`mcstats.stats.moments`; it never reads files or prints, and the command
line, the web page and user code call the same function. Each docstring gives the formula
(Notes), its source (References) and a doctest (Examples); the curated public names are
re-exported by :mod:`mcstats`.
"""
