package openapi

// Parts of the document shared by every form: the record envelope, the error shape, the
// filter language, history entries, parameters, responses and security schemes. The
// envelope and the route shapes here are the records API's contract (docs/API.md); keep
// them in step with runtime/records.

// envelope is the record as the API answers it, around the form's data (runtime/records.Record).
func envelope(lang string) obj {
	ro := func(s obj) obj { s["readOnly"] = true; return s }
	return obj{
		"type":     "object",
		"required": []any{"id", "version", "formVersion", "created", "updated", "createdBy", "updatedBy", "owner", "data"},
		"properties": obj{
			"id":          ro(obj{"type": "string", "description": say(lang, "The record's ID.", "记录 ID。")}),
			"version":     ro(obj{"type": "integer", "minimum": 1, "description": say(lang, "The record's version, also its ETag: send it as If-Match to change the record.", "记录的版本号，也是其 ETag：修改记录时作为 If-Match 发送。")}),
			"formVersion": ro(obj{"type": "integer", "minimum": 1, "description": say(lang, "The app version the record is validated and shown with.", "记录校验和显示所用的应用版本。")}),
			"created":     ro(obj{"type": "string", "format": "date-time"}),
			"updated":     ro(obj{"type": "string", "format": "date-time"}),
			"createdBy":   ro(obj{"type": "string", "description": say(lang, "Who created it (user ID).", "创建人（用户 ID）。")}),
			"updatedBy":   ro(obj{"type": "string", "description": say(lang, "Who changed it last (user ID).", "最后修改人（用户 ID）。")}),
			"owner":       ro(obj{"type": "string", "description": say(lang, "Whose record it is (user ID), for data scopes such as \"own\".", "记录的负责人（用户 ID），用于“本人”等数据范围。")}),
			"deleted":     ro(obj{"type": "boolean", "description": say(lang, "True for a record in the trash.", "在回收站中的记录为 true。")}),
			"deletedAt":   ro(obj{"type": "string", "format": "date-time"}),
		},
	}
}

// sharedSchemas are the schemas every form's operations refer to.
func sharedSchemas(lang string) obj {
	return obj{
		"Error":        errorSchema(lang),
		"Filter":       filterSchema(lang),
		"HistoryEntry": historyEntry(lang),
		"HistoryPage": obj{
			"type":     "object",
			"required": []any{"items", "next"},
			"properties": obj{
				"items": obj{"type": "array", "items": ref("schemas", "HistoryEntry")},
				"next":  nextCursor(lang),
			},
		},
	}
}

// errorSchema is the product's one error shape.
func errorSchema(lang string) obj {
	return obj{
		"type":        "object",
		"title":       say(lang, "Error", "错误"),
		"description": say(lang, "Every error has this shape. Codes are stable words; messages follow Accept-Language (zh-CN, en).", "所有错误都是这一结构。code 是稳定的标识；message 随 Accept-Language（zh-CN、en）而变。"),
		"required":    []any{"error"},
		"properties": obj{
			"error": obj{
				"type":     "object",
				"required": []any{"status", "code", "message", "fields"},
				"properties": obj{
					"status":  obj{"type": "integer", "minimum": 400, "maximum": 599},
					"code":    obj{"type": "string", "examples": []any{"validation_failed"}},
					"message": obj{"type": "string"},
					"fields": obj{
						"type":        "object",
						"description": say(lang, "Problems by field: keys are JSON pointers into the submitted data, such as /items/2/qty. Empty when the error is not about fields.", "按字段列出的问题：键是指向提交数据的 JSON 指针，如 /items/2/qty。与字段无关的错误为空对象。"),
						"additionalProperties": obj{
							"type":     "object",
							"required": []any{"code", "message"},
							"properties": obj{
								"code":    obj{"type": "string", "examples": []any{"required"}},
								"message": obj{"type": "string"},
							},
						},
					},
				},
			},
		},
	}
}

// filterSchema is the query language's filter: a tree of and/or/not nodes over
// comparisons, or {} for every record.
func filterSchema(lang string) obj {
	node := ref("schemas", "Filter")
	list := obj{"type": "array", "minItems": 1, "items": node}
	return obj{
		"title":       say(lang, "Filter", "筛选条件"),
		"description": say(lang, "A filter of the query language (docs/query-language.md). Fields the caller may not see do not exist.", "查询语言的筛选条件（见 docs/query-language.md）。调用者不可见的字段视为不存在。"),
		"anyOf": []any{
			obj{"type": "object", "maxProperties": 0},
			obj{"type": "object", "required": []any{"and"}, "additionalProperties": false, "properties": obj{"and": list}},
			obj{"type": "object", "required": []any{"or"}, "additionalProperties": false, "properties": obj{"or": list}},
			obj{"type": "object", "required": []any{"not"}, "additionalProperties": false, "properties": obj{"not": node}},
			obj{
				"type":                 "object",
				"required":             []any{"field", "op"},
				"additionalProperties": false,
				"properties": obj{
					"field": obj{"type": "string"},
					"op": obj{"enum": []any{"eq", "ne", "in", "nin", "lt", "lte", "gt", "gte",
						"exists", "contains", "startsWith"}},
					"value": obj{},
					"param": obj{"enum": []any{"currentUser", "currentDepartments", "today", "now"}},
				},
			},
		},
	}
}

