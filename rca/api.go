package rca

import "time"

// This file holds the entry points implemented in the files named after them.
// TODO(issue 2): implement; the signatures are the contract other packages use.

// Location returns the incident's zone, or UTC when it has none.
func (inc *Incident) Location() *time.Location {
	if inc.Zone == nil {
		return time.UTC
	}
	return inc.Zone
}
