import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served_without_a_token_and_lists_the_operations() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    operations = {
        operation["operationId"]: (method, path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert {
        "touches_record": ("post", "/api/v1/touches"),
        "account_upsert": ("post", "/api/v1/accounts"),
        "lead_upsert": ("post", "/api/v1/leads"),
        "lead_list": ("get", "/api/v1/leads"),
        "lead_get": ("get", "/api/v1/leads/{lead_id}"),
        "inbound_touch_receive": ("post", "/api/v1/inbound/{source}"),
    }.items() <= operations.items()
    touches = schema["paths"]["/api/v1/touches"]["post"]
    assert {"200", "401", "403", "413", "422"} <= set(touches["responses"])
    assert touches["security"] == [{"TokenAuth": []}]
    assert "security" not in schema["paths"]["/api/v1/inbound/{source}"]["post"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_renders_from_local_files() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    # No CDN at run time (DESIGN.md): Swagger UI must come from the installed package.
    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', page) == []
