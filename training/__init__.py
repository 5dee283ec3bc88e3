"""Retraining and evaluation CLI."""
