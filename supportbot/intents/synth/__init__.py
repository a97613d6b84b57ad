"""Seeded synthetic tickets with separate template pools for training and the held-out test split."""

from supportbot.intents.synth.generator import generate, generate_intent, generate_out_of_scope

__all__ = ["generate", "generate_intent", "generate_out_of_scope"]