func historyEntry(lang string) obj {
	return obj{
		"type":     "object",
		"title":    say(lang, "A change", "一次变更"),
		"required": []any{"id", "action", "actor", "at", "version", "formVersion", "changes"},
		"properties": obj{
			"id":              obj{"type": "string"},
			"action":          obj{"enum": []any{"created", "updated", "deleted", "restored", "migrated"}},
			"actor":           obj{"type": "string", "description": say(lang, "Who made the change (user ID).", "变更人（用户 ID）。")},
			"at":              obj{"type": "string", "format": "date-time"},
			"version":         obj{"type": "integer", "minimum": 1, "description": say(lang, "The record's version after the change.", "变更后的记录版本。")},
			"formVersion":     obj{"type": "integer", "minimum": 1, "description": say(lang, "The app version the record is on after the change.", "变更后记录所用的应用版本。")},
			"fromFormVersion": obj{"type": "integer", "minimum": 1, "description": say(lang, "For a migration: the app version before.", "迁移时：迁移前的应用版本。")},
			"changes": obj{
				"type": "array",
				"items": obj{
					"type":     "object",
					"required": []any{"field"},
					"properties": obj{
						"field": obj{"type": "string", "description": say(lang, "The field's path.", "字段路径。")},
						"from":  obj{"description": say(lang, "The value before; null when there was none.", "变更前的值；原来没有值时为 null。")},
						"to":    obj{"description": say(lang, "The value after; null when cleared.", "变更后的值；被清空时为 null。")},
					},
				},
			},
		},
	}
}

// The shared parameters.
const (
	paramID      = "RecordID"
	paramIfMatch = "IfMatch"
	paramIfAny   = "IfMatchOptional"
	paramDeleted = "Deleted"
	paramLimit   = "Limit"
	paramCursor  = "Cursor"
	paramTotal   = "Total"
	paramLang    = "AcceptLanguage"
)

func sharedParameters(lang string) obj {
	return obj{
		paramID: obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "string"},
			"description": say(lang, "The record's ID.", "记录 ID。")},
		paramIfMatch: obj{"name": "If-Match", "in": "header", "required": true, "schema": ifMatchSchema(), "example": `"3"`,
			"description": say(lang, "The version of the record the change is based on (its ETag); a stale one is refused with 412, * takes any.", "修改所基于的记录版本（即其 ETag）；版本已过期时返回 412，* 表示任意版本。")},
		paramIfAny: obj{"name": "If-Match", "in": "header", "schema": ifMatchSchema(), "example": `"3"`,
			"description": say(lang, "Optional: the version of the record the change is based on; a stale one is refused with 412.", "可选：操作所基于的记录版本；版本已过期时返回 412。")},
		paramDeleted: obj{"name": "deleted", "in": "query", "schema": obj{"type": "boolean", "default": false},
			"description": say(lang, "List the trash instead of the live records.", "列出回收站中的记录，而不是正常记录。")},
		paramLimit: obj{"name": "limit", "in": "query",
			"schema":      obj{"type": "integer", "minimum": 1, "maximum": 500, "default": 20},
			"description": say(lang, "Page size.", "每页条数。")},
		paramCursor: obj{"name": "cursor", "in": "query", "schema": obj{"type": "string"},
			"description": say(lang, "The next of the previous page (with the same filter and sort).", "上一页返回的 next（筛选和排序须与上一页相同）。")},
		paramTotal: obj{"name": "total", "in": "query", "schema": obj{"type": "boolean", "default": false},
			"description": say(lang, "Also count every matching record (a separate query).", "同时统计匹配记录总数（额外的一次查询）。")},
		paramLang: obj{"name": "Accept-Language", "in": "header", "schema": obj{"type": "string", "examples": []any{"zh-CN", "en"}},
			"description": say(lang, "Language of error messages: zh-CN or en.", "错误消息的语言：zh-CN 或 en。")},
	}
}

