"""Block Kit builders: the only place blocks are built. One module per surface."""
