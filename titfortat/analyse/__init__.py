"""Analyses over the stored events (read through the store's query functions only)."""
