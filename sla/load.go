package sla

import (
	"errors"
	"fmt"
	"os"

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
	err := fileformat.Load(name, data, p, fileformat.Options{}, p.check)
	var perr *problem.Error
	if err != nil && !errors.As(err, &perr) {
		return nil, fmt.Errorf("sla: %w", err)
	}
	if err != nil {
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
