package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/outagekit/postmortem/catalog"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/internal/limited"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source/openslo"
)

// stdinName is the file name problems give for standard input.
const stdinName = "<stdin>"

// displayName is the name problems give for the file argument name.
func displayName(name string) string {
	if name == "-" {
		return stdinName
	}
	return name
}

// readInput returns the contents of the file name, of stdin for "-", or of
// the catalog's entry for "catalog:NAME", read through the size limit of
// the module's documents (fileformat.DefaultMaxBytes): a larger input, or
// one without end (/dev/zero, a FIFO), is a problem naming the line the
// limit falls in.
func (e *env) readInput(name string) ([]byte, error) {
	if entry, ok := strings.CutPrefix(name, catalog.Prefix); ok {
		data, _, err := catalog.File(entry)
		return data, err
	}
	var data []byte
	var err error
	if name != "-" {
		data, err = limited.ReadFile(name, fileformat.DefaultMaxBytes)
	} else {
		if e.stdinUsed {
			return nil, usagef("standard input (\"-\") given twice")
		}
		e.stdinUsed = true
		data, err = limited.ReadAll(e.stdin, fileformat.DefaultMaxBytes)
	}
	if err != nil {
		return nil, err
	}
	if p, ok := fileformat.TooLarge(displayName(name), data, fileformat.DefaultMaxBytes); ok {
		return nil, &rca.ValidationError{Problems: []rca.Problem{p}}
	}
	return data, nil
}

