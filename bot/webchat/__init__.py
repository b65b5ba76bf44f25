"""A phone-sized web chat for trying the bot on the embedded default (the WeChat simulator comes later)."""
