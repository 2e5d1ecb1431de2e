// Package catalog ships the published SLAs of service providers as ready,
// tested policy files, embedded in the program: a customer computes what
// its vendors owe it after their outage, and a provider starts from a
// known-good contract.
//
// Every file is the project's reading of a public text, not legal advice:
// it names the URL it was read from (Policy.Source) and the version or
// date of the text (Policy.Version), and SOURCES.md, next to the files,
// quotes the words that decide each figure, the provider's own worked
// example where it publishes one, and where the text leaves a choice open
// and what the file chose. The provider's agreement in force for a
// contract governs.
//
// Entries are named by their file name without extension
// ("aws-ec2-region"); the command line reads one wherever it reads a
// policy file, spelled "catalog:aws-ec2-region", and an entry's plans
// (the credit side: the provider's credit rule, with an example price to
// replace) wherever it reads a plans file, "catalog:plans/aws-ec2-region";
// "postmortem catalog" lists them.
package catalog

import (
	"embed"
	"fmt"
	"strings"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/sla"
)

//go:embed policies/*.yaml plans/*.yaml
var files embed.FS

// plansDir is where an entry's plans file is, named as the entry: the
// credit side of the provider's terms (a credit rule, and an example price
// to replace).
const plansDir = "plans/"

// Prefix is how file arguments name a catalog entry: "catalog:slack".
const Prefix = "catalog:"

// Entry describes one policy of the catalog.
//
// Entry is a plain value: safe for concurrent use.
type Entry struct {
	// Name is the entry's name: its file name without ".yaml", and the
	// policy's id.
	Name string
	// Title, Version, Source and Description are the policy's name, the
	// version or date of the text it reads, the URL of the text and what
	// it covers.
	Title, Version, Source, Description string
	// Objective is the promised availability in percent.
	Objective string
	// Plans reports whether the entry has a plans file (Plans, File of
	// "plans/NAME"): the credit side of the terms.
	Plans bool
}

// Names returns the names of the entries, sorted.
func Names() []string {
	des, _ := files.ReadDir("policies") // embedded: it exists, sorted by name
	names := make([]string, 0, len(des))
	for _, de := range des {
		if name, ok := strings.CutSuffix(de.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	return names
}

// File returns the policy file of the entry name, or its plans file for
// "plans/NAME", and the file name its problems are reported under
// ("catalog:aws-s3.yaml", "catalog:plans/aws-s3.yaml").
func File(name string) (data []byte, file string, err error) {
	dir, base := "policies/", name
	if rest, ok := strings.CutPrefix(name, plansDir); ok {
		dir, base = plansDir, rest
	}
	data, err = files.ReadFile(dir + base + ".yaml")
	if err != nil || base == "" || strings.ContainsAny(base, "/\\") {
		return nil, "", &UnknownError{Name: name}
	}
	return data, Prefix + name + ".yaml", nil
}

// Plans loads and validates the plans file of the entry name: the credit
// rule of the provider's terms on plans measured by the entry's policy,
// with an example price to replace with one's own.
func Plans(name string) ([]credit.Plan, error) {
	data, file, err := File(plansDir + name)
	if err != nil {
		return nil, err
	}
	return credit.LoadPlans(file, data)
}

// Policy loads and validates the policy of the entry name. The returned
// policy is the caller's to modify.
func Policy(name string) (*sla.Policy, error) {
	data, file, err := File(name)
	if err != nil {
		return nil, err
	}
	return sla.Load(file, data)
}

// List returns every entry, sorted by name. It loads each policy, so an
// error means the catalog itself is broken (its tests load them all).
func List() ([]Entry, error) {
	var out []Entry
	for _, name := range Names() {
		p, err := Policy(name)
		if err != nil {
			return nil, err
		}
		_, _, perr := File(plansDir + name)
		out = append(out, Entry{
			Name: name, Title: p.Name, Version: p.Version, Source: p.Source,
			Description: p.Description, Objective: p.Objective.String(), Plans: perr == nil,
		})
	}
	return out, nil
}

// UnknownError is returned for a name that is not in the catalog.
//
// UnknownError is a plain value: safe for concurrent use.
type UnknownError struct {
	Name string
}

func (e *UnknownError) Error() string {
	if rest, ok := strings.CutPrefix(e.Name, plansDir); ok {
		var with []string
		for _, n := range Names() {
			if _, err := files.ReadFile(plansDir + n + ".yaml"); err == nil {
				with = append(with, n)
			}
		}
		return fmt.Sprintf("catalog: no plans file %q (the entries with plans: %s)", rest, strings.Join(with, ", "))
	}
	return fmt.Sprintf("catalog: no entry %q (the entries: %s)", e.Name, strings.Join(Names(), ", "))
}
