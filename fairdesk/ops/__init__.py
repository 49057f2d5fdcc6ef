"""What an operator's tools read: /health for load balancers and /metrics for Prometheus."""
