package sla

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/enum"
	"github.com/outagekit/postmortem/rca"
)

// Policy is an SLA written as data: how downtime is counted and judged. The
// same structure is the file format (see Load); yaml tags are the field
// names. Every field's zero value is a documented default, so a policy only
// states where it differs.
//
// A Policy is safe for concurrent use once no goroutine modifies it.
type Policy struct {
	// ID names the policy; required (Validate refuses an empty one):
	// every credit line, idempotency key and ledger match names the
	// policy by it.
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Version identifies this revision of the policy; every credit line
	// repeats it. It is not part of the idempotency key (credit.Key), which
	// names what a line issues whatever the terms' revision.
	Version string `yaml:"version"`
	// Source names where the terms come from, such as the URL of the
	// published agreement the policy reads; informational.
	Source string `yaml:"source"`

	// Objective is the promised availability in percent, in (0, 100]:
	// "99.9". Written as a decimal string or number; never a float.
	Objective decimal.Decimal `yaml:"objective"`

	Window Window `yaml:"window"`

	// Indicator says what availability is computed from. Zero: TimeBased.
	Indicator Indicator `yaml:"indicator"`

	// Weights is how much a minute at each impact level counts as a minute
	// of downtime, in [0, 1]. Levels not listed take DefaultWeights.
	Weights map[rca.Level]decimal.Decimal `yaml:"weights"`

	// UserMinutes weights each impact by the share of users it affected
	// (300 of 1,000 users for 120 minutes counts 36 minutes).
	UserMinutes bool `yaml:"user_minutes"`

	// Components lists the components the policy covers; empty means all.
	Components []string `yaml:"components"`
	// DownWhen says whether the service is down when any covered component
	// is down, or only when all are. Zero: AnyDown.
	DownWhen DownWhen `yaml:"down_when"`

	// Granularity: Exact (zero) counts every nanosecond; WholeMinutes counts
	// only clock minutes that are down from start to end (each at the
	// weights of its seconds); FloorMinutes counts each span of downtime at
	// one weight for its length rounded down to whole minutes.
	Granularity Granularity `yaml:"granularity"`
	// MinDowntime is the minimum downtime period: only runs of at least
	// this long count (with WholeMinutes, runs of consecutive whole down
	// minutes). Zero counts every run; at most MaxPeriod.
	MinDowntime time.Duration `yaml:"minimum_downtime_period"`
	// Intervals, when its Length is set, cuts each window into fixed
	// intervals and counts an interval whole or not at all, by its rule:
	// "the percentage of 5-minute intervals in which the service was
	// unavailable", or a clock hour with more than six minutes of downtime.
	Intervals IntervalRule `yaml:"intervals"`

	// Denominator: WholeWindow (zero) measures availability over every
	// minute of the window; ActiveTime only over the minutes the resource
	// or subscription existed.
	Denominator Denominator `yaml:"denominator"`

	// Maintenance says when scheduled maintenance is excluded.
	Maintenance MaintenanceRule `yaml:"maintenance"`
	// Exclusions are spans that are never downtime: scheduled maintenance
	// (subject to the Maintenance rule) and other excluded time.
	Exclusions []Exclusion `yaml:"exclusions"`
	// ExcludeFromDenominator also removes excluded time from the time
	// availability is measured over; otherwise excluded time counts as up.
	ExcludeFromDenominator bool `yaml:"exclude_from_denominator"`

	// Requests configures request-based measurement; used when Indicator
	// is RequestBased.
	Requests RequestRule `yaml:"requests"`

	// Tiers is the credit schedule published with the SLA, if any: credit
	// percent by availability band. Credit rules may use it.
	Tiers Tiers `yaml:"tiers"`
	// AllowGaps declares that the schedule intentionally leaves some
	// availabilities below the objective in no tier (some published SLAs
	// do); without it such a gap is a problem.
	AllowGaps bool `yaml:"allow_gaps"`

	// ClaimDeadline is how long after a window closes a credit may be
	// claimed.
	ClaimDeadline Deadline `yaml:"claim_deadline"`
}

