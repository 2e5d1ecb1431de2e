package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/fixed"
)

// formatTime shows an instant with its date, zone abbreviation and offset,
// never time-only: "2014-04-18 10:32 EDT (-04:00)". Seconds are shown when
// not zero.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	layout := "2006-01-02 15:04 MST (-07:00)"
	if t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "2006-01-02 15:04:05.999999999 MST (-07:00)"
	}
	return t.Format(layout)
}

// displayDuration shows a duration to people: to the nearest second (half
// a second rounds up), as "1h12m1s" (fileformat.FormatDuration), so that
// times taken to the millisecond (Statuspage's) do not print as
// "1h12m0.75s"; a duration shorter than half a second but not zero is
// "<1s". Figures that must be exact are shown in seconds beside it, and
// -format json gives them all exactly.
func displayDuration(d time.Duration) string {
	if d > 0 && d < time.Second/2 {
		return "<1s"
	}
	return fileformat.FormatDuration(d.Round(time.Second))
}

// seconds is a duration as an exact JSON number of seconds: 52080, 1.5.
func seconds(d time.Duration) json.Number { return json.Number(fixed.Seconds(d).String()) }

// rfc3339 formats t for JSON, keeping its offset; empty for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// writeJSON writes v as indented JSON with a final newline.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
