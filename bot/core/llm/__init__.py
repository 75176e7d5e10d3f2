"""The OpenAI-compatible LLM engine: client, prompts, context, output repair, redaction, streaming, skill drafts."""
