package form

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// SerialPattern is a parsed serial-number pattern such as "XS-{yyyy}-{seq:6}". Tokens:
// {yyyy} {yy} {MM} {dd} are the allocation date in the workspace's timezone, {seq:N} the
// sequence number zero-padded to N digits (longer numbers are not cut).
type SerialPattern struct {
	Source string
	parts  []serialPart
	digits int
}

type serialPart struct {
	lit   string
	token string // "", "yyyy", "yy", "MM", "dd" or "seq"
}

var errSerialPattern = errors.New("bad serial pattern")

func parseSerial(src string) (*SerialPattern, error) {
	p := &SerialPattern{Source: src}
	seqs := 0
	rest := src
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			p.parts = append(p.parts, serialPart{lit: rest})
			break
		}
		if rest[open] == '}' {
			return nil, errSerialPattern
		}
		if open > 0 {
			p.parts = append(p.parts, serialPart{lit: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, errSerialPattern
		}
		tok := rest[open+1 : open+end]
		rest = rest[open+end+1:]
		switch {
		case tok == "yyyy" || tok == "yy" || tok == "MM" || tok == "dd":
			p.parts = append(p.parts, serialPart{token: tok})
		case strings.HasPrefix(tok, "seq:"):
			n, err := strconv.Atoi(tok[4:])
			if err != nil || n < 1 || n > 12 {
				return nil, errSerialPattern
			}
			p.digits = n
			seqs++
			p.parts = append(p.parts, serialPart{token: "seq"})
		default:
			return nil, errSerialPattern
		}
	}
	if seqs != 1 {
		return nil, errSerialPattern
	}
	return p, nil
}

// Scope is the pattern rendered for t without the sequence number. Sequences count per
// scope, so "XS-{yyyy}-{seq:6}" restarts every year and "XS-{seq:6}" never does.
func (p *SerialPattern) Scope(t time.Time) string {
	return p.render(t, "{seq}")
}

// Format renders the serial number for sequence seq allocated at t (already in the
// workspace's timezone).
func (p *SerialPattern) Format(t time.Time, seq int64) string {
	s := strconv.FormatInt(seq, 10)
	if len(s) < p.digits {
		s = strings.Repeat("0", p.digits-len(s)) + s
	}
	return p.render(t, s)
}

func (p *SerialPattern) render(t time.Time, seq string) string {
	var b strings.Builder
	for _, part := range p.parts {
		switch part.token {
		case "":
			b.WriteString(part.lit)
		case "yyyy":
			b.WriteString(t.Format("2006"))
		case "yy":
			b.WriteString(t.Format("06"))
		case "MM":
			b.WriteString(t.Format("01"))
		case "dd":
			b.WriteString(t.Format("02"))
		case "seq":
			b.WriteString(seq)
		}
	}
	return b.String()
}