// DefaultWeights are the weights of levels a policy does not list: major and
// partial outages count in full; degraded performance, maintenance and
// operational do not.
func DefaultWeights() map[rca.Level]decimal.Decimal {
	m := make(map[rca.Level]decimal.Decimal, rca.NumLevels)
	for l := range rca.Level(rca.NumLevels) {
		m[l] = defaultWeight(l)
	}
	return m
}

// Window is how time is cut into measurement windows.
//
// Window is a plain value: safe for concurrent use.
type Window struct {
	Kind WindowKind `yaml:"kind"`
	// Days is the length of a Rolling window in calendar days, 1 to 36500
	// (100 years).
	Days int `yaml:"days"`
	// Zone is the zone calendar windows and days are defined in; nil means
	// UTC.
	Zone *time.Location `yaml:"zone"`
}

// WindowKind is the kind of a measurement window. The zero WindowKind is
// Month.
//
// WindowKind is a plain value: safe for concurrent use.
type WindowKind uint8

// The window kinds; names in files: "month", "quarter", "year", "rolling".
const (
	// Month: calendar months in the window's zone.
	Month WindowKind = iota
	// Quarter: calendar quarters starting January, April, July, October.
	Quarter
	// Year: calendar years.
	Year
	// Rolling: windows of Days calendar days that end at the end of the
	// measured range and tile it backwards.
	Rolling
)

var windowKindNames = enum.Names[WindowKind]{"month", "quarter", "year", "rolling"}

func (k WindowKind) String() string                { return windowKindNames.String(k) }
func (k WindowKind) MarshalText() ([]byte, error)  { return []byte(k.String()), nil }
func (k *WindowKind) UnmarshalText(b []byte) error { return windowKindNames.Unmarshal(k, b) }

// Indicator is what availability is computed from.
//
// Indicator is a plain value: safe for concurrent use.
type Indicator uint8

// The indicators; names in files: "time", "requests".
const (
	// TimeBased: availability = 100% × (1 − weighted downtime ÷ measured time).
	TimeBased Indicator = iota
	// RequestBased: availability = 100% − the mean error rate over all
	// intervals of the window; an interval without requests counts 0%.
	RequestBased
)

var indicatorNames = enum.Names[Indicator]{"time", "requests"}

func (i Indicator) String() string                { return indicatorNames.String(i) }
func (i Indicator) MarshalText() ([]byte, error)  { return []byte(i.String()), nil }
func (i *Indicator) UnmarshalText(b []byte) error { return indicatorNames.Unmarshal(i, b) }

// DownWhen says how covered components combine into service downtime.
//
// DownWhen is a plain value: safe for concurrent use.
type DownWhen uint8

// The combinations; names in files: "any", "all".
const (
	// AnyDown: the service is down when any covered component is; the
	// weight of an instant is the largest weight among the impacts then.
	AnyDown DownWhen = iota
	// AllDown: the service is down only when every covered component is;
	// each component weighs the largest weight of its active impacts, and
	// the instant weighs the smallest of those.
	AllDown
)

var downWhenNames = enum.Names[DownWhen]{"any", "all"}

func (d DownWhen) String() string                { return downWhenNames.String(d) }
func (d DownWhen) MarshalText() ([]byte, error)  { return []byte(d.String()), nil }
func (d *DownWhen) UnmarshalText(b []byte) error { return downWhenNames.Unmarshal(d, b) }

// Granularity is the unit downtime is counted in.
//
// Granularity is a plain value: safe for concurrent use.
type Granularity uint8

