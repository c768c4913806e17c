"""reviewer: keep patient-facing health articles correct, readable and reviewed on time."""

__version__ = "0.1.0"
