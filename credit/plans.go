package credit

import (
	"errors"
	"fmt"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/limited"
	"github.com/outagekit/postmortem/internal/problem"
)

// plansFile is the schema of a plans file.
type plansFile struct {
	Plans []Plan `yaml:"plans"`
}

// LoadPlans decodes a plans file, YAML or JSON, from its contents and
// validates it. name is used in problems. The file holds one key, plans,
// a list of Plan in the field names of its yaml tags:
//
//	plans:
//	  - id: email-starter
//	    name: Email Starter
//	    price: "15.00"
//	    currency: USD
//	    period: monthly
//	    rule: {kind: prorated}
//
// Errors are *problem.Error with the file, line and field path of
// every problem: unknown fields, an unknown currency, a price such as
// "1,5", "-3" or "1e30", a missing rule kind, fields that do not apply to
// the rule's kind, duplicate plan IDs.
func LoadPlans(name string, data []byte) ([]Plan, error) {
	var f plansFile
	err := fileformat.Load(name, data, &f, fileformat.Options{}, func(l *problem.List, doc *fileformat.Doc) {
		if len(f.Plans) == 0 {
			l.Add("plans", "no plans")
		}
		validatePlans(l, f.Plans, doc)
	})
	var perr *problem.Error
	if err != nil && !errors.As(err, &perr) {
		return nil, fmt.Errorf("credit: %w", err)
	}
	if err != nil {
		return nil, err
	}
	return f.Plans, nil
}

// LoadPlansFile reads and loads the plans file at path, read through the
// size limit of documents: a larger one (or /dev/zero) is a problem, read no
// further.
func LoadPlansFile(path string) ([]Plan, error) {
	data, err := limited.ReadFile(path, fileformat.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("reading plans: %w", err)
	}
	return LoadPlans(path, data)
}
