package sla

import (
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// This file holds the entry points other packages build on, as stubs.
// TODO(issue 3): implement each in a file of its own and delete this file.

var errTODO = errors.New("sla: not implemented yet")

// Measure returns one Result per window of the policy overlapping the range
// of opts, in order. It is NewMeter(...).Results().
func Measure(p *Policy, incidents []*rca.Incident, opts Options) ([]Result, error) {
	return nil, errTODO
}

// Meter holds the counted downtime of a policy over a set of incidents, per
// window, so that results for many active ranges (subscriptions that
// started or ended mid-window) are cheap. A Meter is immutable and safe for
// concurrent use.
type Meter struct{}

// NewMeter measures the incidents under the policy over the range of opts.
// opts.ActiveFrom and ActiveUntil are ignored: use Active.
func NewMeter(p *Policy, incidents []*rca.Incident, opts Options) (*Meter, error) {
	return nil, errTODO
}

// Results returns the result of every window, for a resource active
// throughout.
func (m *Meter) Results() []Result { return nil }

// Active returns the result of window i (an index into Results) for a
// resource active during [from, until) only (zero: unbounded): downtime
// outside is not counted, and under the ActiveTime denominator neither is
// the time. It does not re-measure: O(log n) in the number of spans.
func (m *Meter) Active(i int, from, until time.Time) Result { return Result{} }

// Compare compares the exact availability of r with percent: -1 if it is
// lower, 0 if equal, +1 if higher.
func (r *Result) Compare(percent decimal.Decimal) int { return 0 }

// Find returns the index of the first tier whose band holds the exact
// availability of r, or -1 when none does.
func (ts Tiers) Find(r *Result) int { return -1 }

// Validate checks the policy and returns a *rca.ValidationError listing
// every problem with its field path, or nil.
func (p *Policy) Validate() error { return errTODO }

// Load decodes a policy from a YAML or JSON file's contents and validates it.
func Load(name string, data []byte) (*Policy, error) { return nil, errTODO }

// LoadFile reads and loads the policy file at path.
func LoadFile(path string) (*Policy, error) { return nil, errTODO }
