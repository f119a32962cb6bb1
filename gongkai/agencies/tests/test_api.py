from gongkai.agencies import actions


def test_public_agency_api_lists_active_agencies_with_reading_points(client, binhe, wenchang):
    actions.add_reading_point(
        actor=None, agency=binhe, name="滨河镇查阅点", address="滨河镇便民服务中心"
    )
    actions.update_agency(actor=None, agency=wenchang, data={"is_active": False})
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()}
    assert set(rows) == {"spt", "spt-binhe"}
    assert rows["spt-binhe"]["reading_points"][0]["name"] == "滨河镇查阅点"
    assert rows["spt-binhe"]["parent_id"] == rows["spt"]["id"]


def test_openapi_schema_is_served(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/agencies/" in response.json()["paths"]
