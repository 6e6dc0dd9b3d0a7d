"""The public JSON API, version 1: each app contributes a router."""

from django.http import Http404
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.core.api import router as calendar_router
from gongkai.core.workdays import CalendarRangeError

# The answers any operation can give besides its own, in the shape the handlers below produce.
_ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string", "description": "中文说明"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "required": ["field", "message"], "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
}
_COMMON_ANSWERS = {
    "422": "参数不正确（含 NUL 等无效字符）",
    "400": "请求内容不是有效的 JSON",
    "401": "未登录或访问令牌无效、已吊销",
    "404": "未找到",
}


def _document_common_answers(schema: dict) -> None:
    """Every operation may answer 422; one with a body also 400, one with credentials 401, one that
    addresses a record by path 404. Documented once here, so no router can forget them."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
    ref = {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            applies = {
                "422": True,
                "400": "requestBody" in operation,
                "401": bool(operation.get("security")),
                "404": any(p.get("in") == "path" for p in operation.get("parameters", [])),
            }
            responses = operation.setdefault("responses", {})
            for status, description in _COMMON_ANSWERS.items():
                if applies[status] and status not in {str(code) for code in responses}:
                    responses[status] = {**ref, "description": description}


class GongkaiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_common_answers(schema)
        return schema


api = GongkaiAPI(title="Gongkai 政务公开 API", version="1", urls_namespace="api-v1")

api.add_router("/calendar", calendar_router)
api.add_router("/search", "gongkai.search.api.router")
api.add_router("/decisions", "gongkai.decisions.api.router")
api.add_router("/requests", "gongkai.info_requests.api.router")
api.add_router("/annual-reports", "gongkai.annual_reports.api.router")
api.add_router("/compliance", "gongkai.compliance.api.router")
api.add_router("/letters", "gongkai.letters.api.router")
api.add_router("/opinion", "gongkai.opinion.api.router")
api.add_router("/execution", "gongkai.implementation.api.router")
api.add_router("/results", "gongkai.results.api.router")
api.add_router("", "gongkai.publishing.api.router")


# Every invalid request answers 422 {"code", "message", "errors": [{"field", "message"}]}, in Chinese.
_MESSAGES = {
    "missing": "缺少参数 {field}。",
    "int_parsing": "参数 {field} 应为整数。",
    "int_type": "参数 {field} 应为整数。",
    "int_from_float": "参数 {field} 应为整数。",
    "float_parsing": "参数 {field} 应为数字。",
    "float_type": "参数 {field} 应为数字。",
    "decimal_parsing": "参数 {field} 应为数字。",
    "greater_than_equal": "参数 {field} 不能小于 {ge}。",
    "greater_than": "参数 {field} 应大于 {gt}。",
    "less_than_equal": "参数 {field} 不能大于 {le}。",
    "less_than": "参数 {field} 应小于 {lt}。",
    "date_parsing": "参数 {field} 应为日期，格式 YYYY-MM-DD。",
    "date_type": "参数 {field} 应为日期，格式 YYYY-MM-DD。",
    "date_from_datetime_parsing": "参数 {field} 应为日期，格式 YYYY-MM-DD。",
    "date_from_datetime_inexact": "参数 {field} 应为日期，格式 YYYY-MM-DD。",
    "datetime_parsing": "参数 {field} 应为日期时间，格式 YYYY-MM-DDTHH:MM。",
    "datetime_type": "参数 {field} 应为日期时间，格式 YYYY-MM-DDTHH:MM。",
    "bool_parsing": "参数 {field} 应为 true 或 false。",
    "bool_type": "参数 {field} 应为 true 或 false。",
    "string_type": "参数 {field} 应为文本。",
    "string_too_short": "参数 {field} 过短（至少 {min_length} 个字符）。",
    "string_too_long": "参数 {field} 过长（最多 {max_length} 个字符）。",
    "string_pattern_mismatch": "参数 {field} 格式不正确。",
    "enum": "参数 {field} 的取值不在允许范围内。",
    "literal_error": "参数 {field} 的取值不在允许范围内。",
    "list_type": "参数 {field} 应为列表。",
    "dict_type": "参数 {field} 应为对象。",
    "model_attributes_type": "请求内容应为 JSON 对象。",
    "json_invalid": "请求内容不是有效的 JSON。",
    "uuid_parsing": "参数 {field} 应为 UUID。",
}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _error_message(error: dict) -> tuple[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    field = ".".join(loc[1:]) or "请求内容"
    template = _MESSAGES.get(error.get("type", ""))
    if template:
        try:
            return field, template.format(field=field, **error.get("ctx", {}))
        except (KeyError, IndexError):
            pass
    msg = str(error.get("msg", ""))
    if _has_chinese(msg):  # our own PydanticCustomError messages are already Chinese
        return field, f"参数 {field}：{msg}" if field != "请求内容" else msg
    return field, f"参数 {field} 不正确。"


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [dict(zip(("field", "message"), _error_message(e), strict=True)) for e in exc.errors]
    message = "".join(dict.fromkeys(e["message"] for e in errors)) or "请求参数不正确。"
    return api.create_response(request, {"code": "invalid_input", "message": message, "errors": errors}, status=422)


@api.exception_handler(CalendarRangeError)
def calendar_range_error(request, exc: CalendarRangeError):
    return api.create_response(request, {"code": "calendar_out_of_range", "message": exc.message}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc: AuthenticationError):
    return api.create_response(request, {"code": "unauthorized", "message": "未登录或访问令牌无效、已吊销。"}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"code": "not_found", "message": "未找到该记录。"}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """A body that is not JSON answers with a stable code and a Chinese message; other HTTP errors as raised."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return api.create_response(request, {"code": "malformed_body", "message": "请求内容不是有效的 JSON。"}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


urlpatterns = [path("", api.urls)]
