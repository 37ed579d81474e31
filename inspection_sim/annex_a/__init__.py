"""Annex A readiness: read and check a council's Annex A child-level lists as Ofsted will read
them, compute the performance table's measures with RAG ratings, and make demo data.

>>> from inspection_sim.annex_a import demo_annex_a, check_annex_a, compute_kpis
>>> demo = demo_annex_a(seed=1, children=100)
>>> check_annex_a(demo.annex_a(), demo.on).counts()["future-date"]
1
"""

from __future__ import annotations

from inspection_sim.annex_a.check import AnnexAProblem, CheckResult, check_annex_a
from inspection_sim.annex_a.demo import DemoAnnexA, Planted, demo_annex_a
from inspection_sim.annex_a.measure_rules import Measure, load_measures
from inspection_sim.annex_a.measures import Kpi, KpiResult, compute_kpis
from inspection_sim.annex_a.reader import AnnexA, AnnexAInputError, read_annex_a
from inspection_sim.annex_a.spec import load_annex_a_spec
from inspection_sim.annex_a.targets import kpi_targets, rag

__all__ = [
    "AnnexA",
    "AnnexAInputError",
    "AnnexAProblem",
    "CheckResult",
    "DemoAnnexA",
    "Kpi",
    "KpiResult",
    "Measure",
    "Planted",
    "check_annex_a",
    "compute_kpis",
    "demo_annex_a",
    "kpi_targets",
    "load_annex_a_spec",
    "load_measures",
    "rag",
    "read_annex_a",
]
