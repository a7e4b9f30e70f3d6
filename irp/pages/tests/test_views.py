import xml.etree.ElementTree as ET


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_staff_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /django-admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_every_public_page(client, site_pages):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text
        for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)  # noqa: S314 (our own sitemap)
    ]
    paths = {"/" + loc.split("/", 3)[3] for loc in locations}
    assert {
        "/",
        "/who-is-this-for/",
        "/who-is-this-for/professionals-addiction/",
        "/how-to-get-involved/",
        "/about/",
        "/privacy/",
        "/articles/",
        "/articles/beyond-the-expert/",
    } <= paths


def test_sitemap_leaves_out_unpublished_pages(client, professionals_page):
    professionals_page.unpublish()
    assert b"professionals-addiction" not in client.get("/sitemap.xml").content
