package templates

import (
	"encoding/json"
	"fmt"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
)

// Rename gives a definition a new key and, when name is not nil, a new name, keeping every
// other member as it is: how an app's definition becomes a template of its own.
func Rename(def json.RawMessage, key string, name *template.Text) (json.RawMessage, error) {
	if key == "" {
		return nil, fault.FieldOf("/key", "required.key")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(def, &m); err != nil {
		return nil, fmt.Errorf("templates: read definition: %w", err)
	}
	k, err := json.Marshal(key)
	if err != nil {
		return nil, fmt.Errorf("templates: encode key: %w", err)
	}
	m["key"] = k
	if name != nil {
		n, err := json.Marshal(name)
		if err != nil {
			return nil, fmt.Errorf("templates: encode name: %w", err)
		}
		m["name"] = n
	}
	out, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("templates: encode definition: %w", err)
	}
	return out, nil
}
