"""The people-facing interfaces: ticket intake, worker, batch processing, chat, handoff queue review."""
