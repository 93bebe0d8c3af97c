package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/formloom/formloom/fault"
)

// Limits on a template's JSON, checked before anything else reads it.
const (
	MaxBytes = 4 << 20 // a template is at most 4 MiB of JSON
	MaxDepth = 64      // objects and arrays nest at most this deep
)

// scan reads the JSON as a token stream, without building it, and reports what a
// decoder would silently accept or choke on later: broken syntax, a member name twice
// in one object (encoding/json keeps the last one), nesting beyond MaxDepth (which the
// recursive validators downstream must never see), and data after the value. It reports
// false when the document cannot be read any further.
func scan(raw []byte, c *collector) bool {
	if len(raw) > MaxBytes {
		c.add("", fault.Problem("too_large.template").Fill("max", MaxBytes).Fill("size", len(raw)))
		return false
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	s := scanner{}
	ok := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if s.values == 0 {
				c.add("", fault.Problem("bad_json.template_empty"))
				return false
			}
			return ok
		}
		if err != nil {
			c.add(s.pointer(), fault.Problem("bad_json.syntax").Fill("offset", d.InputOffset()).Fill("reason", err))
			return false
		}
		if len(s.stack) == 0 {
			s.values++
			if s.values > 1 {
				c.add("", fault.Problem("bad_json.there_data_after_template"))
				return false
			}
		}
		if top := s.top(); top != nil && top.obj && top.wantKey {
			if tok == json.Delim('}') {
				s.pop()
				continue
			}
			key, _ := tok.(string)
			if _, dup := top.seen[key]; dup {
				c.add(s.pointer()+"/"+escapeToken(key), fault.Problem("duplicate_member.member_appears_twice_object").Fill("key", strconv.Quote(key)))
				ok = false
			}
			top.seen[key] = struct{}{}
			top.key = key
			top.wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(s.stack) >= MaxDepth {
				c.add(s.pointer(), fault.Problem("too_deep.template").Fill("max", MaxDepth))
				return false
			}
			f := &frame{obj: tok == json.Delim('{')}
			if f.obj {
				f.wantKey = true
				f.seen = map[string]struct{}{}
			}
			s.stack = append(s.stack, f)
		case json.Delim(']'):
			s.pop()
		default:
			s.next()
		}
	}
}

// scanner tracks where in the document the token stream is.
type scanner struct {
	stack  []*frame
	values int
}

// frame is one open object or array.
type frame struct {
	obj     bool
	wantKey bool // in an object: the next token is a member name or '}'
	key     string
	n       int // in an array: index of the next item
	seen    map[string]struct{}
}

func (s *scanner) top() *frame {
	if len(s.stack) == 0 {
		return nil
	}
	return s.stack[len(s.stack)-1]
}

// next moves past a finished value.
func (s *scanner) next() {
	top := s.top()
	if top == nil {
		return
	}
	if top.obj {
		top.wantKey = true
	} else {
		top.n++
	}
}

func (s *scanner) pop() {
	s.stack = s.stack[:len(s.stack)-1]
	s.next()
}

// pointer is the location of the value being read.
func (s *scanner) pointer() string {
	var b []byte
	for _, f := range s.stack {
		if f.obj {
			if f.wantKey {
				break
			}
			b = append(b, '/')
			b = append(b, escapeToken(f.key)...)
		} else {
			b = fmt.Appendf(append(b, '/'), "%d", f.n)
		}
	}
	return string(b)
}
