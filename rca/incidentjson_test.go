package rca

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIncidentJSON checks that encoding/json reads and writes an incident
// in its file's schema: a fixture survives json.Marshal and json.Unmarshal
// unchanged, and what the strict loader refuses json.Unmarshal refuses.
func TestIncidentJSON(t *testing.T) {
	for _, path := range []string{seedYAML, richYAML} {
		inc, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(inc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"timeline":`) {
			t.Errorf("%s: json.Marshal does not write the file's field names:\n%.300s", path, b)
		}
		var back Incident
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if diff := cmp.Diff(inc, &back, cmpZone); diff != "" {
			t.Errorf("%s: round trip (-before +after):\n%s", path, diff)
		}
	}
	for _, tt := range []struct {
		name, json, want string
	}{
		{"go field names", `{"ID": "x", "Title": "t"}`, `line 1: ID: unknown field (did you mean "id"?)`},
		{"invalid", `{"id": "x", "zone": "UTC", "timeline": [{"at": "2025-01-31 23:10", "kind": "started", "text": "a"}, {"at": "2025-01-31 23:00", "kind": "resolved", "text": "b"}]}`, "timeline[1].at: out of order: before timeline[0]"},
		{"not an object", `[1]`, "line 1: want a JSON object"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inc := Incident{ID: "kept"}
			err := json.Unmarshal([]byte(tt.json), &inc)
			var verr *ValidationError
			if !errors.As(err, &verr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a *ValidationError containing %q", err, tt.want)
			}
			if inc.ID != "kept" {
				t.Errorf("the incident changed on error: id %q", inc.ID)
			}
		})
	}
	inc := Incident{ID: "kept"}
	if err := json.Unmarshal([]byte("null"), &inc); err != nil || inc.ID != "kept" {
		t.Errorf("null: %v, id %q; want no error and the incident unchanged", err, inc.ID)
	}
}
