"""Each skill's LLM step: what the model reads (sources, computed facts), the draft model it fills (prose fields
only) and how the draft lands in the skill's answer. Fields not listed in a draft stay as the offline composer
computed them."""
