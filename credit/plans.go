package credit

import (
	"errors"
	"fmt"
	"os"

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
	err := fileformat.Load(name, data, &f, fileformat.Options{}, func(l *problem.List) {
		if len(f.Plans) == 0 {
			l.Add("plans", "no plans")
		}
		validatePlans(l, f.Plans, writtenValues(name, data))
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

// plansText is the schema of a plans file with the values validation
// quotes read as text, as the file writes them: "1e30" and "-15.00" rather
// than the decimals 1000…000 and -15. Each field has the yaml tag of the
// field of Plan or Rule it mirrors (TestPlansTextMirrorsPlan).
type plansText struct {
	Plans []struct {
		Price string `yaml:"price"`
		Rule  struct {
			StepPercent string `yaml:"step_percent"`
			Step        string `yaml:"step"`
			Amount      string `yaml:"amount"`
			Multiplier  string `yaml:"multiplier"`
			CapPercent  string `yaml:"cap_percent"`
			Minimum     string `yaml:"minimum"`
		} `yaml:"rule"`
	} `yaml:"plans"`
}

// writtenValues returns the values of the plans file data (named name) that
// validation quotes, as written, by field path. It reads the file a second
// time, as plansText: its problems (every other field is unknown to
// plansText) were reported by the first reading and are ignored.
func writtenValues(name string, data []byte) written {
	var t plansText
	fileformat.Decode(name, data, &t, fileformat.Options{})
	w := written{}
	add := func(path, text string) {
		if text != "" {
			w[path] = text
		}
	}
	for i, p := range t.Plans {
		at := problem.Index("plans", i)
		add(problem.Join(at, "price"), p.Price)
		r := problem.Join(at, "rule")
		add(problem.Join(r, "step_percent"), p.Rule.StepPercent)
		add(problem.Join(r, "step"), p.Rule.Step)
		add(problem.Join(r, "amount"), p.Rule.Amount)
		add(problem.Join(r, "multiplier"), p.Rule.Multiplier)
		add(problem.Join(r, "cap_percent"), p.Rule.CapPercent)
		add(problem.Join(r, "minimum"), p.Rule.Minimum)
	}
	return w
}

// LoadPlansFile reads and loads the plans file at path.
func LoadPlansFile(path string) ([]Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading plans: %w", err)
	}
	return LoadPlans(path, data)
}
