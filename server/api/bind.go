package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
)

// bind decodes the JSON body into dst strictly: malformed JSON, trailing data, wrong types
// and unknown fields are 400s naming the place, never silently dropped.
func bind(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return fault.New(fault.BadRequest, "invalid_json", "The request body must be a JSON object.", "请求体必须是 JSON 对象。")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonFault(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fault.New(fault.BadRequest, "invalid_json", "Unexpected data after the JSON value.", "JSON 之后有多余内容。")
	}
	return nil
}

func jsonFault(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fault.New(fault.BadRequest, "invalid_json", "The request body is not valid JSON.", "请求体不是有效的 JSON。").Wrap(err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fault.New(fault.BadRequest, "invalid_json", "The request body is not valid JSON.", "请求体不是有效的 JSON。").Wrap(err)
	case errors.As(err, &typ):
		ptr := "/" + strings.ReplaceAll(typ.Field, ".", "/")
		if typ.Field == "" {
			ptr = ""
		}
		return fault.New(fault.BadRequest, "invalid_type", "A value has the wrong type.", "字段值类型错误。").
			WithField(ptr, "type", "Expected "+typ.Type.String()+".", "类型应为 "+typ.Type.String()+"。").Wrap(err)
	}
	// encoding/json reports unknown fields only as text: `json: unknown field "x"`.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		ptr := "/" + strings.Trim(name, `"`)
		return fault.New(fault.BadRequest, "unknown_field", "The request has a field this endpoint does not accept.", "请求包含不被接受的字段。").
			WithField(ptr, "unknown_field", "Unknown field.", "未知字段。").Wrap(err)
	}
	return fault.New(fault.BadRequest, "invalid_json", "The request body is not valid JSON.", "请求体不是有效的 JSON。").Wrap(err)
}
