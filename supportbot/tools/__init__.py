"""Typed order-database tools that enforce ownership, policy, consent, idempotency and audit."""
