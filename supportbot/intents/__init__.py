"""Intent router: which of the 44 taxonomy intents a ticket is, how sure, or out_of_scope."""
