import pytest
from conftest import PASSWORD
from gongkai.core.testing import log_in, PHONE
from gongkai.demo.district import load_demo_district, DEMO_PASSWORD


@pytest.mark.browser
def test_shots(page, live_server):
    load_demo_district()
    log_in(page, "spt-admin", DEMO_PASSWORD)
    page.screenshot(path="/tmp/shots/bo_home.png", full_page=True)
    page.goto("/workbench/agencies/")
    page.screenshot(path="/tmp/shots/bo_list.png", full_page=True)
    from gongkai.agencies.models import Agency
    b = Agency.objects.get(slug="spt-binhe")
    page.goto(f"/workbench/agencies/{b.pk}/")
    page.screenshot(path="/tmp/shots/bo_detail.png", full_page=True)
    page.goto(f"/workbench/agencies/{b.pk}/edit/")
    page.get_by_label("联系电话").fill("0955-1234567")
    page.get_by_role("button", name="保存").click()
    page.goto(f"/workbench/history/agencies.agency/{b.pk}/")
    page.screenshot(path="/tmp/shots/bo_history.png", full_page=True)
    r = page.goto("/workbench/agencies/999999/")
    print("404 status", r.status)
    page.screenshot(path="/tmp/shots/bo_404.png", full_page=True)
    page.set_viewport_size(PHONE)
    for name, url in [("p_home", "/"), ("p_dir", "/agencies/"), ("p_spt", "/agencies/spt/"), ("p_binhe", "/agencies/spt-binhe/"), ("bo_home_phone", "/workbench/"), ("bo_detail_phone", f"/workbench/agencies/{b.pk}/"), ("bo_history_phone", f"/workbench/history/agencies.agency/{b.pk}/")]:
        page.goto(url)
        print(name, page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"))
        page.screenshot(path=f"/tmp/shots/{name}.png", full_page=True)
