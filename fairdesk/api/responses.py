"""The error answers each operation can give, written into the OpenAPI document in one place.

Every error has the one shape `problem()` writes: {"detail": [{"field": …, "message": …}]}.
Which codes an operation can answer follows from what it takes, so a new endpoint is
documented without listing them on its decorator: a token (401, and 403 for what the caller
may not do), a path parameter (404: no such case, or none the caller may see), query
parameters (422), a body (400 not JSON, 413 too large, 422 invalid or against a rule), and
a change (409: the object is not in a state that allows it).
"""

from typing import Any

PROBLEM = "Problem"
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": PROBLEM,
    "description": "What went wrong, per field (null: the request as a whole).",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "message": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        }
    },
    "required": ["detail"],
}

DESCRIPTIONS = {
    400: "The body is not a JSON object.",
    401: "No valid bearer token.",
    403: "The caller may not do this (a customer, a read-only token, a case not theirs).",
    404: "No such object, or none the caller may see.",
    409: "The object is not in a state that allows this.",
    413: "The request is too large.",
    422: "A value is missing, malformed or against a rule; `field` says which.",
}


def error_codes(method: str, operation: dict[str, Any]) -> list[int]:
    """The error codes an operation can answer, from what it takes."""
    places = {parameter["in"] for parameter in operation.get("parameters", [])}
    codes: set[int] = set()
    if operation.get("security"):
        codes |= {401, 403}
    if "path" in places:
        codes.add(404)
    if "query" in places or "path" in places:
        codes.add(422)
    if "requestBody" in operation:
        codes |= {400, 413, 422}
    if method != "get":
        codes |= {409, 422}
    return sorted(codes)


def document_errors(schema: dict[str, Any]) -> None:
    """Add the Problem schema and each operation's error answers (keeping any it lists)."""
    schema.setdefault("components", {}).setdefault("schemas", {})[PROBLEM] = PROBLEM_SCHEMA
    problem = {"application/json": {"schema": {"$ref": f"#/components/schemas/{PROBLEM}"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in error_codes(method, operation):
                # ninja keys responses by number; JSON makes them strings
                if code not in responses and str(code) not in responses:
                    responses[code] = {"description": DESCRIPTIONS[code], "content": problem}
