package fileformat

import "fmt"

// ParseError is the error ParseTime and ParseDuration return: the input
// that could not be read and why.
type ParseError struct {
	Kind   string // what was being read: "time" or "duration"
	Input  string // the text as given
	Reason string // why it was rejected; lowercase
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Input, e.Reason)
}