// openInput opens the file name for streaming, the catalog's entry for
// "catalog:NAME", or stdin for "-", through
// limited.Lines: a line longer than limited.MaxLine, or lines that end in a
// bare carriage return, end the reading with an error. size is the file's
// size, or -1 when unknown (stdin, a pipe).
func (e *env) openInput(name string) (r io.ReadCloser, size int64, err error) {
	if entry, ok := strings.CutPrefix(name, catalog.Prefix); ok {
		data, _, err := catalog.File(entry)
		if err != nil {
			return nil, 0, err
		}
		return io.NopCloser(bytes.NewReader(data)), int64(len(data)), nil
	}
	if name == "-" {
		if e.stdinUsed {
			return nil, 0, usagef("standard input (\"-\") given twice")
		}
		e.stdinUsed = true
		return io.NopCloser(limited.Lines(e.stdin, 0)), -1, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	size = -1
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return struct {
		io.Reader
		io.Closer
	}{limited.Lines(f, 0), f}, size, nil
}

// loadIncidents loads every incident file, collecting the problems of all
// of them into one *rca.ValidationError. An incident whose id another file
// of the run already gave is a problem (see checkID).
func (e *env) loadIncidents(names []string) ([]*rca.Incident, error) {
	var incidents []*rca.Incident
	var all problem.List
	for _, name := range names {
		data, err := e.readInput(name)
		if err != nil {
			return nil, err
		}
		inc, err := rca.Load(displayName(name), data)
		if err == nil {
			err = e.checkID(idKey{"incident", inc.ID}, displayName(name), data)
		}
		if verr, ok := asValidation(err); ok {
			all.AddAll(verr)
			continue
		}
		if err != nil {
			return nil, err
		}
		incidents = append(incidents, inc)
	}
	if err := all.Err(); err != nil {
		return nil, err
	}
	return incidents, nil
}

// requestsRefused returns err, when it is the library's refusal to measure
// a request-based policy (an OpenSLO SLO is one) without request counts
// (an *sla.NoRequestsError), said for command, which measures incidents and
// reads no request counts; any other error as it is.
func requestsRefused(err error, command string) error {
	var nr *sla.NoRequestsError
	if !errors.As(err, &nr) {
		return err
	}
	return fmt.Errorf("policy %q is request based: its availability comes from request counts, which %s does not read, not from incidents; measure it with \"postmortem sla -policy FILE -requests FILE\"", nr.Policy, command)
}

// loadPolicy loads the policy file name: a policy file, or an OpenSLO SLO
// document (source/openslo; e.sloOpts choose what to read, and e.slo keeps
// it). A policy whose id a policy file of the run already gave is a
// problem (see checkID).
func (e *env) loadPolicy(name string) (*sla.Policy, error) {
	data, err := e.readInput(name)
	if err != nil {
		return nil, err
	}
	var p *sla.Policy
	if openslo.Is(data) {
		e.slo, err = openslo.Load(displayName(name), data, e.sloOpts)
		if err == nil {
			p = e.slo.Policy
		}
	} else {
		p, err = sla.Load(displayName(name), data)
	}
	if err != nil {
		return nil, err
	}
	if err := e.checkID(idKey{"policy", p.ID}, displayName(name), data); err != nil {
		return nil, err
	}
	return p, nil
}

// idKey is the kind of a file ("incident", "policy") and the id it gives.
type idKey struct{ kind, id string }

// checkID records that file (whose contents are data) gives the id k, and
// returns a problem at the file's id field when another file of the run
// gave it already: the same incident given twice (as YAML and as JSON)
// would be counted under one id, two different ones would be mixed up in
// attributions and idempotency keys. An empty id is not checked.
func (e *env) checkID(k idKey, file string, data []byte) error {
	if k.id == "" {
		return nil
	}
	first, dup := e.loaded[k]
	if !dup {
		if e.loaded == nil {
			e.loaded = map[idKey]string{}
		}
		e.loaded[k] = file
		return nil
	}
	// Locate the id field: the file loaded, so it parses, unless it is an
	// OpenSLO file of several documents, whose id starts it.
	var none struct{}
	line, col := 1, 1
	if doc, _ := fileformat.Decode(file, data, &none, fileformat.Options{}); doc != nil {
		if l, c := doc.Locate("id"); l > 0 {
			line, col = l, c
		}
	}
	return &rca.ValidationError{Problems: []rca.Problem{{File: file, Line: line, Column: col, Path: "id",
		Msg: fmt.Sprintf("%q is also the id of the %s in %s: give each %s once", k.id, k.kind, first, k.kind)}}}
}

// parseTimeFlag parses the value of a time flag (-as-of, -from, -to) in
// loc: RFC 3339, a local "2006-01-02 15:04" or a date. Empty is the zero
// time.
func parseTimeFlag(flagName, value string, loc *time.Location) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	t, err := fileformat.ParseTime(value, loc)
	if err != nil {
		return time.Time{}, usagef("-%s %q: %v", flagName, value, err)
	}
	// Refused here, before windows are built from it (from 1600, 3.6
	// million of them, to fail as a problem of the policy's window).
	if !interval.Measurable(t) {
		return time.Time{}, usagef("-%s %q: outside the years %s that can be measured", flagName, value, interval.MeasurableYears)
	}
	return t, nil
}

// parseZoneFlag returns the zone a zone flag names; empty is nil.
func parseZoneFlag(flagName, value string) (*time.Location, error) {
	if value == "" {
		return nil, nil
	}
	if value == "Local" {
		return nil, usagef("-%s %q: name an IANA zone such as \"America/New_York\"", flagName, value)
	}
	loc, err := time.LoadLocation(value)
	if err != nil {
		return nil, usagef("-%s %q: unknown time zone", flagName, value)
	}
	return loc, nil
}

// stdinOnce returns a usage error when more than one of names is "-":
// standard input can be read only once.
func stdinOnce(names ...string) error {
	n := 0
	for _, name := range names {
		if name == "-" {
			n++
		}
	}
	if n > 1 {
		return usagef("standard input (\"-\") given twice")
	}
	return nil
}

// requireFlag returns a usage error when value is empty.
func requireFlag(name, value string) error {
	if value == "" {
		return usagef("-%s is required", name)
	}
	return nil
}

// oneOf returns a usage error when value is not one of allowed.
func oneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usagef("-%s %q: want one of %q", flagName, value, allowed)
}

// asValidation returns err as a *rca.ValidationError when it is one.
func asValidation(err error) (*rca.ValidationError, bool) {
	var verr *rca.ValidationError
	ok := errors.As(err, &verr)
	return verr, ok
}
