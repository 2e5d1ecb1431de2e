package fileformat

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/problem"
)

// level is an enum like rca.Level, for tests independent of rca.
type level uint8

var levelNames = []string{"operational", "degraded_performance", "partial_outage", "major_outage"}

func (l level) MarshalText() ([]byte, error) { return []byte(levelNames[l]), nil }

func (l *level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n == string(b) {
			*l = level(i)
			return nil
		}
	}
	return errors.New("unknown level " + `"` + string(b) + `"`)
}

// day is a struct implementing TextUnmarshaler, like rca.Date.
type day struct{ Y, M, D int }

func (d day) MarshalText() ([]byte, error) {
	if d == (day{}) {
		return nil, nil
	}
	return []byte(time.Date(d.Y, time.Month(d.M), d.D, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)), nil
}

func (d *day) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return errors.New(`not a date: want "2006-01-02"`)
	}
	*d = day{t.Year(), int(t.Month()), t.Day()}
	return nil
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// problemsOf returns the problems of err, failing the test when err is
// neither nil nor a *problem.Error.
func problemsOf(t testing.TB, err error) []problem.Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var perr *problem.Error
	if !errors.As(err, &perr) {
		t.Fatalf("error %v (%T) is not a *problem.Error", err, err)
	}
	return perr.Problems
}

// valueOpts compare decoded values: locations by name (time.LoadLocation
// returns a new *Location each time) and currency units by value (their
// field is unexported).
var valueOpts = cmp.Options{
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	cmp.Comparer(func(a, b currency.Unit) bool { return a == b }),
}
