package openapi

import (
	"sort"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
)

// Paths of the records API of one form, relative to the server URL (the app's prefix).
func recordsPath(key string) string { return "/forms/" + key + "/records" }
func recordPath(key string) string  { return recordsPath(key) + "/{id}" }
func restorePath(key string) string { return recordPath(key) + "/restore" }
func historyPath(key string) string { return recordPath(key) + "/history" }

// operationID names an operation. Form keys hold no dots, so key + "." + a fixed verb is
// unique across the document.
func operationID(key, verb string) string { return key + "." + verb }

func (g *generator) shared() {
	for k, v := range sharedSchemas(g.lang) {
		g.schemas[k] = v
	}
}

// form adds one form's schemas and paths.
func (g *generator) form(i int, tf *template.Form, f *form.Form) error {
	key := tf.Key
	if err := g.formSchemas(tf, f); err != nil {
		return err
	}

	name := text(tf.Name, g.lang)
	filterable, sortable := queryUses(g.t, i)
	filterable, sortable = g.visiblePaths(key, filterable), g.visiblePaths(key, sortable)
	lang := g.lang
	tags := []any{key}
	record := func(status, en, zh string) obj { return recordResponse(lang, key, status, en, zh) }
	op := func(verb, summaryEN, summaryZH, descEN, descZH string, responses obj, errs ...string) obj {
		errorsFor(responses, errs...)
		o := obj{
			"operationId": operationID(key, verb),
			"tags":        tags,
			"summary":     say(lang, summaryEN+" "+name, summaryZH+name),
			"responses":   responses,
			"parameters":  []any{ref("parameters", paramLang)},
		}
		if d := say(lang, descEN, descZH); d != "" {
			o["description"] = d
		}
		return o
	}
	withParams := func(o obj, params ...any) obj {
		o["parameters"] = append(o["parameters"].([]any), params...)
		return o
	}
	writes := func(o obj) obj {
		o["security"] = unsafeSecurity()
		return o
	}
	body := func(schema, en, zh string) obj { return requestBody(lang, schema, en, zh) }

	list := op("list", "List records of", "列出记录：",
		"Records in keyset pages, newest first unless sort says otherwise. Only the fields the caller may see are returned and usable.",
		"按游标分页返回记录，默认最新的在前。只返回并允许使用调用者可见的字段。",
		obj{"200": obj{
			"description": say(lang, "One page of records.", "一页记录。"),
			"content":     obj{"application/json": obj{"schema": ref("schemas", pageName(key))}},
		}}, "400", "401", "403", "404", "500")
	withParams(list,
		obj{"name": "filter", "in": "query",
			"description": say(lang, "A filter of the query language as JSON. Filterable fields: ", "JSON 格式的查询语言筛选条件。可筛选字段：") + strings.Join(filterable, ", "),
			"content":     obj{"application/json": obj{"schema": ref("schemas", "Filter")}}},
		obj{"name": "sort", "in": "query",
			"description": say(lang, "Up to 4 comma-separated fields, - for descending, e.g. -_created. Sortable fields: ", "最多 4 个以逗号分隔的字段，前加 - 表示降序，如 -_created。可排序字段：") + strings.Join(sortable, ", "),
			"schema":      obj{"type": "string", "pattern": `^-?[A-Za-z_][A-Za-z0-9_.]*(,-?[A-Za-z_][A-Za-z0-9_.]*){0,3}$`}},
		ref("parameters", paramLimit), ref("parameters", paramCursor), ref("parameters", paramTotal), ref("parameters", paramDeleted))

	create := writes(op("create", "Create a record of", "新建记录：",
		"The data is validated against the form; formulas, lookups and serial numbers are filled by the server.",
		"数据按表单校验；公式、引用字段和流水号由系统填写。",
		record("201", "The record as stored.", "已保存的记录。"), "400", "401", "403", "409", "422", "429", "500"))
	create["requestBody"] = body(dataName(key), "The record's data.", "记录数据。")

	get := op("get", "Get a record of", "获取记录：", "", "",
		record("200", "The record.", "记录。"), "401", "403", "404", "500")
	withParams(get, ref("parameters", paramID))

	update := writes(op("update", "Update a record of", "修改记录：",
		"Changes the given fields; the whole record is then validated again. If-Match must carry the version read.",
		"修改给定的字段，然后整条记录重新校验。If-Match 必须带上读取时的版本号。",
		record("200", "The record after the change.", "修改后的记录。"), "400", "401", "403", "404", "409", "412", "422", "428", "429", "500"))
	withParams(update, ref("parameters", paramID), ref("parameters", paramIfMatch))
	update["requestBody"] = body(patchName(key), "The fields to change.", "要修改的字段。")

	del := writes(op("delete", "Delete a record of", "删除记录：",
		"Moves the record to the recycle bin; restore brings it back.",
		"将记录移入回收站；可通过恢复操作找回。",
		obj{"204": obj{"description": say(lang, "Deleted.", "已删除。")}}, "400", "401", "403", "404", "412", "500"))
	withParams(del, ref("parameters", paramID), ref("parameters", paramIfAny))

	restore := writes(op("restore", "Restore a deleted record of", "恢复已删除的记录：",
		"Takes the record out of the trash: 409 not_deleted when it is not in it, 409 duplicate when a live record has taken one of its unique values.",
		"将记录移出回收站：记录不在回收站时返回 409 not_deleted；其唯一字段的值已被其他记录占用时返回 409 duplicate。",
		record("200", "The restored record.", "恢复后的记录。"), "400", "401", "403", "404", "409", "412", "500"))
	withParams(restore, ref("parameters", paramID), ref("parameters", paramIfAny))

	history := op("history", "History of a record of", "记录的变更历史：",
		"Every change, oldest first: who, when, which fields from what to what; deleted records too.",
		"每一次变更，按时间先后排列：谁、何时、哪些字段从什么改为什么；已删除的记录也可查看。",
		obj{"200": obj{
			"description": say(lang, "The record's changes.", "记录的变更。"),
			"content":     obj{"application/json": obj{"schema": ref("schemas", "HistoryPage")}},
		}}, "401", "403", "404", "500")
	withParams(history, ref("parameters", paramID), ref("parameters", paramLimit), ref("parameters", paramCursor))

	g.paths[recordsPath(key)] = obj{"get": list, "post": create}
	g.paths[recordPath(key)] = obj{"get": get, "patch": update, "delete": del}
	g.paths[restorePath(key)] = obj{"post": restore}
	g.paths[historyPath(key)] = obj{"get": history}
	return nil
}

