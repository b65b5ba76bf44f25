"""Developer tooling behind the Makefile: model cache, training, the local supervisor, evaluation."""
