"""souverain: ask questions about your own documents, on your own machine."""

import os

# numpy's OpenBLAS threads spin after each call and, on a small machine, starve the
# e5 engine's and llama.cpp's own threads: one query went from 20 ms to 112 ms
# (bench/RESULTS.md, search_latency). Our numpy work is matrix-vector products, which
# one thread does as fast. This covers processes that import souverain before numpy;
# Gateway limits the threads again at run time for those that did not.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"

# Offline mode starts before any other import can open a connection (souverain/gateway/offline.py).
from souverain.gateway.offline import install_from_environment

install_from_environment()
