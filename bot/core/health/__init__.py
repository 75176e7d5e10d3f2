"""Account health: an explainable, weighted score with drivers, early warnings and portfolio metrics."""
