package rca

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/outagekit/postmortem/internal/atomicfile"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/limited"
	"github.com/outagekit/postmortem/internal/problem"
)

// Format is an incident file format.
//
// Format is a plain value: safe for concurrent use.
type Format uint8

// The incident file formats.
const (
	YAML Format = Format(fileformat.YAML)
	JSON Format = Format(fileformat.JSON)
)

// String returns "yaml" or "json".
func (f Format) String() string { return fileformat.Format(f).String() }

// Load decodes an incident from the contents of a YAML or JSON file and
// validates it. name is the file name used in problems; it also chooses the
// format: JSON when it ends in ".json" (or ends in neither ".yaml" nor
// ".yml" and data starts with "{"), else YAML. Local wall-clock times and
// dates in the file ("2014-04-18 10:32") are in the zone the file's
// top-level zone field names; a file that has local times but no zone is a
// problem at each of them ("has no offset and the file names no zone"),
// rather than times silently read in UTC. Instants written with "Z" or an
// offset need no zone.
//
// Problems are returned together as a *ValidationError, decoding problems
// and validation problems alike, each with the file, line, column and field
// path, sorted by line. A field that failed to decode is not reported again
// by validation (nor is its enclosing element), and a document that could
// not be read at all (not a mapping, not YAML or JSON) is not validated.
// On error the returned incident is nil.
func Load(name string, data []byte) (*Incident, error) {
	inc := new(Incident)
	err := fileformat.Load(name, data, inc, loadOptions(), inc.validateDoc)
	var perr *problem.Error
	if err != nil && !errors.As(err, &perr) {
		return nil, fmt.Errorf("rca: %w", err)
	}
	if err != nil {
		return nil, err
	}
	return inc, nil
}

// validateDoc adds the problems of inc, decoded from doc, to l: a zero
// field that doc does not write is "missing".
func (inc *Incident) validateDoc(l *problem.List, doc *fileformat.Doc) {
	inc.check(&checker{l: l, absent: func(path string) bool {
		line, _ := doc.Locate(path)
		return line == 0
	}})
}

// loadOptions returns the decoding options of incident files: local times
// in the zone the top-level zone field names, which they require.
func loadOptions() fileformat.Options {
	return fileformat.Options{ZoneField: "zone", RequireZone: true}
}

// LoadFile reads and loads the incident file at path (see Load). Problems
// name the file by path. The file is read through the size limit of
// documents: a larger one (or /dev/zero) is a problem, read no further.
func LoadFile(path string) (*Incident, error) {
	data, err := limited.ReadFile(path, fileformat.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("rca: %w", err)
	}
	return Load(path, data)
}

// Encode writes the incident in format f, in the schema Load reads: instants
// in RFC 3339 with the offset they have, fields that are zero left out.
func (inc *Incident) Encode(w io.Writer, f Format) error {
	if err := fileformat.Encode(w, inc, fileformat.Format(f)); err != nil {
		return fmt.Errorf("rca: encoding incident %q: %w", inc.ID, err)
	}
	return nil
}

// WriteFile writes the incident to the file at path, as JSON when the name
// ends in ".json" and as YAML otherwise; the path "-" writes YAML to
// standard output. The file is written atomically: nothing is left under
// path when encoding or writing fails.
func (inc *Incident) WriteFile(path string) error {
	return atomicfile.Write(path, os.Stdout, func(w io.Writer) error {
		return inc.Encode(w, Format(fileformat.FormatOf(path)))
	})
}
