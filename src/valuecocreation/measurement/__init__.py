"""Reliability and validity of multi-item measures: alpha, rho_A, rho_C, omega, AVE, HTMT.

Every function takes item responses: rows are respondents, columns are items,
nan (or a DataFrame null) a missing answer, as a 2-D array-like or a pandas,
polars or pyarrow table. Missing answers are handled ``"pairwise"`` (each
covariance from everyone who answered both items; the default, as in pingouin and
R's psych) or ``"listwise"`` (only respondents who answered every item). Results
are frozen objects with full-precision floats and a lossless ``to_dict``.

Internal consistency
    :func:`cronbach_alpha` (raw, standardized, Feldt interval),
    :func:`item_analysis` (corrected item-total correlation, alpha if deleted),
    :func:`rho_a` (Dijkstra & Henseler 2015).
Convergent validity from one-factor loadings
    :func:`one_factor_loadings` (minres by iterated principal axes),
    :func:`composite_reliability` (rho_C), :func:`average_variance_extracted`
    (AVE), :func:`mcdonald_omega` (omega total).
Discriminant validity
    :func:`htmt` (Henseler, Ringle & Sarstedt 2015), :func:`htmt2` (Roemer,
    Schuberth & Henseler 2021), :func:`fornell_larcker` (Fornell & Larcker 1981).
Factorability
    :func:`kmo` (Kaiser 1974), :func:`bartlett_sphericity` (Bartlett 1950).
All at once
    :func:`reliability_report`, checked against :class:`Thresholds`.

Point estimates need numpy only; the Feldt interval and Bartlett's p-value need
scipy (``pip install 'valuecocreation[stats]'``). See
:doc:`/explanation/measurement` for what each statistic means and where its
threshold comes from.

Examples
--------
>>> import numpy as np
>>> from valuecocreation import measurement
>>> answers = np.array([[4, 5, 4], [3, 3, 2], [5, 5, 5], [2, 3, 3], [4, 4, 5], [1, 2, 1]])
>>> round(measurement.cronbach_alpha(answers, ci=None).alpha, 4)
0.9559
>>> solution = measurement.one_factor_loadings(answers)
>>> round(measurement.composite_reliability(solution), 4)
0.9645
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.measurement._adequacy import (
    BartlettSphericity,
    SamplingAdequacy,
    bartlett_sphericity,
    kmo,
)
from valuecocreation.measurement._alpha import (
    CronbachAlpha,
    ItemAnalysis,
    cronbach_alpha,
    feldt_interval,
    item_analysis,
)
from valuecocreation.measurement._factor import (
    OneFactorSolution,
    average_variance_extracted,
    composite_reliability,
    mcdonald_omega,
    one_factor_loadings,
)
from valuecocreation.measurement._input import Missing
from valuecocreation.measurement._report import (
    REPORT_SCHEMA_VERSION,
    Check,
    ConstructReliability,
    ReliabilityReport,
    Thresholds,
    reliability_report,
)
from valuecocreation.measurement._rho_a import RhoAWeights, rho_a
from valuecocreation.measurement._validity import (
    ConstructMatrix,
    FornellLarcker,
    fornell_larcker,
    htmt,
    htmt2,
)

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "BartlettSphericity",
    "Check",
    "ConstructMatrix",
    "ConstructReliability",
    "CronbachAlpha",
    "FornellLarcker",
    "ItemAnalysis",
    "Missing",
    "OneFactorSolution",
    "ReliabilityReport",
    "RhoAWeights",
    "SamplingAdequacy",
    "Thresholds",
    "average_variance_extracted",
    "bartlett_sphericity",
    "composite_reliability",
    "cronbach_alpha",
    "feldt_interval",
    "fornell_larcker",
    "htmt",
    "htmt2",
    "item_analysis",
    "kmo",
    "mcdonald_omega",
    "one_factor_loadings",
    "reliability_report",
    "rho_a",
]

publish(globals(), __all__)
