"""Plain-text pieces of replies (statements, channels, disclosures, tickets) for WeChat, which shows no markup.

Pure functions: data in, Chinese text out. The frame of each reply stays in the domain YAML responses.
"""
