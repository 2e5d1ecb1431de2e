package synth

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Shape is an input the batch benchmarks measure: a catalogue (plans,
// policy, incidents) and the subscriptions credited against it. It is a
// plain value whose methods only read it: safe for concurrent use.
type Shape struct {
	// Name names the shape in benchmark names: catalogue-3w is the
	// catalogue's default shape over three windows, -ms and -us its
	// instants to the millisecond and microsecond, friendly-12w the rows
	// of Generator over twelve windows.
	Name      string
	Catalogue Catalogue
	// Friendly takes the rows from Generator (the README's proportions:
	// most subscribers active throughout at list price) over the
	// catalogue's plans and windows, instead of from Catalogue.Rows.
	Friendly bool
}

// Shapes returns the shapes the batch benchmarks report, besides the
// demo's: each is one a figure cache serves little of.
func Shapes() []Shape {
	return []Shape{
		{Name: "catalogue-3w", Catalogue: Catalogue{Seed: 1}},
		{Name: "catalogue-3w-ms", Catalogue: Catalogue{Seed: 1, Precision: Milliseconds}},
		{Name: "catalogue-3w-us", Catalogue: Catalogue{Seed: 1, Precision: Microseconds}},
		{Name: "friendly-12w", Catalogue: Catalogue{Seed: 1, Windows: 12}, Friendly: true},
	}
}

// options returns the Generator options of a friendly shape.
func (s *Shape) options() Options {
	return Options{Seed: s.Catalogue.Seed, Plans: s.Catalogue.PlanIDs(), Start: s.Catalogue.From(), End: s.Catalogue.To()}
}

// CSV returns the subscriptions file of n rows of s.
func (s *Shape) CSV(n int) []byte {
	if s.Friendly {
		return CSV(n, s.options())
	}
	return s.Catalogue.CSV(n)
}

// WriteCSV writes the subscriptions file of n rows of s to w.
func (s *Shape) WriteCSV(w io.Writer, n int) error {
	if s.Friendly {
		return WriteCSV(w, n, s.options())
	}
	return s.Catalogue.Rows().WriteCSV(w, n)
}

// Files are the paths of a catalogue's files written by WriteFiles. It is
// safe for concurrent use as long as no goroutine modifies it.
type Files struct {
	Plans, Policy string
	Incidents     []string
}

// WriteFiles writes the plans, policy and incident files of c into dir
// (plans.yaml, policy.yaml, incident-001.yaml, …) and returns their paths.
func (c *Catalogue) WriteFiles(dir string) (Files, error) {
	f := Files{Plans: filepath.Join(dir, "plans.yaml"), Policy: filepath.Join(dir, "policy.yaml")}
	if err := os.WriteFile(f.Plans, c.PlansFile(), 0o644); err != nil {
		return f, err
	}
	if err := os.WriteFile(f.Policy, c.PolicyFile(), 0o644); err != nil {
		return f, err
	}
	for i, data := range c.IncidentFiles() {
		name := filepath.Join(dir, fmt.Sprintf("incident-%03d.yaml", i+1))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return f, err
		}
		f.Incidents = append(f.Incidents, name)
	}
	return f, nil
}
