"""Warnings for a plan whose rules allow more than the inspectorate's.

A council's copy of the rules (a scenario's ``[overrides.inspection]``) may change a return's cap
on documents (``returns.<id>.max_documents``). Sending more than the registered rules allow is not
a date problem but is worth a warning, naming the rule and its source, and an error under
``--strict``.
"""

from __future__ import annotations

from inspection_sim.errors import InspectionSimError
from inspection_sim.rules.model import InspectionType

__all__ = ["document_cap_warnings"]


def document_cap_warnings(item: InspectionType) -> list[str]:
    """A warning for every return of ``item`` whose cap on documents is higher than (or gone
    from) the registered rules' for the same inspection type and version; none for rules that
    are not registered (a council's own framework file)."""
    from inspection_sim.rules import inspection

    try:
        registered = inspection(item.key, version=item.version)
    except InspectionSimError:
        return []
    asked = {ret.id: ret.max_documents for ret in item.returns}
    warnings = []
    for ret in registered.returns:
        cap = ret.max_documents
        if cap is None or ret.id not in asked:
            continue
        wanted = asked[ret.id]
        if wanted is None or wanted > cap:
            more = "no cap" if wanted is None else f"{wanted} documents"
            warnings.append(
                f"{item.name}: the plan's rules allow {more} for {ret.name.lower()}, but the "
                f"inspectorate's allow at most {cap} (rules show {item.key} --version "
                f"{item.version}: returns.{ret.id}.max_documents, source "
                f"{'; '.join(ret.provenance.source)}); send at most {cap}"
            )
    return warnings
