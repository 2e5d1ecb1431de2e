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
// policy file, spelled "catalog:aws-ec2-region", and "postmortem catalog"
// lists them.
package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/outagekit/postmortem/sla"
)

//go:embed policies/*.yaml
var files embed.FS

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
}

// Names returns the names of the entries, sorted.
func Names() []string {
	ms, err := fs.Glob(files, "policies/*.yaml")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = strings.TrimSuffix(path.Base(m), ".yaml")
	}
	sort.Strings(names)
	return names
}

// File returns the policy file of the entry name, and the file name its
// problems are reported under ("catalog:aws-s3.yaml").
func File(name string) (data []byte, file string, err error) {
	data, err = files.ReadFile("policies/" + name + ".yaml")
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, "", &UnknownError{Name: name}
	}
	return data, Prefix + name + ".yaml", nil
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
		out = append(out, Entry{
			Name: name, Title: p.Name, Version: p.Version, Source: p.Source,
			Description: p.Description, Objective: p.Objective.String(),
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
	return fmt.Sprintf("catalog: no entry %q (the entries: %s)", e.Name, strings.Join(Names(), ", "))
}
