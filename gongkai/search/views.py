"""The public search page: works without JavaScript; results are an ordered list with pagination links."""

from __future__ import annotations

from django.shortcuts import render

from gongkai.disclosures.models import Validity

from . import services
from .forms import QueryStrings, params_from, query_string
from .selectors import filter_choices, popular_searches, search_public

def search(request):
    params = params_from(request.GET)
    results = search_public(params)
    if params.q and params.page == 1 and not results.degraded:
        services.search_record(query=params.q, results=results.count)
    page = min(params.page, results.num_pages)
    link = QueryStrings(params)
    # Display lists precomputed here, so the template's loops only print: (label, url, selected, count text).
    approx = "约" if results.facets_approximate else ""
    facet_links = {}
    for name, values in results.facets.items():
        if name == "year":
            clear, pick = {"year_from": "", "year_to": ""}, lambda v: {"year_from": v, "year_to": v}
        else:
            clear, pick = {name: ""}, lambda v, name=name: {name: v}
        facet_links[name] = [
            (
                value.label,
                "?" + link(**(clear if value.selected else pick(value.value)), page=""),
                value.selected,
                f"{approx}{value.count}",
            )
            for value in values
        ]
    context = {
        "params": params,
        "results": results,
        "page": page,
        "first_number": (page - 1) * params.page_size + 1,
        "prev_url": "?" + link(page=page - 1) if page > 1 else "",
        "next_url": "?" + link(page=page + 1) if page < results.num_pages else "",
        "page_links": [(n, "?" + link(page=n)) for n in _page_window(page, results.num_pages)],
        "facet_links": facet_links,
        "relax_links": [(r, "?" + query_string(r.params)) for r in results.relaxations],
        "sort_links": [
            (key, label, "?" + link(sort=key if key != "relevance" else "", page=""))
            for key, label in (("relevance", "按相关度"), ("date", "按日期"))
        ],
        "popular": popular_searches() if not params.q or not results.count else [],
        # (value, label) lists: the template tag builds their <option> elements once and marks the selected one
        "validity_choices": Validity.choices,
        "choices": filter_choices(),
        "search_q": params.q,
        "breadcrumbs": [("搜索", None)],
    }
    return render(request, "search/results.html", context)


def _page_window(page: int, pages: int, width: int = 2) -> list[int]:
    return list(range(max(1, page - width), min(pages, page + width) + 1))
