"""The LangGraph state machine, assembled from the nodes and routers.

ingest -> identify -> classify -> extract -> split -> plan -> act -> respond -> verify -> finalize
                                               |        |      |                 |  \
                                               +--------+------+-> escalate <----+  answer_extras
                                                                      |               (then finalize
                                                       await_approval (interrupt)      or escalate)
                                                              -> respond
"""

from __future__ import annotations

from functools import partial
from typing import Any

from langgraph.graph import END, START, StateGraph

from supportbot.agent import routing
from supportbot.agent.components import Components
from supportbot.agent.nodes.act import act
from supportbot.agent.nodes.approval import await_approval
from supportbot.agent.nodes.classify import classify
from supportbot.agent.nodes.escalate import escalate
from supportbot.agent.nodes.extract import extract
from supportbot.agent.nodes.extras import answer_extras
from supportbot.agent.nodes.finalize import finalize
from supportbot.agent.nodes.identify import identify
from supportbot.agent.nodes.ingest import ingest
from supportbot.agent.nodes.plan import plan
from supportbot.agent.nodes.respond import respond
from supportbot.agent.nodes.split import split
from supportbot.agent.nodes.verify import verify
from supportbot.agent.state import AgentState

NODES = {
    "ingest": ingest,
    "identify": identify,
    "classify": classify,
    "extract": extract,
    "split": split,
    "plan": plan,
    "act": act,
    "respond": respond,
    "verify": verify,
    "answer_extras": answer_extras,
    "escalate": escalate,
    "await_approval": await_approval,
    "finalize": finalize,
}


def build_graph(components: Components) -> StateGraph[Any]:
    """The uncompiled graph; compile it with a checkpointer."""
    settings = components.settings
    g: StateGraph[Any] = StateGraph(AgentState)
    for name, fn in NODES.items():
        g.add_node(name, partial(fn, c=components))
    g.add_edge(START, "ingest")
    g.add_edge("ingest", "identify")
    g.add_edge("identify", "classify")
    g.add_edge("classify", "extract")
    g.add_edge("extract", "split")
    g.add_conditional_edges("split", partial(routing.after_split, settings=settings), ["plan", "escalate"])
    g.add_conditional_edges(
        "plan", partial(routing.after_plan, settings=settings), ["act", "respond", "escalate"]
    )
    g.add_conditional_edges("act", partial(routing.after_act, settings=settings), ["respond", "escalate"])
    g.add_edge("respond", "verify")
    g.add_conditional_edges(
        "verify",
        partial(routing.after_verify, settings=settings),
        ["respond", "answer_extras", "finalize", "escalate"],
    )
    g.add_conditional_edges("answer_extras", routing.after_extras, ["finalize", "escalate"])
    g.add_conditional_edges("escalate", routing.after_escalate, ["await_approval", END])
    g.add_edge("await_approval", "respond")
    g.add_edge("finalize", END)
    return g
