package rca

import (
	"errors"
	"time"
)

// This file holds the entry points other packages build on, as stubs.
// TODO(issue 2): implement each in a file of its own and delete this file.

var errTODO = errors.New("rca: not implemented yet")

// Location returns the incident's zone, or UTC when it has none.
func (inc *Incident) Location() *time.Location {
	if inc.Zone == nil {
		return time.UTC
	}
	return inc.Zone
}

// EffectiveImpacts returns the incident's impacts: Impacts when it is not
// empty, else the impacts derived from the component changes of the
// timeline (a component is impacted at a level from the event that moves it
// there until the event that moves it elsewhere; operational ends it).
func (inc *Incident) EffectiveImpacts() []Impact { return inc.Impacts }

// Validate checks the incident and returns a *ValidationError listing every
// problem with its field path, or nil.
func (inc *Incident) Validate() error { return errTODO }

// Metrics measures the incident as of opts.AsOf.
func (inc *Incident) Metrics(opts MetricsOpts) Metrics { return Metrics{} }

// Load decodes an incident from a YAML or JSON file's contents and validates
// it. name is used in problems. Errors are *ValidationError with the file,
// line and field of every problem.
func Load(name string, data []byte) (*Incident, error) { return nil, errTODO }

// LoadFile reads and loads the incident file at path.
func LoadFile(path string) (*Incident, error) { return nil, errTODO }
