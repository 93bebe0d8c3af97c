package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrParse is wrapped by the errors of Parse, ParseAutomation and ParseCalendar.
var ErrParse = errors.New("pipeline: cannot read definition")

// Parse reads a pipeline, refusing members the format does not have.
func Parse(raw json.RawMessage) (*Pipeline, error) {
	var p Pipeline
	if err := strict(raw, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ParseAutomation reads an automation, refusing members the format does not have.
func ParseAutomation(raw json.RawMessage) (*Automation, error) {
	var a Automation
	if err := strict(raw, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// ParseCalendar reads a business calendar, refusing members the format does not have.
func ParseCalendar(raw json.RawMessage) (*Calendar, error) {
	var c Calendar
	if err := strict(raw, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// strict decodes exactly one JSON object into v with unknown members refused.
func strict(raw json.RawMessage, v any) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return fmt.Errorf("%w: not a JSON object", ErrParse)
	}
	d := json.NewDecoder(bytes.NewReader(trimmed))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%w: %w", ErrParse, err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: data after the object", ErrParse)
	}
	return nil
}
