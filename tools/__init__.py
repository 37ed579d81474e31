"""Maintainer tools: fitting the forecast's figures and backtesting them on the published data.

Not installed with the package (``pyproject.toml`` installs ``inspection_sim`` only): a user needs
the fitted figures in ``inspection_sim/forecasting/data/``, not the code that fitted them. Run from
the repository root, e.g. ``python -m tools.derive ../shared/data/ilacs_inspections.csv``.
"""
