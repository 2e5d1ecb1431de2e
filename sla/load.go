package sla

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// Load decodes a policy from the contents of a YAML or JSON file and
// validates it. name is the file name used in problems; it also chooses the
// format (JSON for ".json", YAML otherwise, as fileformat.Decode does).
// Instants without an offset (exclusions) are read in UTC: write them in
// RFC 3339 with an offset to use another zone.
//
// Problems are returned together as a *rca.ValidationError, decoding and
// validation problems alike, each with the file, line, column and field
// path. A field that failed to decode is not reported again by validation.
// On error the returned policy is nil.
func Load(name string, data []byte) (*Policy, error) {
	p := new(Policy)
	doc, err := fileformat.Decode(name, data, p, fileformat.Options{})
	if doc == nil && err != nil {
		return nil, fmt.Errorf("sla: %w", err)
	}
	l := problem.List{File: name, Locator: doc}
	var failed []string
	if err != nil {
		var perr *problem.Error
		if !errors.As(err, &perr) {
			return nil, fmt.Errorf("sla: %w", err)
		}
		for _, pr := range perr.Problems {
			l.AddProblem(pr)
			failed = append(failed, pr.Path)
		}
	}
	var v problem.List
	p.check(&v)
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
	return p, nil
}

// LoadFile reads and loads the policy file at path (see Load). Problems
// name the file by path.
func LoadFile(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sla: %w", err)
	}
	return Load(path, data)
}

// related reports whether path is one of paths, inside one of them, or
// encloses one of them (the root encloses nothing here).
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
