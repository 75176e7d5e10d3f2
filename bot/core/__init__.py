"""The Slack-free core: configuration, knowledge, retrieval, metrics and skills."""
