"""Draw the graph: Mermaid text (LangGraph's own) and a PNG rendered offline with matplotlib."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def back_edges(edges: list[tuple[str, str]], root: str = "__start__") -> set[tuple[str, str]]:
    """Edges that close a cycle (found by depth-first search from ``root``)."""
    succ: dict[str, list[str]] = {}
    for src, dst in edges:
        succ.setdefault(src, []).append(dst)
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(node: str) -> None:
        state[node] = 1
        for nxt in succ.get(node, []):
            if state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                visit(nxt)
        state[node] = 2

    visit(root)
    return back


def _layers(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering of the graph without its back edges."""
    forward = [e for e in edges if e not in back_edges(edges)]
    layer = {n: 0 for n in nodes}
    for _ in range(len(nodes)):
        for src, dst in forward:
            layer[dst] = max(layer[dst], layer[src] + 1)
    return layer


def draw_png(graph: Any, path: Path, side: frozenset[str] = frozenset()) -> None:
    """Render ``graph.get_graph()`` to ``path`` (no network, no graphviz); ``side`` nodes go in a
    column of their own."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    g = graph.get_graph()
    nodes = list(g.nodes)
    edges = [(e.source, e.target) for e in g.edges]
    conditional = {(e.source, e.target) for e in g.edges if e.conditional}
    layer = _layers(nodes, edges)
    loops = back_edges(edges)
    by_layer: dict[int, list[str]] = {}
    for n in nodes:
        by_layer.setdefault(layer[n], []).append(n)
    pos: dict[str, tuple[float, float]] = {}
    for depth, names in by_layer.items():
        for i, name in enumerate(names):
            pos[name] = ((i - (len(names) - 1) / 2) * 3.0 + (3.5 if name in side else 0.0), -depth * 1.4)
    fig, ax = plt.subplots(figsize=(9, 1.2 * (len(by_layer) + 1)))
    for src, dst in edges:
        (x1, y1), (x2, y2) = pos[src], pos[dst]
        back = (src, dst) in loops
        ax.annotate(
            "",
            xy=(x2, y2 + 0.25 if y2 < y1 else y2 - 0.25),
            xytext=(x1, y1 - 0.25 if y2 < y1 else y1 + 0.25),
            arrowprops={
                "arrowstyle": "->",
                "linestyle": "--" if (src, dst) in conditional else "-",
                "color": "#c0392b" if back else "#34495e",
                "connectionstyle": "arc3,rad=0.35"
                if back or (abs(y2 - y1) > 1.5 and x1 == x2)
                else "arc3,rad=0.0",
            },
        )
    for name, (x, y) in pos.items():
        special = name.startswith("__")
        ax.text(
            x,
            y,
            name.strip("_"),
            ha="center",
            va="center",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#ecf0f1" if special else "#d6eaf8", "ec": "#2c3e50"},
        )
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 2.5, max(xs) + 2.5)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.axis("off")
    ax.set_title("supportbot agent graph (dashed: conditional edges, red: loops back)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
