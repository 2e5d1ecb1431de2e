// Package fileformat decodes the module's YAML and JSON files (incidents,
// SLA policies, credit plans) into Go values strictly and with located
// problems, and encodes Go values back in the same schema.
//
// # Schema
//
// The schema of a file is its Go type: the fields of a struct are those
// with a yaml tag (`yaml:"action_items"`), in declaration order. Untagged
// fields and fields tagged `yaml:"-"` are not part of the schema: they are
// never read or written, so renaming a Go field never changes a format. An
// embedded struct without a tag name (or tagged `yaml:",inline"`) has its
// fields promoted. The tag option keepzero (`yaml:"status,keepzero"`) asks
// Encode to write the field even when it is zero (see Encoding); Decode
// reads such a field as any other. The same schema serves YAML and JSON.
//
// Every field is optional; a field that is absent or null keeps its zero
// value. Unknown fields are problems (a typo in a postmortem must not
// vanish), with a suggestion for near misses: "impacts[1].levle: unknown
// field (did you mean "level"?)".
//
// # Values
//
// Scalars are read from their text, whatever their YAML type or quoting, so
// "99.9" and 99.9 are the same number and a string field takes 2014 as
// "2014":
//
//   - strings; booleans (true or false, in lower, title or upper case);
//     integers of every size, in decimal, out-of-range values being
//     problems;
//   - decimal.Decimal, exactly from the digits written (never through a
//     float64): "0.30", "1e30", "-5"; hexadecimal, NaN, Inf and "1,5" are
//     problems; so are numbers of more than 1000 digits;
//   - time.Time, by ParseTime in the document's zone (see below); the zero
//     instant (0001-01-01T00:00:00Z), which Go takes for "no time", is a
//     problem rather than a silently absent field;
//   - time.Duration, by ParseDuration: "14h28m", "90s", "30d";
//   - *time.Location, an IANA zone name ("Local" is refused);
//   - currency.Unit, an ISO 4217 code;
//   - any type implementing encoding.TextUnmarshaler (enums, dates): its
//     error message becomes the problem's message.
//
// Pointers (nil when absent), slices, maps whose keys are any of those
// scalars (except decimals and times), and structs nest. Other Go types
// (floats, interfaces, arrays, byte slices) are a programming error: Decode
// and Encode return a plain error naming the field, whatever the file says.
//
// # Times and durations
//
// Instants are RFC 3339 with "Z" or an offset, local wall-clock times
// ("2014-04-18 10:32", "2014-04-18T10:32:05.5") or dates (midnight); see
// ParseTime. A local time that does not exist or exists twice in the zone
// (at a daylight-saving change) is a problem that asks for an offset: a
// postmortem must not silently be an hour off.
//
// Local times are in Options.Zone, UTC by default. When Options.ZoneField
// names a field, top-level ("zone") or nested ("window.zone"), and the
// document has it, its value is the zone of the whole document, including
// the times written before it. With Options.RequireZone, a local time or
// date in a document that names no zone there is a problem at its own line
// ("2014-04-18 10:32" has no offset and the file names no zone: add zone:
// <IANA name> or write an offset), rather than a time silently read in UTC.
//
// Durations are Go's syntax plus "d" for 24-hour days ("14h28m", "30d");
// see ParseDuration. FormatDuration writes them back without days and
// without trailing zero units ("14h28m", "36h", "1h0m30s"), so that the
// text reads back exactly.
//
// # Formats
//
// A file is read as JSON when its name ends in ".json", or when its name
// ends in neither ".yaml" nor ".yml" and its first non-space character is
// "{"; otherwise as YAML. YAML is parsed with go.yaml.in/yaml/v3 into its
// node tree; JSON is converted to the same tree by a reader over
// encoding/json's tokens that keeps each value's line and column and each
// number's text. Duplicate keys are problems in both.
//
// Before parsing, a UTF-8 byte order mark is dropped; CRLF line ends are
// fine. Bytes that are not UTF-8 are problems on each line that holds
// them (the first ten lines), naming the field they are in; so are an empty
// document, several YAML documents, and a top level that is not a mapping.
// Aliases (*name) are followed; merge keys (<<) are not supported.
//
// # Problems
//
// Decode collects every problem, not only the first, as a *problem.Error.
// Each problem has the file name, the line and column (in characters, from
// 1), the field path with zero-based indexes ("timeline[3].at",
// "weights.partial_outage") and a lowercase message. A value that fails to
// decode leaves its field zero and decoding goes on. The returned Doc
// locates any path of the document, so validation that runs after decoding
// can give its problems a line through problem.List's Locator.
//
// ParseTime and ParseDuration return a *ParseError, which the credit CSV
// reader and others can inspect with errors.As.
//
// # Encoding
//
// Encode writes a value in the schema Decode reads, fields in declaration
// order, leaving out zero and empty fields, so that Decode(Encode(v))
// gives v back (times compare Equal, decimals numerically, empty lists and
// maps read back as nil). A field tagged keepzero is written even when it
// is zero: for a single value (an enum, a number) whose zero is a state a
// reader must see rather than a default, such as a component's change back
// to "operational". Tagging a list, map, struct or pointer keepzero is a
// programming error.
//
// # Limits
//
// Documents larger than Options.MaxBytes (16 MiB by default), nested more
// than 100 levels, or expanding through aliases to more than a million
// values are problems; they cost little time or memory to reject. A
// document over the size limit is not parsed: its problem names the line
// the limit falls in, not a field.
//
// This package imports time/tzdata so that zone names resolve on machines
// without a time zone database.
package fileformat

import _ "time/tzdata" // zone names must resolve on machines without a tz database