// ifMatchSchema accepts a version as ETags give it ("3", 3, W/"3") or *.
func ifMatchSchema() obj {
	return obj{"type": "string", "pattern": `^(\*|(W/)?"?[0-9]+"?)$`}
}

// nextCursor describes the cursor of the next page.
func nextCursor(lang string) obj {
	return obj{"type": "string", "description": say(lang,
		"Pass it back as the cursor parameter for the next page; empty on the last page.",
		"作为 cursor 参数传回以获取下一页；最后一页为空。")}
}

// errorResponses lists the shared error responses by status.
var errorResponses = []struct {
	status, name, en, zh string
}{
	{"400", "BadRequest", "Malformed request: invalid JSON, unknown or read-only fields, a bad query or If-Match (invalid_json, unknown_field, readonly_field, invalid_query, invalid_if_match).", "请求格式错误：JSON 无效、未知字段或只读字段、查询条件或 If-Match 无效（invalid_json、unknown_field、readonly_field、invalid_query、invalid_if_match）。"},
	{"401", "Unauthenticated", "Not signed in (unauthenticated).", "未登录（unauthenticated）。"},
	{"403", "Forbidden", "Signed in but not allowed, or the CSRF token is missing (forbidden, csrf_failed).", "已登录但无权限，或缺少 CSRF 令牌（forbidden、csrf_failed）。"},
	{"404", "NotFound", "No such record, or not visible to the caller (not_found).", "记录不存在或对调用者不可见（not_found）。"},
	{"409", "Conflict", "A unique field's value is taken, or the record's state forbids this; fields names the field.", "唯一字段的值已被占用，或记录当前状态不允许该操作；fields 指出字段。"},
	{"412", "PreconditionFailed", "The record changed since the version sent in If-Match.", "记录在 If-Match 所给版本之后已被修改。"},
	{"428", "PreconditionRequired", "If-Match is missing: an update must name the version it changes (if_match_required).", "缺少 If-Match：修改必须指明所基于的版本（if_match_required）。"},
	{"422", "ValidationFailed", "The data does not pass the form's rules; fields has one entry per bad field (validation_failed).", "数据未通过表单校验；fields 中每个错误字段一项（validation_failed）。"},
	{"429", "TooManyRequests", "Too many requests; retry after Retry-After seconds.", "请求过多；请在 Retry-After 秒后重试。"},
	{"500", "InternalError", "Something went wrong on the server; details are only in its log, under X-Request-ID (internal_error).", "服务器内部错误；详情仅记录在服务器日志中，可按 X-Request-ID 查找（internal_error）。"},
}

func sharedResponses(lang string) obj {
	out := obj{}
	for _, r := range errorResponses {
		out[r.name] = obj{
			"description": say(lang, r.en, r.zh),
			"content":     obj{"application/json": obj{"schema": ref("schemas", "Error")}},
		}
	}
	return out
}

// errorsFor references the shared responses of the given statuses.
func errorsFor(responses obj, statuses ...string) {
	for _, s := range statuses {
		for _, r := range errorResponses {
			if r.status == s {
				responses[s] = ref("responses", r.name)
			}
		}
	}
}

// The security schemes.
const (
	schemeBearer = "bearerAuth"
	schemeCookie = "cookieAuth"
	schemeCSRF   = "csrfToken"
)

func securitySchemes(lang string) obj {
	return obj{
		schemeBearer: obj{"type": "http", "scheme": "bearer",
			"description": say(lang, "An API token (fl_…) from POST /api/v1/auth/tokens.", "通过 POST /api/v1/auth/tokens 获取的 API 令牌（fl_…）。")},
		schemeCookie: obj{"type": "apiKey", "in": "cookie", "name": "formloom_session",
			"description": say(lang, "The session cookie set by POST /api/v1/auth/login.", "POST /api/v1/auth/login 设置的会话 Cookie。")},
		schemeCSRF: obj{"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
			"description": say(lang, "With the session cookie, unsafe methods must send the csrfToken answered by sign-in and GET /api/v1/auth/me.", "使用会话 Cookie 时，非安全方法必须携带登录或 GET /api/v1/auth/me 返回的 csrfToken。")},
	}
}

// safeSecurity is the requirement of reads: a token or a session.
func safeSecurity() []any {
	return []any{obj{schemeBearer: []any{}}, obj{schemeCookie: []any{}}}
}

// unsafeSecurity is the requirement of writes: a token, or a session with its CSRF token.
func unsafeSecurity() []any {
	return []any{obj{schemeBearer: []any{}}, obj{schemeCookie: []any{}, schemeCSRF: []any{}}}
}
