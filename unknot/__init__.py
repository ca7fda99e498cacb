"""Unknot: a guided self-massage and exercise timer for neck-origin headache."""

__version__ = "0.1.0"
