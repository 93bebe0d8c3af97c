package api

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// errorBody is the one error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Status  int                   `json:"status"`
	Code    string                `json:"code"`
	Message string                `json:"message"`
	Fields  map[string]fieldError `json:"fields"`
}

type fieldError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

var kindStatus = map[fault.Kind]int{
	fault.BadRequest:           fiber.StatusBadRequest,
	fault.Unauthenticated:      fiber.StatusUnauthorized,
	fault.Forbidden:            fiber.StatusForbidden,
	fault.NotFound:             fiber.StatusNotFound,
	fault.Conflict:             fiber.StatusConflict,
	fault.Precondition:         fiber.StatusPreconditionFailed,
	fault.PreconditionRequired: fiber.StatusPreconditionRequired,
	fault.TooLarge:             fiber.StatusRequestEntityTooLarge,
	fault.Invalid:              fiber.StatusUnprocessableEntity,
	fault.TooMany:              fiber.StatusTooManyRequests,
	fault.Unavailable:          fiber.StatusServiceUnavailable,
}

// language picks zh or en from Accept-Language, honouring q-values; English by default.
func language(header string) string {
	best, bestQ := "en", -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		tag = strings.ToLower(tag)
		var lang string
		switch {
		case strings.HasPrefix(tag, "zh"):
			lang = "zh"
		case strings.HasPrefix(tag, "en"):
			lang = "en"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

// toFault turns any error into a client-facing fault; ok is false for internal errors.
func toFault(err error) (*fault.Error, bool) {
	if fe, ok := fault.As(err); ok {
		return fe, true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return deadlineFault(), true
	}
	if errors.Is(err, store.ErrConstraintUnavailable) {
		return fault.Of("constraint_unavailable"), true
	}
	var qe *store.QueryError
	if errors.As(err, &qe) {
		return fault.Of("invalid_query").WithProblem(qe.Path, qe.Words()), true
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fiber.StatusNotFound:
			return fault.Of("not_found.resource"), true
		case fiber.StatusMethodNotAllowed:
			return fault.Of("method_not_allowed"), true
		case fiber.StatusRequestEntityTooLarge:
			return fault.Of("body_too_large"), true
		case fiber.StatusBadRequest:
			return fault.Of("bad_request"), true
		case fiber.StatusRequestHeaderFieldsTooLarge:
			return headersTooLarge(), true
		case fiber.StatusRequestURITooLong:
			return uriTooLong(), true
		case fiber.StatusRequestTimeout:
			return fault.Of("timeout"), true
		}
	}
	return nil, false
}

// statusOf is the HTTP status for a fault, with method_not_allowed kept at 405.
func statusOf(fe *fault.Error) int {
	if s, ok := codeStatus[fe.Code]; ok {
		return s
	}
	if s, ok := kindStatus[fe.Kind]; ok {
		return s
	}
	return fiber.StatusInternalServerError
}

// errorHandler renders every error, from handlers, middleware and Fiber itself.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		lang := language(c.Get(fiber.HeaderAcceptLanguage))
		if requestID(c) == "" {
			// Fiber calls this directly for requests it could not parse (a head over the read
			// buffer): no middleware ran, so give the request an id and log it here.
			assignRequestID(c)
			log.WarnContext(c.UserContext(), "request refused before routing", "requestId", requestID(c), "err", err)
		}
		fe, ok := toFault(err)
		if !ok {
			log.ErrorContext(c.UserContext(), "internal error", "err", err, "requestId", requestID(c), "method", c.Method(), "path", c.Path())
			fe = fault.Of("internal_error")
		}
		body := errorBody{Error: detailOf(fe, lang)}
		status := body.Error.Status
		if fe.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(fe.RetryAfter.Seconds()))))
		}
		return c.Status(status).JSON(body)
	}
}

// detailOf is a fault in the error shape, in lang.
func detailOf(fe *fault.Error, lang string) errorDetail {
	d := errorDetail{Status: statusOf(fe), Code: fe.Code, Message: fe.Text.In(lang), Fields: map[string]fieldError{}}
	for ptr, f := range fe.Fields {
		d.Fields[ptr] = fieldError{Code: f.Code, Message: f.Text.In(lang)}
	}
	return d
}
