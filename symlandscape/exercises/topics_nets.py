"""Exercise topics on nonlinear networks, paths, moments and as-written statements."""
