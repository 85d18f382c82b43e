"""Pages of the performance cycle (namespace "kinerja"), one module per part of the cycle."""
