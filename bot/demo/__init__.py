"""A realistic demo dataset (``wuyebot demo seed``), also used by the benchmark at a larger size."""
