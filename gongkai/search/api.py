"""The public search as JSON: GET /api/v1/search?q=…&column=…&agency=…&year_from=…&year_to=…&sort=…&page=…"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from .forms import params_from
from .selectors import MAX_PAGE_SIZE, MAX_PAGES, PAGE_SIZE, search_public

router = Router(tags=["全文检索"])


class SearchQuery(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="检索词：空格分隔的词都须出现；引号内为完整短语；-词 表示排除；可输入文号或索引号",
    )
    column: str = Field("", max_length=60, description="公开目录栏目标识（含下级栏目）")
    topic: str = Field("", max_length=20, description="主题分类代码（含下级分类）")
    agency: str = Field("", max_length=40, description="发布机构编号或标识")
    year_from: int | None = Field(None, ge=1949, le=2100, description="发布年份起")
    year_to: int | None = Field(None, ge=1949, le=2100, description="发布年份止")
    validity: str = Field("", max_length=20, description="有效性：valid、expired、repealed、amended、na")
    sort: Literal["relevance", "date"] = Field("relevance", description="relevance 按相关度（默认），date 按发布日期")
    page: int = Field(1, ge=1, le=MAX_PAGES, description="页码")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数")


class SearchHitOut(Schema):
    title: str
    url: str
    snippet: str = Field(description="正文摘要（HTML：文本已转义，命中的词以 <mark> 标出）")
    index_number: str
    document_number: str
    agency: str
    published_at: dt.datetime
    title_html: str = Field(description="标题（HTML，命中的词以 <mark> 标出）")
    column: str
    validity: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    count: int
    page: int
    num_pages: int
    results: list[SearchHitOut]
    facets: dict[str, list[FacetOut]]
    facets_approximate: bool = Field(description="结果很多时分面计数按抽样估算")
    suggestions: list[str] = Field(description="没有结果时推荐的检索词")
    synonyms: list[str] = Field(description="同时检索了的同义词")


@router.get("", response=SearchOut, summary="检索公开信息", url_name="search")
def search(request, query: Query[SearchQuery]):
    params = params_from({k: "" if v is None else str(v) for k, v in query.dict().items()})
    results = search_public(params)
    return {
        "count": results.count,
        "page": params.page,
        "num_pages": results.num_pages,
        "results": [
            {
                "title": h.title,
                "url": request.build_absolute_uri(h.url),
                "snippet": str(h.snippet),
                "index_number": h.index_number,
                "document_number": h.document_number,
                "agency": h.agency,
                "published_at": h.published_at,
                "title_html": str(h.title_html),
                "column": h.column,
                "validity": h.validity,
            }
            for h in results.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
        "facets_approximate": results.facets_approximate,
        "suggestions": results.suggestions,
        "synonyms": list(results.query.synonyms_used),
    }
