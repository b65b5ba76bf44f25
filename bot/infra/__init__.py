"""Adapters to shared infrastructure (Redis), each with an in-process fallback for the embedded default."""
