"""Training workflows: SFT dataset building and LoRA fine-tuning of the reply model."""
