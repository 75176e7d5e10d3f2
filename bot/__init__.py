"""csm-copilot: a grounded, cited copilot for Customer Success Managers."""

__version__ = "0.1.0"
