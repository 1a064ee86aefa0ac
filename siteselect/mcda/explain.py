"""Explanations: per-criterion raw value, normalised value, weight and contribution."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from siteselect.errors import ConfigError
from siteselect.mcda.spec import ScoreResult


def _row_label(result: ScoreResult, raw: pd.DataFrame, cid: str) -> object:
    if cid not in result.table.index:
        msg = f"unknown candidate id {cid!r}; pick an id from the ranked table"
        raise ConfigError(msg)
    for label in raw.index:
        if str(label) == cid:
            return label
    msg = f"candidate {cid!r} is scored but missing from the raw matrix; pass the same matrix"
    raise ConfigError(msg)


def _raw_value(raw: pd.DataFrame, label: object, criterion: str) -> float:
    if criterion not in raw.columns:
        return float("nan")
    return float(pd.to_numeric(pd.Series([raw.at[label, criterion]]), errors="coerce").iloc[0])


def explain_candidate(result: ScoreResult, raw: pd.DataFrame, id: str) -> pd.DataFrame:
    """Why a candidate scored what it did, criterion by criterion.

    Parameters
    ----------
    result
        Output of :func:`~siteselect.mcda.score`.
    raw
        The raw matrix that was scored.
    id
        Candidate id.

    Returns
    -------
    pandas.DataFrame
        Index: criterion; columns ``raw`` (real units), ``normalised`` (value in [0, 1]),
        ``weight`` (normalised), ``contribution`` (share of the score, see
        :class:`~siteselect.mcda.ScoreResult`) and ``note`` (drop reason, if any). Active
        criteria come first, the one that helped most on top; dropped criteria follow.

    Raises
    ------
    ConfigError
        Unknown candidate id.
    """
    label = _row_label(result, raw, id)
    names = list(result.normalised.columns)
    active = pd.DataFrame(
        {
            "raw": [_raw_value(raw, label, n) for n in names],
            "normalised": result.normalised.loc[id, names].to_numpy(dtype=np.float64),
            "weight": [result.weights[n] for n in names],
            "contribution": result.contributions.loc[id, names].to_numpy(dtype=np.float64),
            "note": [""] * len(names),
        },
        index=pd.Index(names, name="criterion"),
    )
    active = active.iloc[np.lexsort((np.asarray(names), -active["contribution"].to_numpy()))]
    dropped_names = [name for name, _ in result.dropped]
    dropped = pd.DataFrame(
        {
            "raw": [_raw_value(raw, label, n) for n in dropped_names],
            "normalised": [float("nan")] * len(dropped_names),
            "weight": [0.0] * len(dropped_names),
            "contribution": [0.0] * len(dropped_names),
            "note": [f"dropped: {reason}" for _, reason in result.dropped],
        },
        index=pd.Index(dropped_names, name="criterion"),
    )
    return active if dropped.empty else pd.concat([active, dropped])


def compare_candidates(result: ScoreResult, raw: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Candidates side by side, criterion by criterion.

    Parameters
    ----------
    result
        Output of :func:`~siteselect.mcda.score`.
    raw
        The raw matrix that was scored.
    ids
        Two or more candidate ids.

    Returns
    -------
    pandas.DataFrame
        Index: active criterion (in the order of ``result.normalised``). Columns ``weight``,
        then for each id ``raw:<id>``, ``normalised:<id>`` and ``contribution:<id>``; with two
        ids also ``difference`` (first id's contribution minus the second's: positive where
        the first is ahead).

    Raises
    ------
    ConfigError
        Fewer than two ids, a repeated id, or an unknown id.
    """
    ids = [str(i) for i in ids]
    if len(ids) < 2 or len(set(ids)) != len(ids):
        msg = f"compare needs two or more different candidate ids (got {ids})"
        raise ConfigError(msg)
    labels = [_row_label(result, raw, cid) for cid in ids]
    names = list(result.normalised.columns)
    out = pd.DataFrame(index=pd.Index(names, name="criterion"))
    out["weight"] = [result.weights[n] for n in names]
    for cid, label in zip(ids, labels, strict=False):
        out[f"raw:{cid}"] = [_raw_value(raw, label, n) for n in names]
        out[f"normalised:{cid}"] = result.normalised.loc[cid, names].to_numpy(dtype=np.float64)
        out[f"contribution:{cid}"] = result.contributions.loc[cid, names].to_numpy(dtype=np.float64)
    if len(ids) == 2:
        out["difference"] = out[f"contribution:{ids[0]}"] - out[f"contribution:{ids[1]}"]
    return out


def select_drivers(
    names: Sequence[str], weights: Sequence[float], values: Sequence[float], k: int = 2
) -> tuple[list[str], list[str]]:
    """The criteria that helped and hurt most, each on one side only.

    A criterion helps by ``weight x value`` and hurts by ``weight x (1 - value)``, where
    ``value`` is its value-function score in [0, 1] (missing: 0). It helped when the
    alternative earned at least half of its weight, else it hurt; each side is ordered by
    its share, ties in criterion order.
    """
    v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    w = np.asarray(weights, dtype=np.float64)
    gain = w * v
    loss = w * (1 - v)
    helps = v >= 0.5
    helped = [names[i] for i in np.argsort(-gain, kind="stable") if helps[i] and gain[i] > 0]
    hurt = [names[i] for i in np.argsort(-loss, kind="stable") if not helps[i] and loss[i] > 0]
    return helped[:k], hurt[:k]
