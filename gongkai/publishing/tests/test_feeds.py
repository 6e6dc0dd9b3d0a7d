import xml.etree.ElementTree as ET

import feedparser
import pytest

from gongkai.publishing.models import LedgerEntry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_is_valid_rss2_with_chinese_text_and_the_chain_head(publish, client):
    publish(title="关于做好2025年高标准农田建设工作的通知")
    r = client.get("/feeds/rss.xml")
    assert r["Content-Type"].startswith("application/rss+xml") and "utf-8" in r["Content-Type"].lower()
    root = ET.fromstring(r.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.find("item/title").text == "关于做好2025年高标准农田建设工作的通知"
    head = LedgerEntry.objects.get()
    el = channel.find("{https://gongkai.example/ns/ledger}ledgerHead")
    assert el.text == head.entry_hash and el.get("position") == "1"
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo and parsed.version == "rss20"
    assert parsed.entries[0].title == "关于做好2025年高标准农田建设工作的通知"


def test_atom_is_valid_atom_with_chinese_text(publish, client):
    publish(title="坊子区农业综合开发项目公示")
    root = ET.fromstring(client.get("/feeds/atom.xml").content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "坊子区农业综合开发项目公示"
    parsed = feedparser.parse(client.get("/feeds/atom.xml").content)
    assert not parsed.bozo and parsed.version == "atom10"


def test_column_and_agency_feeds_hold_only_their_items(publish, client):
    from gongkai.disclosures.tests.factories import ColumnFactory

    publish(title="政策文件一")
    publish(title="通知一", column=ColumnFactory(name="通知公告", slug="notices"))
    titles = [i.findtext("title") for i in ET.fromstring(client.get("/feeds/c/notices/rss.xml").content).iter("item")]
    assert titles == ["通知一"]
    assert len(list(ET.fromstring(client.get("/feeds/a/nongfa/atom.xml").content).iter(f"{ATOM}entry"))) == 2
    assert client.get("/feeds/c/nope/rss.xml").status_code == 404


def test_sitemap_lists_public_items_and_robots_points_to_it(publish, withdraw, client):
    v = publish()
    gone = publish(title="将撤回")
    withdraw(gone.item)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"http://testserver/gk/i/{v.item_id}/" in locs
    assert f"http://testserver/gk/i/{gone.item_id}/" not in locs
    assert "http://testserver/ledger/" in locs
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /staff/" in robots
