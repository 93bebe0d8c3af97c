package templates

import (
	"time"

	"github.com/formloom/formloom/builder/template"
)

// Where a gallery entry comes from.
const (
	SourceStarter   = "starter"
	SourceWorkspace = "workspace"
)

// Entry is a gallery template's description.
type Entry struct {
	Key         string         `json:"key"`
	Name        template.Text  `json:"name"`
	Description *template.Text `json:"description,omitempty"`
	Version     string         `json:"version,omitempty"`
	Forms       int            `json:"forms"`
	Category    string         `json:"category"`
	Source      string         `json:"source"` // SourceStarter or SourceWorkspace
	// Title and Summary are Name and Description in one language, filled by Localize.
	Title     string     `json:"title,omitempty"`
	Summary   string     `json:"summary,omitempty"`
	CreatedBy string     `json:"createdBy,omitempty"`
	Created   *time.Time `json:"created,omitempty"`
}

func describe(t *template.Template, category, source string) Entry {
	return Entry{Key: t.Key, Name: t.Name, Description: t.Description, Version: t.Version, Forms: len(t.Forms), Category: category, Source: source}
}

// Localize fills Title and Summary in lang (a language tag: zh… is Chinese, else English).
func Localize(es []Entry, lang string) []Entry {
	out := make([]Entry, len(es))
	for i, e := range es {
		e.Title = e.Name.In(lang)
		if e.Description != nil {
			e.Summary = e.Description.In(lang)
		}
		out[i] = e
	}
	return out
}
