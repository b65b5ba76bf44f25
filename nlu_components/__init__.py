"""Custom Rasa NLU components, loaded by Rasa itself (``.venv-rasa``, Python 3.10) from config.yml by module path.

Nothing here is imported by the app (``bot``), and nothing here imports the app: Rasa runs this code.
"""
