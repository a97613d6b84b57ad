"""supportbot: a self-hosted customer-support agent for online shops."""

__version__ = "0.1.0"