// formSchemas adds the schemas of one form's records: its data, a patch, a stored record
// and a page of them.
func (g *generator) formSchemas(tf *template.Form, f *form.Form) error {
	key := tf.Key
	data, err := g.dataSchema(tf, f)
	if err != nil {
		return err
	}
	g.schemas[dataName(key)] = data
	g.schemas[patchName(key)] = patchSchema(key, f, g.lang, g.hidden[key])
	g.schemas[recordName(key)] = recordSchema(key, tf, g.lang)
	g.schemas[pageName(key)] = pageSchema(key, g.lang)
	return nil
}

// recordResponse is a response with status carrying one record of form key and its ETag.
func recordResponse(lang, key, status, en, zh string) obj {
	return obj{status: obj{
		"description": say(lang, en, zh),
		"headers": obj{"ETag": obj{
			"description": say(lang, "The record's version, quoted: send it back as If-Match.", "带引号的记录版本号：修改时作为 If-Match 发回。"),
			"schema":      obj{"type": "string"},
		}},
		"content": obj{"application/json": obj{"schema": ref("schemas", recordName(key))}},
	}}
}

// requestBody is a required JSON request body of the named schema.
func requestBody(lang, schema, en, zh string) obj {
	return obj{
		"required":    true,
		"description": say(lang, en, zh),
		"content":     obj{"application/json": obj{"schema": ref("schemas", schema)}},
	}
}

// queryUses lists the paths of form i that a filter and a sort may use, sorted.
func queryUses(t *template.Template, i int) (filterable, sortable []string) {
	for path, f := range t.QueryFields(i) {
		if f.Filter {
			filterable = append(filterable, path)
		}
		if f.Sort {
			sortable = append(sortable, path)
		}
	}
	sort.Strings(filterable)
	sort.Strings(sortable)
	return filterable, sortable
}
