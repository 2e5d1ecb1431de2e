package sla

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// TestPolicyJSON checks that encoding/json reads and writes a policy in
// its file's schema: every fixture survives json.Marshal and
// json.Unmarshal, and json.Unmarshal refuses what Load refuses.
func TestPolicyJSON(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "policies", "*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no policy fixtures: %v", err)
	}
	same := cmp.Options{
		cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	}
	for _, path := range paths {
		p, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back Policy
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, b)
		}
		if diff := cmp.Diff(p, &back, same); diff != "" {
			t.Errorf("%s: round trip (-before +after):\n%s", path, diff)
		}
	}
	// The file's JSON reads as Load reads it.
	path := filepath.Join("..", "testdata", "policies", "gap-at-99.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Load(path, data)
	if err != nil {
		t.Fatal(err)
	}
	var got Policy
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, &got, same); diff != "" {
		t.Errorf("json.Unmarshal of %s (-Load +json):\n%s", path, diff)
	}

	p := Policy{ID: "kept"}
	err = json.Unmarshal([]byte(`{"id": "x", "objective": "99.9", "window": {"kind": "fortnight"}}`), &p)
	var verr *rca.ValidationError
	if !errors.As(err, &verr) || !strings.Contains(err.Error(), `window.kind`) || p.ID != "kept" {
		t.Errorf("bad window kind: err %v, id %q; want a *ValidationError at window.kind and the policy unchanged", err, p.ID)
	}
}

// TestTierJSON checks that a tier keeps both its bounds through
// encoding/json (it used to drop at_least, turning "≥ 99 and < 99.9" into
// "< 99.9") and that Go field names are refused rather than ignored.
func TestTierJSON(t *testing.T) {
	for _, tt := range []struct {
		name, json, want string
	}{
		{"at least and below", `{"at_least": "99", "below": "99.9", "credit": "10"}`, "≥ 99 and < 99.9"},
		{"above and at most", `{"above": 99.0, "at_most": 99.9, "credit": 25}`, "> 99 and ≤ 99.9"},
		{"unbounded", `{"credit": "100"}`, "any availability"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var tier Tier
			if err := json.Unmarshal([]byte(tt.json), &tier); err != nil {
				t.Fatal(err)
			}
			if tier.String() != tt.want {
				t.Errorf("tier %s, want %s", tier.String(), tt.want)
			}
			b, err := json.Marshal(tier)
			if err != nil {
				t.Fatal(err)
			}
			var back Tier
			if err := json.Unmarshal(b, &back); err != nil || back.String() != tt.want || !back.Credit.Equal(tier.Credit) {
				t.Errorf("round trip through %s: %s, %v", b, back.String(), err)
			}
		})
	}
	for _, bad := range []string{`{"AtLeast": "99", "Credit": "10"}`, `{"at_least": "99%", "credit": "10"}`, `{"credit": 1e400000}`} {
		var tier Tier
		if err := json.Unmarshal([]byte(bad), &tier); err == nil {
			t.Errorf("%s: read as %s, want an error", bad, tier.String())
		}
	}
}
