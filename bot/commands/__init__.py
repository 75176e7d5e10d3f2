"""CLI command groups; each module exposes `register(commands)` that adds its subcommands."""
