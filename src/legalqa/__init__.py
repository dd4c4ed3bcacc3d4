"""legalqa: worker-rights legal Q&A for Guangdong (cases, statutes, calculators)."""

__version__ = "0.1.0"
