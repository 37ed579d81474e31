"""When will they come, and where will we stand: cycle forecasts and practice-timescale flows.

``inspection_sim.forecast(history, on=...)`` is the public entry point. Because this package shares
that name, the package itself is callable and forwards to :func:`inspection_sim.forecast.cycle.forecast`,
so ``inspection_sim.forecast(...)`` works whichever of the two the attribute holds.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from inspection_sim.forecast.cycle import forecast

        return forecast(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
