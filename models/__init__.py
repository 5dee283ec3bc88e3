"""The spam and abuse classifier: pipeline, artifact format and loader."""
