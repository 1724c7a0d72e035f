"""The engine behind :class:`~valuecocreation.evidence.Evidence` (private).

Five small modules with a small internal API, shared by ``evidence``, ``graph``,
``funnel`` and ``metrics`` so that none of them reaches into another's private
helpers:

* :mod:`.actors`: roles and attributes of the actors a log mentions;
* :mod:`.windows`: calendar windows, and the checks of the evidence settings;
* :mod:`.matching`: which events a condition map's rules match, and what they credit;
* :mod:`.blocks`: the statistics of a log, block by block on a few threads;
* :mod:`.tables`: the arrays an ``Evidence`` holds, and how they merge and narrow.

The names inside have no leading underscore: they are this package's interface;
the package itself is private.
"""
