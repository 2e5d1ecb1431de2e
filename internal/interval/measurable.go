package interval

import (
	"math"
	"time"
)

// MeasurableYears names the range Measurable accepts, for messages.
const MeasurableYears = "1678–2262"

// Measurable reports whether t can be measured as nanoseconds since 1970 in
// an int64: from 1677-09-21T00:12:43.145224192Z to
// 2262-04-11T23:47:16.854775807Z (the years 1678–2262, give or take).
// Durations between instants outside that range, and sums of them, would
// overflow time.Duration; the sla package measures in such nanoseconds,
// and the rca package refuses incidents with instants outside it.
func Measurable(t time.Time) bool {
	return !t.Before(time.Unix(0, math.MinInt64)) && !t.After(time.Unix(0, math.MaxInt64))
}
