package rca

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// Format is an incident file format.
type Format = fileformat.Format

// The incident file formats.
const (
	YAML = fileformat.YAML
	JSON = fileformat.JSON
)

// Load decodes an incident from the contents of a YAML or JSON file and
// validates it. name is the file name used in problems; it also chooses the
// format: JSON when it ends in ".json" (or ends in neither ".yaml" nor
// ".yml" and data starts with "{"), else YAML. Local wall-clock times in
// the file ("2014-04-18 10:32") are in the zone the file's top-level zone
// field names, UTC when it has none.
//
// Problems are returned together as a *ValidationError, decoding problems
// and validation problems alike, each with the file, line, column and field
// path, sorted by line. A field that failed to decode is not reported again
// by validation (nor is its enclosing element), and a document that could
// not be read at all (not a mapping, not YAML or JSON) is not validated.
// On error the returned incident is nil.
func Load(name string, data []byte) (*Incident, error) {
	inc := new(Incident)
	doc, err := fileformat.Decode(name, data, inc, fileformat.Options{ZoneField: "zone"})
	l := problem.List{File: name, Locator: doc}
	var failed []string
	whole := false // the document as a whole could not be read
	if err != nil {
		var perr *problem.Error
		if !errors.As(err, &perr) {
			return nil, fmt.Errorf("rca: %w", err)
		}
		for _, p := range perr.Problems {
			l.AddProblem(p)
			failed = append(failed, p.Path)
			whole = whole || p.Path == ""
		}
	}
	if !whole {
		for _, p := range inc.problems() {
			if related(p.Path, failed) {
				continue
			}
			if line, _ := doc.Locate(p.Path); p.OfZero && line == 0 {
				p.Msg = "missing"
			}
			l.Add(p.Path, p.Msg)
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return inc, nil
}

// related reports whether path is one of paths, inside one of them, or
// encloses one of them (the root, "", encloses nothing here).
func related(path string, paths []string) bool {
	for _, q := range paths {
		if q == "" {
			continue
		}
		if path == q || within(path, q) || (path != "" && within(q, path)) {
			return true
		}
	}
	return false
}

// within reports whether path is a field or element inside parent.
func within(path, parent string) bool {
	if !strings.HasPrefix(path, parent) || len(path) == len(parent) {
		return false
	}
	c := path[len(parent)]
	return c == '.' || c == '['
}

// LoadFile reads and loads the incident file at path (see Load). Problems
// name the file by path.
func LoadFile(path string) (*Incident, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rca: %w", err)
	}
	return Load(path, data)
}

// Encode writes the incident in format f, in the schema Load reads: instants
// in RFC 3339 with the offset they have, fields that are zero left out.
func (inc *Incident) Encode(w io.Writer, f Format) error {
	if err := fileformat.Encode(w, inc, f); err != nil {
		return fmt.Errorf("rca: encoding incident %q: %w", inc.ID, err)
	}
	return nil
}

// WriteFile writes the incident to the file at path, as JSON when the name
// ends in ".json" and as YAML otherwise. Nothing is written when encoding
// fails.
func (inc *Incident) WriteFile(path string) error {
	f := YAML
	if strings.EqualFold(filepath.Ext(path), ".json") {
		f = JSON
	}
	var buf bytes.Buffer
	if err := inc.Encode(&buf, f); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("rca: %w", err)
	}
	return nil
}
