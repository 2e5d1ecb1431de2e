// Package fileformat decodes the module's YAML and JSON files into Go values
// strictly and with located errors, and encodes Go values back.
//
// TODO(issue 2): implement. The contract:
//
//   - Decode(name, data, v, opts) parses YAML or JSON (JSON through a token
//     reader that keeps line and column) into a yaml.v3 node tree, then
//     fills v (a pointer to struct) by walking that tree with the `yaml`
//     struct tags. Unknown fields are problems. Every problem is collected
//     (not only the first) with file, line, column and field path
//     ("timeline[3].at"), and returned as a *problem.Error.
//   - Scalars: string, bool, ints (overflow is a problem), decimal.Decimal
//     (from the scalar's text, never through float64), time.Time (RFC 3339
//     with offset, or a local wall-clock time in the document's zone;
//     ambiguous or non-existent local times are problems), time.Duration
//     (Go syntax plus days: "14h28m", "30d"), *time.Location (IANA name),
//     currency.Unit (ISO 4217 code), and anything implementing
//     encoding.TextUnmarshaler. Slices, maps with scalar keys, structs and
//     pointers nest.
//   - The returned *Doc implements problem.Locator so that validation run
//     after decoding can give problems the line of their field.
//   - Encode(w, v, format) writes v in the same schema (zero fields omitted).
package fileformat

import (
	"errors"
	"io"
	"time"
)

var errTODO = errors.New("fileformat: not implemented yet")

// Options configure Decode.
type Options struct {
	// Zone is the zone of local wall-clock times; nil means UTC.
	Zone *time.Location
	// ZoneField names a top-level field holding an IANA zone name; when the
	// document has it, it replaces Zone for the whole document.
	ZoneField string
}

// Doc is a decoded document; it locates field paths for later problems.
type Doc struct{}

// Locate returns the line and column where the field at path is written,
// or zeros.
func (d *Doc) Locate(path string) (line, column int) { return 0, 0 }

// Decode decodes the YAML or JSON document in data into v, a pointer to a
// struct. name is the file name used in problems.
func Decode(name string, data []byte, v any, opts Options) (*Doc, error) { return nil, errTODO }

// Format is a file format.
type Format uint8

// The formats.
const (
	YAML Format = iota
	JSON
)

// Encode writes v in format f, in the schema Decode reads.
func Encode(w io.Writer, v any, f Format) error { return errTODO }

// ParseDuration parses a duration in Go syntax with days added: "14h28m",
// "90s", "30d", "1d12h".
func ParseDuration(s string) (time.Duration, error) { return 0, errTODO }

// FormatDuration formats d the way ParseDuration reads it, without zero
// units: 14h28m, 30s, 36h.
func FormatDuration(d time.Duration) string { return d.String() }
