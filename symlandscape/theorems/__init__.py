"""Claim declarations: statements (hypotheses and conclusions in the fact language) and metadata.

Nothing here computes: the provers (:mod:`symlandscape.provers`) and the independent
checker (:mod:`symlandscape.certificates`) run these statements with their own evaluators.
"""
