package sla

import "errors"

// This file holds the entry points other packages build on, as stubs.
// TODO(issue 3): implement each in a file of its own and delete this file.

var errTODO = errors.New("sla: not implemented yet")

// Load decodes a policy from a YAML or JSON file's contents and validates it.
func Load(name string, data []byte) (*Policy, error) { return nil, errTODO }

// LoadFile reads and loads the policy file at path.
func LoadFile(path string) (*Policy, error) { return nil, errTODO }
