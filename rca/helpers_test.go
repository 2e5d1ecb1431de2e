package rca

import (
	"testing"
	"time"
)

// at parses an RFC 3339 instant for tests.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// zone loads an IANA zone for tests.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// problemStrings returns the problems of a *ValidationError as strings,
// or the error text as the only element for any other error.
func problemStrings(err error) []string {
	if err == nil {
		return nil
	}
	verr, ok := err.(*ValidationError)
	if !ok {
		return []string{err.Error()}
	}
	out := make([]string, len(verr.Problems))
	for i, p := range verr.Problems {
		out[i] = p.String()
	}
	return out
}
