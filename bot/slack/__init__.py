"""The Slack bot: a thin Bolt layer over bot.core (one module per surface, Block Kit built by pure builders)."""
