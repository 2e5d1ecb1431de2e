package fileformat

import (
	"bytes"

	"github.com/outagekit/postmortem/internal/problem"
)

// UnmarshalJSON is the body of the UnmarshalJSON methods of the module's
// file types, so that encoding/json reads a value in its file's schema
// instead of by Go field names (which would silently drop a field such as
// a tier's at_least): it reads data, a JSON object, into a new T strictly,
// as Load reads a JSON file with opts, validates it with validate (nil
// for none) and stores it in *dst only when there is no problem. The
// problems are a *problem.Error; they have no file name, so they read
// "line 3: window.kind: unknown value ...". JSON null leaves *dst
// unchanged, as encoding/json does for its own types.
func UnmarshalJSON[T any](data []byte, dst *T, opts Options, validate func(v *T, l *problem.List, doc *Doc)) error {
	trimmed := bytes.TrimSpace(data)
	if string(trimmed) == "null" {
		return nil
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		// Load would read anything else as YAML.
		return &problem.Error{Problems: []problem.Problem{{Line: 1, Msg: "want a JSON object"}}}
	}
	v := new(T)
	err := Load("", trimmed, v, opts, func(l *problem.List, doc *Doc) {
		if validate != nil {
			validate(v, l, doc)
		}
	})
	if err != nil {
		return err
	}
	*dst = *v
	return nil
}

// MarshalJSON is the body of the MarshalJSON methods of the module's file
// types: v in its file's schema, as Encode writes it in JSON, which
// UnmarshalJSON reads back.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := Encode(&b, v, JSON); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