// The granularities; names in files: "exact", "whole_minutes",
// "floor_minutes".
const (
	// Exact counts every nanosecond of downtime.
	Exact Granularity = iota
	// WholeMinutes counts only the clock minutes a run of downtime covers
	// from start to end.
	WholeMinutes
	// FloorMinutes counts each span of downtime at one weight (a maximal
	// stretch of touching downtime whose weight does not change) for its
	// length rounded down to whole minutes, from its start: 5m30s at full
	// weight then 10m45s at 0.3 count 5m and 10m (Statuspage's historical
	// uptime counts a component's status periods in whole minutes).
	FloorMinutes
)

var granularityNames = enum.Names[Granularity]{"exact", "whole_minutes", "floor_minutes"}

func (g Granularity) String() string                { return granularityNames.String(g) }
func (g Granularity) MarshalText() ([]byte, error)  { return []byte(g.String()), nil }
func (g *Granularity) UnmarshalText(b []byte) error { return granularityNames.Unmarshal(g, b) }

// Denominator is the time availability is measured over.
//
// Denominator is a plain value: safe for concurrent use.
type Denominator uint8

// The denominators; names in files: "whole_window", "active_time".
const (
	WholeWindow Denominator = iota
	ActiveTime
)

var denominatorNames = enum.Names[Denominator]{"whole_window", "active_time"}

func (d Denominator) String() string                { return denominatorNames.String(d) }
func (d Denominator) MarshalText() ([]byte, error)  { return []byte(d.String()), nil }
func (d *Denominator) UnmarshalText(b []byte) error { return denominatorNames.Unmarshal(d, b) }

// MaintenanceRule says when scheduled maintenance is excluded from downtime.
//
// MaintenanceRule is a plain value: safe for concurrent use.
type MaintenanceRule struct {
	// MinNotice is how long before its start a maintenance must have been
	// announced to be excluded; zero excludes all scheduled maintenance.
	// At most MaxPeriod.
	// A maintenance announced too late is not excluded: impacts during it
	// count like any other.
	MinNotice time.Duration `yaml:"minimum_notice"`
	// Allowance is how much scheduled maintenance may be excluded in each
	// AllowancePer period; zero means no limit. Excluded maintenance
	// (announced with enough notice) uses the allowance in the order it
	// happens; beyond it, scheduled maintenance is downtime at full weight
	// ("in a year, scheduled downtime won't exceed 10 hours"), whatever the
	// incidents record during it.
	Allowance time.Duration `yaml:"allowance"`
	// AllowancePer is the calendar period, in the window's zone, the
	// allowance renews in. Zero: PerYear.
	AllowancePer AllowancePeriod `yaml:"allowance_per"`
}

// AllowancePeriod is the calendar period a maintenance allowance renews in.
// The zero AllowancePeriod is PerYear.
//
// AllowancePeriod is a plain value: safe for concurrent use.
type AllowancePeriod uint8

// The allowance periods; names in files: "year", "quarter", "month".
const (
	PerYear AllowancePeriod = iota
	PerQuarter
	PerMonth
)

var allowancePeriodNames = enum.Names[AllowancePeriod]{"year", "quarter", "month"}

func (a AllowancePeriod) String() string                { return allowancePeriodNames.String(a) }
func (a AllowancePeriod) MarshalText() ([]byte, error)  { return []byte(a.String()), nil }
func (a *AllowancePeriod) UnmarshalText(b []byte) error { return allowancePeriodNames.Unmarshal(a, b) }

// months returns the length of the period in calendar months.
func (a AllowancePeriod) months() int { return [...]int{12, 3, 1}[a%3] }

