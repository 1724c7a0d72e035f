"""Shared helpers with no domain of their own, beneath every other layer.

Dictionary encoding of ids (:mod:`.factorize`), raw column checks (:mod:`.columns`),
timestamps (:mod:`.times`), sorting, exact sums, distinct rows, problem records,
strict JSON, optional dependencies, entry-point plugins, and small closed-form
statistics (:mod:`.student`, :mod:`.intervals`). Nothing here imports a module of
the package outside ``_core`` but :mod:`valuecocreation.errors`.
"""
