package fileformat

// Format is a file format.
//
// Format is a plain value: safe for concurrent use.
type Format uint8

// The formats.
const (
	YAML Format = iota
	JSON
)

// String returns "yaml" or "json".
func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "yaml"
}
