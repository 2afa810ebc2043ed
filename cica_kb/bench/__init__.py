"""`make bench`: synthetic data, the measuring glue, and the results the Performance page shows."""
