package fileformat

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/problem"
)

// fragile is a TextUnmarshaler that panics, as a faulty one might.
type fragile struct{ n int }

func (f *fragile) UnmarshalText(b []byte) error {
	f.n = 1 / len(b[:0]) // divides by zero
	return nil
}

func TestDecodeRecoversFromFaultyUnmarshalText(t *testing.T) {
	var v struct {
		F fragile `yaml:"f"`
	}
	_, err := Decode("a.yaml", []byte("f: boom\n"), &v, Options{})
	want := []problem.Problem{{File: "a.yaml", Line: 1, Column: 4, Path: "f", Msg: `cannot read "boom" (the decoder failed: runtime error: integer divide by zero)`}}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestDecodeShortensLongValuesInMessages(t *testing.T) {
	var v testIncident
	long := strings.Repeat("é", 60)
	_, err := Decode("a.yaml", []byte("timeline: "+long+"\n"), &v, Options{})
	want := []problem.Problem{{File: "a.yaml", Line: 1, Column: 11, Path: "timeline", Msg: `want a list, got "` + strings.Repeat("é", 40) + `…"`}}
	if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
