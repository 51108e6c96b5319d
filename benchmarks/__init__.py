"""Benchmarks of the dashboard at growing dataset sizes (run `python -m benchmarks --help`)."""
