"""Entity extraction: order ids, products, variants, tracking numbers, emails, amounts, dates."""
