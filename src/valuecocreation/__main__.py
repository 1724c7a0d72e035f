"""``python -m valuecocreation``: the command line (see :mod:`valuecocreation.cli`)."""

from valuecocreation.cli import main

if __name__ == "__main__":  # not when a test collector imports this module
    raise SystemExit(main())
