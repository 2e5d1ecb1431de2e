package rca

import (
	"github.com/outagekit/postmortem/internal/fileformat"
)

// UnmarshalJSON reads inc from a JSON object in the schema of an incident
// file, strictly and validated, as Load reads a JSON file: encoding/json
// (json.Unmarshal, a JSON column scanned by a database driver) gets the
// incident the file gives, or a *ValidationError listing every problem
// with its line and field path. inc is unchanged on error; JSON null
// leaves it unchanged too.
func (inc *Incident) UnmarshalJSON(data []byte) error {
	return fileformat.UnmarshalJSON(data, inc, loadOptions(), (*Incident).validateDoc)
}

// MarshalJSON writes inc as a JSON incident file (see Encode), the schema
// UnmarshalJSON reads.
func (inc Incident) MarshalJSON() ([]byte, error) { return fileformat.MarshalJSON(&inc) }
