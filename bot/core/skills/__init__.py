"""Skills: each turns retrieved knowledge and computed facts into one pydantic output model."""
