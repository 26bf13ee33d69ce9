"""Replication of published tables: the printed-values format, reconstruction and comparison.

:mod:`~mcstats.replication.published`
    The published-values format (docs/published-format.md): what a paper printed, with
    each number's printed decimals.
:mod:`~mcstats.replication.sprite`
    Integer data with a printed mean and SD (SPRITE-style search), one item at a time.
:mod:`~mcstats.replication.reconstruct`
    Synthetic respondent-level data consistent with every printed table of a paper.
:mod:`~mcstats.replication.replicate`
    Re-run the paper's analyses on the reconstructed data and put each number beside what
    the paper printed (catalogue of shipped papers, comparison, report document).
"""
