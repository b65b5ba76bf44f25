"""WeChat Official Account gateway: request checks, crypto envelopes, fake-WeChat helpers."""
