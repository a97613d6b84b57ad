"""One module per graph node. Each node takes the state (and the components) and returns an update."""
