"""The LangGraph agent: state, nodes, routing and the compiled graph."""
