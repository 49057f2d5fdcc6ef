"""REST API v1 (django-ninja): parse, check permission, call services, render."""
