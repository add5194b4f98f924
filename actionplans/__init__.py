"""actionplans: CQC local system review action plans as a research-grade Parquet dataset."""

__version__ = "0.1.0"
