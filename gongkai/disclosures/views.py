"""The public 政府信息公开 column: catalogue, lists, item pages, attachments. Read-only, no login."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.models import Agency
from gongkai.web.nav import nav_key_for_column

from . import selectors
from .models import CatalogColumn, DisclosureItem, ItemVersion, Topic, Validity

PER_PAGE = 20
Q_MAX = 100
SPECIAL_COLUMNS = ("guide", "annual-reports")  # shown as their own entries of the catalogue tree


def _gk_context(columns: list[CatalogColumn], *, active: str = "") -> dict:
    """What the catalogue tree on the left needs."""
    return {
        "catalogue": [c for c in columns if c.parent_id is None and c.slug not in SPECIAL_COLUMNS],
        "annual_reports": next((c for c in columns if c.slug == "annual-reports"), None),
        "tree_active": active,
    }


def _root(column: CatalogColumn, columns: list[CatalogColumn]) -> CatalogColumn:
    by_id = {c.pk: c for c in columns}
    node = column
    while node.parent_id and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node


def _column_trail(column: CatalogColumn, columns: list[CatalogColumn]) -> list[tuple[str, str]]:
    """Breadcrumb entries from the top-level column down to `column`."""
    by_id = {c.pk: c for c in columns}
    trail = []
    node: CatalogColumn | None = column
    while node is not None:
        trail.append((node.name, node.get_absolute_url()))
        node = by_id.get(node.parent_id) if node.parent_id else None
    return list(reversed(trail))


def index(request: HttpRequest) -> HttpResponse:
    """The 政府信息公开 column landing page."""
    columns = selectors.public_columns()
    return render(
        request,
        "disclosures/index.html",
        {
            **_gk_context(columns),
            "latest": selectors.public_latest(limit=10),
            "breadcrumbs": [("政务公开", None)],
        },
    )


@dataclass
class ListQuery:
    """The list page's filters as read from the query string; bad values are dropped with a notice."""

    filters: selectors.PublicFilters
    column: CatalogColumn | None = None  # from the URL or the `column` parameter
    topic: Topic | None = None
    q: str = ""
    params: dict[str, str] = field(default_factory=dict)  # the valid ones, kept in page links
    notices: list[str] = field(default_factory=list)


def _read_filters(
    get, *, column: CatalogColumn | None, columns: list[CatalogColumn], topics: list[Topic], agencies: list[Agency]
) -> ListQuery:
    params: dict[str, str] = {}
    notices: list[str] = []

    if column is None and get.get("column"):
        column = next((c for c in columns if c.slug == get["column"]), None)
        if column is None:
            notices.append("所选栏目不存在，已忽略该条件。")
        else:
            params["column"] = column.slug

    topic = None
    if get.get("topic"):
        topic = next((t for t in topics if t.code == get["topic"]), None)
        if topic is None:
            notices.append("所选主题分类不存在，已忽略该条件。")
        else:
            params["topic"] = topic.code

    agency_id = None
    if get.get("agency"):
        agency = next((a for a in agencies if a.slug == get["agency"]), None)
        if agency is None:
            notices.append("所选发布机构不存在，已忽略该条件。")
        else:
            agency_id = agency.pk
            params["agency"] = agency.slug

    year = None
    if get.get("year"):
        raw = get["year"].strip()
        if raw.isdigit() and 1949 <= int(raw) <= 2999:
            year = int(raw)
            params["year"] = str(year)
        else:
            notices.append("年份格式不正确，已忽略该条件。")

    validity = None
    if get.get("validity"):
        if get["validity"] in Validity.values:
            validity = get["validity"]
            params["validity"] = validity
        else:
            notices.append("有效性取值不正确，已忽略该条件。")

    q = " ".join(get.get("q", "").split())[:Q_MAX]
    if q:
        params["q"] = q

    filters = selectors.PublicFilters(agency_id=agency_id, year=year, validity=validity)
    return ListQuery(filters=filters, column=column, topic=topic, q=q, params=params, notices=notices)


def _page_number(raw: str | None, num_pages: int, notices: list[str]) -> int:
    if raw in (None, ""):
        return 1
    if not raw.isdigit() or int(raw) < 1:
        notices.append("页码不正确，已显示第1页。")
        return 1
    if int(raw) > num_pages:
        notices.append(f"页码超出范围，已显示最后一页（第{num_pages}页）。")
        return num_pages
    return int(raw)


def _page_links(page, base: str, params: dict[str, str]) -> list[dict]:
    """Page numbers around the current one, with gaps (None) between far-apart numbers."""
    n, last = page.number, page.paginator.num_pages
    wanted = sorted({1, last, *range(max(1, n - 2), min(last, n + 2) + 1)})
    links: list[dict] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            links.append({"gap": True})
        links.append({"number": number, "url": _url(base, params, number), "current": number == n})
        previous = number
    return links


def _url(base: str, params: dict[str, str], page: int = 1) -> str:
    query = dict(params)
    if page > 1:
        query["page"] = str(page)
    return f"{base}?{urlencode(query)}" if query else base


