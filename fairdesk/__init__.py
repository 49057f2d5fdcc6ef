"""fairdesk: a customer-service desk that keeps its promises."""

__version__ = "0.1.0"