// IntervalRule counts downtime in fixed intervals. The zero IntervalRule
// counts none.
//
// Each window is cut into intervals of Length from its start (the last one
// may be shorter); a calendar window starts at midnight in the window's
// zone, so hour-long intervals are that zone's clock hours. The down time
// of an interval is the downtime counted in it by the steps before
// (granularity, minimum downtime period, exclusions), unweighted. An
// interval that qualifies under CountWhen counts whole, at the heaviest
// weight of its down time (attributed to the impact that set it); the
// others count nothing. The qualifying intervals are
// Result.DownIntervals, which a credit rule may count (per clock hour
// credits).
//
// IntervalRule is a plain value: safe for concurrent use.
type IntervalRule struct {
	// Length of the intervals, at least a minute; zero: no intervals.
	Length time.Duration `yaml:"length"`
	// CountWhen says which intervals count. Zero: AnyDown.
	CountWhen IntervalCount `yaml:"count_when"`
	// Threshold is the down time of MoreThan and AtLeast.
	Threshold time.Duration `yaml:"threshold"`
	// CountOnly lists and counts the qualifying intervals but leaves the
	// downtime as the steps before counted it: the EC2 instance-level SLA
	// judges the month in minutes and, apart from that, each clock hour.
	CountOnly bool `yaml:"count_only"`
}

// IntervalCount says when an interval counts as down.
// The zero IntervalCount is AnyDowntime.
//
// IntervalCount is a plain value: safe for concurrent use.
type IntervalCount uint8

// The interval rules; names in files: "any", "all", "more_than",
// "at_least".
const (
	// AnyDowntime: an interval with any down time counts.
	AnyDowntime IntervalCount = iota
	// AllDowntime: only an interval that is down from start to end counts.
	AllDowntime
	// MoreThan: an interval with more than Threshold of down time counts
	// ("unavailable for more than six minutes of a clock hour").
	MoreThan
	// AtLeast: an interval with at least Threshold of down time counts.
	AtLeast
)

var intervalCountNames = enum.Names[IntervalCount]{"any", "all", "more_than", "at_least"}

func (c IntervalCount) String() string                { return intervalCountNames.String(c) }
func (c IntervalCount) MarshalText() ([]byte, error)  { return []byte(c.String()), nil }
func (c *IntervalCount) UnmarshalText(b []byte) error { return intervalCountNames.Unmarshal(c, b) }

// qualifies reports whether an interval of length with down time counts.
func (r IntervalRule) qualifies(down, length int64) bool {
	switch r.CountWhen {
	case AllDowntime:
		return down >= length
	case MoreThan:
		return down > int64(r.Threshold)
	case AtLeast:
		return down >= int64(r.Threshold)
	}
	return down > 0
}

// Exclusion is a span that is never downtime.
//
// Exclusion is a plain value: safe for concurrent use.
type Exclusion struct {
	Start time.Time `yaml:"start"`
	End   time.Time `yaml:"end"`
	// Maintenance marks scheduled maintenance, which is subject to the
	// policy's MaintenanceRule; other exclusions always apply.
	Maintenance bool `yaml:"maintenance"`
	// Announced is when a maintenance was announced.
	Announced time.Time `yaml:"announced"`
	Reason    string    `yaml:"reason"`
}

// RequestRule configures request-based measurement.
//
// RequestRule is a plain value: safe for concurrent use.
type RequestRule struct {
	// Interval is the length of the intervals error rates are taken over,
	// from a second to MaxRequestInterval; zero means 5 minutes.
	Interval time.Duration `yaml:"interval"`
	// DowntimeAbove, when set, makes an interval whose error rate is above
	// this percentage a downtime interval and the others up: availability
	// is then 100% less the share of downtime intervals ("a Downtime
	// Minute occurs when the Error Rate in a given minute is greater than
	// 5%"), not 100% less the mean error rate. Zero averages the error
	// rates.
	DowntimeAbove decimal.Decimal `yaml:"downtime_above"`
}

// Deadline is how long after a window closes a credit may be claimed.
// At most one of its fields is set; the zero Deadline means no deadline.
// Days is at most MaxClaimDays, BillingCycles at most MaxClaimCycles (see
// Check).
//
// Deadline is a plain value: safe for concurrent use.
type Deadline struct {
	// Days after the window's end.
	Days int `yaml:"days"`
	// BillingCycles: the claim is due by the end of the N-th billing cycle
	// after the window's end.
	BillingCycles int `yaml:"billing_cycles"`
}
