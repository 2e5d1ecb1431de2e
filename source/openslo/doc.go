// Package openslo reads OpenSLO v1 SLO documents as sla policies, so that an
// objective a team already keeps as OpenSLO is measured by the same
// arithmetic as the policy files.
//
// # The format
//
// The OpenSLO specification, version 1 (https://github.com/OpenSLO/OpenSLO):
// YAML documents with apiVersion openslo/v1, a kind (SLO, SLI, DataSource,
// …), metadata (name, displayName) and a spec. An SLO's spec has an
// indicator (inline, or indicatorRef naming an SLI document of the same
// file), one timeWindow (rolling: a duration shorthand such as 30d or 4w
// with isRolling: true; or calendar-aligned: 1M, 1Q or 1Y with a calendar
// of startTime and timeZone), a budgetingMethod (Occurrences, Timeslices or
// RatioTimeslices) and its objectives (target in [0, 1) or targetPercent,
// and for time slices timeSliceWindow). Load reads the file's SLO (or the
// one Opts.SLO names) and its objective (or the one Opts.Objective names).
//
// # What maps to what
//
//   - metadata.name, displayName and spec.description are the policy's id,
//     name and description; the target (× 100) or targetPercent is its
//     objective.
//   - RatioTimeslices, "the average of all time slices' success ratios", is
//     the sla package's request-based indicator: availability is 100% minus
//     the mean of the intervals' error rates, the intervals being the
//     timeSliceWindow (a duration shorthand, or a number of minutes).
//   - A rolling window of whole days (30d, 4w, 72h) is a rolling window of
//     that many days; 1M, 1Q and 1Y calendar windows are calendar months,
//     quarters and years in the calendar's timeZone (UTC without one),
//     whose startTime must be the start of such a period at midnight.
//   - The SLI must be a ratioMetric: good or bad with total, or a raw ratio
//     with its rawType. SLO.Ratio says which, for the queries that feed
//     the measurement (see source/prometheus).
//
// # What has no equivalent
//
// Each of these is a problem at the field that says it, never a guess:
// Occurrences (good events ÷ all events over the whole window, which the
// mean of intervals is not) and Timeslices (the share of slices meeting
// timeSliceTarget); a thresholdMetric; rolling windows that are not whole
// days, or are months; calendar windows other than one month, quarter or
// year, or starting elsewhere than at midnight on the first day of one;
// time slices of months, quarters or years. Alert policies are not part of
// a measurement and are ignored. Unknown fields in the parts read are
// problems, so that a typo does not vanish.
//
// Problems carry the file, line, column and field path
// ("spec.objectives[1].timeSliceWindow") and come back together as a
// *rca.ValidationError.
package openslo
