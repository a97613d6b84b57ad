"""End-to-end evaluation of the whole bot, with reports and plots."""
