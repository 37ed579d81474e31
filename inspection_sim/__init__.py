"""inspection_sim: rehearse English children's-services inspections.

Framework rules as versioned data, working-day plans with critical paths, discrete-event simulation
and Outlook-ready iCalendar files. The public names are listed in ``__all__``.
"""

from __future__ import annotations

from inspection_sim.calendar import REGIONS, WorkingCalendar
from inspection_sim.errors import InspectionSimError

__version__ = "0.1.0"

__all__ = [
    "REGIONS",
    "InspectionSimError",
    "WorkingCalendar",
    "__version__",
]
