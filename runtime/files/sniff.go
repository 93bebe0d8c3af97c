package files

import (
	"mime"
	"path"
	"strings"
	"unicode"
)

// baseType is a media type without its parameters, in lower case.
func baseType(ct string) string {
	t, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// accepted reports whether media type ct matches one of the patterns ("image/*",
// "application/pdf", "*/*"); no patterns accept anything.
func accepted(ct string, patterns []string) bool {
	if len(patterns) == 0 {
		return true
	}
	t := baseType(ct)
	major, _, _ := strings.Cut(t, "/")
	for _, p := range patterns {
		p = baseType(p)
		switch {
		case p == "*/*" || p == "*" || p == t:
			return true
		case strings.HasSuffix(p, "/*") && strings.TrimSuffix(p, "/*") == major:
			return true
		}
	}
	return false
}

// nameAgrees reports whether the file name's extension does not claim another kind of
// content than the one sniffed: a PNG called "x.html" is refused, "x.bin" or no extension
// is not. Generic sniffed types (plain text, unknown binary, zip containers) say too little
// to disagree with anything.
func nameAgrees(name, ct string) bool {
	ext := strings.ToLower(path.Ext(name))
	if ext == "" {
		return true
	}
	claimed := baseType(mime.TypeByExtension(ext))
	if claimed == "" {
		return true
	}
	sniffed := baseType(ct)
	switch sniffed {
	case "application/octet-stream", "text/plain", "application/zip":
		// Office documents, archives and text formats sniff as these.
		return !strings.HasPrefix(claimed, "image/") && claimed != "application/pdf" && claimed != "text/html"
	}
	if claimed == sniffed {
		return true
	}
	cm, _, _ := strings.Cut(claimed, "/")
	sm, _, _ := strings.Cut(sniffed, "/")
	return cm == sm && cm != "text"
}

// cleanName keeps the last element of a client's file name, without control characters,
// at most 255 bytes; "file" when nothing is left.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > 255 {
		_, size := lastRune(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	return name
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return rune(s[i]), len(s) - i
		}
	}
	return 0, 1
}
