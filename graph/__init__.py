"""From the document model to a typed networkx graph, its analytics and exports."""