def item_list(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Public versions, filtered and paginated; with `slug`, one catalogue column (and its sub-columns)."""
    columns = selectors.public_columns()
    column = None
    if slug is not None:
        column = next((c for c in columns if c.slug == slug), None)
        if column is None:
            raise Http404("该栏目不存在。")
    topics = selectors.public_topics()
    agencies = list(selectors.public_agencies())
    query = _read_filters(request.GET, column=column, columns=columns, topics=topics, agencies=agencies)
    qs = selectors.public_search(
        query.filters,
        title=query.q,
        column_ids=selectors.column_ids_below(columns, query.column) if query.column else None,
        topic_ids=selectors.topic_ids_below(topics, query.topic) if query.topic else None,
    ).select_related(None).only("pk", "item_id", "title", "doc_number", "published_at")
    paginator = Paginator(qs, PER_PAGE)
    page = paginator.page(_page_number(request.GET.get("page"), paginator.num_pages, query.notices))

    base = request.path
    link_params = {k: v for k, v in query.params.items() if not (column is not None and k == "column")}
    if column is not None:
        title = column.name
        breadcrumbs = [("政务公开", reverse("disclosures:index")), *_column_trail(column, columns)]
        nav_active = nav_key_for_column(_root(column, columns).slug)
    else:
        title = "信息检索" if query.q else "法定主动公开内容"
        breadcrumbs = [("政务公开", reverse("disclosures:index")), (title, None)]
        nav_active = "gk"
    return render(
        request,
        "disclosures/list.html",
        {
            **_gk_context(columns, active=query.column.slug if query.column else "list"),
            "title": title,
            "column": column,
            "page": page,
            "page_links": _page_links(page, base, link_params),
            "prev_url": _url(base, link_params, page.number - 1) if page.has_previous() else "",
            "next_url": _url(base, link_params, page.number + 1) if page.has_next() else "",
            "reset_url": base,
            "query": query,
            "selected": query.params,
            "filter_columns": _column_options(columns),
            "topics": _topic_options(topics),
            "agencies": agencies,
            "years": selectors.public_years(),
            "validities": Validity.choices,
            "search_q": query.q,
            "breadcrumbs": breadcrumbs,
            "nav_active": nav_active,
        },
    )


def _column_options(columns: list[CatalogColumn]) -> list[tuple[str, str]]:
    """(slug, label) in tree order, children indented under their parent."""
    options: list[tuple[str, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for c in columns:
            if c.parent_id == parent_id:
                options.append((c.slug, "\u3000" * depth + c.name))
                walk(c.pk, depth + 1)

    walk(None, 0)
    return options


def _topic_options(topics: list[Topic]) -> list[tuple[str, str]]:
    """(code, label) in tree order, children indented under their parent."""
    options: list[tuple[str, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for t in topics:
            if t.parent_id == parent_id:
                options.append((t.code, "\u3000" * depth + t.name))
                walk(t.pk, depth + 1)

    walk(None, 0)
    return options


def _item_context(item: DisclosureItem, version: ItemVersion, columns: list[CatalogColumn]) -> dict:
    trail = _column_trail(version.column, columns) if version.column_id else []
    return {
        **_gk_context(columns, active=version.column.slug),
        "item": item,
        "version": version,
        "attachments": list(version.attachments.all()),
        "breadcrumbs": [("政务公开", reverse("disclosures:index")), *trail, ("正文", None)],
        "nav_active": nav_key_for_column(_root(version.column, columns).slug),
    }


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's live version with its metadata, attachments and earlier versions; or the withdrawal notice."""
    item = selectors.public_item(pk)
    columns = selectors.public_columns()
    if item.is_withdrawn:
        last = selectors.public_withdrawn_version(item)
        return render(
            request,
            "disclosures/item_withdrawn.html",
            {
                **_gk_context(columns),
                "item": item,
                "version": last,
                "breadcrumbs": [("政务公开", reverse("disclosures:index")), ("已撤回的信息", None)],
                "nav_active": "gk",
            },
        )
    context = _item_context(item, item.live_version, columns)
    context["history"] = list(selectors.public_history(item).only("pk", "item_id", "number", "title", "published_at", "superseded_at"))
    return render(request, "disclosures/item.html", context)


def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """An earlier version of a live item, under a 这是历史版本 banner."""
    item = selectors.public_item(pk)
    if item.live_version_id and item.live_version.number == number:
        return redirect(item)
    version = selectors.public_history_version(item, number)
    columns = selectors.public_columns()
    context = _item_context(item, version, columns)
    context["is_history"] = True
    return render(request, "disclosures/item.html", context)


def item_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A clean page for printing the live version."""
    item = selectors.public_item(pk)
    if item.is_withdrawn:
        return redirect(item)
    version = item.live_version
    return render(
        request,
        "disclosures/item_print.html",
        {"item": item, "version": version, "attachments": list(version.attachments.all())},
    )


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """An attachment of a public version, as a download under its original name."""
    from gongkai.core.files import FileKind

    att = selectors.public_attachment(pk)
    try:
        content_type = FileKind(att.kind).mime
    except ValueError:
        content_type = "application/octet-stream"
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=att.original_name, content_type=content_type)
