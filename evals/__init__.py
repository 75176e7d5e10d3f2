"""Offline eval sets and their runner: `csm-copilot eval [SUITE…]`."""
