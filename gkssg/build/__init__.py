"""Build: the pipeline, its worker processes and the one place that writes output."""
