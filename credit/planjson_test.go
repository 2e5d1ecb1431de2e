package credit

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/rca"
)

// TestPlanJSON checks that encoding/json reads and writes plans in the
// plans file's schema: the demo plans survive json.Marshal and
// json.Unmarshal, a tiered rule keeps both bounds of its tiers, and what
// LoadPlans refuses json.Unmarshal refuses, with the plan unchanged.
func TestPlanJSON(t *testing.T) {
	plans, err := LoadPlansFile(filepath.Join("..", "testdata", "plans", "demo-plans.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	zones := cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })
	b, err := json.Marshal(plans)
	if err != nil {
		t.Fatal(err)
	}
	var back []Plan
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if diff := cmp.Diff(plans, back, decimalEqual, zones); diff != "" {
		t.Errorf("round trip (-before +after):\n%s", diff)
	}

	var p Plan
	err = json.Unmarshal([]byte(`{"id": "pro", "price": "49.00", "currency": "USD",
		"rule": {"kind": "tiered", "tiers": [{"at_least": "99", "below": "99.9", "credit": "10"}, {"below": "99", "credit": "25"}]}}`), &p)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Rule.Tiers[0].String(); got != "≥ 99 and < 99.9" {
		t.Errorf("first tier %s, want ≥ 99 and < 99.9", got)
	}

	for _, tt := range []struct{ name, json, want string }{
		{"go field names", `{"ID": "pro", "Price": "49"}`, `ID: unknown field (did you mean "id"?)`},
		{"decimal comma", `{"id": "pro", "price": "1,5", "currency": "USD", "rule": {"kind": "prorated"}}`, "price"},
		{"tier field of a prorated rule", `{"id": "pro", "price": "1", "currency": "USD", "rule": {"kind": "prorated", "tiers": [{"credit": "10"}]}}`, "rule.tiers: tiers does not apply to a prorated rule"},
		{"missing currency", "{\"id\": \"pro\",\n \"price\": \"1\", \"rule\": {\"kind\": \"prorated\"}}", "currency: missing currency"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := Plan{ID: "kept"}
			err := json.Unmarshal([]byte(tt.json), &p)
			var verr *rca.ValidationError
			if !errors.As(err, &verr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a *rca.ValidationError containing %q", err, tt.want)
			}
			if p.ID != "kept" {
				t.Errorf("the plan changed on error: id %q", p.ID)
			}
		})
	}

	var r Rule
	if err := json.Unmarshal([]byte(`{"kind": "stepped", "step_percent": "5", "step": "30m"}`), &r); err != nil || r.Step != 30*time.Minute {
		t.Errorf("stepped rule: %+v, %v", r, err)
	}
	if err := json.Unmarshal([]byte(`{"kind": "stepped", "step_percent": "5"}`), &r); err == nil || !strings.Contains(err.Error(), "step") {
		t.Errorf("a stepped rule without a step: %v, want a problem at step", err)
	}
}

// FuzzPlanJSON: encoding/json never panics on a plan, accepts only plans
// that validate, and what it accepts survives json.Marshal and
// json.Unmarshal unchanged.
func FuzzPlanJSON(f *testing.F) {
	f.Add([]byte(`{"id": "pro", "price": "49.00", "currency": "USD", "rule": {"kind": "tiered", "tiers": [{"at_least": "99", "below": "99.9", "credit": "10"}]}}`))
	f.Add([]byte(`{"id": "s", "price": "1", "currency": "JPY", "period": "annual", "zone": "Asia/Tokyo", "rule": {"kind": "stepped", "step_percent": "5", "step": "30m", "cap_percent": "50"}}`))
	f.Add([]byte(`{"id": "f", "price": "1", "currency": "KWD", "rule": {"kind": "fixed", "amount": "0.251", "minimum": "1e3"}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Plan
		if err := json.Unmarshal(data, &p); err != nil {
			return
		}
		if p.ID == "" && p.Currency == (currency.Unit{}) {
			return // null, or nothing set: left as it was
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted a plan that does not validate: %v", err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back Plan
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		zones := cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })
		if diff := cmp.Diff(p, back, decimalEqual, zones, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-before +after):\n%s", diff)
		}
	})
}
