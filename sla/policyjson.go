package sla

import (
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// UnmarshalJSON reads p from a JSON object in the schema of a policy file,
// strictly and validated, as Load reads a JSON file: encoding/json gets the
// policy the file gives (tiers with both their bounds, local times in
// window.zone), or a *rca.ValidationError listing every problem with its
// line and field path. p is unchanged on error; JSON null leaves it
// unchanged too.
func (p *Policy) UnmarshalJSON(data []byte) error {
	return fileformat.UnmarshalJSON(data, p, loadOptions(), func(p *Policy, l *problem.List, _ *fileformat.Doc) { p.check(l) })
}

// MarshalJSON writes p as a JSON policy file, the schema UnmarshalJSON and
// Load read.
func (p Policy) MarshalJSON() ([]byte, error) { return fileformat.MarshalJSON(&p) }

// UnmarshalJSON reads t from a JSON object in the schema of a tier in a
// policy or plans file ({"at_least": "99", "below": "99.9", "credit":
// "10"}), strictly: an unknown field or a number that is not a decimal is
// an error, and no bound is dropped. Whether the tier's bounds make sense
// depends on its schedule: Tiers.Check (and Load, NewCalculator) checks
// them. t is unchanged on error.
func (t *Tier) UnmarshalJSON(data []byte) error {
	return fileformat.UnmarshalJSON(data, t, fileformat.Options{}, nil)
}

// MarshalJSON writes t in the schema UnmarshalJSON reads.
func (t Tier) MarshalJSON() ([]byte, error) { return fileformat.MarshalJSON(&t) }
