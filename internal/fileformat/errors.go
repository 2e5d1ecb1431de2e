package fileformat

import "fmt"

// ParseError is the error ParseTime and ParseDuration return: the input
// that could not be read and why.
//
// ParseError is a plain value: safe for concurrent use.
type ParseError struct {
	Kind   string // what was being read: "time" or "duration"
	Input  string // the text as given
	Reason string // why it was rejected; lowercase
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Input, e.Reason)
}

// wholeDocument are the starts of the messages of the problems Decode
// reports without a field path.
var wholeDocument = []string{
	"file is ", "invalid UTF-8", "control character", "invalid YAML", "invalid JSON",
	"nested more than", "empty document", "several YAML documents", "the top level must be",
	"empty field name", "want a field name",
}

// WholeDocument reports whether msg is the message of a kind of problem
// Decode may report without a field path: about a document it could not
// read at all (too large, not UTF-8 where no field can be named, a control
// character, not YAML or JSON, nested too deep, empty, several documents,
// not a mapping), or about a key that names no field (at the top level).
// Every other problem names its field; tests of the loaders hold them to
// that with this function.
func WholeDocument(msg string) bool {
	for _, prefix := range wholeDocument {
		if len(msg) >= len(prefix) && msg[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}
