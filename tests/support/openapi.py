"""Check every API response the suite sees against shared_spec/openapi.yaml."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema import FormatChecker
from referencing import Registry
from referencing import Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / "shared_spec" / "openapi.yaml"
SPEC_URI = "urn:catalog:openapi"
PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}
# What each app's hardening/ adds to its answers (caching.py, concurrency.py): an app
# on its core alone (HARDENING=0, make test-core) is not held to these headers.
HARDENING_HEADERS = {"etag", "cache-control", "vary"}


class ContractViolation(AssertionError):
    """A response that the OpenAPI document does not allow."""


@functools.cache
def load_spec() -> dict[str, Any]:
    """Return the parsed OpenAPI document."""
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


@functools.cache
def _path_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for template in load_spec()["paths"]:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        patterns.append((re.compile(f"^{regex}$"), template))
    return patterns


def _resolve(obj: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (responses and headers) to its target object."""
    while "$ref" in obj:
        target: Any = load_spec()
        for part in obj["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        obj = target
    return obj


def _anchored(schema: dict[str, Any]) -> dict[str, Any]:
    """Point a schema's local `$ref` into the whole document."""
    if "$ref" in schema:
        return {"$ref": SPEC_URI + schema["$ref"]}
    return schema  # inline schemas in the document hold no references


def _validate(instance: Any, schema: dict[str, Any], what: str) -> None:
    validator = Draft202012Validator(
        _anchored(schema),
        registry=_registry(),
        format_checker=FormatChecker(),
    )
    errors = sorted(validator.iter_errors(instance), key=lambda e: e.path)
    if errors:
        details = "; ".join(
            f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in errors[:5]
        )
        raise ContractViolation(f"{what} does not match the OpenAPI schema: {details}")


def check_response(
    method: str,
    path: str,
    status: int,
    headers: dict[str, str],
    body: bytes,
    parse_json: Any,
    core: bool = False,
) -> None:
    """Raise ContractViolation unless the response is one the document allows.

    core: the app runs without its hardening/ package, so the headers it adds are
    neither required nor checked.
    """
    method = method.lower()
    what = f"{method.upper()} {path} -> {status}"
    template = next((t for rx, t in _path_patterns() if rx.match(path)), None)
    content_type = headers.get("content-type", "")

    if template is None:
        # Paths outside the document may only answer with the problem 404.
        if status != 404:
            raise ContractViolation(f"{what}: undocumented path answered {status}")
        response: dict[str, Any] = {
            "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
        }
    else:
        item = load_spec()["paths"][template]
        operation = item.get(method)
        if method == "head" and status == 304 and "get" in item:
            # HEAD is GET without the body: its 304 is GET's.
            operation = item["get"]
        if operation is None:
            if method in ("head", "options") and status in (200, 204):
                return
            if status != 405:
                raise ContractViolation(f"{what}: method not in the document")
            response = _resolve({"$ref": "#/components/responses/MethodNotAllowed"})
        else:
            responses = operation["responses"]
            if str(status) not in responses:
                raise ContractViolation(
                    f"{what}: status not documented (documented: {sorted(responses)})"
                )
            response = _resolve(responses[str(status)])

    for name, header in response.get("headers", {}).items():
        if core and name.lower() in HARDENING_HEADERS:
            continue
        header = _resolve(header)
        value = headers.get(name.lower())
        if value is None:
            if header.get("required"):
                raise ContractViolation(f"{what}: required header {name} missing")
            continue
        instance: Any = value
        if header["schema"].get("type") == "integer":
            if not value.isdigit():
                raise ContractViolation(f"{what}: header {name}={value!r} not integer")
            instance = int(value)
        _validate(instance, header["schema"], f"{what} header {name}")

    content = response.get("content")
    if not content:
        if body:
            raise ContractViolation(f"{what}: a body where none is documented")
        return
    if "text/html" in content:  # the docs page
        if not content_type.startswith("text/html"):
            raise ContractViolation(f"{what}: Content-Type {content_type!r}, not HTML")
        return
    media_type = content_type.split(";")[0].strip()
    if media_type not in content:
        raise ContractViolation(
            f"{what}: Content-Type {content_type!r}, not one of {sorted(content)}"
        )
    schema = content[media_type]["schema"]
    _validate(parse_json(), schema, f"{what} body")
