"""Graph nodes, one module per stage. Each takes the state and the runtime, returns an update."""
