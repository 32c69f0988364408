"""Where the explorer draws each node: the shipped layout (analytics x/y), made legible.

analytics.layout_positions knows nothing of node sizes, so in the page discs can pile up,
especially the large, central ones everybody looks for first. Two display-only steps fix that
while keeping the layout's shape: a uniform spread so the typical gap is a few radii, then a few
rounds of pushing overlapping discs apart (like Gephi's "Noverlap"). Only the HTML page uses
these positions; the GraphML/GEXF keep analytics' x/y.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .columns import finite_number

#: spread so that the median nearest-neighbour gap is this many median radii
GAP_IN_RADII = 4.0
#: extra room between two discs after the overlap pass: some radii, plus the height of a label
#: (vis draws it under the disc; without room it sits on the next disc and seems to name it)
PADDING_IN_RADII = 0.6
LABEL_HEIGHT = 20.0
OVERLAP_ROUNDS = 60


def spread_factor(points: np.ndarray, radii: np.ndarray) -> float:
    """One factor for every coordinate, so the median gap to the nearest neighbour is
    GAP_IN_RADII median radii (never shrinks the layout)."""
    if len(points) < 2:
        return 1.0
    probe = points[:: max(1, len(points) // 500)]  # ~500 nodes give a stable median
    gaps = np.sqrt(((probe[:, None, :] - points[None, :, :]) ** 2).sum(axis=-1))
    gaps[gaps == 0] = np.inf  # the node itself (and exact duplicates)
    nearest = gaps.min(axis=1)
    nearest = nearest[np.isfinite(nearest)]
    if not len(nearest) or float(np.median(nearest)) <= 0:
        return 1.0
    return float(min(max(GAP_IN_RADII * float(np.median(radii)) / float(np.median(nearest)), 1.0), 50.0))


def close_pairs(points: np.ndarray, reach: float) -> np.ndarray:
    """Every pair (i, j) of points at most ``reach`` apart, each pair once; shape (n, 2).

    A sweep along x: points sorted by x are compared only with those less than ``reach`` further
    right, so the cost grows with the pairs near each other, not with n². (scipy's KD-tree does
    the same job, but importing scipy.spatial takes longer than a rebuild's whole page.)
    """
    i, j = _close_pairs(points[:, 0], points[:, 1], reach)
    return np.stack([i, j], axis=1)


def _close_pairs(xs: np.ndarray, ys: np.ndarray, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """close_pairs of the points (xs[k], ys[k]), as the arrays of first and second indices."""
    n = len(xs)
    if n < 2:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    order = np.argsort(xs, kind="stable")
    sorted_xs = xs[order]
    counts = np.searchsorted(sorted_xs, sorted_xs + reach, side="right") - np.arange(n) - 1
    first = np.repeat(np.arange(n), counts)
    # the k-th candidate of sorted point a is sorted point a + 1 + k
    second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(counts) - counts, counts)
    i, j = order[first], order[second]
    dx, dy = xs[j] - xs[i], ys[j] - ys[i]
    near = dx * dx + dy * dy <= reach * reach
    return i[near], j[near]


def separate(points: np.ndarray, radii: np.ndarray, padding: float, rounds: int = OVERLAP_ROUNDS) -> np.ndarray:
    """Push apart every pair of discs closer than r_i + r_j + padding; deterministic."""
    pts = points.astype(float).copy()
    if len(pts) < 2:
        return pts
    # x and y as separate arrays: the same element-wise arithmetic as on (n, 2) rows, with half
    # the array operations per round (the community map runs ~1,000 rounds on a few dozen discs,
    # where each operation's overhead, not its arithmetic, is the cost)
    xs, ys = pts[:, 0].copy(), pts[:, 1].copy()
    n = len(xs)
    reach = 2 * float(radii.max()) + padding
    for _ in range(rounds):
        i, j = _close_pairs(xs, ys, reach)
        if not len(i):
            break
        dx, dy = xs[j] - xs[i], ys[j] - ys[i]
        dist = np.hypot(dx, dy)
        need = radii[i] + radii[j] + padding
        over = np.flatnonzero(dist < need)
        if not len(over):
            break
        i, j, dx, dy, dist, need = i[over], j[over], dx[over], dy[over], dist[over], need[over]
        same = dist < 1e-6
        if same.any():  # discs at the very same spot: a fixed direction per node
            angle = (i[same] * 2.399963) % (2 * np.pi)  # golden angle: different per node
            dx[same], dy[same] = np.cos(angle), np.sin(angle)
            dist[same] = 1.0
        # each disc moves half the overlap, larger discs (the hubs) a little less
        push = (need - dist) / dist / 2
        share_i = radii[j] / (radii[i] + radii[j])
        to_i, to_j = push * share_i, push * (1 - share_i)
        # every disc's move: its pushes as the first end of a pair, then as the second, added up
        # in that order from 0.0; bincount adds its weights one by one in array order, so this
        # is the sum np.add.at(move, i, ...) then np.add.at(move, j, ...) gave, to the last bit
        ends = np.concatenate([i, j])
        xs += 0.9 * np.bincount(ends, weights=np.concatenate([-dx * to_i, dx * to_j]), minlength=n)
        ys += 0.9 * np.bincount(ends, weights=np.concatenate([-dy * to_i, dy * to_j]), minlength=n)
    return np.stack([xs, ys], axis=1)


def display_positions(graph: nx.Graph) -> dict:
    """Node -> (x, y) for the page, from the graph's x/y and size attributes."""
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    data = graph.nodes
    points = np.array([[finite_number(data[n].get("x"), 0.0), finite_number(data[n].get("y"), 0.0)] for n in nodes])
    radii = np.array([max(finite_number(data[n].get("size"), 10.0), 1.0) for n in nodes])
    points = points * spread_factor(points, radii)
    points = separate(points, radii, PADDING_IN_RADII * float(np.median(radii)) + LABEL_HEIGHT)
    return {n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in zip(nodes, points)}
