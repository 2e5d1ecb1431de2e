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
