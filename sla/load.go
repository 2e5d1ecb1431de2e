package sla

import (
	"errors"
	"fmt"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/limited"
	"github.com/outagekit/postmortem/internal/problem"
)

// Load decodes a policy from the contents of a YAML or JSON file and
// validates it. name is the file name used in problems; it also chooses the
// format (JSON for ".json", YAML otherwise, as fileformat.Decode does).
// Instants without an offset (local wall-clock times and dates of
// exclusions: "2014-04-18 02:00") are read in the policy's window zone,
// window.zone, wherever the file writes it; a policy without window.zone is
// a UTC policy, so its local times are UTC. Instants written in RFC 3339
// with "Z" or an offset are read as written.
//
// Problems are returned together as a *problem.Error, decoding and
// validation problems alike, each with the file, line, column and field
// path. A field that failed to decode is not reported again by validation.
// On error the returned policy is nil.
func Load(name string, data []byte) (*Policy, error) {
	p := new(Policy)
	err := fileformat.Load(name, data, p, loadOptions(),
		func(l *problem.List, _ *fileformat.Doc) { p.check(l) })
	var perr *problem.Error
	if err != nil && !errors.As(err, &perr) {
		return nil, fmt.Errorf("sla: %w", err)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// loadOptions returns the decoding options of policy files: local times in
// the zone window.zone names.
func loadOptions() fileformat.Options { return fileformat.Options{ZoneField: "window.zone"} }

// LoadFile reads and loads the policy file at path (see Load). Problems
// name the file by path. The file is read through the size limit of
// documents: a larger one (or /dev/zero) is a problem, read no further.
func LoadFile(path string) (*Policy, error) {
	data, err := limited.ReadFile(path, fileformat.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("sla: %w", err)
	}
	return Load(path, data)
}
