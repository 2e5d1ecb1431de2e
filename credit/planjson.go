package credit

import (
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// UnmarshalJSON reads p from a JSON object in the schema of a plan in a
// plans file, strictly and validated, as LoadPlans reads it: encoding/json
// (json.Unmarshal, a JSON column scanned by a database driver) gets the
// plan the file gives, tiers with both their bounds, or a
// *rca.ValidationError listing every problem with its line and field path.
// p is unchanged on error; JSON null leaves it unchanged too.
func (p *Plan) UnmarshalJSON(data []byte) error {
	return fileformat.UnmarshalJSON(data, p, fileformat.Options{}, func(p *Plan, l *problem.List, doc *fileformat.Doc) {
		p.validate(l, "", doc)
	})
}

// MarshalJSON writes p in the schema of a plan in a plans file, which
// UnmarshalJSON and LoadPlans read.
func (p Plan) MarshalJSON() ([]byte, error) { return fileformat.MarshalJSON(&p) }

// UnmarshalJSON reads r from a JSON object in the schema of a plan's rule
// in a plans file, strictly and validated as LoadPlans validates it (the
// places of a fixed amount, which depend on the plan's currency, are
// checked with the plan). r is unchanged on error.
func (r *Rule) UnmarshalJSON(data []byte) error {
	return fileformat.UnmarshalJSON(data, r, fileformat.Options{}, func(r *Rule, l *problem.List, doc *fileformat.Doc) {
		r.validate(l, "", currency.Unit{}, doc)
	})
}

// MarshalJSON writes r in the schema UnmarshalJSON reads.
func (r Rule) MarshalJSON() ([]byte, error) { return fileformat.MarshalJSON(&r) }
