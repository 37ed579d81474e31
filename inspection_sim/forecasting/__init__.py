"""When will they come, and where will we stand: cycle forecasts and practice-timescale flows.

The public entry points are :func:`inspection_sim.forecast` (next inspections),
:func:`inspection_sim.forecast_publication` (report and action-plan dates) and
:func:`inspection_sim.simulate_flow` (practice-timescale cohorts).
"""
