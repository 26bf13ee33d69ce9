"""Statistics: plain functions over numpy arrays returning frozen dataclasses."""
