package credit

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/outagekit/postmortem/internal/fileformat"
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
// Errors are *rca.ValidationError with the file, line and field path of
// every problem: unknown fields, an unknown currency, a price such as
// "1,5", "-3" or "1e30", a missing rule kind, fields that do not apply to
// the rule's kind, duplicate plan IDs.
func LoadPlans(name string, data []byte) ([]Plan, error) {
	var f plansFile
	doc, err := fileformat.Decode(name, data, &f, fileformat.Options{})
	if doc == nil {
		return nil, fmt.Errorf("credit: %w", err)
	}
	l := problem.List{File: name, Locator: doc}
	// Decoding problems first; validation then reports the rest, except
	// at the fields that could not be decoded (they read as zero).
	var failed []string
	var perr *problem.Error
	if errors.As(err, &perr) {
		for _, pr := range perr.Problems {
			l.AddProblem(pr)
			failed = append(failed, pr.Path)
		}
	} else if err != nil {
		return nil, fmt.Errorf("credit: %w", err)
	}
	var v problem.List
	if len(f.Plans) == 0 && len(failed) == 0 {
		v.Add("plans", "no plans")
	}
	validatePlans(&v, f.Plans)
	if verr, ok := v.Err().(*problem.Error); ok {
		for _, pr := range verr.Problems {
			if !related(pr.Path, failed) {
				l.Add(pr.Path, pr.Msg)
			}
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return f.Plans, nil
}

// related reports whether path is one of paths, inside one of them, or
// encloses one of them.
func related(path string, paths []string) bool {
	inside := func(p, parent string) bool {
		return len(p) > len(parent) && strings.HasPrefix(p, parent) && (p[len(parent)] == '.' || p[len(parent)] == '[')
	}
	for _, q := range paths {
		if q != "" && (path == q || inside(path, q) || path != "" && inside(q, path)) {
			return true
		}
	}
	return false
}

// LoadPlansFile reads and loads the plans file at path.
func LoadPlansFile(path string) ([]Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading plans: %w", err)
	}
	return LoadPlans(path, data)
}
