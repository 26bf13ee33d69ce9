"""Rendering: results, audit and replication documents drawn for people to read.

Rendering never computes statistics; it only formats what ``results.json``, ``audit.json``
and ``comparison.json`` hold. :mod:`~mcstats.report.tables` is the one table model of an
analysis report (every table built once, with its number, title, headers, decimals and
notes); :mod:`~mcstats.report.render` (Markdown and HTML through the jinja2 templates in
``templates/``), :mod:`~mcstats.report.terminal`, :mod:`~mcstats.report.docx` and
:mod:`~mcstats.report.xlsx` (Excel and CSV) draw it, and :mod:`~mcstats.report.charts` the
charts. :mod:`~mcstats.report.audit`, :mod:`~mcstats.report.replication` and
:mod:`~mcstats.report.figures` render the audit and replication documents.
"""
