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
		return fault.Of("invalid_json.not_object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonFault(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fault.Of("invalid_json.trailing_data")
	}
	return nil
}

func jsonFault(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fault.Of("invalid_json").Wrap(err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fault.Of("invalid_json").Wrap(err)
	case errors.As(err, &typ):
		ptr := "/" + strings.ReplaceAll(typ.Field, ".", "/")
		if typ.Field == "" {
			ptr = ""
		}
		return fault.Of("invalid_type").
			WithProblem(ptr, fault.Problem("type.body").Fill("type", typ.Type.String())).Wrap(err)
	}
	// encoding/json reports unknown fields only as text: `json: unknown field "x"`.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		ptr := "/" + strings.Trim(name, `"`)
		return fault.Of("unknown_field.body").
			WithProblem(ptr, fault.Problem("unknown_field.body")).Wrap(err)
	}
	return fault.Of("invalid_json").Wrap(err)
}
