package template

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
)

// CodeInvalidTemplate is the code of the fault.Error a *Problems converts to.
const CodeInvalidTemplate = "invalid_template"

// MaxProblems bounds how many problems one check reports; the rest are dropped after
// the list is sorted, so the first ones in the document are always kept.
const MaxProblems = 200

// Problem is one thing wrong with a template, located by a JSON pointer into it.
type Problem struct {
	Pointer string
	Code    string // a stable word; the codes are listed in docs/template-format.md
	Text    fault.Text
}

// MarshalJSON writes {"pointer", "code", "message": {"en", "zh-CN"}}.
func (p Problem) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Pointer string            `json:"pointer"`
		Code    string            `json:"code"`
		Message map[string]string `json:"message"`
	}{p.Pointer, p.Code, map[string]string{"en": p.Text.EN, "zh-CN": p.Text.ZH}})
}

// Problems is the error Check returns for a template that is not valid: every problem
// found, in document order. errors.As (and fault.As) also see it as a *fault.Error of
// kind fault.Invalid, code invalid_template, with one field per pointer.
type Problems struct {
	List []Problem
}

func (p *Problems) Error() string {
	if len(p.List) == 0 {
		return "template: not valid"
	}
	first := p.List[0]
	ptr := first.Pointer
	if ptr == "" {
		ptr = "/"
	}
	if len(p.List) == 1 {
		return fmt.Sprintf("template: %s at %s: %s", first.Code, ptr, first.Text.EN)
	}
	return fmt.Sprintf("template: %s at %s: %s (and %d more problems)", first.Code, ptr, first.Text.EN, len(p.List)-1)
}

// MarshalJSON writes the list of problems.
func (p *Problems) MarshalJSON() ([]byte, error) {
	if p.List == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(p.List)
}

// Fault converts the problems into the product's error shape. Where several problems
// share a pointer, the first one is the field's.
func (p *Problems) Fault() *fault.Error {
	fe := fault.Of("invalid_template")
	for _, pr := range p.List {
		if _, seen := fe.Fields[pr.Pointer]; seen {
			continue
		}
		fe.WithField(pr.Pointer, pr.Code, pr.Text.EN, pr.Text.ZH)
	}
	return fe.Wrap(p)
}

// As lets errors.As find a *fault.Error in a *Problems, so that the HTTP layer maps it
// like any other client error.
func (p *Problems) As(target any) bool {
	if t, ok := target.(**fault.Error); ok {
		*t = p.Fault()
		return true
	}
	return false
}

// Has reports whether a problem with the pointer and code is in the list.
func (p *Problems) Has(pointer, code string) bool {
	for _, pr := range p.List {
		if pr.Pointer == pointer && pr.Code == code {
			return true
		}
	}
	return false
}

// collector gathers problems during a check.
type collector struct {
	list []Problem
}

// add records problem p (from the field catalogue, fault.Problem) at pointer.
func (c *collector) add(pointer string, p fault.FieldError) {
	c.list = append(c.list, Problem{Pointer: pointer, Code: p.Code, Text: p.Text})
}

func (c *collector) empty() bool { return len(c.list) == 0 }

// err returns the problems as an error, or nil (never a typed nil) when there are none.
func (c *collector) err() error {
	if p := c.result(); p != nil {
		return p
	}
	return nil
}

// result sorts the problems by pointer (numbers compared as numbers), drops exact
// repetitions and caps the list; it returns nil when there are none.
func (c *collector) result() *Problems {
	if len(c.list) == 0 {
		return nil
	}
	sort.SliceStable(c.list, func(i, j int) bool {
		return comparePointers(c.list[i].Pointer, c.list[j].Pointer) < 0
	})
	out := c.list[:0]
	for _, p := range c.list {
		if n := len(out); n > 0 && out[n-1].Pointer == p.Pointer && out[n-1].Code == p.Code {
			continue
		}
		out = append(out, p)
	}
	if len(out) > MaxProblems {
		out = out[:MaxProblems]
	}
	return &Problems{List: out}
}

// ptr builds a JSON pointer from tokens, escaping ~ and /.
func ptr(base string, tokens ...any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		switch v := t.(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case string:
			b.WriteString(escapeToken(v))
		default:
			b.WriteString(escapeToken(fmt.Sprint(v)))
		}
	}
	return b.String()
}

func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// comparePointers orders pointers token by token, numeric tokens numerically, so that
// /forms/2 comes before /forms/10 and a parent before its children.
func comparePointers(a, b string) int {
	ta := strings.Split(a, "/")
	tb := strings.Split(b, "/")
	for i := 0; i < len(ta) && i < len(tb); i++ {
		if ta[i] == tb[i] {
			continue
		}
		na, ea := strconv.Atoi(ta[i])
		nb, eb := strconv.Atoi(tb[i])
		switch {
		case ea == nil && eb == nil:
			if na < nb {
				return -1
			}
			return 1
		case ea == nil:
			return -1
		case eb == nil:
			return 1
		case ta[i] < tb[i]:
			return -1
		default:
			return 1
		}
	}
	return len(ta) - len(tb)
}
