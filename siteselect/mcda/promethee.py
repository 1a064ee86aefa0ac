"""PROMETHEE II (Brans & Vincke 1985): net outranking flows against fitted reference rows.

Pairwise differences of the cleaned raw values, oriented by direction, go through each
criterion's preference function with ``q``, ``p``, ``s`` in the criterion's raw units (minutes,
km, people), as analysts state them; value functions do not enter the flows. The fit keeps,
per criterion, the sorted oriented values of the ``N`` fitted rows (the references) and, for
the v-shape and linear functions, their prefix sums. A row's flows are then
``phi+ = sum_j w_j sum_b P_j(a, b) / (N - 1)`` and ``phi- = sum_j w_j sum_b P_j(b, a) / (N - 1)``
over the references ``b``, and ``score = phi = phi+ - phi-``. A reference row compared with
itself adds nothing (``P(a, a) = 0``), so scoring the fitted rows gives the textbook flows.

The sums are exact and cost ``O(log N)`` per row for the usual, u-shape, v-shape, level and
linear functions (the queries are sorted once, then binary searches and prefix sums count and
add the references in each band of the function); the Gaussian function costs ``O(N)`` per
row, in row blocks of bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from siteselect.mcda.columns import BLOCK_CELLS, BoolArray, FittedColumns, IntArray, Rows
from siteselect.mcda.method import MethodDefaults, MethodOutput
from siteselect.mcda.spec import CriterionSpec, MethodOptions
from siteselect.mcda.value import FloatArray

# Preference functions whose sums need the prefix sums of the references.
_PIECEWISE_LINEAR = frozenset({"v-shape", "linear"})


@dataclass(frozen=True)
class PreferenceReferences:
    """One criterion's preference function and its sorted reference values.

    Attributes
    ----------
    preference
        ``usual``, ``u-shape``, ``v-shape``, ``level``, ``linear`` or ``gaussian``.
    q, p, s
        Indifference, preference and Gaussian thresholds (0 where unused).
    centre
        Subtracted from references and queries (their fitted mean for v-shape and linear, so
        the prefix sums stay small; 0 otherwise).
    refs
        Sorted oriented reference values (more is better), minus ``centre``.
    csum
        Prefix sums of ``refs`` (length ``N + 1``, starting at 0) for v-shape and linear.
    """

    preference: str
    q: float
    p: float
    s: float
    centre: float
    refs: FloatArray
    csum: FloatArray | None

    @classmethod
    def fit(cls, oriented: FloatArray, spec: CriterionSpec) -> PreferenceReferences:
        """Sort the references of one criterion.

        Parameters
        ----------
        oriented
            Cleaned fitted values, oriented so that more is better.
        spec
            The criterion (preference function and thresholds).

        Returns
        -------
        PreferenceReferences
        """
        pref = spec.preference
        centre = float(oriented.mean()) if pref in _PIECEWISE_LINEAR and oriented.size else 0.0
        refs = np.sort(oriented - centre if centre else oriented)
        csum = None
        if pref in _PIECEWISE_LINEAR:
            csum = np.concatenate(([0.0], np.cumsum(refs)))
            csum.flags.writeable = False
        refs.flags.writeable = False
        q, p, s = (float(t) if t is not None else 0.0 for t in (spec.q, spec.p, spec.s))
        return cls(pref, q, p, s, centre, refs, csum)

    def sums(self, a: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Leaving and entering preference sums of query values against the references.

        ``leaving[i] = sum_b P(a_i - r_b)`` and ``entering[i] = sum_b P(r_b - a_i)``, not yet
        divided by ``N - 1``.

        Parameters
        ----------
        a
            Query values, oriented (more is better), not centred.

        Returns
        -------
        tuple of numpy.ndarray
            ``leaving`` and ``entering``, in query order.
        """
        x = a - self.centre if self.centre else a
        if self.preference == "gaussian":
            return self._gaussian_sums(x)
        # Sorted queries make every binary search below a near-linear merge.
        order = np.argsort(x)
        xs = x[order]
        leaving_s, entering_s = self._sorted_sums(xs)
        leaving = np.empty_like(leaving_s)
        entering = np.empty_like(entering_s)
        leaving[order] = leaving_s
        entering[order] = entering_s
        return leaving, entering

    def _sorted_sums(self, a: FloatArray) -> tuple[FloatArray, FloatArray]:
        r = self.refs
        n_ref = r.size
        pref, q, p = self.preference, self.q, self.p

        def below(t: FloatArray) -> IntArray:
            return np.searchsorted(r, t, side="left").astype(np.int64, copy=False)  # r < t

        def upto(t: FloatArray) -> IntArray:
            return np.searchsorted(r, t, side="right").astype(np.int64, copy=False)  # r <= t

        f = np.float64
        if pref == "usual":
            return below(a).astype(f), (n_ref - upto(a)).astype(f)
        if pref == "u-shape":
            return below(a - q).astype(f), (n_ref - upto(a + q)).astype(f)
        if pref == "level":
            n_p, n_q = below(a - p), below(a - q)
            m_p, m_q = n_ref - upto(a + p), n_ref - upto(a + q)
            return n_p + 0.5 * (n_q - n_p), m_p + 0.5 * (m_q - m_p)
        assert self.csum is not None
        c = self.csum
        if pref == "v-shape":
            # Leaving: references in [a - p, a) add (a - r) / p, those below a - p add 1.
            n_p, n_0 = below(a - p), below(a)
            k = n_0 - n_p
            inner = (k * a - (c[n_0] - c[n_p])) / p
            leaving: FloatArray = np.clip(inner, 0.0, k)
            leaving += n_p
            # Entering: references in (a, a + p] add (r - a) / p, those above a + p add 1.
            i_0, i_p = upto(a), upto(a + p)
            k = i_p - i_0
            inner = ((c[i_p] - c[i_0]) - k * a) / p
            entering: FloatArray = np.clip(inner, 0.0, k)
            entering += n_ref - i_p
            return leaving, entering
        # linear: references in [a - p, a - q) add (a - q - r) / (p - q), below a - p add 1.
        span = p - q
        n_p, n_q = below(a - p), below(a - q)
        k = n_q - n_p
        inner = (k * (a - q) - (c[n_q] - c[n_p])) / span
        leaving = np.clip(inner, 0.0, k)
        leaving += n_p
        i_q, i_p = upto(a + q), upto(a + p)
        k = i_p - i_q
        inner = ((c[i_p] - c[i_q]) - k * (a + q)) / span
        entering = np.clip(inner, 0.0, k)
        entering += n_ref - i_p
        return leaving, entering

    def _gaussian_sums(self, a: FloatArray) -> tuple[FloatArray, FloatArray]:
        r = self.refs
        leaving = np.zeros(a.size)
        entering = np.zeros(a.size)
        block = max(1, BLOCK_CELLS // max(r.size, 1))
        two_s2 = 2.0 * self.s * self.s
        for start in range(0, a.size, block):
            d = a[start : start + block, None] - r[None, :]
            g = 1.0 - np.exp(-np.square(d) / two_s2)
            leaving[start : start + block] = np.where(d > 0, g, 0.0).sum(axis=1)
            entering[start : start + block] = np.where(d < 0, g, 0.0).sum(axis=1)
        return leaving, entering


@dataclass(frozen=True)
class PrometheeII(MethodDefaults):
    """PROMETHEE II fitted on a set of reference rows.

    Attributes
    ----------
    references
        Per criterion, the preference function and sorted references.
    maximise
        Per criterion, True where more is better (orientation of the queries).
    n_ref
        Number of reference (fitted) rows ``N``; flows are divided by ``max(N - 1, 1)``.
    """

    references: tuple[PreferenceReferences, ...]
    maximise: BoolArray
    n_ref: int

    name: ClassVar[str] = "promethee"

    @classmethod
    def fit(cls, rows: Rows, weights: FloatArray, options: MethodOptions) -> PrometheeII:
        """Sort each criterion's oriented fitted values.

        Parameters
        ----------
        rows
            The fitted rows, cleaned: they become the references.
        weights
            Normalised weights (unused: flows are weighted at apply time).
        options
            Method options (unused).

        Returns
        -------
        PrometheeII
        """
        columns = rows.columns
        maximise = columns.maximise
        maximise.flags.writeable = False
        refs = tuple(
            PreferenceReferences.fit(x if up else -x, spec)
            for x, up, spec in zip(rows.x, maximise, columns.criteria, strict=True)
        )
        return cls(refs, maximise, rows.n)

    def criterion_flows(self, rows: Rows, j: int) -> tuple[FloatArray, FloatArray]:
        """One criterion's leaving and entering flows of the rows (divided by ``N - 1``).

        Parameters
        ----------
        rows
            Cleaned rows.
        j
            Criterion index.

        Returns
        -------
        tuple of numpy.ndarray
        """
        x = rows.x[j]
        leaving, entering = self.references[j].sums(x if self.maximise[j] else -x)
        denom = float(max(self.n_ref - 1, 1))
        leaving /= denom
        entering /= denom
        return leaving, entering

    def apply(self, rows: Rows, weights: FloatArray) -> MethodOutput:
        """Flows, plus contributions ``w_j phi_j`` (they sum to ``phi``).

        Parameters
        ----------
        rows
            Cleaned rows.
        weights
            Normalised weights.

        Returns
        -------
        MethodOutput
        """
        m, n = len(self.references), rows.n
        plus = np.zeros(n)
        minus = np.zeros(n)
        contributions = np.empty((m, n))
        for j in range(m):
            leaving, entering = self.criterion_flows(rows, j)
            plus += weights[j] * leaving
            minus += weights[j] * entering
            np.subtract(leaving, entering, out=contributions[j])
            contributions[j] *= weights[j]
        phi = contributions.sum(axis=0)
        return MethodOutput(phi, {"phi_plus": plus, "phi_minus": minus, "phi": phi}, contributions)

    def apply_scores(self, rows: Rows, weights: FloatArray) -> FloatArray:
        """Net flows ``phi`` only.

        Parameters
        ----------
        rows
            Cleaned rows.
        weights
            Normalised weights.

        Returns
        -------
        numpy.ndarray
        """
        phi = np.zeros(rows.n)
        for j in range(len(self.references)):
            leaving, entering = self.criterion_flows(rows, j)
            leaving -= entering
            leaving *= weights[j]
            phi += leaving
        return phi

    def weight_basis(self, rows: Rows) -> tuple[FloatArray, ...]:
        """Per-criterion net flows, ``m x n``.

        Parameters
        ----------
        rows
            Cleaned rows.

        Returns
        -------
        tuple of numpy.ndarray
        """
        net = np.empty((len(self.references), rows.n))
        for j in range(len(self.references)):
            leaving, entering = self.criterion_flows(rows, j)
            np.subtract(leaving, entering, out=net[j])
        return (net,)

    def uses_range(self, columns: FittedColumns) -> BoolArray:
        """Every criterion: cleaned raw values are clamped to the fitted range.

        Parameters
        ----------
        columns
            The fitted columns.

        Returns
        -------
        numpy.ndarray
        """
        return np.ones(len(columns.criteria), dtype=bool)
