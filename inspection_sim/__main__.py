"""``python -m inspection_sim``: the command line."""

from inspection_sim.cli import run

run()
